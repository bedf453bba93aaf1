"""Broadcast frames encoded once and written by the server's own websocket protocol (app/live/frames.py),
through a real uvicorn server on loopback and a real websockets client."""
import asyncio
import socket
import threading
from concurrent.futures import ThreadPoolExecutor

import uvicorn
from websockets.asyncio.client import connect

from app.cli import WS_PROTOCOL
from app.live.frames import encode_text, frame_sender

TEXTS = ["hei", "Medarbeiderinvolvering æøå " * 10, "x" * 70_000]  # short, 2-byte and 8-byte lengths


def _run(coro):
    """asyncio.run on its own thread: the browser tests' Playwright keeps a loop on this one."""
    with ThreadPoolExecutor(1) as pool:
        return pool.submit(asyncio.run, coro).result()


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


async def _app(scope, receive, send):
    """Sends TEXTS through the direct frame write, then says whether it was offered."""
    if scope["type"] != "websocket":
        return
    await receive()
    await send({"type": "websocket.accept"})
    write = frame_sender(scope)
    sent = [write(encode_text(t)) for t in TEXTS] if write else []
    await send({"type": "websocket.send", "text": f"direct:{sent}"})
    await receive()


def _serve(port: int) -> tuple[uvicorn.Server, threading.Thread]:
    config = uvicorn.Config(_app, host="127.0.0.1", port=port, ws=WS_PROTOCOL, ws_per_message_deflate=False,
                            log_level="warning", lifespan="off")
    server = uvicorn.Server(config)
    thread = threading.Thread(target=server.run, daemon=True)
    thread.start()
    return server, thread


def test_frames_written_directly_arrive_whole_and_in_order():
    """Every frame written by the protocol reaches a standard client as the same text, before later ASGI sends."""
    port = _free_port()
    server, thread = _serve(port)

    async def client():
        for _ in range(100):
            try:
                async with connect(f"ws://127.0.0.1:{port}/", max_size=2**20) as ws:
                    return [await asyncio.wait_for(ws.recv(), 5) for _ in range(len(TEXTS) + 1)]
            except OSError:
                await asyncio.sleep(0.05)
        raise AssertionError("server did not start")
    try:
        got = _run(client())
    finally:
        server.should_exit = True
        thread.join(10)
    assert got == TEXTS + ["direct:[True, True, True]"]


def test_a_frame_is_encoded_as_the_standard_says():
    """FIN + text opcode, unmasked, with the three length forms."""
    assert encode_text("hei") == b"\x81\x03hei"
    assert encode_text("a" * 200)[:4] == b"\x81\x7e\x00\xc8"
    assert encode_text("a" * 70_000)[:10] == b"\x81\x7f" + (70_000).to_bytes(8, "big")


def test_no_direct_write_without_the_protocol():
    """Another server (or the test client) offers nothing: connections keep the ASGI send path."""
    assert frame_sender({"type": "websocket", "extensions": {"websocket.http.response": {}}}) is None
    assert frame_sender(None) is None


def test_a_closed_connection_is_freed_without_the_collector():
    """The offered write (a bound method in the protocol's own scope) is withdrawn when the connection is lost, so
    a closed phone's state goes at once, not at the collector's next pass (or, frozen, at the next thaw)."""
    import gc
    import weakref

    from uvicorn.config import Config
    from uvicorn.server import ServerState

    from app.live.frames import FrameWriterProtocol

    class Transport(asyncio.Transport):
        def get_extra_info(self, name, default=None):
            return ("127.0.0.1", 1234) if name in ("peername", "sockname") else default

        def write(self, data):
            pass

        def is_closing(self):
            return False

        def close(self):
            pass

    async def scenario():
        config = Config(_app, ws=WS_PROTOCOL, ws_per_message_deflate=False, lifespan="off")
        config.load()
        proto = FrameWriterProtocol(config, ServerState(), {}, _loop=asyncio.get_running_loop())
        proto.connection_made(Transport())
        proto.data_received(b"GET / HTTP/1.1\r\nHost: x\r\nUpgrade: websocket\r\nConnection: Upgrade\r\n"
                            b"Sec-WebSocket-Key: dGhlIHNhbXBsZSBub25jZQ==\r\nSec-WebSocket-Version: 13\r\n\r\n")
        offered = frame_sender(proto.scope) is not None
        for task in list(proto.tasks):
            task.cancel()
        await asyncio.sleep(0)
        proto.connection_lost(None)
        await asyncio.sleep(0)
        return offered, weakref.ref(proto)

    gc.disable()
    try:
        offered, ref = _run(scenario())
        assert offered
        assert ref() is None
    finally:
        gc.enable()
