"""Results ticks across rooms: one rebuild at a time, on the hub's own thread, spaced by what they cost, logged.

A source stands in for the views here (the hub knows nothing of kinds; what it is given is all it uses): it
records which thread rebuilt and how many rebuilds ran at once."""
import asyncio
import logging
import threading
import time

import pytest

from app.contract import PRESENTER, RESULTS
from app.live.connection import Connection
from app.live.hub import TICK_SHARE, Hub, TickLog
from bench.grouped import SUMMARY_LINE
from tests.test_connection import Socket, run


class CountingSource:
    """Snapshots for any workshop; results that take `cost` seconds of CPU, counting overlaps and threads."""

    def __init__(self, cost: float = 0.02):
        self.cost = cost
        self.lock = threading.Lock()
        self.running = 0
        self.most_at_once = 0
        self.threads: set[str] = set()
        self.rebuilds: dict[int, list[float]] = {}

    def state(self, workshop_id: int):
        view = {"type": "state", "version": 1, "workshop": {"id": workshop_id}}
        return {PRESENTER: view, "meta": {}}

    def results(self, workshop_id: int, online: int):
        with self.lock:
            self.running += 1
            self.most_at_once = max(self.most_at_once, self.running)
            self.threads.add(threading.current_thread().name)
            self.rebuilds.setdefault(workshop_id, []).append(time.monotonic())
        started = time.thread_time()
        while time.thread_time() - started < self.cost:  # CPU, as a real rebuild spends it
            pass
        with self.lock:
            self.running -= 1
        return {PRESENTER: {"type": "results", "n": len(self.rebuilds[workshop_id])}}


def _rooms_ticking(source: CountingSource, rooms: int, seconds: float, hub: Hub | None = None,
                   until=lambda: False) -> None:
    """`rooms` workshops with a presenter each (on `hub`, default a new one), every room marked changed every 10 ms
    for `seconds`, or less once `until()` holds."""
    async def scenario():
        nonlocal hub
        hub = hub or Hub(source, interval=0.05)
        conns = []
        for w in range(1, rooms + 1):
            conn = Connection(Socket(), PRESENTER, w, queue_size=1024)
            await hub.enter(conn)
            conns.append(conn)
        end = time.monotonic() + seconds
        while time.monotonic() < end and not until():
            for w in range(1, rooms + 1):
                hub.notify(w, RESULTS)
            await asyncio.sleep(0.01)
        for conn in conns:
            await hub.leave(conn)
            await conn.stop()
        await hub.close()

    run(scenario())


def test_rooms_rebuild_one_at_a_time_on_the_hubs_own_thread():
    source = CountingSource()
    _rooms_ticking(source, rooms=4, seconds=1.0)
    assert source.most_at_once == 1
    # Not the shared pool, which a join storm fills: the hub's own thread.
    assert source.threads and all(name.startswith("results") for name in source.threads), source.threads
    assert all(len(source.rebuilds.get(w, [])) >= 2 for w in range(1, 5)), source.rebuilds


class RecordingHub(Hub):
    """The hub, noting every pause it works out after a tick (the room, the CPU measured and the pause)."""

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.pauses: list[tuple[int, float, float]] = []

    def pause_after(self, workshop_id: int, cpu: float) -> float:
        pause = super().pause_after(workshop_id, cpu)
        self.pauses.append((workshop_id, cpu, pause))
        return pause


def test_ticks_rest_by_the_cpu_their_rebuild_cost_across_the_rooms():
    """Four rooms whose rebuilds burn 30 ms of CPU each: once all have ticked, each rests 4 x 30 ms / TICK_SHARE
    at least (not the 50 ms interval), so together they take no more than their share. The CPU is what the
    rebuild spent, however long it took; nothing here is timed."""
    source = CountingSource(cost=0.03)
    hub = RecordingHub(source, interval=0.05)
    _rooms_ticking(source, rooms=4, seconds=8.0, hub=hub, until=lambda: len(hub.pauses) >= 16)
    assert len(hub.pauses) >= 16, hub.pauses
    assert all(cpu >= source.cost for _room, cpu, _pause in hub.pauses), hub.pauses
    # Once every room has queued for its first rebuild, each counts (queued, ticking or resting) until its pause ends.
    first_of_last = max(next(i for i, p in enumerate(hub.pauses) if p[0] == room) for room in range(1, 5))
    later = hub.pauses[first_of_last + 1:]
    assert later and all(pause == pytest.approx(cpu * 4 / TICK_SHARE) for _room, cpu, pause in later), later


def test_rooms_resting_long_after_expensive_ticks_still_count():
    """Ten rooms of 200 ms of CPU a tick rest 10 x 0.2 / TICK_SHARE (6 s) each; a second later they still share the
    budget (counting only rooms that ticked within the last second would let each tick again far sooner: most of
    the process)."""
    hub = Hub(CountingSource())
    pauses = [hub.pause_after(w, cpu=0.2) for w in range(1, 11)]
    assert pauses[0] == pytest.approx(0.2 / TICK_SHARE) and pauses[-1] == pytest.approx(2.0 / TICK_SHARE)
    time.sleep(1.2)
    assert hub.pause_after(1, cpu=0.2) == pytest.approx(2.0 / TICK_SHARE)
    assert hub.pause_after(11, cpu=0.001) == pytest.approx(0.1)  # a cheap tick still rests the interval at least
    hub.rebuilder.shutdown()


def test_a_rooms_ticks_are_summarised_in_the_log(caplog):
    caplog.set_level(logging.INFO, logger="app.live.hub")
    source = CountingSource(cost=0.001)
    _rooms_ticking(source, rooms=1, seconds=0.3)
    lines = [r.getMessage() for r in caplog.records if "results ticks for workshop 1" in r.getMessage()]
    assert len(lines) == 1, lines  # the room closed: its last ticks are summarised once
    found = SUMMARY_LINE.search(lines[0])  # the benchmark reads these lines
    rebuilds = len(source.rebuilds[1])  # one may have been cut off by the room closing: not a tick
    assert found and rebuilds - 1 <= int(found[2]) <= rebuilds, (lines[0], rebuilds)


def test_a_tick_summary_counts_the_slow_ones():
    ticks = TickLog()
    for took in (0.01, 0.02, 0.15, 0.03):
        ticks.add(took, cpu=0.005, waited=0.0)
    ticks.add(0.04, cpu=0.005, waited=0.25)
    found = SUMMARY_LINE.search(ticks.summary(7))
    assert found is not None
    assert (found[1], found[2], found[3], found[4], found[5], found[6], found[7]) == \
        ("7", "5", "1", "30", "150", "5.0", "250")
