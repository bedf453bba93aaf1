"""The printable report's wording: its cover, answer counts in people, and table cells in the workshop's language."""
from datetime import datetime, timezone
from typing import Any
from zoneinfo import ZoneInfo

from babel import Locale, UnknownLocaleError
from babel.dates import format_date
from babel.numbers import format_decimal
from markupsafe import Markup, escape

from app.activities.base import Label
from app.i18n import gettext
from app.models import Workshop

# The municipalities' own clock: a workshop ending at 00:30 Oslo time happened that day, not the day before (UTC).
OSLO = ZoneInfo("Europe/Oslo")


def babel_locale(language: str) -> str:
    """Babel's locale for a workshop language (bokmål where Babel lacks one)."""
    try:
        Locale.parse(language)
    except (ValueError, UnknownLocaleError):
        return "nb"
    return language


def _utc(moment: datetime) -> datetime:
    # SQLite hands stored times back without their zone; they were written in UTC.
    return moment if moment.tzinfo else moment.replace(tzinfo=timezone.utc)


def workshop_day(w: Workshop, parts: list[dict[str, Any]]) -> datetime:
    """When the workshop took place: its first answer, else its end, else its creation (Oslo time)."""
    answers = [e.created_at for part in parts for e in part["entries"]]
    moment = min(map(_utc, answers)) if answers else _utc(w.ended_at or w.created_at)
    return moment.astimezone(OSLO)


def long_date(moment: datetime, language: str) -> str:
    """'30. november 2026' in bokmål and nynorsk, 'November 30, 2026' in English."""
    return format_date(moment.date(), format="long", locale=babel_locale(language))


def people_answered(part: dict[str, Any]) -> int:
    """How many people answered an activity: a diamond's drags or a poster's saves count their author once."""
    return len({e.participant_id for e in part["entries"]})


def cell(value: Any, language: str) -> Markup:
    """A report table cell: numbers with the language's decimal comma, labels translated, typed line breaks kept."""
    if isinstance(value, (int, float)) and not isinstance(value, bool):
        return escape(format_decimal(value, locale=babel_locale(language)))
    if isinstance(value, Label):
        return escape(gettext(value)) if value else Markup("")
    return Markup("<br>").join(escape(line) for line in str(value).split("\n"))
