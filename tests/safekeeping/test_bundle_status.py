"""Bundles carry figures' status (with their derivation) and sections' and items' audience."""

from __future__ import annotations

import hashlib
import json
import zipfile

import pytest

from briefing.book.books import find_book, get_book
from briefing.book.items import update_item
from briefing.book.sections import set_section_audience
from briefing.errors import BriefingError
from briefing.library.figures import get_figure, list_figures
from briefing.library.opening import open_store
from briefing.safekeeping import bundle
from briefing.safekeeping.bundle import export_bundle, import_bundle

BOOK = "tokayev-baku-2024"


def _audiences(store, book_id):
    def walk(sections):
        return [(s["title"], s["audience"], [(i["kind"], i["audience"], i["effective_audience"]) for i in s["items"]],
                 walk(s["sections"])) for s in sections]

    return walk(get_book(store, book_id)["sections"])


def test_a_round_trip_keeps_statuses_derivations_and_audiences(sample_store, tmp_path):
    book_id = find_book(sample_store, BOOK)
    book = get_book(sample_store, book_id)
    set_section_audience(sample_store, book["sections"][0]["id"], "releasable")
    update_item(sample_store, book["sections"][1]["items"][0]["id"], audience="internal")
    export_bundle(sample_store, book_id, tmp_path / "b.briefing")
    with open_store(tmp_path / "fresh.sqlite") as fresh:
        report = import_bundle(fresh, tmp_path / "b.briefing")
        assert _audiences(fresh, report.book_id) == _audiences(sample_store, book_id)
        statuses = {f["slug"]: f for f in list_figures(fresh)}
        derived = statuses["trade-turnover-2021-derived"]
        assert derived["status"] == "derived" and derived["rule"].startswith("500 / 1.4")
        # what it comes from travelled with it, under the receiver's ids
        assert sorted(get_figure(fresh, i)["slug"] for i in derived["derived_from"]) == [
            "trade-turnover-2022", "trade-turnover-growth-2022"]
        dnq = statuses["documents-signed-between-countries-2023-04"]
        assert dnq["status"] == "do-not-quote" and "broad treaty base" in dnq["reason"]
        again = import_bundle(fresh, tmp_path / "b.briefing")
        assert again.already_imported


def test_the_same_figures_in_the_receiving_library_are_reused_derivation_and_all(sample_store, sample_path, tmp_path):
    export_bundle(sample_store, find_book(sample_store, BOOK), tmp_path / "b.briefing")
    with open_store(tmp_path / "other.sqlite") as other:
        from briefing.sample import load_sample

        load_sample(other)
        before = other.scalar("SELECT count(*) FROM figures")
        report = import_bundle(other, tmp_path / "b.briefing")
        assert report.added["figures"] == 0 and other.scalar("SELECT count(*) FROM figures") == before
        assert report.kept_apart == []


def _payload(sample_store, tmp_path) -> dict:
    export_bundle(sample_store, find_book(sample_store, BOOK), tmp_path / "b.briefing")
    with zipfile.ZipFile(tmp_path / "b.briefing") as zf:
        return json.loads(zf.read(bundle.PAYLOAD))


def _seal(path, payload):
    data = json.dumps(payload).encode()
    info = {"format": bundle.FORMAT, "version": bundle.VERSION, "created": "2024-01-01",
            "payload": {"name": bundle.PAYLOAD, "bytes": len(data), "sha256": hashlib.sha256(data).hexdigest()}}
    with zipfile.ZipFile(path, "w") as zf:
        zf.writestr(bundle.MANIFEST, json.dumps(info))
        zf.writestr(bundle.PAYLOAD, data)
    return path


def _derived(payload):
    return next(f for f in payload["figures"] if f["slug"] == "trade-turnover-2021-derived")


@pytest.mark.parametrize(
    ("change", "message"),
    [
        (lambda p: p["items"][0].update(audience="everyone"), "unknown audience 'everyone'"),
        (lambda p: p["sections"][0].update(audience=7), "malformed"),
        (lambda p: _derived(p).update(status="gossip"), "unknown status 'gossip'"),
        (lambda p: _derived(p).update(derived_from=json.dumps([987654])), "say from which figures"),
        (lambda p: _derived(p).update(derived_from='{"a": 1}'), "not a list of figures"),
        (lambda p: [f.update(derived_from=json.dumps([_derived(p)["id"]]), status="derived", rule="x")
                    for f in p["figures"] if f["slug"] == "trade-turnover-2022"], "in a loop"),
        (lambda p: next(f for f in p["figures"] if f["slug"] == "trade-turnover-target").update(
            status="do-not-quote", reason=None), "say why"),
    ],
)
def test_a_status_or_audience_out_of_shape_refuses_the_bundle_and_writes_nothing(sample_store, tmp_path, change,
                                                                                   message):
    payload = _payload(sample_store, tmp_path)
    change(payload)
    path = _seal(tmp_path / "bad.briefing", payload)
    with open_store(tmp_path / "fresh.sqlite") as fresh:
        with pytest.raises(BriefingError, match=message):
            import_bundle(fresh, path)
        assert fresh.scalar("SELECT count(*) FROM figures") == 0 and fresh.scalar("SELECT count(*) FROM books") == 0


def test_a_bundle_written_before_statuses_and_audiences_still_imports(sample_store, tmp_path):
    payload = _payload(sample_store, tmp_path)
    for key, fields in (("figures", ("status", "derived_from", "rule", "reason")), ("sections", ("audience",)),
                        ("items", ("audience",))):
        for row in payload[key]:
            for name in fields:
                row.pop(name, None)
    path = _seal(tmp_path / "old.briefing", payload)
    with open_store(tmp_path / "fresh.sqlite") as fresh:
        report = import_bundle(fresh, path)
        assert all(f["status"] is None for f in list_figures(fresh))
        items = [i for s in get_book(fresh, report.book_id)["sections"] for i in s["items"]]
        assert {i["effective_audience"] for i in items if i["kind"] == "note"} == {"internal"}
