"""Import benchmark: files per second for each format, into a store on disk.

Generates a folder of mixed files (by default 2,000: text, Markdown and HTML
pages with navigation and footers, PDF and Word documents) in English,
Russian, Kazakh and Azerbaijani, every file different, then imports each
format's folder with ``import_paths`` (one transaction per file, as the
command does) and prints files per second per format and overall.

Then it times the command itself, start-up included, on 1,500-word text and
Markdown files (``--long`` of each, 300 by default): ``briefing import FOLDER``
in a new process, as a user runs it (the target is 100 files/s or more).

    .venv/bin/python bench/import.py                # 2,000 files, then 2 x 300 long ones
    .venv/bin/python bench/import.py --files 500 --long 100 --keep out/import-files
"""

from __future__ import annotations

import argparse
import io
import random
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from briefing.importing import import_paths  # noqa: E402
from briefing.library.opening import open_store  # noqa: E402

_WORDS = {
    "en": "the ministers agreed on ferry timetable port railway corridor trade cargo customs talks visit "
    "cooperation energy transit council border water culture delegation president minister",
    "ru": "министры договорились расписание паромов порт железная дорога коридор торговля груз таможня "
    "переговоры визит сотрудничество энергетика транзит совет граница",
    "kk": "министрлер паром кестесі туралы уағдаласты порт теміржол дәліз сауда жүк кеден келіссөздер "
    "сапар ынтымақтастық энергетика транзит кеңес шекара мәдениет",
    "az": "nazirlər bərə cədvəli barədə razılaşdılar liman dəmir yolu dəhliz ticarət yük gömrük danışıqlar "
    "səfər əməkdaşlıq enerji tranzit şura sərhəd mədəniyyət",
}
WORDS = {lang: words.split() for lang, words in _WORDS.items()}
DATES = {"en": "{d} May 2024", "ru": "{d} мая 2024 года", "kk": "2024 жылғы {d} мамыр", "az": "{d} may 2024"}
SHARES = {"text": 0.25, "markdown": 0.25, "html": 0.25, "pdf": 0.125, "docx": 0.125}
SUFFIX = {"text": ".txt", "markdown": ".md", "html": ".html", "pdf": ".pdf", "docx": ".docx"}


def sentence(rng: random.Random, lang: str, n: int) -> str:
    words = [rng.choice(WORDS[lang]) for _ in range(n)]
    return " ".join(words).capitalize() + "."


def article(rng: random.Random, i: int) -> tuple[str, str, str, list[str]]:
    lang = rng.choice(list(WORDS))
    title = sentence(rng, lang, rng.randint(5, 9)).rstrip(".") + f" {i}"
    date = DATES[lang].format(d=rng.randint(1, 28))
    paragraphs = [sentence(rng, lang, 14) + " " + sentence(rng, lang, 18) for _ in range(rng.randint(4, 9))]
    return lang, title, date, paragraphs


def write_text(path: Path, title: str, date: str, paragraphs: list[str]) -> None:
    lines = ["Back to top", "Follow us", title, date, "", *(p + "\n" for p in paragraphs), "© 2024 Agency. All rights reserved."]
    path.write_text("\n".join(lines), encoding="utf-8")


def write_markdown(path: Path, title: str, date: str, paragraphs: list[str]) -> None:
    path.write_text(f"# {title}\n\n{date}\n\n" + "\n\n".join(paragraphs) + "\n", encoding="utf-8")


def write_html(path: Path, lang: str, title: str, date: str, paragraphs: list[str]) -> None:
    nav = "".join(f"<li><a href='/s{k}'>Section {k}</a></li>" for k in range(12))
    related = "".join(f"<li><a href='/n{k}'>Related story number {k}</a></li>" for k in range(6))
    body = "".join(f"<p>{p}</p>" for p in paragraphs)
    path.write_text(
        f"<!DOCTYPE html><html lang='{lang}'><head><meta charset='utf-8'><title>{title} | Agency</title>"
        f"<script>var x = 1;</script><style>p{{margin:0}}</style></head><body>"
        f"<div class='cookie'>We use cookies. <button>Accept</button></div><header><nav><ul>{nav}</ul></nav></header>"
        f"<main><article><h1>{title}</h1><time>{date}</time>{body}"
        f"<div class='share'>Share: Facebook Telegram</div></article>"
        f"<aside class='related'><h2>Related</h2><ul>{related}</ul></aside></main>"
        f"<footer>© 2024 Agency. All rights reserved.</footer></body></html>",
        encoding="utf-8",
    )


def write_pdf(path: Path, title: str, date: str, paragraphs: list[str]) -> None:
    from reportlab.lib.pagesizes import A4
    from reportlab.lib.styles import ParagraphStyle
    from reportlab.platypus import Paragraph, SimpleDocTemplate

    font = Path(__file__).resolve().parent.parent / "resources" / "fonts" / "NotoSans-Regular.ttf"
    from reportlab.pdfbase import pdfmetrics
    from reportlab.pdfbase.ttfonts import TTFont

    if "NotoSans" not in pdfmetrics.getRegisteredFontNames():
        pdfmetrics.registerFont(TTFont("NotoSans", str(font)))
    style = ParagraphStyle("b", fontName="NotoSans", fontSize=11, leading=15, spaceAfter=8)
    out = io.BytesIO()
    SimpleDocTemplate(out, pagesize=A4, invariant=1).build([Paragraph(t, style) for t in [title, date, *paragraphs]])
    path.write_bytes(out.getvalue())


def write_docx(path: Path, title: str, date: str, paragraphs: list[str]) -> None:
    import docx

    document = docx.Document()
    document.add_heading(title, level=1)
    document.add_paragraph(date)
    for p in paragraphs:
        document.add_paragraph(p)
    document.save(str(path))


def generate(folder: Path, files: int, seed: int = 11) -> dict[str, int]:
    rng = random.Random(seed)
    made: dict[str, int] = {}
    i = 0
    for fmt, share in SHARES.items():
        (folder / fmt).mkdir(parents=True, exist_ok=True)
        made[fmt] = round(files * share)
        for _ in range(made[fmt]):
            i += 1
            lang, title, date, paragraphs = article(rng, i)
            path = folder / fmt / f"doc{i:05d}{SUFFIX[fmt]}"
            if fmt == "html":
                write_html(path, lang, title, date, paragraphs)
            elif fmt == "text":
                write_text(path, title, date, paragraphs)
            elif fmt == "markdown":
                write_markdown(path, title, date, paragraphs)
            elif fmt == "pdf":
                write_pdf(path, title, date, paragraphs)
            else:
                write_docx(path, title, date, paragraphs)
    return made


LONG_WORDS = 1500


def generate_long(folder: Path, files: int, seed: int = 13) -> None:
    """``files`` text and ``files`` Markdown files of about 1,500 words each."""
    rng = random.Random(seed)
    for fmt in ("text", "markdown"):
        (folder / fmt).mkdir(parents=True, exist_ok=True)
        for i in range(files):
            lang, title, date, _ = article(rng, i)
            paragraphs = [" ".join(sentence(rng, lang, 15) for _ in range(10)) for _ in range(LONG_WORDS // 150)]
            path = folder / fmt / f"long{i:05d}{SUFFIX[fmt]}"
            (write_text if fmt == "text" else write_markdown)(path, title, date, paragraphs)


def time_command(work: Path, folder: Path, files: int) -> None:
    """Files per second of ``briefing import`` in a new process, start-up included."""
    generate_long(folder, files)
    command = [sys.executable, "-c", "import sys; from briefing.cli import main; sys.argv[0] = 'briefing'; main()"]
    print(f"{'command':<10}{'files':>7}{'seconds':>9}{'files/s':>9}  (1,500 words each, start-up included)")
    for fmt in ("text", "markdown"):
        store = work / f"cli-{fmt}.sqlite"
        subprocess.run([*command, "--store", str(store), "init"], check=True, capture_output=True, cwd=ROOT)
        start = time.perf_counter()
        subprocess.run([*command, "--store", str(store), "import", str(folder / fmt)], check=True, capture_output=True, cwd=ROOT)
        seconds = time.perf_counter() - start
        print(f"{fmt:<10}{files:>7}{seconds:>9.2f}{files / seconds:>9.1f}")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--files", type=int, default=2000)
    parser.add_argument("--long", type=int, default=300, help="1,500-word text and Markdown files for the command's timing")
    parser.add_argument("--keep", type=Path, help="generate into this folder and keep it")
    args = parser.parse_args()
    work = Path(tempfile.mkdtemp(prefix="briefing-import-bench-"))
    folder = args.keep or work / "files"
    try:
        start = time.perf_counter()
        made = generate(folder, args.files)
        print(f"generated {sum(made.values())} files in {time.perf_counter() - start:.1f} s")
        store = open_store(work / "bench.sqlite")
        print(f"{'format':<10}{'files':>7}{'seconds':>9}{'files/s':>9}  rejected")
        total_files, total_seconds = 0, 0.0
        for fmt in SHARES:
            start = time.perf_counter()
            report = import_paths(store, [folder / fmt])
            seconds = time.perf_counter() - start
            n = len(report.imported) + len(report.duplicates) + len(report.rejected)
            total_files, total_seconds = total_files + n, total_seconds + seconds
            print(f"{fmt:<10}{n:>7}{seconds:>9.2f}{n / seconds:>9.1f}  {len(report.rejected)}")
        print(f"{'all':<10}{total_files:>7}{total_seconds:>9.2f}{total_files / total_seconds:>9.1f}")
        store.close()
        if args.long:
            time_command(work, folder / "long", args.long)
    finally:
        shutil.rmtree(work, ignore_errors=True)


if __name__ == "__main__":
    main()
