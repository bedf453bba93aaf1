"""Garbage-collector tuning for a server holding thousands of long-lived connections, and a log of
pauses long enough to delay live screens (the event loop stands still meanwhile)."""
import asyncio
import gc
import logging
import time

log = logging.getLogger(__name__)
_started: list[float] = []


def _watch(phase: str, info: dict) -> None:
    if phase == "start":
        _started[:] = [time.perf_counter()]
    elif _started:
        took = time.perf_counter() - _started[0]
        if took > 0.05:
            log.warning("garbage collection of generation %s took %.0f ms (%s objects collected)",
                        info.get("generation"), took * 1000, info.get("collected"))


# Each connection keeps a few hundred objects alive, so a full collection with 5,000 phones walks
# millions of them: 74-857 ms per pass in 5,000-phone runs (docs/benchmarks.md), the event loop
# standing still meanwhile. Raising the thresholds (50,000, 20, 100) traded those for young-generation
# passes of 50-140 ms, so the thresholds stay; instead what survives the young collections is frozen
# (`keep_settled`), which leaves the full collections almost nothing to walk.


def install() -> None:
    """Keep startup objects out of collections and start watching pauses (once per process)."""
    # What is loaded by now (modules, the ORM's and pydantic's machinery) lives as long as the
    # process: keep it out of every later full collection.
    gc.freeze()
    if _watch not in gc.callbacks:
        gc.callbacks.append(_watch)


async def keep_settled(period: float = 1.0, thaw_every: float = 1800.0) -> None:
    """Every `period` seconds collect the young generations and freeze what survives them, so full
    collections never walk the long-lived connections; every `thaw_every` seconds unfreeze and collect
    once, so reference cycles left by closed connections are not kept for good (one pause per interval,
    at a known time, instead of several a minute while phones join)."""
    thawed_at = time.monotonic()
    while True:
        await asyncio.sleep(period)
        if time.monotonic() - thawed_at >= thaw_every:
            gc.unfreeze()
            gc.collect()
            thawed_at = time.monotonic()
        else:
            gc.collect(1)  # young garbage is found now, before freezing would keep it
        gc.freeze()


def thaw() -> None:
    """Give everything frozen back to the collector (at shutdown: a process that builds the app again, like the
    tests, must not keep the old one's garbage)."""
    gc.unfreeze()
