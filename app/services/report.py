"""The printable report's wording: its cover, answer counts in people, and table cells in the workshop's language."""
from datetime import datetime
from typing import Any

from markupsafe import Markup, escape

from app.activities.base import Label
from app.i18n import gettext
from app.local_conventions import as_utc, in_oslo, number
from app.models import Workshop


def workshop_day(w: Workshop, parts: list[dict[str, Any]]) -> datetime:
    """When the workshop took place: its first answer, else its end, else its creation (Oslo time)."""
    answers = [e.created_at for part in parts for e in part["entries"]]
    return in_oslo(min(map(as_utc, answers)) if answers else w.ended_at or w.created_at)


def people_answered(part: dict[str, Any]) -> int:
    """How many people answered an activity: a diamond's drags or a poster's saves count their author once."""
    return len({e.participant_id for e in part["entries"]})


def cell(value: Any, language: str) -> Markup:
    """A report table cell: numbers with the language's decimal comma, labels translated, typed line breaks kept."""
    if isinstance(value, (int, float)) and not isinstance(value, bool):
        return escape(number(value, language))
    if isinstance(value, Label):
        return escape(gettext(value)) if value else Markup("")
    return Markup("<br>").join(escape(line) for line in str(value).split("\n"))
