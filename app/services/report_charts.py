"""The printable report's charts (issue 12): each activity's result as the room saw it, drawn by its kind
(ActivityKind.report_chart) from what the presenter showed."""
from typing import Any

from markupsafe import Markup

from app.activities.base import ActivityKind


def chart(part: dict[str, Any], language: str) -> Markup | None:
    """An activity's chart from its export part; None for kinds kept as text."""
    a, kind = part["activity"], part["kind"]
    if type(kind).report_chart is ActivityKind.report_chart:  # the kind draws none: its table says it all
        return None
    return kind.report_chart(a.id, a.prompt, kind.presenter_results(part["results"]), language)
