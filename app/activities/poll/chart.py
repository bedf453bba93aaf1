"""The poll kind's chart in the printable report: its result as the room saw it, as inline SVG."""
from typing import Any

from markupsafe import Markup

from app.activities.charts import bars
from app.local_conventions import percent


def report_chart(activity_id: int, title: str, results: dict[str, Any], language: str) -> Markup | None:
    """Poll: each option's share of the voters, as the room's percentages."""
    voters = results.get("voters") or 0
    if not voters:
        return None
    rows = [(o["item"], o["votes"], percent(o["votes"] / voters, language)) for o in results["options"]]
    return bars(activity_id, "poll", title, rows)
