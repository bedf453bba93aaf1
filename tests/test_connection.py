"""A connection's bounded send queue: a reader that stops is dropped and never slows the others.

The socket here is a stand-in for Starlette's WebSocket (a third-party object): it can be told to
stop taking data, as a phone whose app froze does once the TCP buffers are full."""
import asyncio
from concurrent.futures import ThreadPoolExecutor

from app.live.connection import CLOSE_STALLED, Connection
from app.live.frames import EXTENSION, encode_text


class Socket:
    """Records what was sent; `stuck` makes send_text block like a full write buffer."""

    def __init__(self, stuck: bool = False):
        self.sent: list[str] = []
        self.closed_with: int | None = None
        self.stuck = stuck

    async def send_text(self, text: str) -> None:
        if self.stuck:
            await asyncio.Event().wait()
        self.sent.append(text)

    async def close(self, code: int = 1000, reason: str = "") -> None:
        self.closed_with = code


def run(coro):
    """asyncio.run on its own thread: the browser tests' Playwright keeps a loop on this one."""
    with ThreadPoolExecutor(1) as pool:
        return pool.submit(asyncio.run, asyncio.wait_for(coro, 10)).result()


def test_messages_arrive_in_order():
    """A reading client gets every queued message, in order."""
    async def scenario():
        sock = Socket()
        conn = Connection(sock, "participant", 1, queue_size=8)
        for i in range(5):
            assert conn.send(f"m{i}")
        await conn.flush()
        await conn.stop()
        return sock.sent
    assert run(scenario()) == [f"m{i}" for i in range(5)]


def test_a_send_blocked_too_long_drops_the_connection():
    """A socket that takes nothing for stall_seconds is closed with 4008; later sends are refused."""
    async def scenario():
        sock = Socket(stuck=True)
        conn = Connection(sock, "participant", 1, queue_size=8, stall_seconds=0.2)
        conn.send("state")
        await asyncio.sleep(0.5)
        return sock.closed_with, conn.closed, conn.send("later")
    assert run(scenario()) == (CLOSE_STALLED, True, False)


def test_a_full_queue_drops_the_connection_at_once():
    """More queued messages than the queue holds: dropped with 4008 without waiting for the timeout."""
    async def scenario():
        sock = Socket(stuck=True)
        conn = Connection(sock, "participant", 1, queue_size=4, stall_seconds=60)
        results = [conn.send(f"m{i}") for i in range(10)]
        await asyncio.sleep(0.1)
        return sock.closed_with, results.count(False) > 0
    assert run(scenario()) == (CLOSE_STALLED, True)


def test_a_stalled_peer_does_not_delay_a_healthy_one():
    """Fan-out to one stuck and one healthy socket: the healthy one gets its message at once."""
    async def scenario():
        stuck, healthy = Socket(stuck=True), Socket()
        conns = [Connection(stuck, "participant", 1, queue_size=8, stall_seconds=5),
                 Connection(healthy, "participant", 1, queue_size=8, stall_seconds=5)]
        for c in conns:
            c.send("next activity")
        await asyncio.sleep(0.05)
        sent = list(healthy.sent)
        for c in conns:
            await c.stop()
        return sent
    assert run(scenario()) == ["next activity"]


class FrameSocket(Socket):
    """A socket whose server offers direct frame writes (as app/live/frames.py does), refused while `full`."""

    def __init__(self):
        super().__init__()
        self.full = False
        self.scope = {"extensions": {EXTENSION: {"send_frame": self._write}}}

    def _write(self, frame: bytes) -> bool:
        if self.full:
            return False
        self.sent.append(frame[2:].decode())  # short test frames: two header bytes
        return True


def test_direct_frames_keep_their_order_behind_queued_messages():
    """A message is written directly only when nothing waits before it; once the socket refuses one, the rest
    queue behind it and arrive in order."""
    async def scenario():
        sock = FrameSocket()
        conn = Connection(sock, "participant", 1, queue_size=8)
        conn.send("a", encode_text("a"))
        direct = list(sock.sent)
        sock.full = True
        conn.send("b")
        sock.full = False
        conn.send("c")  # "b" is still queued: "c" must not overtake it
        await conn.flush()
        await conn.stop()
        return direct, sock.sent
    assert run(scenario()) == (["a"], ["a", "b", "c"])
