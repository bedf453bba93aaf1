"""The printable report's charts (issue 12): each activity's result as the room saw it, as inline SVG drawn
on the server, so the printed page and the PDF need no script. Every user text goes through escape()."""
from math import sqrt
from typing import Any, Iterable

from markupsafe import Markup, escape

from app.i18n import gettext
from app.local_conventions import number, percent

WIDTH = 640  # viewBox units; the svg itself is 100 % wide, so it scales to the paper
FONT = 13
CHAR = 0.62  # a generous average glyph width in em, so estimated text never overlaps what follows it
CLOUD_WORDS = 40
DIAMOND_ROWS = (1, 2, 3, 2, 1)


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


def points_chart(activity_id: int, title: str, results: dict[str, Any], language: str) -> Markup | None:
    """Points: each item's total as a bar, in the ranking's order."""
    rows = [(r["item"], r["score"], number(r["score"], language)) for r in results["ranking"]]
    return bars(activity_id, "points", title, rows) if rows else None


def poll_chart(activity_id: int, title: str, results: dict[str, Any], language: str) -> Markup | None:
    """Poll: each option's share of the voters, as the room's percentages."""
    voters = results.get("voters") or 0
    if not voters:
        return None
    rows = [(o["item"], o["votes"], percent(o["votes"] / voters, language)) for o in results["options"]]
    return bars(activity_id, "poll", title, rows)


def scale_chart(activity_id: int, title: str, results: dict[str, Any], language: str) -> Markup | None:
    """Scale: a 1-6 histogram and the median for each statement the room was shown (min_count reached)."""
    shown = [s for s in results["statements"] if s["shown"]]
    if not shown:
        return None
    row_h, col, bar_h, parts = 120, 44, 60, []
    for i, s in enumerate(shown):
        y = i * row_h
        top = max(s["histogram"]) or 1
        parts.append(label(0, y + 15, s["item"], size=14, cls="chart-label chart-strong"))
        base = y + 24 + bar_h
        for v, count in enumerate(s["histogram"]):
            x, h = v * col, count / top * bar_h
            parts.append(f'<rect class="chart-bar" x="{x + 4}" y="{base - h:.1f}" width="{col - 8}" height="{h:.1f}"/>')
            if count:
                parts.append(label(x + col / 2, base - h - 3, number(count, language), size=11, cls="chart-value",
                                   anchor="middle"))
            parts.append(label(x + col / 2, base + 15, str(v + 1), size=12, cls="chart-axis", anchor="middle"))
        parts.append(f'<line class="chart-base" x1="0" x2="{6 * col}" y1="{base}" y2="{base}"/>')
        median = f'{gettext("Median")}: {number(s["median"], language)}'
        parts.append(label(6 * col + 24, base - bar_h / 2 + 6, median, size=16, cls="chart-median",
                           room=WIDTH - 6 * col - 24))
    return svg(activity_id, "scale", title, len(shown) * row_h, parts)


def cloud_layout(words: list[dict[str, Any]], width: float = WIDTH) -> tuple[list[tuple[str, float, float, float]], float]:
    """Words in centred rows, biggest first, sized by count: (text, x, baseline, size) and the height used.
    Rows are filled by estimated widths, so no two words overlap; the same words always land the same way."""
    words = words[:CLOUD_WORDS]
    top = max((w["count"] for w in words), default=1)
    gap, rows, row, used = 14.0, [], [], 0.0
    for w in words:
        size = 14 + 30 * sqrt(w["count"] / top)
        size = min(size, width / max(len(w["text"]) * CHAR, 1))  # one long compound still fits the width
        span = text_width(w["text"], size)
        if row and used + gap + span > width:
            rows.append(row)
            row, used = [], 0.0
        used += (gap if row else 0) + span
        row.append((w["text"], span, size))
    if row:
        rows.append(row)
    placed, y = [], 0.0
    for row in rows:
        tallest = max(size for _, _, size in row)
        y += tallest * 1.15
        x = (width - (sum(span for _, span, _ in row) + gap * (len(row) - 1))) / 2
        for text, span, size in row:
            placed.append((text, x, y, size))
            x += span + gap
    return placed, y + 8


def cloud_chart(activity_id: int, title: str, results: dict[str, Any], language: str) -> Markup | None:
    """Word cloud: the words the room saw, sized by how many people gave them."""
    placed, height = cloud_layout(results["words"])
    if not placed:
        return None
    return svg(activity_id, "cloud", title, height,
               [label(x, y, text, size=size, cls="chart-word") for text, x, y, size in placed])


BOX_W, BOX_H, BOX_GAP = 130, 34, 6
BOARD_WIDTH = 3 * BOX_W + 2 * BOX_GAP + 8  # a board's own viewBox: its widest row, so boards side by side stay legible


def diamond_board(name: str, slots: list[str | None], top: float) -> tuple[list[str], float]:
    """One board as a diamond: rows of 1-2-3-2-1 boxes, centred, the group's name above; its markup and height."""
    box_w, box_h, gap = BOX_W, BOX_H, BOX_GAP
    parts = [label(BOARD_WIDTH / 2, top + 16, name, size=15, cls="chart-label chart-strong", anchor="middle",
                   room=BOARD_WIDTH)]
    y, slot = top + 26, 0
    for count in DIAMOND_ROWS:
        x = (BOARD_WIDTH - (count * box_w + (count - 1) * gap)) / 2
        for _ in range(count):
            item = slots[slot] if slot < len(slots) else None
            parts.append(f'<rect class="chart-slot{"" if item else " empty"}" x="{x:.1f}" y="{y:.1f}" '
                         f'width="{box_w}" height="{box_h}" rx="5"/>')
            if item:
                parts.append(label(x + box_w / 2, y + 22, item, cls="chart-label", anchor="middle", room=box_w - 10))
            x += box_w + gap
            slot += 1
        y += box_h + gap
    return parts, y - top + 10


def diamond_chart(activity_id: int, title: str, results: dict[str, Any], language: str) -> Markup | None:
    """Diamond: each group's board as the room saw it, then the summed ranking as bars (one svg each)."""
    charts = []
    for board in results["boards"]:
        parts, height = diamond_board(board["name"], board["slots"], 0)
        charts.append(svg(activity_id, "diamond", f'{title} · {board["name"]}', height, parts, BOARD_WIDTH))
    ranking = [(r["item"], r["score"], number(r["score"], language)) for r in results["ranking"]]
    if ranking:
        charts.append(bars(activity_id, "ranking", title, ranking))
    return Markup("").join(charts) if charts else None


CHARTS = {"points": points_chart, "poll": poll_chart, "scale": scale_chart, "word_cloud": cloud_chart,
          "diamond": diamond_chart}


def chart(part: dict[str, Any], language: str) -> Markup | None:
    """An activity's chart from its export part, drawn from what the presenter showed; None for kinds kept as text."""
    a, kind = part["activity"], part["kind"]
    draw = CHARTS.get(a.kind)
    if draw is None:
        return None
    return draw(a.id, a.prompt, kind.presenter_results(part["results"]), language)
