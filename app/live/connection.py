"""One websocket connection with a bounded send queue: a reader that stalls is dropped."""
import asyncio
import contextlib
import logging

from starlette.websockets import WebSocket

log = logging.getLogger(__name__)

# Close codes of our own (4000-4999 are the application's range).
CLOSE_STALLED = 4008
CLOSE_UNAUTHORISED = 4401
CLOSE_NOT_FOUND = 4404
CLOSE_POLICY = 1008
CLOSE_TOO_BIG = 1009


class Connection:
    """A websocket plus the queue its own sender task drains, so no broadcast ever waits on it."""

    def __init__(self, ws: WebSocket, audience: str, workshop_id: int, queue_size: int,
                 participant_id: int | None = None, stall_seconds: float = 15.0):
        self.ws = ws
        self.audience = audience
        self.workshop_id = workshop_id
        self.participant_id = participant_id
        self.stall_seconds = stall_seconds
        self._queue: asyncio.Queue[str] = asyncio.Queue(maxsize=queue_size)
        self._sender: asyncio.Task | None = None
        self.closed = False

    def start(self) -> None:
        """Start draining the queue onto the socket."""
        self._sender = asyncio.create_task(self._drain())

    def send(self, text: str) -> bool:
        """Queue an already serialised message; a full queue means the reader stalled: drop it."""
        if self.closed:
            return False
        try:
            self._queue.put_nowait(text)
            return True
        except asyncio.QueueFull:
            log.info("dropping stalled %s connection", self.audience)
            asyncio.create_task(self.close(CLOSE_STALLED, "too slow"))
            return False

    async def _drain(self) -> None:
        try:
            while True:
                text = await self._queue.get()
                # The server blocks a send once the socket's write buffer is full: a phone that has
                # not read for this long is dropped (it reconnects to a fresh snapshot when it wakes).
                await asyncio.wait_for(self.ws.send_text(text), self.stall_seconds)
        except asyncio.TimeoutError:
            log.info("dropping %s connection that stopped reading", self.audience)
            self.closed = True
            self._sender = None  # this task is the sender: close the socket without cancelling itself
            with contextlib.suppress(Exception):
                await asyncio.wait_for(self.ws.close(CLOSE_STALLED, "stopped reading"), timeout=2)
        except asyncio.CancelledError:
            raise
        except Exception:  # the peer went away; the receive loop notices and cleans up
            self.closed = True

    async def close(self, code: int, reason: str = "") -> None:
        """Stop sending and close the socket (without waiting long on a peer that stopped reading)."""
        if self.closed and self._sender is None:
            return
        self.closed = True
        if self._sender is not None:
            self._sender.cancel()
            self._sender = None
        with contextlib.suppress(Exception):
            await asyncio.wait_for(self.ws.close(code, reason), timeout=2)

    async def flush(self, timeout: float = 2.0) -> None:
        """Wait until everything queued is handed to the socket (used before a deliberate close)."""
        loop = asyncio.get_running_loop()
        end = loop.time() + timeout
        while not self._queue.empty() and not self.closed and loop.time() < end:
            await asyncio.sleep(0.01)

    async def stop(self) -> None:
        """End the sender when the receive side is done."""
        self.closed = True
        if self._sender is not None:
            self._sender.cancel()
            with contextlib.suppress(BaseException):
                await self._sender
            self._sender = None
