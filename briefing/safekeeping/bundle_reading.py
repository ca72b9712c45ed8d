"""Reading a bundle file defensively, and checking what it holds.

Only a regular file is read: the path is opened without waiting (a FIFO cannot
hang it) and refused unless it is a regular file (a symlink to ``/dev/zero`` is
not), before a byte is read. The zip is read from the file, never copied into
memory whole. The file size, the member names, each member's declared size and
the bytes actually unpacked are all bounded before anything is parsed, so a zip
bomb or a path like ``../x`` is refused, not unpacked. The manifest is read
first and checked (format, version, the payload's size and checksum) without
trusting the payload; the payload is then checked for shape, size and
references: every record has the fields of its kind with the right JSON types,
no document holds more text than a file import takes (``MAX_FILE_BYTES`` of the
importer) and no other field more than ``MAX_FIELD_CHARS``, every number fits
SQLite and is finite, and every id it names is held by the bundle.

The checksum covers the payload, not the manifest: what ``read_bundle`` returns
as the book's title and counts is read from the verified payload, whatever the
manifest announced. Any refusal is one ``BriefingError`` naming the file and the reason.
"""

from __future__ import annotations

import hashlib
import json
import math
import os
import stat
import zipfile
import zlib
from pathlib import Path
from typing import IO, Any

from briefing.errors import BriefingError
from briefing.importing.source import MAX_FILE_BYTES as MAX_DOCUMENT_BYTES
from briefing.library.documents import DOCUMENT_FIELDS
from briefing.library.values import MAX_ID
from briefing.safekeeping.bundle_format import BOOK_COLUMNS, COUNTED, FORMAT, MANIFEST, PAYLOAD, VERSION

# generous for a book with its documents, small enough that a hostile file cannot exhaust memory
MAX_FILE_BYTES = 512 * 1024 * 1024
MAX_MANIFEST_BYTES = 64 * 1024
MAX_PAYLOAD_BYTES = 256 * 1024 * 1024
# a title, a name, a highlight's note, a block's definition: no real one comes near this
MAX_FIELD_CHARS = 100_000
# the long texts (a document's, a note item's body, a biography, a portrait): each up to what a file import takes
LONG_TEXT = {("documents", "text"), ("items", "body"), ("people", "biography"), ("portraits", "data")}


def _mb(n: int) -> str:
    return f"{n / 1_048_576:.0f} MB" if n >= 1_048_576 else f"{n} bytes"


def _member(zf: zipfile.ZipFile, info: zipfile.ZipInfo, limit: int, expected: int | None = None) -> bytes:
    """The member's bytes, never more than ``limit`` (nor than ``expected`` + 1 when the manifest gives a size)."""
    if info.file_size > limit:
        raise BriefingError(f"too large: {info.filename} would unpack to more than {_mb(limit)}")
    with zf.open(info) as member:
        data = member.read(min(limit, expected if expected is not None else limit) + 1)  # headers can lie
    if len(data) > limit:
        raise BriefingError(f"too large: {info.filename} would unpack to more than {_mb(limit)}")
    return data


def read_bundle(path: str | os.PathLike[str]) -> tuple[dict[str, Any], dict[str, Any]]:
    """The manifest and the checked payload of a bundle; ``BriefingError`` naming the file and the reason.
    The manifest's ``book`` and ``counts`` are the payload's own (see the module's docstring);
    ``manifest_matches`` says whether the manifest as written announced the same."""
    source = Path(path)
    try:
        return _read(source)
    except BriefingError as exc:
        raise BriefingError(f"{source}: {exc}") from exc
    except (zipfile.BadZipFile, zipfile.LargeZipFile, zlib.error, EOFError, ValueError, NotImplementedError,
            RuntimeError) as exc:
        # a zip damaged past its directory: bad CRC or header, broken deflate data, unsupported method or encryption
        raise BriefingError(f"{source}: damaged or truncated bundle ({exc})") from exc
    except OSError as exc:
        raise BriefingError(f"{source}: cannot read the bundle ({exc.strerror or exc})") from exc


def open_regular(source: Path) -> IO[bytes]:
    """``source`` open for reading, when it is a regular file (a link to one will do); refused
    before any byte is read when it is a folder, a device, a FIFO or a socket."""
    flags = os.O_RDONLY | getattr(os, "O_NONBLOCK", 0) | getattr(os, "O_CLOEXEC", 0) | getattr(os, "O_BINARY", 0)
    fd = os.open(source, flags)
    try:
        mode = os.fstat(fd).st_mode
        if stat.S_ISDIR(mode):
            raise BriefingError("is a folder, not a bundle")
        if not stat.S_ISREG(mode):
            raise BriefingError("not a regular file (a device, a pipe or a socket), so not a bundle; nothing was read")
    except BaseException:
        os.close(fd)
        raise
    return os.fdopen(fd, "rb")


def _read(source: Path) -> tuple[dict[str, Any], dict[str, Any]]:
    with open_regular(source) as raw:
        return _read_zip(raw)


def _read_zip(raw: IO[bytes]) -> tuple[dict[str, Any], dict[str, Any]]:
    size = os.fstat(raw.fileno()).st_size
    if size > MAX_FILE_BYTES:
        raise BriefingError(f"too large for a bundle ({_mb(size)}; the limit is {_mb(MAX_FILE_BYTES)})")
    if not zipfile.is_zipfile(raw):
        raw.seek(0)
        if raw.read(4) == b"PK\x03\x04":
            raise BriefingError("damaged or truncated bundle (the zip's directory is missing)")
        raise BriefingError("not a Briefing Book bundle (not a zip file)")
    raw.seek(0)
    with zipfile.ZipFile(raw) as zf:
        infos = zf.infolist()
        names = [i.filename for i in infos]
        if sorted(names) != sorted([MANIFEST, PAYLOAD]) or len(set(names)) != len(names):
            if MANIFEST not in names:
                raise BriefingError("not a Briefing Book bundle (no manifest)")
            strange = sorted(n for n in names if n not in (MANIFEST, PAYLOAD)) or names
            raise BriefingError(f"not a Briefing Book bundle (unexpected member {strange[0]!r})")
        by_name = {i.filename: i for i in infos}
        manifest = _json(_member(zf, by_name[MANIFEST], MAX_MANIFEST_BYTES), MANIFEST)
        _check_manifest(manifest)
        declared = manifest["payload"]["bytes"]
        payload_bytes = _member(zf, by_name[PAYLOAD], MAX_PAYLOAD_BYTES, declared)
    if len(payload_bytes) != declared or hashlib.sha256(payload_bytes).hexdigest() != manifest["payload"]["sha256"]:
        raise BriefingError("the checksum does not match: the bundle was changed or damaged after it was written")
    payload = _json(payload_bytes, PAYLOAD)
    del payload_bytes
    check_payload(payload)
    held = contents(payload)
    return {**manifest, **held, "manifest_matches": {k: manifest.get(k) for k in held} == held}, payload


def contents(payload: dict[str, Any]) -> dict[str, Any]:
    """What a checked payload holds: the book's title and how many of each record."""
    return {"book": payload["book"]["title"], "counts": {key: len(payload[key]) for key in COUNTED}}


def _json(data: bytes, name: str) -> Any:
    try:
        return json.loads(data.decode("utf-8"))
    except (UnicodeDecodeError, json.JSONDecodeError, RecursionError) as exc:
        raise BriefingError(f"{name} is not valid JSON ({exc.__class__.__name__})") from exc


def _check_manifest(manifest: Any) -> None:
    if not isinstance(manifest, dict) or manifest.get("format") != FORMAT:
        raise BriefingError("not a Briefing Book bundle (the manifest names another format)")
    version = manifest.get("version")
    if not isinstance(version, int) or isinstance(version, bool):
        raise BriefingError("not a Briefing Book bundle (the manifest has no format version)")
    if version != VERSION:
        newer = " a newer version of Briefing Book wrote it" if version > VERSION else ""
        raise BriefingError(f"bundle format version {version} is not one this version reads ({VERSION});{newer}".rstrip(";"))
    info = manifest.get("payload")
    if not (isinstance(info, dict) and isinstance(info.get("sha256"), str) and isinstance(info.get("bytes"), int)
            and not isinstance(info.get("bytes"), bool) and info["bytes"] >= 0):
        raise BriefingError("the manifest does not describe the payload (no checksum or size)")
    if info["bytes"] > MAX_PAYLOAD_BYTES:
        raise BriefingError(f"too large: the payload would unpack to more than {_mb(MAX_PAYLOAD_BYTES)}")


# each record's fields and the JSON types they may hold (None is always allowed)
_S, _I, _N = (str,), (int,), (int, float)
_SHAPES: dict[str, dict[str, tuple[type, ...]]] = {
    "sections": {"id": _I, "parent_id": _I, "position": _I, "title": _S, "role": _S, "audience": _S},
    "items": {"id": _I, "section_id": _I, "position": _I, "kind": _S, "title": _S, "document_id": _I, "excerpt": _S,
              "annotation_ids": _S, "body": _S, "block": _S, "marking": _S, "audience": _S, "parallel_document_id": _I},
    "documents": {"id": _I, "content_hash": _S, **{k: _S for k in DOCUMENT_FIELDS}, "source_document_id": _I,
                  "parties": (list,), "speakers": (list,), "tags": (list,)},
    "annotations": {"id": _I, "document_id": _I, "exact": _S, "prefix": _S, "suffix": _S, "start": _I, "end": _I,
                    "note": _S, "color": _S, "private": _I, "created": _S, "updated": _S},
    "people": {"id": _I, "slug": _S, "name": _S, "role": _S, "country": _S, "variants": _S, "biography": _S,
               "organisation": _S, "address_form": _S, "pronunciation": _S},
    "events": {"id": _I, "slug": _S, "title": _S, "kind": _S, "start_date": _S, "end_date": _S, "place": _S, "summary": _S,
               "time_zone": _S},
    "event_people": {"event_id": _I, "person_id": _I, "role": _S},
    "event_documents": {"event_id": _I, "document_id": _I},
    "figures": {"id": _I, "slug": _S, "label": _S, "value": _N, "value_text": _S, "unit": _S, "as_of": _S,
                "source_document_id": _I, "said_by": _S, "series": _S, "note": _S, "status": _S, "derived_from": _S,
                "rule": _S, "reason": _S},
    "person_roles": {"person_id": _I, "role": _S, "organisation": _S, "start_date": _S, "end_date": _S},
    "portraits": {"person_id": _I, "format": _S, "width": _I, "height": _I, "digest": _S, "data": _S},
    "programme": {"event_id": _I, "starts": _S, "ends": _S, "what": _S, "place": _S, "who": _S, "dress": _S, "notes": _S},
    # a link naming a document the bundle lacks is left out when merged, with a note, not refused here
    "translations": {"document_id": _I, "translation_id": _I},
}
# lists a bundle written before people and visits were made by hand, or documents linked as
# translations, does not hold: none of them
_OPTIONAL = ("person_roles", "portraits", "programme", "translations")
_REQUIRED = {"sections": ("id", "title", "position"), "items": ("id", "section_id", "kind", "position"),
             "documents": ("id", "title"), "annotations": ("id", "document_id", "exact"), "people": ("id", "name"),
             "events": ("id", "title"), "event_people": ("event_id", "person_id"),
             "event_documents": ("event_id", "document_id"), "figures": ("id", "label"),
             "person_roles": ("person_id", "role"), "portraits": ("person_id", "data"),
             "programme": ("event_id", "starts", "what"), "translations": ()}
_BOOK_SHAPE = {k: _I if k == "event_id" else _S for k in BOOK_COLUMNS} | {"id": _I}


def _check_record(record: Any, shape: dict[str, tuple[type, ...]], required: tuple[str, ...], what: str,
                  kind: str = "") -> None:
    if not isinstance(record, dict):
        raise BriefingError(f"the payload is malformed ({what} is not a record)")
    for key in required:
        if record.get(key) is None:
            raise BriefingError(f"the payload is malformed ({what} has no {key})")
    for key, types in shape.items():
        value = record.get(key)
        if value is None:
            continue
        if not isinstance(value, types) or isinstance(value, bool):
            raise BriefingError(f"the payload is malformed ({what}: {key} has the wrong type)")
        if isinstance(value, int) and not -MAX_ID - 1 <= value <= MAX_ID:
            raise BriefingError(f"the payload is malformed ({what}: {key} is a number too large to store)")
        if isinstance(value, float) and not math.isfinite(value):
            raise BriefingError(f"the payload is malformed ({what}: {key} is not a finite number)")
        if isinstance(value, str):
            _check_size(value, what, key, (kind, key) in LONG_TEXT)


def _check_size(value: str, what: str, key: str, long: bool) -> None:
    if not long:
        if len(value) > MAX_FIELD_CHARS:
            raise BriefingError(f"too large: {what} has a {key} of {len(value):,} characters "
                                f"(the limit is {MAX_FIELD_CHARS:,})")
        return
    # a character is at most four bytes: only a text that may be too long is measured
    if len(value) * 4 > MAX_DOCUMENT_BYTES and len(value.encode("utf-8", "surrogatepass")) > MAX_DOCUMENT_BYTES:
        raise BriefingError(f"too large: {what} holds more than {_mb(MAX_DOCUMENT_BYTES)} of {key}, "
                            "more than a file import takes")


def check_payload(payload: Any) -> None:
    """Shapes and references: every id a record names is held by the bundle."""
    if not isinstance(payload, dict):
        raise BriefingError("the payload is malformed (not a record)")
    _check_record(payload.get("book"), _BOOK_SHAPE, ("title",), "the book", "book")
    for key in _OPTIONAL:
        payload.setdefault(key, [])
    for key, shape in _SHAPES.items():
        rows = payload.get(key)
        if not isinstance(rows, list):
            raise BriefingError(f"the payload is malformed (no list of {key})")
        for n, row in enumerate(rows):
            _check_record(row, shape, _REQUIRED[key], f"{key} #{n + 1}", key)
        if "id" in shape and len({r["id"] for r in rows}) != len(rows):
            raise BriefingError(f"the payload is malformed (two {key} share an id)")
    ids = {key: {r["id"] for r in payload[key]} for key in _SHAPES if "id" in _SHAPES[key]}

    def refer(key: str, field_name: str, target: str) -> None:
        for row in payload[key]:
            if row.get(field_name) is not None and row[field_name] not in ids[target]:
                raise BriefingError(f"the payload is malformed ({key} refer to a missing {target[:-1] if target != 'people' else 'person'})")

    refer("sections", "parent_id", "sections")
    refer("items", "section_id", "sections")
    refer("items", "document_id", "documents")
    refer("annotations", "document_id", "documents")
    refer("documents", "source_document_id", "documents")
    refer("figures", "source_document_id", "documents")
    refer("event_people", "event_id", "events")
    refer("event_people", "person_id", "people")
    refer("event_documents", "event_id", "events")
    refer("event_documents", "document_id", "documents")
    refer("person_roles", "person_id", "people")
    refer("portraits", "person_id", "people")
    refer("programme", "event_id", "events")
    book = payload["book"]
    if book.get("event_id") is not None and book["event_id"] not in ids["events"]:
        raise BriefingError("the payload is malformed (the book refers to a missing event)")
    for doc in payload["documents"]:
        for party in doc.get("parties") or []:
            _check_record(party, {"name": _S, "country": _S, "signatory": _S}, ("name",), "a party")
        for speaker in doc.get("speakers") or []:
            _check_record(speaker, {"name": _S, "person_id": _I}, ("name",), "a speaker")
            if speaker.get("person_id") is not None and speaker["person_id"] not in ids["people"]:
                speaker["person_id"] = None  # the speaker's name stays; the link needs the person
        if not all(isinstance(t, str) for t in doc.get("tags") or []):
            raise BriefingError("the payload is malformed (a tag is not text)")

