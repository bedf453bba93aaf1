"""One websocket connection with a bounded send queue: a reader that stalls is dropped."""
import asyncio
import collections
import contextlib
import logging
from collections.abc import Callable

from starlette.websockets import WebSocket

from app.contract import CLOSE_STALLED
from app.live.frames import encode_text, frame_sender

log = logging.getLogger(__name__)


class Connection:
    """A websocket plus a bounded queue that a sender task drains, so no broadcast ever waits on it.

    The sender exists only while there is something to send: an idle phone holds no task, which
    keeps memory per connection and the garbage collector's walk small with thousands of phones. Where
    the server offers it (app/live/frames.py), a message with nothing queued before it is written to
    the socket at once as a ready frame: no task, no queue, one write."""

    def __init__(self, ws: WebSocket, audience: str, workshop_id: int, queue_size: int,
                 participant_id: int | None = None, stall_seconds: float = 15.0):
        self.ws = ws
        self.audience = audience
        self.workshop_id = workshop_id
        self.participant_id = participant_id
        # The personal view this connection was last sent (compared by identity: no string compare).
        self.personal_sent: str | None = None
        self.stall_seconds = stall_seconds
        self.queue_size = queue_size
        self._send_frame = frame_sender(getattr(ws, "scope", None))
        self._queue: collections.deque[str] = collections.deque()
        self._sender: asyncio.Task | None = None
        self._closer: asyncio.Task | None = None
        self.closed = False
        # Set once the server has given up on this connection (see `receiving`).
        self.dropped = False
        self._receiver: asyncio.Task | None = None
        # Called when the workshop's access changed (a staff screen re-checks it has the right to stay).
        self.on_access_changed: Callable[[], None] | None = None

    @contextlib.asynccontextmanager
    async def receiving(self):
        """Wrap the handler's receive loop: a drop cancels it, since a peer that stopped reading may
        never answer a close frame and the handler must end for the server to release the socket."""
        self._receiver = receiver = asyncio.current_task()
        try:
            yield
        except asyncio.CancelledError:
            if not self.dropped or receiver is None:  # (never None: a handler runs in a task)
                raise
            receiver.uncancel()  # our own drop, not a shutdown: carry on to the cleanup
        finally:
            self._receiver = None

    def send(self, text: str, frame: bytes | None = None) -> bool:
        """Send an already serialised message (`frame`: the same text encoded once for a whole broadcast).

        Written at once when nothing waits before it and the socket takes it, else queued; a full queue
        means the reader stalled: drop it."""
        if self.closed:
            return False
        if self._send_frame is not None and not self._queue and self._sender is None and \
                self._send_frame(frame if frame is not None else encode_text(text)):
            return True
        if len(self._queue) >= self.queue_size:
            log.warning("dropping %s connection whose queue overflowed", self.audience)
            self.drop(CLOSE_STALLED, "too slow")
            return False
        self._queue.append(text)
        if self._sender is None:
            self._sender = asyncio.create_task(self._drain())
        return True

    async def _drain(self) -> None:
        try:
            while self._queue:
                # The server blocks a send once the socket's write buffer is full: a phone that has
                # not read for this long is dropped (it reconnects to a fresh snapshot when it wakes).
                async with asyncio.timeout(self.stall_seconds):
                    await self.ws.send_text(self._queue[0])
                self._queue.popleft()
        except TimeoutError:
            log.warning("dropping %s connection that stopped reading", self.audience)
            self._sender = None  # this task is the sender: close without cancelling itself
            await self.close(CLOSE_STALLED, "stopped reading")
        except asyncio.CancelledError:
            raise
        except Exception:  # the peer went away; the receive loop notices and cleans up
            self.closed = True
        finally:
            # No await between the empty check and here: a message queued meanwhile is impossible.
            if self._sender is asyncio.current_task():
                self._sender = None

    def drop(self, code: int, reason: str = "") -> None:
        """Close in the background: callers on a shared path (the room's loops) never wait on a peer."""
        if self._closer is None:
            self._closer = asyncio.create_task(self.close(code, reason))

    async def close(self, code: int, reason: str = "") -> None:
        """Stop sending, try a close frame (briefly: a stalled peer's buffer may never drain), and
        tell the websocket handler to end, which releases the connection whatever the peer does."""
        self.closed = True
        try:
            if self._sender is not None and self._sender is not asyncio.current_task():
                self._sender.cancel()
            self._sender = None
            with contextlib.suppress(Exception, TimeoutError):
                # asyncio.timeout, not wait_for: on 3.11 wait_for can swallow a cancellation.
                async with asyncio.timeout(2):
                    await self.ws.close(code, reason)
        finally:
            self.dropped = True
            if self._receiver is not None and self._receiver is not asyncio.current_task():
                self._receiver.cancel()

    async def flush(self, timeout: float = 2.0) -> None:
        """Wait until everything queued is handed to the socket (used before a deliberate close)."""
        loop = asyncio.get_running_loop()
        end = loop.time() + timeout
        while (self._queue or self._sender is not None) and not self.closed and loop.time() < end:
            await asyncio.sleep(0.01)

    async def stop(self) -> None:
        """End the sender when the receive side is done."""
        self.closed = True
        if self._sender is not None:
            self._sender.cancel()
            with contextlib.suppress(BaseException):
                await self._sender
            self._sender = None
