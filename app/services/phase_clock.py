"""Timed phases of an activity (e.g. Individual 3 min -> Group 15 min -> Plenary 10 min).

The clock keeps absolute server times: a running phase has a deadline, a paused one the seconds it
had left. Every screen is sent the deadline and the server's time of sending, so each shows the same
remaining time whatever its own clock says. Pure functions over an immutable state: the caller
stores the state (as a dict) and passes `now` (server seconds since the epoch).
"""
from dataclasses import asdict, dataclass, replace
from typing import Any

MAX_PHASES = 12
MAX_SECONDS = 4 * 3600


@dataclass(frozen=True)
class Phase:
    """One step: its label (e.g. "individual", "group", "plenary", or the facilitator's words) and length."""

    label: str
    seconds: int
    # Round-robin sharing ("rekkefremlegg"): the phase is split into equal turns, one per group member.
    turns: bool = False


@dataclass(frozen=True)
class Clock:
    """Where an activity's phases stand."""

    phases: tuple[Phase, ...]
    index: int = -1  # -1: not started; len(phases): over
    deadline: float | None = None  # set while running
    remaining: float | None = None  # set while paused

    @property
    def started(self) -> bool:
        return self.index >= 0

    @property
    def over(self) -> bool:
        return self.index >= len(self.phases)


def plan(phases: list[tuple]) -> Clock:
    """A clock for these (label, seconds[, turns]) phases, not started; ValueError for an impossible plan."""
    if not 1 <= len(phases) <= MAX_PHASES:
        raise ValueError(f"between 1 and {MAX_PHASES} phases")
    made = []
    for item in phases:
        if not isinstance(item, (list, tuple)) or len(item) not in (2, 3):
            raise ValueError("a phase is a label, a length in seconds and optionally turns")
        label, seconds, turns = (*item, False) if len(item) == 2 else item
        label = str(label).strip()
        if not label or len(label) > 60:
            raise ValueError("every phase needs a label of at most 60 characters")
        if not isinstance(seconds, int) or isinstance(seconds, bool) or not 1 <= seconds <= MAX_SECONDS:
            raise ValueError(f"a phase lasts between 1 and {MAX_SECONDS} seconds")
        made.append(Phase(label, seconds, bool(turns)))
    return Clock(tuple(made))


def settle(clock: Clock, now: float) -> Clock:
    """The clock with every phase whose deadline has passed moved on (deadlines chain, so no drift)."""
    while clock.deadline is not None and now >= clock.deadline and not clock.over:
        index = clock.index + 1
        if index >= len(clock.phases):
            return replace(clock, index=index, deadline=None, remaining=None)
        clock = replace(clock, index=index, deadline=clock.deadline + clock.phases[index].seconds)
    return clock


def start(clock: Clock, now: float) -> Clock:
    """Start the first phase now (or restart the plan from the beginning)."""
    return replace(clock, index=0, deadline=now + clock.phases[0].seconds, remaining=None)


def pause(clock: Clock, now: float) -> Clock:
    """Freeze the running phase with what it has left."""
    clock = settle(clock, now)
    if clock.deadline is None:
        return clock
    return replace(clock, deadline=None, remaining=max(0.0, clock.deadline - now))


def resume(clock: Clock, now: float) -> Clock:
    """Run a paused phase on from what it had left."""
    if clock.remaining is None:
        return clock
    return replace(clock, deadline=now + clock.remaining, remaining=None)


def add_seconds(clock: Clock, now: float, seconds: int = 60) -> Clock:
    """Give the current phase more time (running or paused)."""
    clock = settle(clock, now)
    if clock.deadline is not None:
        return replace(clock, deadline=clock.deadline + seconds)
    if clock.remaining is not None:
        return replace(clock, remaining=clock.remaining + seconds)
    return clock


def skip(clock: Clock, now: float) -> Clock:
    """End the current phase now and start the next one (running or paused alike)."""
    clock = settle(clock, now)
    if not clock.started or clock.over:
        return clock
    index = clock.index + 1
    if index >= len(clock.phases):
        return end(clock)
    return replace(clock, index=index, deadline=now + clock.phases[index].seconds, remaining=None)


def end(clock: Clock) -> Clock:
    """Finish every phase now."""
    return replace(clock, index=len(clock.phases), deadline=None, remaining=None)


def view(clock: Clock, now: float) -> dict[str, Any]:
    """What screens render: the phase, the absolute deadline and the server's time of sending."""
    clock = settle(clock, now)
    current = clock.phases[clock.index] if clock.started and not clock.over else None
    return {
        "phases": [asdict(p) for p in clock.phases],
        "index": clock.index,
        "label": current.label if current else None,
        "seconds": current.seconds if current else None,
        "turns": current.turns if current else False,
        "running": clock.deadline is not None,
        "deadline": clock.deadline,
        "remaining": clock.remaining if clock.remaining is not None else
        (max(0.0, clock.deadline - now) if clock.deadline is not None else None),
        "server_time": now,
        "over": clock.over,
    }


def to_dict(clock: Clock) -> dict[str, Any]:
    """The clock as stored (JSON)."""
    return {"phases": [[p.label, p.seconds, p.turns] for p in clock.phases], "index": clock.index,
            "deadline": clock.deadline, "remaining": clock.remaining}


def from_dict(data: dict[str, Any]) -> Clock:
    """A stored clock back."""
    return replace(plan([tuple(p) for p in data["phases"]]), index=data["index"], deadline=data["deadline"],
                   remaining=data["remaining"])
