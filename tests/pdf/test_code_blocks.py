"""A code block's lines too long for the page wrap, each continuation marked; lines that fit print as written."""

from __future__ import annotations

from reportlab.pdfbase.pdfmetrics import stringWidth
from reportlab.platypus import Preformatted

from briefing.pdf.codeblocks import CONTINUATION, CodeBlock
from briefing.pdf.styles import load_theme

LONG = "code line that is extremely long " * 40
CODE = f"def f():\n    return 1\n{LONG.strip()}\n{'x' * 300}\n    indented short line"


def test_long_lines_wrap_within_the_frame_and_keep_every_character():
    style = load_theme().styles["Code"]
    block = CodeBlock(CODE, style)
    width = 400
    block.wrap(width, 10_000)
    room = width - style.leftIndent - style.rightIndent
    assert all(stringWidth(line, style.fontName, style.fontSize) <= room + 0.01 for line in block.lines)
    assert block.lines[:2] == ["def f():", "    return 1"] and block.lines[-1] == "    indented short line"
    continued = [line for line in block.lines if line.startswith(CONTINUATION)]
    assert len(continued) >= 15
    joined = "".join(line.removeprefix(CONTINUATION) for line in block.lines[2:-1])
    assert joined.replace(" ", "") == (LONG + "x" * 300).replace(" ", "")


def test_a_block_whose_lines_fit_is_set_as_written():
    style = load_theme().styles["Code"]
    text = "SELECT *\n  FROM documents\n WHERE kind = 'agreement'"
    block, stock = CodeBlock(text, style), Preformatted(text, style)
    assert block.wrap(400, 500) == stock.wrap(400, 500)
    assert block.lines == stock.lines


def test_a_wrapped_block_splits_across_pages_with_its_wrapped_lines():
    style = load_theme().styles["Code"]
    block = CodeBlock(CODE, style)
    first, rest = block.split(300, style.leading * 5.5)
    first.wrap(300, 1000)
    rest.wrap(300, 10_000)
    assert len(first.lines) == 5
    assert first.lines + rest.lines == block.lines
