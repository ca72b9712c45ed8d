"""A figure's series (e.g. trade turnover by year) drawn with ReportLab's own graphics.

A derived or approximate value is drawn apart from reported ones: its bar as
a dashed outline, its labels (on a line chart, its year) with "≈" before
them, and how it was obtained in the note under the chart.
"""

from __future__ import annotations

from reportlab.graphics.charts.barcharts import VerticalBarChart
from reportlab.graphics.charts.linecharts import HorizontalLineChart
from reportlab.graphics.shapes import Drawing
from reportlab.lib import colors
from reportlab.platypus import Flowable, KeepTogether, Paragraph

from briefing.book.content import Series
from briefing.pdf.markdown import escape
from briefing.pdf.styles import Theme

_BARS_UP_TO = 12  # more points than this read better as a line
_APART = ("derived", "approximate")  # statuses drawn apart from reported values


def _fmt(value: float) -> str:
    if abs(value) >= 100 or value == int(value):
        return f"{value:,.0f}".replace(",", "\u202f")  # thin space: neutral between languages
    return f"{value:,.1f}".replace(",", "\u202f")


def series_chart(series: Series, theme: Theme, width: float) -> Flowable:
    """The chart with its title above and the unit and source below, kept on one page."""
    styles = theme.styles
    title = escape(series.title) + (f" ({escape(series.unit)})" if series.unit else "")
    parts: list[Flowable] = [Paragraph(title, styles["ChartTitle"])]
    points = series.points
    if not points:
        parts.append(Paragraph("No values.", styles["Caption"]))
        return KeepTogether(parts)
    height = 150
    sans, sans_bold = theme.font("sans"), theme.font("sans", "bold")
    d = Drawing(width, height + 26, initialFontName=sans)
    values = [p.value for p in points]
    apart = [p.status in _APART for p in points]
    chart = (VerticalBarChart if len(points) <= _BARS_UP_TO else HorizontalLineChart)()
    chart.x, chart.y, chart.width, chart.height = 42, 20, width - 56, height - 6
    chart.data = [values]
    chart.categoryAxis.categoryNames = [f"\u2248 {p.label}" if off else p.label for p, off in zip(points, apart)]
    muted, grid = theme.colour("muted"), theme.colour("table_grid")
    for axis in (chart.categoryAxis.labels, chart.valueAxis.labels):
        axis.fontName, axis.fontSize, axis.fillColor = sans, theme.page.get("chart_label_size", 8), muted
    for n, off in enumerate(apart):
        if off:
            chart.categoryAxis.labels[n].fontName = theme.font("symbols")
    chart.categoryAxis.strokeColor = chart.valueAxis.strokeColor = grid
    chart.valueAxis.valueMin = min(0, min(values))
    chart.valueAxis.labelTextFormat = _fmt
    chart.valueAxis.visibleGrid = True
    chart.valueAxis.gridStrokeColor = grid
    chart.valueAxis.gridStrokeWidth = 0.3
    accent = theme.colour(theme.colours["chart"][0])
    if isinstance(chart, VerticalBarChart):
        chart.bars[0].fillColor = accent
        chart.bars[0].strokeColor = None
        for n, off in enumerate(apart):
            if off:  # not a reported value: an outline, dashed, and "≈" on its label
                chart.bars[(0, n)].fillColor = colors.white
                chart.bars[(0, n)].strokeColor = accent
                chart.bars[(0, n)].strokeWidth = 1.2
                chart.bars[(0, n)].strokeDashArray = (3, 2)
        chart.barWidth, chart.groupSpacing = 10, 8
        chart.barLabelFormat = "values"
        chart.barLabelArray = [[("\u2248 " if off else "") + _fmt(v) for v, off in zip(values, apart)]]
        chart.barLabels.fontName, chart.barLabels.fontSize = sans_bold, theme.page.get("chart_label_size", 8)
        chart.barLabels.nudge = 6
        for n, off in enumerate(apart):
            if off:  # the text faces have no "≈": the symbol face draws these labels
                chart.barLabels[(0, n)].fontName = theme.font("symbols", "bold")
    else:
        chart.lines[0].strokeColor = accent
        chart.lines[0].strokeWidth = 1.6
    d.add(chart)
    parts.append(d)
    caption = []
    if series.note:  # "≈ 2021: derived from ...": the sign in the symbol face
        caption.append(theme.glyphs.markup(series.note[:1].upper() + series.note[1:]))
    if series.source:
        caption.append(f"Source: {escape(series.source)}")
    if caption:
        parts.append(Paragraph(". ".join(c.rstrip(".") for c in caption) + ".", styles["Caption"]))
    return KeepTogether(parts)

