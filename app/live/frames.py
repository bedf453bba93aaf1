"""Websocket frames encoded once and written straight to the socket by the server's protocol.

A broadcast sends the same text to thousands of phones. Server frames are never masked, so the
bytes on the wire are identical for every phone: encode them once, then each send is one write to
the socket instead of a pass through Starlette, the ASGI send chain and the frame encoder
(~50 us against ~5 us a phone). `FrameWriterProtocol` is uvicorn's sans-I/O websocket protocol
that offers this write to the app through the scope's `extensions`; without it (another server,
the test client) connections send through the ASGI path as before."""
from collections.abc import Callable

from uvicorn.protocols.websockets.websockets_sansio_impl import WebSocketsSansIOProtocol
from websockets.frames import Frame, Opcode

# The scope extension under which the protocol offers `send_frame`.
EXTENSION = "samling.frames"

# Writes an encoded frame now if the socket can take it; False means: use the ordinary send path.
SendFrame = Callable[[bytes], bool]


def encode_text(text: str) -> bytes:
    """One unmasked, unfragmented text frame carrying `text` (no extensions: deflate is off)."""
    return Frame(Opcode.TEXT, text.encode()).serialize(mask=False)


def frame_sender(scope: dict | None) -> SendFrame | None:
    """The direct frame write the server offers this connection, if any."""
    extension = (scope or {}).get("extensions", {}).get(EXTENSION)
    return extension.get("send_frame") if isinstance(extension, dict) else None


class FrameWriterProtocol(WebSocketsSansIOProtocol):
    """uvicorn's sans-I/O websocket protocol, plus a direct write of pre-encoded frames.

    Runs with per-message deflate off (`samling serve` sets it), so a frame needs no per-connection
    state; the websockets protocol object tracks nothing about outgoing data frames either."""

    def handle_connect(self, event) -> None:
        super().handle_connect(event)
        if self.response.status_code == 101 and not self.config.ws_per_message_deflate:
            self.scope["extensions"][EXTENSION] = {"send_frame": self.send_frame}

    def connection_lost(self, exc: Exception | None) -> None:
        super().connection_lost(exc)
        # The offered write is a bound method kept in the scope the protocol holds: a cycle, which would keep a
        # closed connection's state for the collector (and, frozen by app/gc_watch.py, until the next thaw).
        scope = getattr(self, "scope", None)
        if scope is not None:
            scope["extensions"].pop(EXTENSION, None)

    async def send(self, message) -> None:
        await super().send(message)
        if message["type"] == "websocket.accept":
            # The handshake's request and response (their headers parsed twice over) are not read again: a
            # connection that stays for hours should not keep them.
            self.request = self.response = None  # type: ignore[assignment]

    def send_frame(self, frame: bytes) -> bool:
        """Write now, or refuse when the ASGI path must decide (closing, or the peer's buffer is full)."""
        if not self.handshake_complete or self.close_sent or self.disconnected or not self.writable.is_set() \
                or self.transport.is_closing():
            return False
        self.transport.write(frame)
        return True
