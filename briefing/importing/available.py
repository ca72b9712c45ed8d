"""Which importers can run on this installation: the modules each format needs, and OCR.

A module missing from a fresh install (``lxml_html_clean`` was one: pip 23
dropped lxml's extra that brought it, and every HTML file failed with "could
not be read") is one clear message at the start of an import and in
``briefing check``, naming the module and the package to install, rather than
a rejection repeated for every file. Modules are looked up, not imported, so
the check costs nothing at start-up.
"""

from __future__ import annotations

import importlib.util
import shutil
from functools import cache

# format -> (module, the package that provides it)
NEEDS: dict[str, list[tuple[str, str]]] = {
    "text": [("charset_normalizer", "charset-normalizer")],
    "markdown": [("charset_normalizer", "charset-normalizer"), ("frontmatter", "python-frontmatter")],
    "html": [
        ("lxml", "lxml"),
        ("lxml_html_clean", "lxml_html_clean"),
        ("justext", "jusText"),
        ("htmldate", "htmldate"),
        ("trafilatura", "trafilatura"),
    ],
    "pdf": [("pdfminer", "pdfminer.six")],
    "docx": [("docx", "python-docx"), ("lxml", "lxml")],
}
FORMAT_NAMES = {"text": "Text", "markdown": "Markdown", "html": "HTML", "pdf": "PDF", "docx": "Word"}
# reading scanned pages: the two modules and Tesseract itself
OCR_MODULES = [("pytesseract", "pytesseract"), ("pypdfium2", "pypdfium2")]
OCR_LANGUAGES = ("rus", "kaz", "aze", "eng")


def _missing(needs: list[tuple[str, str]]) -> list[tuple[str, str]]:
    return [(module, package) for module, package in needs if importlib.util.find_spec(module) is None]


@cache
def unavailable() -> dict[str, str]:
    """Format -> why it cannot be imported here (an empty dict when every importer can run)."""
    found: dict[str, str] = {}
    for fmt, needs in NEEDS.items():
        missing = _missing(needs)
        if missing:
            modules = ", ".join(module for module, _ in missing)
            packages = " ".join(package for _, package in missing)
            found[fmt] = (
                f"{FORMAT_NAMES[fmt]} files cannot be imported: the module {modules} is missing "
                f"(install it with: pip install {packages})"
            )
    return found


@cache
def ocr_unavailable() -> str | None:
    """Why scanned pages cannot be read here, or None when OCR is ready."""
    missing = _missing(OCR_MODULES)
    if missing:
        packages = " ".join(package for _, package in missing)
        return f"the OCR modules are missing (pip install {packages})"
    if shutil.which("tesseract") is None:
        return (
            "Tesseract OCR is not installed (on Debian or Ubuntu: apt install tesseract-ocr "
            + " ".join(f"tesseract-ocr-{lang}" for lang in OCR_LANGUAGES)
            + ")"
        )
    return None


def problems() -> list[str]:
    """One line per importer that cannot run, and one about OCR when scans cannot be read."""
    lines = list(unavailable().values())
    ocr = ocr_unavailable()
    if ocr:
        lines.append(f"Scanned PDF pages cannot be read: {ocr}; such files are imported as scans without text.")
    return lines
