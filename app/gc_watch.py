"""Garbage-collector tuning for a server holding thousands of long-lived connections, and a log of
pauses long enough to delay live screens (the event loop stands still meanwhile)."""
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
# millions of them: 74-677 ms per pass in a 5,000-phone run (docs/benchmarks.md). Raising the
# thresholds (50,000, 20, 100) traded those for young-generation passes of 50-140 ms and made round
# changes worse, so the defaults stay; what shrinks the pauses is fewer objects per connection.


def install() -> None:
    """Keep startup objects out of collections and start watching pauses (once per process)."""
    # What is loaded by now (modules, the ORM's and pydantic's machinery) lives as long as the
    # process: keep it out of every later full collection.
    gc.freeze()
    if _watch not in gc.callbacks:
        gc.callbacks.append(_watch)
