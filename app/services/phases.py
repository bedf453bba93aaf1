"""Timed phases on activities: the plan the facilitator sets and the clock commands of the live day."""
import time
from typing import Any

from app.db import Database
from app.services import phase_clock as pc
from app.services.errors import Conflict, Invalid
from app.services.events import Bus
from app.services.unit_of_work import changing

# Commands on the current activity's clock (args: activity_id to aim elsewhere; seconds for phase_add); the
# command table (app/services/commands.py) runs them through `apply`.
PHASE_COMMANDS = {"phase_start", "phase_pause", "phase_resume", "phase_add", "phase_skip", "phase_end"}
# The seeds' plan: "I: Individuell refleksjon 3 min, G: Rekkefremlegg 15 min, P: Plenum 10 min".
IGP = [("individual", 180, False), ("group", 900, True), ("plenary", 600, False)]


def now() -> float:
    """Server time in seconds since the epoch: the one clock every screen is measured against."""
    return time.time()


def parse_plan(raw: Any) -> list[tuple[str, int, bool]]:
    """Phases from the API's [{"label", "seconds", "turns"}] (or [label, seconds, turns]) list."""
    if not isinstance(raw, list):
        raise Invalid("Phases are a list of a label and a length in seconds.", "phases")
    phases = []
    for item in raw:
        if isinstance(item, dict):
            item = (item.get("label"), item.get("seconds"), item.get("turns", False))
        if not isinstance(item, (list, tuple)) or len(item) not in (2, 3):
            raise Invalid("Phases are a list of a label and a length in seconds.", "phases")
        phases.append((*item, False) if len(item) == 2 else tuple(item))
    return phases


def set_phases(db: Database, bus: Bus, *, facilitator_id: int, activity_id: int, raw: Any) -> dict[str, Any]:
    """Give an activity its timed phases (not started); an empty list removes them."""
    phases = parse_plan(raw)
    try:
        clock = pc.to_dict(pc.plan(phases)) if phases else {}
    except ValueError as e:
        raise Invalid("Invalid phases: %(problem)s", "phases", problem=str(e))
    with changing(db, bus, facilitator_id=facilitator_id, activity_id=activity_id) as change:
        change.subject.clock = clock
        change.s.add(change.subject)
    return clock


def apply(clock_data: dict[str, Any], command: str, args: dict[str, Any], at: float) -> dict[str, Any]:
    """The stored clock after one phase command at server time `at`."""
    if not clock_data:
        raise Conflict("This activity has no timed phases.", "no_phases")
    clock = pc.from_dict(clock_data)
    if command == "phase_start":
        clock = pc.start(clock, at)
    elif command == "phase_pause":
        clock = pc.pause(clock, at)
    elif command == "phase_resume":
        clock = pc.resume(clock, at)
    elif command == "phase_add":
        seconds = args.get("seconds", 60)
        if not isinstance(seconds, int) or isinstance(seconds, bool) or not -3600 <= seconds <= 3600 or seconds == 0:
            raise Invalid("Add between 1 and 3600 seconds.", "seconds")
        clock = pc.add_seconds(clock, at, seconds)
    elif command == "phase_skip":
        clock = pc.skip(clock, at)
    elif command == "phase_end":
        clock = pc.end(clock)
    return pc.to_dict(pc.settle(clock, at))


def view(clock_data: dict[str, Any], at: float) -> dict[str, Any] | None:
    """What screens render of an activity's clock, or None if it has no phases."""
    return pc.view(pc.from_dict(clock_data), at) if clock_data else None
