"""Group commit for the answer path: submissions that arrive together share one transaction."""
import asyncio
import logging

from starlette.concurrency import run_in_threadpool

from app.db import Database
from app.services.entries import Stored, Submission, submit_batch
from app.services.events import Bus

log = logging.getLogger(__name__)


class EntryWriter:
    """One writer per process: it takes every submission waiting at that moment (up to `max_batch`)
    into one transaction, so a burst costs a few commits instead of one per phone. Each caller's
    await ends only after the commit, with its own outcome."""

    def __init__(self, db: Database, bus: Bus, max_batch: int = 256):
        self.db = db
        self.bus = bus
        self.max_batch = max_batch
        self._queue: asyncio.Queue[tuple[Submission, asyncio.Future]] | None = None
        self._task: asyncio.Task | None = None

    async def start(self) -> None:
        """Start the writer loop on the running event loop."""
        self._queue = asyncio.Queue()
        self._task = asyncio.create_task(self._run())

    async def stop(self) -> None:
        """Stop the loop; submissions still queued get no ack (their phones resend)."""
        if self._task:
            self._task.cancel()
            await asyncio.gather(self._task, return_exceptions=True)

    async def submit(self, sub: Submission) -> Stored:
        """The stored entry, once committed; raises the refusal otherwise."""
        if self._queue is None:
            raise RuntimeError("the entry writer has not been started")
        future = asyncio.get_running_loop().create_future()
        self._queue.put_nowait((sub, future))
        return await future

    async def _run(self) -> None:
        queue = self._queue
        assert queue is not None  # start() sets it before it starts this loop
        while True:
            batch = [await queue.get()]
            while len(batch) < self.max_batch and not queue.empty():
                batch.append(queue.get_nowait())
            try:
                outcomes = await run_in_threadpool(submit_batch, self.db, self.bus, [sub for sub, _ in batch])
            except Exception as e:  # never let the loop die; these callers get the error
                log.exception("entry batch failed")
                outcomes = [e] * len(batch)
            for (_sub, future), outcome in zip(batch, outcomes):
                if future.done():
                    continue
                if isinstance(outcome, Exception):
                    future.set_exception(outcome)
                else:
                    future.set_result(outcome)
