"""The day's clock (app/services/schedule.py): planned start against the actual one, in whole minutes of the Oslo
wall clock; winter and summer time alike."""
from datetime import datetime, timezone

import pytest

from app.models import Activity, Workshop
from app.services.errors import Invalid
from app.services.schedule import agenda_times, clean_planned_start, clock_time, mark_opened, minutes_behind

# 30 November 2026: Oslo is UTC+1. 15 June 2026: UTC+2.
WINTER = datetime(2026, 11, 30, 8, 12, 40, tzinfo=timezone.utc)  # 09:12:40 in Oslo
SUMMER = datetime(2026, 6, 15, 7, 0, 0, tzinfo=timezone.utc)  # 09:00 in Oslo


def test_on_time():
    assert minutes_behind("09:00", SUMMER) == 0
    assert minutes_behind("09:12", WINTER) == 0  # 09:12:40 started at 09:12: the seconds do not count


def test_behind():
    assert minutes_behind("09:00", WINTER) == 12
    assert minutes_behind("08:59", SUMMER) == 1


def test_ahead():
    assert minutes_behind("09:30", WINTER) == -18
    assert minutes_behind("10:00", SUMMER) == -60


def test_not_planned():
    assert minutes_behind(None, WINTER) is None


def test_a_stored_time_without_its_zone_is_utc():
    """SQLite hands stored times back naive; they are UTC."""
    assert minutes_behind("09:00", WINTER.replace(tzinfo=None)) == 12
    assert clock_time(WINTER.replace(tzinfo=None)) == "09:12"


@pytest.mark.parametrize("given, stored", [("09:00", "09:00"), ("9:05", "09:05"), (" 23:59 ", "23:59"),
                                           ("00:00", "00:00"), (None, None), ("", None), ("  ", None)])
def test_a_planned_start_is_stored_as_hh_mm(given, stored):
    assert clean_planned_start(given) == stored


@pytest.mark.parametrize("given", ["24:00", "9", "09:60", "09.00", "0900", "09:00:00", "kl. 9", "٠٩:٠٠", "-1:00"])
def test_anything_else_is_refused_under_its_field_name(given):
    with pytest.raises(Invalid) as refused:
        clean_planned_start(given)
    assert refused.value.code == "planned_start"


def test_the_snapshot_fields():
    opened = Activity(workshop_id=1, kind="open_text", prompt="?", planned_start="09:00", opened_at=WINTER)
    assert agenda_times(opened) == {"planned_start": "09:00", "opened_at": "2026-11-30T08:12:40+00:00",
                                    "started": "09:12", "behind": 12}
    unplanned = Activity(workshop_id=1, kind="open_text", prompt="?", opened_at=WINTER)
    assert agenda_times(unplanned)["behind"] is None and agenda_times(unplanned)["started"] == "09:12"
    waiting = Activity(workshop_id=1, kind="open_text", prompt="?", planned_start="10:00")
    assert agenda_times(waiting) == {"planned_start": "10:00", "opened_at": None, "started": None, "behind": None}


def test_opened_once_and_only_live():
    a = Activity(workshop_id=1, kind="open_text", prompt="?")
    mark_opened(Workshop(owner_id=1, title="Øving", status="draft"), a)
    assert a.opened_at is None  # a rehearsal in the draft is not the day
    live = Workshop(owner_id=1, title="Samling 3", status="live")
    mark_opened(live, a)
    first = a.opened_at
    assert first is not None
    mark_opened(live, a)
    assert a.opened_at is first
