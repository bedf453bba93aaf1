"""Timed phases: absolute deadlines, pause, resume, extra time, skipping, and the chained deadlines."""
import pytest
from hypothesis import given
from hypothesis import strategies as st

from app.services import phase_clock as pc

IGP = [("individual", 180), ("group", 900), ("plenary", 600)]
T0 = 1_790_000_000.0  # a server time in 2026


def test_phases_run_one_after_another_on_chained_deadlines():
    """The next deadline follows from the previous one, not from when someone looked."""
    clock = pc.start(pc.plan(IGP), T0)
    v = pc.view(clock, T0 + 10)
    assert (v["label"], v["remaining"], v["deadline"]) == ("individual", 170.0, T0 + 180)
    v = pc.view(clock, T0 + 180 + 900 + 5)  # nobody looked for a long while
    assert (v["label"], v["deadline"]) == ("plenary", T0 + 180 + 900 + 600)
    assert pc.view(clock, T0 + 1680)["over"] and pc.view(clock, T0 + 1680)["label"] is None


def test_pause_resume_and_add_a_minute():
    """Paused time does not count; an added minute lengthens the current phase only."""
    clock = pc.start(pc.plan(IGP), T0)
    clock = pc.pause(clock, T0 + 60)
    v = pc.view(clock, T0 + 500)
    assert (v["running"], v["remaining"], v["deadline"]) == (False, 120.0, None)
    clock = pc.add_seconds(clock, T0 + 500)
    clock = pc.resume(clock, T0 + 1000)
    assert pc.view(clock, T0 + 1000)["deadline"] == T0 + 1000 + 180
    clock = pc.add_seconds(clock, T0 + 1010)
    assert pc.view(clock, T0 + 1010)["remaining"] == 230.0
    assert pc.view(clock, T0 + 1240)["label"] == "group"


def test_skip_and_end_early():
    """Skipping starts the next phase in full now; ending finishes the plan."""
    clock = pc.skip(pc.start(pc.plan(IGP), T0), T0 + 30)
    v = pc.view(clock, T0 + 30)
    assert (v["label"], v["remaining"]) == ("group", 900.0)
    clock = pc.skip(pc.pause(clock, T0 + 40), T0 + 50)  # a paused phase can be skipped too
    assert pc.view(clock, T0 + 50)["label"] == "plenary" and pc.view(clock, T0 + 50)["running"]
    assert pc.view(pc.skip(clock, T0 + 60), T0 + 60)["over"]
    assert pc.view(pc.end(pc.start(pc.plan(IGP), T0)), T0)["over"]


@pytest.mark.parametrize("phases", [[], [("", 60)], [("group", 0)], [("group", 60.5)], [("x", 99999)]])
def test_impossible_plans_are_refused(phases):
    with pytest.raises(ValueError):
        pc.plan(phases)


@given(st.lists(st.tuples(st.sampled_from(["individual", "group", "plenary"]), st.integers(1, 3600)),
                min_size=1, max_size=6),
       st.lists(st.tuples(st.sampled_from(["pause", "resume", "add", "skip", "wait"]), st.integers(0, 2000)),
                max_size=20))
def test_any_sequence_of_commands_survives_storage_and_never_runs_backwards(phases, commands):
    """Stored and read back, the clock says the same; the phase index never goes back."""
    clock, now, index = pc.start(pc.plan(phases), T0), T0, 0
    for command, seconds in commands:
        now += seconds
        clock = {"pause": pc.pause, "resume": pc.resume, "skip": pc.skip,
                 "add": lambda c, t: pc.add_seconds(c, t, 60), "wait": pc.settle}[command](clock, now)
        again = pc.from_dict(pc.to_dict(clock))
        assert pc.view(again, now) == pc.view(clock, now)
        v = pc.view(clock, now)
        assert v["index"] >= index
        index = v["index"]
        if v["remaining"] is not None:
            assert 0 <= v["remaining"] <= max(p[1] for p in phases) + 60 * len(commands)
