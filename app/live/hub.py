"""Rooms per live workshop: cached snapshots, fan-out once per audience, coalesced results."""
import asyncio
import logging
import math
import time
from concurrent.futures import ThreadPoolExecutor
from typing import Any, Callable, Protocol, TypeVar

from starlette.concurrency import run_in_threadpool

from app.contract import (ACCESS, CLOSE_GOING_AWAY, CLOSE_NOT_FOUND, META, PARTICIPANT, PERSONAL, RESULTS,
                          STAFF_AUDIENCES, STATE, dumps)
from app.live.attachment import LocalPresence, Presence, RoomWatcher
from app.live.connection import Connection
from app.live.frames import encode_text

log = logging.getLogger(__name__)
T = TypeVar("T")
# A results tick (rebuild, personal views, fan-out) longer than this is logged: screens lag behind answers.
SLOW_TICK = 0.1
# Waiting longer than this for other rooms' rebuilds is logged too (shorter waits are in the rooms' summaries).
SLOW_WAIT = 1.0
# The share of the process that the rooms' results ticks may take together; the answer path keeps the rest
# (measured with ten grouped rooms moving: a half left moves acked at p95 155-184 ms, a third 129-140 ms).
TICK_SHARE = 1 / 3
# A room counts as ticking (sharing TICK_SHARE) until this long after its pause ends.
TICKING_WINDOW = 1.0
# A rebuild still running after this long is logged at once: every room's results wait behind it.
STUCK_REBUILD = 5.0
# While a room ticks, how its ticks went is logged (INFO) once per this many seconds.
TICK_SUMMARY_EVERY = 10.0


class TickLog:
    """How a room's results ticks went since the last summary: durations, CPU and waits for other rooms."""

    def __init__(self) -> None:
        self.since = time.monotonic()
        self.took: list[float] = []
        self.cpu = 0.0
        self.waited = 0.0

    def add(self, took: float, cpu: float, waited: float) -> None:
        """One tick."""
        self.took.append(took)
        self.cpu += cpu
        self.waited = max(self.waited, waited)

    def due(self) -> bool:
        """Whether a summary is due."""
        return bool(self.took) and time.monotonic() - self.since >= TICK_SUMMARY_EVERY

    def summary(self, workshop_id: int) -> str:
        """One log line: ticks, how many over SLOW_TICK, the median and longest, CPU per tick, longest wait."""
        took = sorted(self.took)
        return (f"results ticks for workshop {workshop_id}: {len(took)} in {time.monotonic() - self.since:.0f} s, "
                f"{sum(t > SLOW_TICK for t in took)} over {SLOW_TICK * 1000:.0f} ms, p50 {took[len(took) // 2] * 1000:.0f} "
                f"ms, max {took[-1] * 1000:.0f} ms, {self.cpu / len(took) * 1000:.1f} ms of CPU a tick, longest wait for "
                f"other rooms {self.waited * 1000:.0f} ms")


def _versioned(body: str, version: int | None) -> str:
    """An encoded object (`body`, without its version) with its version added, without encoding it again."""
    number = "null" if version is None else str(int(version))
    return body[:-1] + ("," if body != "{}" else "") + f'"version":{number}}}'


def _timed(build: Callable[..., T], *args: Any) -> tuple[T, float]:
    """What `build` returns and the CPU time it took on this thread."""
    started = time.thread_time()
    return build(*args), time.thread_time() - started


class ViewSource(Protocol):
    """Builds what each audience sees; the hub knows nothing about activity kinds."""

    def state(self, workshop_id: int) -> dict[str, dict[str, Any]] | None:
        """A snapshot per audience (plus META), or None if the workshop is gone."""

    def results(self, workshop_id: int, online: int) -> dict[str, dict[Any, Any]]:
        """Results per audience that receives them, plus PERSONAL views by participant id."""


class Room:
    """The connections of one workshop in this process, and what was last sent to them."""

    def __init__(self, hub: "Hub", workshop_id: int):
        self.hub = hub
        self.workshop_id = workshop_id
        self.connections: dict[str, set[Connection]] = {}
        self.state: dict[str, dict[str, Any]] | None = None
        self.results_text: dict[str, str] = {}
        self._state_body: dict[str, str] = {}
        self._results_body: dict[str, str] = {}
        self.results_version = 0
        # The last personal view sent per participant (a reloaded phone gets it at once).
        self.personal_text: dict[int, str] = {}
        self._personal_view: dict[int, dict[str, Any]] = {}
        self.personal_wanted = False
        self._wake: asyncio.TimerHandle | None = None
        self._tick_log = TickLog()
        self._state_dirty = asyncio.Event()
        self._results_dirty = asyncio.Event()
        # Reads of the state are numbered: one started earlier but finished later never replaces a newer one.
        self._loads_started = 0
        self._load_applied = 0
        self._tasks = [asyncio.create_task(self._state_loop()), asyncio.create_task(self._results_loop())]

    def count(self, audience: str) -> int:
        """Connections of one audience in this process."""
        return len(self.connections.get(audience, ()))

    def empty(self) -> bool:
        """Whether nobody is connected."""
        return not any(self.connections.values())

    def mark(self, topic: str) -> None:
        """Note a change; the loops rebuild at most once per tick however many changes arrive."""
        if topic == STATE:
            self._state_dirty.set()
        self._results_dirty.set()

    async def load_state(self) -> None:
        """Build the snapshot now (first connection, or a refresh).

        The first connection's read and a rebuild after a change can overlap (a phone joining while the
        facilitator moves on): the read started last wins, so the room never falls back to an older state."""
        self._loads_started += 1
        ticket = self._loads_started
        state = await run_in_threadpool(self.hub.source.state, self.workshop_id)
        if ticket < self._load_applied:
            return
        self._load_applied = ticket
        meta = state.pop(META, {}) if state else {}
        self.state = state
        self.personal_wanted = bool(meta.get("personal"))
        if self._wake:
            self._wake.cancel()
            self._wake = None
        wake_at = meta.get("wake_at")
        if wake_at is not None:
            # A timed phase ends by itself: every screen (and the phones' own views) moves on then.
            delay = max(0.0, wake_at - time.time()) + 0.05
            self._wake = asyncio.get_running_loop().call_later(delay, self.mark, STATE)

    def _fan_out(self, audience: str, text: str) -> None:
        frame = encode_text(text)  # once for the whole audience
        for conn in list(self.connections.get(audience, ())):
            conn.send(text, frame)

    async def _state_loop(self) -> None:
        while True:
            await self._state_dirty.wait()
            self._state_dirty.clear()
            try:
                await self.load_state()
            except Exception:
                log.exception("state rebuild failed for workshop %s", self.workshop_id)
                await asyncio.sleep(self.hub.interval)
                self._state_dirty.set()
                continue
            if self.state is None:
                # The workshop is gone: tell every screen, they cannot do anything here any more.
                for conns in self.connections.values():
                    for conn in list(conns):
                        conn.drop(CLOSE_NOT_FOUND, "workshop deleted")
                continue
            for audience, view in self.state.items():
                # An audience whose snapshot changed only in its version (a join in a grouped workshop changes the
                # consoles' list of people, not what phones see) is not sent it again: thousands of phones
                # would otherwise get a snapshot per join. Newcomers are greeted with the newest one anyway.
                unversioned = dumps({k: v for k, v in view.items() if k != "version"})
                if self._state_body.get(audience) == unversioned:
                    continue
                self._state_body[audience] = unversioned
                if self.connections.get(audience):
                    self._fan_out(audience, _versioned(unversioned, view.get("version")))

    async def _results_loop(self) -> None:
        while True:
            await self._results_dirty.wait()
            self._results_dirty.clear()
            # Always, even with no screen here: other processes' screens count this one's phones.
            local = self.count(PARTICIPANT)
            try:  # a broker that stops answering must not hold up the results: count this process's
                async with asyncio.timeout(0.5):
                    online = await self.hub.presence.online(self.workshop_id, local)
            except TimeoutError:
                online = local
            if not (any(self.connections.get(a) for a in STAFF_AUDIENCES) or
                    (self.personal_wanted and self.connections.get(PARTICIPANT))):
                await asyncio.sleep(self.hub.interval)
                continue  # nobody here is sent results
            queued = time.perf_counter()
            self.hub.queued(self.workshop_id)
            # One rebuild at a time in the process: rooms' rebuilds running side by side would only share the
            # interpreter, each taking longer, and crowd out the answers and moves that wait for it.
            async with self.hub.rebuilding:
                started = time.perf_counter()
                cpu = await self._rebuild_results(online)
                took = time.perf_counter() - started
            waited = started - queued
            if took > SLOW_TICK or waited > SLOW_WAIT:
                log.warning("results tick for workshop %s took %.0f ms (%s personal views; %.0f ms of CPU; waited "
                            "%.0f ms for other rooms)", self.workshop_id, took * 1000, len(self.personal_text),
                            cpu * 1000, waited * 1000)
            self._tick_log.add(took, cpu, waited)
            if self._tick_log.due():
                log.info("%s", self._tick_log.summary(self.workshop_id))
                self._tick_log = TickLog()
            await asyncio.sleep(self.hub.pause_after(self.workshop_id, cpu))

    async def _rebuilt(self, online: int) -> tuple[dict[str, dict[Any, Any]], float]:
        """The source's results on the hub's rebuild thread, and the CPU they cost; one still running after
        STUCK_REBUILD is logged (a stuck database read holds every room's results)."""
        rebuild = asyncio.get_running_loop().run_in_executor(
            self.hub.rebuilder, _timed, self.hub.source.results, self.workshop_id, online)
        try:
            done, _ = await asyncio.wait({rebuild}, timeout=STUCK_REBUILD)
            if not done:
                log.warning("results rebuild for workshop %s still running after %.0f s; every room's results wait "
                            "for it", self.workshop_id, STUCK_REBUILD)
            return await rebuild
        except asyncio.CancelledError:
            rebuild.cancel()  # the room closed: a rebuild not yet started never runs, one running is not awaited
            raise

    async def _rebuild_results(self, online: int) -> float:
        """Rebuild results and personal views and send what changed to the audiences that receive them; the CPU
        time it cost (the rebuild's thread and the sending on the loop)."""
        try:
            views, cpu = await self._rebuilt(online)
        except Exception:
            log.exception("results rebuild failed for workshop %s", self.workshop_id)
            views, cpu = {}, 0.0
        sending = time.thread_time()  # the loop runs nothing else until this method returns
        personal = views.pop(PERSONAL, None)
        self._send_personal(personal or {})
        for audience, view in views.items():
            body = dumps(view)
            if self._results_body.get(audience) == body:
                continue  # unchanged results are not sent again
            self._results_body[audience] = body
            self.results_version += 1
            text = _versioned(body, self.results_version)
            self.results_text[audience] = text
            self._fan_out(audience, text)
        return cpu + time.thread_time() - sending

    def _send_personal(self, personal: dict[int, dict[str, Any]]) -> None:
        """Each phone's own view, to that phone's connections, only when it changed."""
        if not personal:
            return
        for pid, view in personal.items():
            # Comparing the views is cheaper than encoding them: most phones' views did not change this tick.
            if self._personal_view.get(pid) == view:
                continue
            self._personal_view[pid] = view
            self.personal_text[pid] = dumps({"type": PERSONAL, **view})
        for conn in list(self.connections.get(PARTICIPANT, ())):
            mine = self.personal_text.get(conn.participant_id) if conn.participant_id is not None else None
            if mine is not None and conn.personal_sent is not mine:
                conn.personal_sent = mine
                conn.send(mine)

    def access_changed(self) -> None:
        """Ask every connection that watches its right to stay here to check it again now."""
        for conns in self.connections.values():
            for conn in list(conns):
                if conn.on_access_changed is not None:
                    conn.on_access_changed()

    def snapshot_for(self, audience: str) -> dict[str, Any] | None:
        """The cached state snapshot an audience renders from."""
        return self.state.get(audience) if self.state else None

    async def close(self) -> None:
        """Stop the loops (and log how the last ticks went)."""
        if self._tick_log.took:
            log.info("%s", self._tick_log.summary(self.workshop_id))
        if self._wake:
            self._wake.cancel()
        for task in self._tasks:
            task.cancel()
        await asyncio.gather(*self._tasks, return_exceptions=True)


class Hub:
    """All rooms of this process; websocket handlers call `enter` and `leave`, brokers what `HubSide`
    declares (app/live/attachment.py)."""

    def __init__(self, source: ViewSource, interval: float = 0.1):
        self.source = source
        self.interval = interval
        self.rooms: dict[int, Room] = {}
        self._lock = asyncio.Lock()
        self.rebuilding = asyncio.Lock()  # results rebuilds, one room at a time
        # on a thread of their own: a join storm filling the shared thread pool must not hold every room's
        # results (each waiting its turn for a thread, one room after the other).
        self.rebuilder = ThreadPoolExecutor(max_workers=1, thread_name_prefix="results")
        self._ticking_until: dict[int, float] = {}  # workshop id -> until when its room counts as ticking (inf: queued)
        self._watchers: list[RoomWatcher] = []
        # With one process the phones online are this process's; a broker spanning processes replaces this.
        self.presence: Presence = LocalPresence()

    def attach(self, *watchers: RoomWatcher, presence: Presence | None = None) -> None:
        """Add room watchers (told in the order given) and replace how phones online are counted."""
        self._watchers.extend(watchers)
        if presence is not None:
            self.presence = presence

    def queued(self, workshop_id: int) -> None:
        """A room waits for its turn to rebuild: it counts as ticking until its pause after the rebuild ends (a room
        queued behind a long rebuild is not idle)."""
        self._ticking_until[workshop_id] = math.inf

    def pause_after(self, workshop_id: int, cpu: float) -> float:
        """How long a room rests after a tick that cost `cpu` seconds of CPU.

        The rooms ticking share TICK_SHARE of the process by the CPU their ticks cost (not the time they took,
        which a busy process stretches): ten rooms' ticks of 10 ms each come every 300 ms, a lone room's every
        100 ms, and expensive rebuilds (a huge activity) are spaced out so that results never crowd out
        the answer path. A room counts as ticking until TICKING_WINDOW after its pause ends, so long pauses do
        not make it look idle to the others."""
        now = time.monotonic()
        for other in [w for w, until in self._ticking_until.items() if until < now]:
            del self._ticking_until[other]
        rooms = len(self._ticking_until.keys() | {workshop_id})
        pause = max(self.interval, cpu * rooms / TICK_SHARE)
        self._ticking_until[workshop_id] = now + pause + TICKING_WINDOW
        return pause

    def open_rooms(self) -> list[int]:
        """The workshops with a room in this process now."""
        return list(self.rooms)

    def is_open(self, workshop_id: int) -> bool:
        """Whether the workshop has a room in this process now."""
        return workshop_id in self.rooms

    def online_here(self, workshop_id: int) -> int:
        """Phones of the workshop connected to this process."""
        room = self.rooms.get(workshop_id)
        return room.count(PARTICIPANT) if room else 0

    async def enter(self, conn: Connection, extras: dict[str, Any] | None = None) -> Room | None:
        """Greet a connection with its audience's snapshot (plus `extras`) and add it to its room.

        None if the workshop no longer exists."""
        async with self._lock:
            room = self.rooms.get(conn.workshop_id)
            if room is None:
                room = Room(self, conn.workshop_id)
                self.rooms[conn.workshop_id] = room
                await room.load_state()
                for watcher in self._watchers:
                    await watcher.room_opened(conn.workshop_id)
        snapshot = room.snapshot_for(conn.audience)
        if snapshot is None:
            return None
        # The snapshot is queued before the connection joins the fan-out, so it always comes first.
        conn.send(dumps({**snapshot, **(extras or {})}))
        room.connections.setdefault(conn.audience, set()).add(conn)
        if conn.audience in STAFF_AUDIENCES and conn.audience in room.results_text:
            # A newcomer gets the last results at once; later ones arrive with the ticks.
            conn.send(room.results_text[conn.audience])
        personal = room.personal_text.get(conn.participant_id) if conn.participant_id is not None else None
        if personal is not None:
            conn.personal_sent = personal
            conn.send(personal)
        room.mark(RESULTS)  # counts changed
        return room

    async def leave(self, conn: Connection) -> None:
        """Remove a connection; an empty room is closed."""
        room = self.rooms.get(conn.workshop_id)
        if room is None:
            return
        room.connections.get(conn.audience, set()).discard(conn)
        room.mark(RESULTS)
        async with self._lock:
            if not (room.empty() and self.rooms.get(conn.workshop_id) is room):
                return
            del self.rooms[conn.workshop_id]
            self._ticking_until.pop(conn.workshop_id, None)
        # Outside the lock: waiting for a room's loops must never hold up other rooms' joins.
        await room.close()
        for watcher in self._watchers:
            await watcher.room_closed(conn.workshop_id)

    def notify(self, workshop_id: int, topic: str) -> None:
        """A change was committed somewhere (this process or another): mark the room dirty, or have its
        connections re-check their access."""
        room = self.rooms.get(workshop_id)
        if room is None:
            return
        if topic == ACCESS:
            room.access_changed()
        else:
            room.mark(topic)

    async def close(self) -> None:
        """Close every room and connection (server shutdown)."""
        for room in list(self.rooms.values()):
            await asyncio.gather(*(conn.close(CLOSE_GOING_AWAY, "server shutting down")
                                   for conns in room.connections.values() for conn in list(conns)))
            await room.close()
        self.rooms.clear()
        self.rebuilder.shutdown(wait=False, cancel_futures=True)
