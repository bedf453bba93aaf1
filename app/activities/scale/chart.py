"""The self-assessment kind's chart in the printable report: its result as the room saw it, as inline SVG."""
from typing import Any

from markupsafe import Markup

from app.activities.charts import WIDTH, label, svg
from app.i18n import gettext
from app.local_conventions import number


def report_chart(activity_id: int, title: str, results: dict[str, Any], language: str) -> Markup | None:
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
