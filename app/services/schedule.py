"""The day's clock: an activity's planned start ("09:00", Oslo time) against when it first opened live.

The console shows "Planned 09:00 · started 09:12 · 12 minutes behind schedule". The figure is the actual
opening (or now, for the next activity not yet opened: static/js/schedule.js does the same sum as time passes)
minus the plan, in whole minutes of the Oslo wall clock. A workshop day does not cross midnight, so two times
of day compare directly."""
import re
from datetime import datetime
from typing import Any

from app.i18n import N_
from app.local_conventions import as_utc, in_oslo
from app.models import Activity, Workshop, utcnow
from app.services.errors import Invalid

# ASCII digits only: "٠٩:٠٠" would pass \d and be stored as it came.
_TIME = re.compile(r"([01]?[0-9]|2[0-3]):([0-5][0-9])")


def clean_planned_start(value: str | None) -> str | None:
    """A planned start as stored: "HH:MM" from 00:00 to 23:59 ("9:00" becomes "09:00"); None or an empty text
    (an emptied time field) for no planned time."""
    if value is None or not value.strip():
        return None
    found = _TIME.fullmatch(value.strip())
    if found is None:
        raise Invalid(N_("Please give the planned start as a time of day from 00:00 to 23:59, like 09:00."),
                      "planned_start")
    return f"{int(found[1]):02d}:{found[2]}"


def _of_day(hh_mm: str) -> int:
    """Minutes since midnight of "HH:MM"."""
    hours, minutes = hh_mm.split(":")
    return int(hours) * 60 + int(minutes)


def clock_time(moment: datetime) -> str:
    """A stored moment as the Oslo wall clock shows it, to the minute: "09:12"."""
    return in_oslo(moment).strftime("%H:%M")


def minutes_behind(planned_start: str | None, actual: datetime) -> int | None:
    """Whole minutes `actual` comes after the planned start on the Oslo clock (negative: ahead of it);
    None when nothing is planned. Seconds do not count: opened at 09:12:59, planned 09:00, is 12 behind,
    as "started 09:12" reads."""
    if planned_start is None:
        return None
    return _of_day(clock_time(actual)) - _of_day(planned_start)


def agenda_times(a: Activity) -> dict[str, Any]:
    """An agenda item's times as the facilitator's snapshot carries them (docs/protocol.md)."""
    opened = as_utc(a.opened_at) if a.opened_at else None
    return {
        "planned_start": a.planned_start,
        "opened_at": opened.isoformat(timespec="seconds") if opened else None,
        "started": clock_time(opened) if opened else None,
        "behind": minutes_behind(a.planned_start, opened) if opened else None,
    }


def mark_opened(w: Workshop, a: Activity) -> None:
    """Note when `a` first became the activity on screen in live workshop `w`; never moved once noted (going
    back to it later is not its start). A draft's rehearsal notes nothing."""
    if w.status == "live" and a.opened_at is None:
        a.opened_at = utcnow()
