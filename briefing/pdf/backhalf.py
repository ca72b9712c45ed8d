"""The back of a long book laid out in a helper process, on the second core.

Every top-level section starts on a new page, so the sections after a split
point lay out the same whatever comes before them: only their page numbers
differ. A helper process lays them out and draws them, numbering its pages from
one, while this process does the cover, the contents and the front sections.
The helper's pages are then added to this document as they are: their content
streams, already compressed, and what ReportLab keeps outside a page's stream
(links, destinations, outline entries, the forms a page uses) replayed here.
The helper's fonts carry their own resource names (W1, W2, …) and are embedded
as subsets of their own, so no text is re-encoded. "Page N of M" is added to
every page here at the end.

Anything the helper cannot hand over exactly (an image, transparency, a font
that is not one of ours) and any failure of the helper itself: this process
lays the back out as it would have without a helper. The split point depends
only on the book, so the same book always gives the same bytes.
"""

from __future__ import annotations

import copy
import os
import pickle
import queue
import subprocess
import sys
import threading
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from pathlib import Path

from reportlab.pdfbase import pdfmetrics
from reportlab.pdfbase.ttfonts import TTFont
from reportlab.platypus import Flowable
from reportlab.platypus.doctemplate import LayoutError

from briefing.book.content import BookContent, SectionContent
from briefing.errors import BriefingError
from briefing.pdf.doc import BookDocTemplate, CompressingCanvas, new_document, page_stream
from briefing.pdf.story import Story

# below this much (~60 documents of 1,500 words, ~230 pages, ~0.57 s in one process) a second
# interpreter costs about what it saves (measured: 45 documents 0.46 s alone, 0.39-0.58 s helped;
# 60 documents 0.57 s alone, 0.46-0.75 s helped, on a machine shared with other work)
MIN_BOOK_WEIGHT = 800_000
# How much of the book the helper takes, so that both finish together: the helper starts
# later by the time a new interpreter takes to import the layout code and read the fonts,
# less what this process does meanwhile before its first section (its own fonts, the cover,
# the contents). The file is written once both are done, so that part does not count. The
# figures are those of the 2-core machine the benchmark runs on (bench/export.py: 200
# documents, 2.7 M of weight, take 1.75 s in one process; the best split of 80 and of 200
# documents was found by trying each). The split depends on the book alone, so the same
# book always gives the same bytes.
SECONDS_PER_WEIGHT = 0.65e-6
HELPER_START_SECONDS = 0.15
ITEM_WEIGHT = 1_500  # heading, metadata block, spacing: what an item costs beyond its text
BACK_FONT_SUFFIX = "~back"


def _weight(section: SectionContent) -> int:
    own = sum(len(i.markdown) + ITEM_WEIGHT + sum(len(n.markdown) for n in i.notes) for i in section.items)
    return own + sum(_weight(c) for c in section.children)


def helper_share(weight: int) -> float:
    """The part of a book of ``weight`` the helper should lay out."""
    share = 0.5 - HELPER_START_SECONDS / (2 * weight * SECONDS_PER_WEIGHT)
    return min(max(share, 0.2), 0.6)


def split_point(content: BookContent, *, min_weight: int = MIN_BOOK_WEIGHT) -> int | None:
    """The first top-level section the helper should take, or None when the book is too
    short (or has a single top-level section) to be worth a second process."""
    weights = [_weight(s) for s in content.sections]
    total = sum(weights)
    if len(weights) < 2 or total < min_weight:
        return None
    target = total * helper_share(total)
    back, best, best_gap = 0, None, None
    for k in range(len(weights) - 1, 0, -1):
        back += weights[k]
        gap = abs(back - target)
        if best_gap is None or gap < best_gap:
            best, best_gap = k, gap
    return best


# -- what the helper hands over ----------------------------------------------------------
@dataclass
class HandedPage:
    content: bytes  # the page's content stream, filtered as in the final file
    forms: list[str]
    records: list[tuple[str, tuple, dict]]  # canvas calls to replay on this page, in order


@dataclass
class HandedFont:
    name: str  # the registered face
    internal_name: str  # its resource name in the helper's streams, e.g. "W3"
    assignments: dict[int, int]
    subsets: list[list[int]]
    next_code: int


@dataclass
class Handover:
    pages: list[HandedPage] = field(default_factory=list)
    fonts: list[HandedFont] = field(default_factory=list)
    page_of: dict[str, int] = field(default_factory=dict)  # anchor -> page, counted from the helper's first
    end_of: dict[str, int] = field(default_factory=dict)  # an item's anchor -> its last page, counted alike
    numbered_pages: list[int] = field(default_factory=list)  # pages with a footer, counted alike

    def add_to(self, doc: BookDocTemplate) -> None:
        """Append the pages to ``doc``, whose own pages are all finished."""
        canv = doc.canv
        offset = doc.front_pages
        for key, page in self.page_of.items():
            doc.page_of.setdefault(key, page + offset)
        for key, page in self.end_of.items():
            doc.end_of.setdefault(key, page + offset)
        doc.numbered_pages += [n + offset for n in self.numbered_pages]
        self._adopt_fonts(canv._doc)
        for page in self.pages:
            for name, args, kwargs in page.records:
                getattr(canv, name)(*args, **kwargs)
            canv._formsinuse = list(page.forms)
            canv.handed_stream = page_stream(page.content)
            canv.showPage()

    def _adopt_fonts(self, pdf_doc) -> None:
        # each face the helper used becomes a font of its own here, under the helper's resource
        # name and with the helper's character codes, embedded beside this process's subsets
        for f in self.fonts:
            base = pdfmetrics.getFont(f.name)
            shadow = copy.copy(base)
            shadow.fontName = f.name + BACK_FONT_SUFFIX
            shadow.face = copy.copy(base.face)
            # subsets are embedded under "TAG+FaceName…": the suffix keeps them apart from ours
            shadow.face.subfontNameX = base.face.subfontNameX + b"-2"
            state = TTFont.State(base._asciiReadable, base)
            state.assignments, state.subsets, state.nextCode = f.assignments, f.subsets, f.next_code
            state.internalName, state.frozen = f.internal_name, 0
            shadow.state = {pdf_doc: state}
            pdf_doc.fontMapping[shadow.fontName] = "/" + f.internal_name
            pdf_doc.delayedFonts.append(shadow)


class HelperLayoutError(BriefingError):
    """The helper could not lay out an item: the message names it."""


class Unsupported(Exception):
    """Something on a page the helper cannot hand over exactly."""


class RecordingCanvas(CompressingCanvas):
    """The helper's canvas: keeps each finished page's stream and the calls that make
    objects outside it, instead of building a document."""

    def __init__(self, *args, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.handed: list[HandedPage] = []
        self._records: list[tuple[str, tuple, dict]] = []

    def linkRect(self, contents, destinationname, Rect=None, addtopage=1, name=None, relative=1, thickness=0,
                 color=None, dashArray=None, **kw):
        kw.update(relative=0, thickness=thickness, color=color, dashArray=dashArray)
        self._records.append(("linkRect", (contents, destinationname, self._absRect(Rect, relative)), kw))

    def linkURL(self, url, rect, relative=0, thickness=0, color=None, dashArray=None, kind="URI", **kw):
        kw.update(relative=0, thickness=thickness, color=color, dashArray=dashArray, kind=kind)
        self._records.append(("linkURL", (url, self._absRect(rect, relative)), kw))

    def bookmarkPage(self, key, **kw):
        self._records.append(("bookmarkPage", (key,), kw))

    def addOutlineEntry(self, title, key, level=0, closed=None):
        self._records.append(("addOutlineEntry", (title, key, level, closed), {}))

    def showPage(self) -> None:
        forms = list(self._formsinuse)
        super().showPage()
        page = self._doc.Pages.pages.pop()  # nothing is saved here: keep only what is handed over
        # (images are forms too: the check of the forms' names below catches them)
        extra = [name for name, value in (("transparency", page.ExtGState),
                                          ("colour spaces", page._colorsUsed), ("shadings", page._shadingUsed),
                                          ("annotations", page.Annots), ("an uncompressed stream", page.Contents is None))
                 if value]
        if extra:
            raise Unsupported(f"page {len(self.handed) + 1} has {extra[0]}")
        strange = [f for f in forms if not f.startswith("bb_")]
        if strange:
            raise Unsupported(f"page {len(self.handed) + 1} uses the form {strange[0]}")
        self.handed.append(HandedPage(page.Contents.content, forms, self._records))
        self._records = []

    def handover(self, doc: BookDocTemplate) -> Handover:
        fonts = []
        for name, ref in self._doc.fontMapping.items():
            font = pdfmetrics.getFont(name)
            state = getattr(font, "state", {}).get(self._doc) if getattr(font, "_dynamicFont", 0) else None
            if state is None or ref != "/" + state.internalName:
                raise Unsupported(f"the font {name} is not one of the book's embedded fonts")
            fonts.append(HandedFont(name, state.internalName, dict(state.assignments),
                                    [list(s) for s in state.subsets], state.nextCode))
        return Handover(pages=self.handed, fonts=fonts, page_of=dict(doc.page_of), end_of=dict(doc.end_of),
                        numbered_pages=doc.numbered_pages)


# -- the helper process -------------------------------------------------------------------
HELPER_FLAG = "--briefing-pdf-back-helper"  # how a frozen app is asked to be the helper (packaging/launcher.py)


def helper_command() -> list[str]:
    if getattr(sys, "frozen", False):
        return [sys.executable, HELPER_FLAG]
    return [sys.executable, "-c", "from briefing.pdf.backhalf import helper_main; helper_main()"]


def helper_main() -> None:
    """The helper: reads its job from stdin, writes pickled messages to stdout."""
    out = os.fdopen(os.dup(1), "wb")
    os.dup2(2, 1)  # a stray print must not land in the message stream
    sys.stdout = sys.stderr

    def send(kind: str, payload=None) -> None:
        pickle.dump((kind, payload), out, protocol=pickle.HIGHEST_PROTOCOL)
        out.flush()

    story = None
    try:
        content, theme_name, first = pickle.load(sys.stdin.buffer)
        TTFont.State.namePrefix = "W"  # resource names of our own, apart from the main process's F1, F2…
        doc = new_document(content, os.devnull, theme_name)
        doc._firstPageTemplateIndex = 1  # the body pages: the cover is the main process's
        story = Story(content, doc.theme, doc.width)
        canv = doc.build_pages(story.section_chunks(first, on_new_page=True), RecordingCanvas,
                               lambda: send("unit"))
        send("done", canv.handover(doc))
    except LayoutError as exc:
        send("error", f"cannot lay out {story.current if story else 'the book'}: {exc}")
    except Unsupported as exc:
        send("fallback", str(exc))
    except Exception as exc:  # the main process lays the back out itself, and says why if that fails too
        send("fallback", f"{type(exc).__name__}: {exc}")
    finally:
        out.close()


class BackHalf:
    """The main process's side: starts the helper, relays its progress, collects its pages."""

    def __init__(self, content: BookContent, theme_name: str, first: int, story_chunks: Callable[[], Iterator],
                 check_cancel: Callable[[], None]) -> None:
        self._story_chunks = story_chunks
        self._check_cancel = check_cancel
        self.fallback_reason: str | None = None
        self._result: Handover | None = None
        self._messages: queue.Queue = queue.Queue()
        # a command of its own, not multiprocessing: nothing of the caller's main module is re-run,
        # and the app's threads are never forked
        package_root = str(Path(__file__).resolve().parents[2])
        env = {**os.environ, "PYTHONPATH": os.pathsep.join(filter(None, [package_root, os.environ.get("PYTHONPATH")]))}
        try:
            self._process = subprocess.Popen(helper_command(), stdin=subprocess.PIPE, stdout=subprocess.PIPE,
                                             stderr=subprocess.DEVNULL, env=env)
        except OSError as exc:
            self._process = None
            self.fallback_reason = f"cannot start the helper process ({exc})"
            return
        threading.Thread(target=self._read, daemon=True, name="pdf-back-reader").start()
        threading.Thread(target=self._write, args=(pickle.dumps((content, theme_name, first)),), daemon=True,
                         name="pdf-back-writer").start()

    def _write(self, job: bytes) -> None:
        try:
            with self._process.stdin as pipe:
                pipe.write(job)
        except OSError:
            pass  # the helper died: the reader sees the end of its output

    def _read(self) -> None:
        try:
            while True:
                self._messages.put(pickle.load(self._process.stdout))
        except Exception:  # end of the stream, or a helper killed mid-message
            self._messages.put(("ended", None))

    def relay(self, on_unit: Callable[[], None]) -> None:
        """Pass on the helper's progress so far without waiting."""
        while self.fallback_reason is None and self._result is None:
            try:
                message = self._messages.get_nowait()
            except queue.Empty:
                return
            self._handle(message, on_unit)

    def collect(self, on_unit: Callable[[], None] | None) -> Handover | None:
        """Wait for the helper's pages (relaying progress, honouring cancel); None when this
        process has to lay the back out itself."""
        on_unit = on_unit or (lambda: None)
        while self.fallback_reason is None and self._result is None:
            self._check_cancel()
            try:
                message = self._messages.get(timeout=0.05)
            except queue.Empty:
                continue
            self._handle(message, on_unit)
        return self._result

    def _handle(self, message: tuple, on_unit: Callable[[], None]) -> None:
        kind, payload = message
        if kind == "unit":
            on_unit()
        elif kind == "done":
            self._result = payload
        elif kind == "error":
            raise HelperLayoutError(payload)
        elif kind == "fallback":
            self.fallback_reason = payload
        else:
            code = self._process.poll() if self._process else None
            self.fallback_reason = f"the helper process ended without its pages (exit code {code})"

    def chunks(self) -> Iterator[list[Flowable]]:
        """The back laid out here, when the helper could not."""
        return self._story_chunks()

    def stop(self) -> None:
        if self._process is None:
            return
        if self._process.poll() is None:
            self._process.kill()
        self._process.wait()
        self._process.stdout.close()

