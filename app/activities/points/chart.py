"""The 100-point kind's chart in the printable report: its result as the room saw it, as inline SVG."""
from typing import Any

from markupsafe import Markup

from app.activities.charts import bars
from app.local_conventions import number


def report_chart(activity_id: int, title: str, results: dict[str, Any], language: str) -> Markup | None:
    """Points: each item's total as a bar, in the ranking's order."""
    rows = [(r["item"], r["score"], number(r["score"], language)) for r in results["ranking"]]
    return bars(activity_id, "points", title, rows) if rows else None
