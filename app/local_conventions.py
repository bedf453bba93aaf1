"""How a Norwegian municipality reads times, dates and numbers: Oslo time, "30. november 2026", "3,5"."""
from datetime import date, datetime, timezone
from zoneinfo import ZoneInfo

from babel import Locale, UnknownLocaleError
from babel.dates import format_date
from babel.numbers import format_decimal, format_percent

# The municipalities' own clock: a workshop ending at 00:30 Oslo time happened that day, not the day before.
OSLO = ZoneInfo("Europe/Oslo")


def as_utc(moment: datetime) -> datetime:
    """A stored time with its zone: SQLite hands times back naive, and everything is stored in UTC."""
    return moment if moment.tzinfo else moment.replace(tzinfo=timezone.utc)


def in_oslo(moment: datetime) -> datetime:
    """A stored time as Oslo time."""
    return as_utc(moment).astimezone(OSLO)


def babel_locale(language: str) -> str:
    """Babel's locale for a workshop language (bokmål where Babel lacks one)."""
    try:
        Locale.parse(language)
    except (ValueError, UnknownLocaleError):
        return "nb"
    return language


def long_date(day: date | datetime, language: str) -> str:
    """'30. november 2026' in bokmål and nynorsk, 'November 30, 2026' in English (a datetime: its own date)."""
    day = day.date() if isinstance(day, datetime) else day
    return format_date(day, format="long", locale=babel_locale(language))


def number(value: float, language: str) -> str:
    """A number with the language's decimal sign: '3,5' in bokmål and nynorsk."""
    return format_decimal(value, locale=babel_locale(language))


def percent(share: float, language: str) -> str:
    """A share as the language writes it: '40 %' (no-break space) in bokmål and nynorsk, '40%' in English."""
    return format_percent(share, locale=babel_locale(language))
