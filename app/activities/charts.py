"""The printable report's chart pieces (issue 12), shared by the kinds' own charts: inline SVG drawn on the
server, so the printed page and the PDF need no script. Every user text goes through escape()."""
from typing import Iterable

from markupsafe import Markup, escape

WIDTH = 640  # viewBox units; the svg itself is 100 % wide, so it scales to the paper
FONT = 13
CHAR = 0.62  # a generous average glyph width in em, so estimated text never overlaps what follows it


def text_width(text: str, size: float) -> float:
    """An upper estimate of a text's width in viewBox units."""
    return len(text) * size * CHAR


def label(x: float, y: float, text: str, size: float = FONT, cls: str = "chart-label", anchor: str = "start",
          room: float = WIDTH) -> str:
    """One line of escaped text; squeezed (never broken) when it is wider than its room."""
    fit = f' textLength="{room:.0f}" lengthAdjust="spacingAndGlyphs"' if text_width(text, size) > room else ""
    return (f'<text x="{x:.1f}" y="{y:.1f}" class="{cls}" font-size="{size:.1f}" text-anchor="{anchor}"{fit}>'
            f'{escape(text)}</text>')


def svg(activity_id: int, chart: str, title: str, height: float, body: Iterable[str], width: float = WIDTH) -> Markup:
    """The svg frame: a viewBox that scales to the page, an accessible name, the activity it charts."""
    return Markup(
        f'<svg class="report-chart" data-activity="{activity_id}" data-chart="{chart}" role="img" '
        f'aria-label="{escape(title)}" viewBox="0 0 {width:.0f} {height:.0f}" width="100%" '
        f'preserveAspectRatio="xMidYMin meet" xmlns="http://www.w3.org/2000/svg">'
        f'<title>{escape(title)}</title>{"".join(body)}</svg>')


def bars(activity_id: int, chart: str, title: str, rows: list[tuple[str, float, str]]) -> Markup:
    """Horizontal bars: each row's label on its own line above a bar as long as its share of the largest."""
    top = max((value for _, value, _ in rows), default=0) or 1
    room, row_h, parts = WIDTH - 90, 40, []
    for i, (name, value, shown) in enumerate(rows):
        y = i * row_h
        length = max(value / top * room, 2 if value else 0)
        parts.append(label(0, y + 14, name))
        parts.append(f'<rect class="chart-bar" x="0" y="{y + 19}" width="{length:.1f}" height="14" rx="2"/>')
        parts.append(label(length + 6, y + 31, shown, cls="chart-value", room=90))
    return svg(activity_id, chart, title, len(rows) * row_h + 4, parts)
