"""The word cloud kind's chart in the printable report: its result as the room saw it, as inline SVG."""
from math import sqrt
from typing import Any

from markupsafe import Markup

from app.activities.charts import CHAR, WIDTH, label, svg, text_width

CLOUD_WORDS = 40


def cloud_layout(words: list[dict[str, Any]], width: float = WIDTH) -> tuple[list[tuple[str, float, float, float]], float]:
    """Words in centred rows, biggest first, sized by count: (text, x, baseline, size) and the height used.
    Rows are filled by estimated widths, so no two words overlap; the same words always land the same way."""
    words = words[:CLOUD_WORDS]
    top = max((w["count"] for w in words), default=1)
    gap, used = 14.0, 0.0
    rows: list[list[tuple[str, float, float]]] = []
    row: list[tuple[str, float, float]] = []  # (text, width, size) of each word
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
    placed: list[tuple[str, float, float, float]] = []
    y = 0.0
    for row in rows:
        tallest = max(size for _, _, size in row)
        y += tallest * 1.15
        x = (width - (sum(span for _, span, _ in row) + gap * (len(row) - 1))) / 2
        for text, span, size in row:
            placed.append((text, x, y, size))
            x += span + gap
    return placed, y + 8


def report_chart(activity_id: int, title: str, results: dict[str, Any], language: str) -> Markup | None:
    """Word cloud: the words the room saw, sized by how many people gave them."""
    placed, height = cloud_layout(results["words"])
    if not placed:
        return None
    return svg(activity_id, "cloud", title, height,
               [label(x, y, text, size=size, cls="chart-word") for text, x, y, size in placed])
