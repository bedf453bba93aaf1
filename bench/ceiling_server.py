"""The bare-`websockets` broadcast server the benchmark compares Samling's fan-out with.

Clients connect to ws://127.0.0.1:PORT/; a client that sends "go" makes the server broadcast one small
frame to every connected client; the server answers "sent <seconds>" with its own fan-out time."""
import asyncio
import sys
import time

from websockets.asyncio.server import broadcast, serve

CLIENTS = set()


async def handler(ws):
    CLIENTS.add(ws)
    try:
        async for message in ws:
            if message == "go":
                frame = '{"type":"state","version":%d}' % time.monotonic_ns()
                start = time.perf_counter()
                broadcast(CLIENTS, frame)
                await ws.send(f"sent {time.perf_counter() - start:.6f}")
    finally:
        CLIENTS.discard(ws)


async def main(port: int) -> None:
    async with serve(handler, "127.0.0.1", port, compression=None, ping_interval=None, max_queue=16, backlog=4096):
        print("ready", flush=True)
        await asyncio.Future()


if __name__ == "__main__":
    asyncio.run(main(int(sys.argv[1])))
