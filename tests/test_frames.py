"""Broadcast frames encoded once and written by the server's own websocket protocol (app/live/frames.py),
through a real uvicorn server on loopback and a real websockets client."""
import asyncio
import socket
import threading

import uvicorn
from websockets.asyncio.client import connect

from app.cli import WS_PROTOCOL
from app.live.frames import encode_text, frame_sender

TEXTS = ["hei", "Medarbeiderinvolvering æøå " * 10, "x" * 70_000]  # short, 2-byte and 8-byte lengths


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
        got = asyncio.run(client())
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
