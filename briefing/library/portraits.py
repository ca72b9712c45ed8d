"""Portraits of people: a JPEG or PNG checked to be a real image, scaled, and kept in the library.

A photo comes from outside like any document, so it is checked before it is
kept: JPEG or PNG by its first bytes, at most 10 MB, an image Pillow can
decode whole, and not so many pixels that decoding it could exhaust memory.
What is stored is a new JPEG made from the decoded pixels: turned upright as
the camera said, at most ``MAX_SIDE`` pixels on its long side, without the
original's metadata (a phone's photo carries where it was taken).
"""

from __future__ import annotations

import hashlib
import io
import os
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from briefing.errors import BriefingError
from briefing.library.store import Store

MAX_PORTRAIT_BYTES = 10 * 1024 * 1024
MAX_PIXELS = 60_000_000  # a 60-megapixel camera's photo; more is refused before it is decoded
MAX_SIDE = 600  # pixels on the long side: about 500 dpi at the 30 mm the pack prints it
JPEG_QUALITY = 85
_SIGNATURES = {b"\xff\xd8\xff": "JPEG", b"\x89PNG\r\n\x1a\n": "PNG"}


@dataclass(frozen=True)
class Portrait:
    """A portrait as the library keeps it: always a JPEG."""

    data: bytes
    width: int
    height: int
    format: str = "jpeg"

    @property
    def digest(self) -> str:
        return hashlib.sha256(self.data).hexdigest()

    def as_row(self) -> dict[str, Any]:
        return {"format": self.format, "width": self.width, "height": self.height, "digest": self.digest,
                "data": self.data}


def _mb(n: int) -> str:
    return f"{n / 1_048_576:.1f} MB"


def read_portrait(path: str | os.PathLike[str]) -> Portrait:
    """The photo at ``path``, checked and scaled; one ``BriefingError`` naming the file otherwise."""
    source = Path(path)
    try:
        if source.is_dir():
            raise BriefingError(f"{source}: is a folder, not a photo")
        size = source.stat().st_size
        if size > MAX_PORTRAIT_BYTES:
            raise BriefingError(f"{source}: the photo is {_mb(size)}; the limit is {_mb(MAX_PORTRAIT_BYTES)}")
        data = source.read_bytes()
    except OSError as exc:
        raise BriefingError(f"{source}: cannot read the photo ({exc.strerror or exc})") from exc
    try:
        return make_portrait(data)
    except BriefingError as exc:
        raise BriefingError(f"{source}: {exc}") from exc


def make_portrait(data: bytes) -> Portrait:
    """A portrait from a photo's bytes: checked (JPEG or PNG, at most 10 MB, a whole image) and scaled."""
    from PIL import Image, ImageOps  # loaded only when a photo is handled

    if len(data) > MAX_PORTRAIT_BYTES:
        raise BriefingError(f"the photo is {_mb(len(data))}; the limit is {_mb(MAX_PORTRAIT_BYTES)}")
    kind = next((name for magic, name in _SIGNATURES.items() if data.startswith(magic)), None)
    if kind is None:
        raise BriefingError("not a JPEG or PNG image")
    try:
        with Image.open(io.BytesIO(data), formats=[kind]) as probe:
            if probe.width * probe.height > MAX_PIXELS:
                raise BriefingError(f"the photo has {probe.width}×{probe.height} pixels, more than a portrait needs")
            probe.verify()  # the whole file's structure and checksums, before decoding
        with Image.open(io.BytesIO(data), formats=[kind]) as image:
            image.load()
            upright = ImageOps.exif_transpose(image)
            picture = _flattened(upright)
            picture.thumbnail((MAX_SIDE, MAX_SIDE), Image.Resampling.LANCZOS)
            out = io.BytesIO()
            picture.save(out, "JPEG", quality=JPEG_QUALITY, optimize=True)
    except BriefingError:
        raise
    except (OSError, ValueError, SyntaxError, Image.DecompressionBombError) as exc:
        raise BriefingError(f"not a readable {kind} image ({exc})") from exc
    if picture.width < 1 or picture.height < 1:
        raise BriefingError("the image is empty")
    return Portrait(out.getvalue(), picture.width, picture.height)


def _flattened(image):
    """The image in RGB; a transparent PNG laid on white, as the page under it is."""
    from PIL import Image

    if image.mode in ("RGBA", "LA") or (image.mode == "P" and "transparency" in image.info):
        rgba = image.convert("RGBA")
        ground = Image.new("RGB", rgba.size, (255, 255, 255))
        ground.paste(rgba, mask=rgba.getchannel("A"))
        return ground
    return image.convert("RGB")


def portrait_of(store: Store, person_id: int) -> dict[str, Any] | None:
    """The stored portrait (format, width, height, digest, data), or None."""
    return store.one("SELECT format, width, height, digest, data FROM portraits WHERE person_id = ?", [person_id])


def put_portrait(store: Store, person_id: int, portrait: Portrait | dict[str, Any] | None) -> None:
    """Keep (or, with None, remove) a person's portrait, inside the caller's transaction."""
    store.execute("DELETE FROM portraits WHERE person_id = ?", [person_id])
    if portrait is None:
        return
    row = portrait.as_row() if isinstance(portrait, Portrait) else dict(portrait)
    store.execute(
        "INSERT INTO portraits (person_id, format, width, height, digest, data) VALUES (?, ?, ?, ?, ?, ?)",
        [person_id, row["format"], row["width"], row["height"], row["digest"], row["data"]],
    )
