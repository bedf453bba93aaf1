"""Where a join's CPU goes, layer by layer, in a live workshop with an open word cloud and its presenter screen
connected (as in `bench.run`'s join storm):

1. the participant's write alone (`participants.join_by_code`), in this process;
2. the app's whole ASGI stack around it, in this process (no network, no HTTP parsing);
3. the HTTP join against a real server (`POST /api/v1/join`, keep-alive; its CPU per join);
4. the full join against a real server: the HTTP join, the socket, its hello and the first state (the sockets
   kept open, as phones keep them).

Layers 2-4 run `CLIENTS` joins at a time; the differences between layers are each layer's share. `bench.run`'s
storm costs more a join than layer 4: 5,000 sockets held, 200 joins in flight, the presenter's results rebuilt
as they arrive.

    .venv/bin/python -m bench.join_cost                 # 2,000 joins per layer; appends to docs/benchmarks.md
    .venv/bin/python -m bench.join_cost --joins 480 --out -

Every layer joins the same live workshop on one fresh SQLite file; loopback only, every loop bounded in count and
time."""
import argparse
import asyncio
import http.client
import json
import shutil
import sys
import threading
import time

import httpx
from websockets.asyncio.client import connect

from bench.run import (PASSWORD, ROOT, Presenter, cpu_sample, cpu_used, machine, port_free, server_log_figures,
                       sign_in, start_server, stop_server, write_report)

NAME = "Medarbeiderinvolvering"  # a real room's long name: the row and the token carry it
CLIENTS = 8  # joins in flight in layers 2-4
DEADLINE_S = 600  # for each layer


class LiveRoom:
    """A live workshop on the server under test, its word cloud open, and its presenter screen."""

    def __init__(self, base: str):
        self.base = base
        self.presenter = Presenter()

    async def open(self) -> None:
        """Sign up, make the workshop, take it live, open its activity and connect the presenter."""
        async with httpx.AsyncClient(base_url=self.base, timeout=30) as h:
            token = await sign_in(h, "bench@samling.local", PASSWORD)
            auth = {"Authorization": f"Bearer {token}"}
            r = await h.post("/api/v1/workshops", json={"title": "Benchmark: joins"}, headers=auth)
            r.raise_for_status()
            wid = r.json()["id"]
            (await h.post(f"/api/v1/workshops/{wid}/activities", headers=auth,
                          json={"kind": "word_cloud", "prompt": "Hvilke verdier er viktigst?"})).raise_for_status()
            r = await h.post(f"/api/v1/workshops/{wid}/live", headers=auth)
            r.raise_for_status()
            self.code = r.json()["join_code"]
            (await h.post(f"/api/v1/workshops/{wid}/commands", json={"command": "next"},
                          headers=auth)).raise_for_status()
        await self.presenter.open(self.base.replace("http://", "ws://"), wid, token)


def service_joins(database_url: str, code: str, n: int) -> float:
    """CPU ms per join of `participants.join_by_code` alone (the write transaction and its reads), this thread."""
    from app.db import Database
    from app.services import participants

    db = Database(database_url)
    try:
        participants.join_by_code(db, code, NAME, "nb")  # warm: the code remembered, statements compiled
        start, joined = time.thread_time(), 0
        for _ in range(n):
            joined += participants.join_by_code(db, code, NAME, "nb") is not None
        used = time.thread_time() - start
    finally:
        db.dispose()
    if joined != n:
        raise SystemExit(f"bench: {n - joined} of {n} service joins found no live workshop")
    return used / n * 1000


def asgi_joins(database_url: str, code: str, n: int) -> float:
    """CPU ms per join through the app's whole ASGI stack in this process, `CLIENTS` at a time (middlewares,
    routing, validation, the thread hop, the write, the token, the response): no sockets, no HTTP parsing."""
    from fastapi.testclient import TestClient

    from app.config import Settings
    from app.main import create_app

    app = create_app(Settings(database_url=database_url))
    body = json.dumps({"code": code, "name": NAME}).encode()
    scope = {"type": "http", "asgi": {"version": "3.0"}, "http_version": "1.1", "method": "POST", "scheme": "http",
             "path": "/api/v1/join", "raw_path": b"/api/v1/join", "query_string": b"", "root_path": "",
             "headers": [(b"host", b"127.0.0.1"), (b"content-type", b"application/json"),
                         (b"content-length", str(len(body)).encode())],
             "client": ("127.0.0.1", 50000), "server": ("127.0.0.1", 80)}
    statuses: list[int] = []

    async def one() -> None:
        sent: list[dict] = []
        received = False

        async def receive() -> dict:
            nonlocal received
            if received:
                return {"type": "http.disconnect"}
            received = True
            return {"type": "http.request", "body": body, "more_body": False}

        async def send(message: dict) -> None:
            sent.append(message)

        await app({**scope, "state": {}}, receive, send)
        statuses.append(sent[0]["status"])

    async def client(count: int) -> None:
        for _ in range(count):
            await one()

    async def run() -> float:
        await one()
        statuses.clear()
        start = time.process_time()  # every thread: the loop and the worker threads the writes run on
        await asyncio.wait_for(asyncio.gather(*(client(n // CLIENTS) for _ in range(CLIENTS))), DEADLINE_S)
        return (time.process_time() - start) / n * 1000

    with TestClient(app) as test_client:  # runs the lifespan: database, hub, throttle
        per_join = test_client.portal.call(run)
    refused = [s for s in statuses if s != 201]
    if refused or len(statuses) != n:
        raise SystemExit(f"bench: {len(statuses)} of {n} ASGI joins answered, {len(refused)} refused {refused[:3]}")
    return per_join


def http_joins(port: int, pid: int, code: str, n: int) -> tuple[float, float]:
    """Server CPU ms per HTTP join (POST /api/v1/join, keep-alive, no websocket) and joins per second."""
    body = json.dumps({"code": code, "name": NAME})
    failures: list[str] = []
    joined = [0] * CLIENTS

    def client(slot: int, count: int) -> None:
        conn = http.client.HTTPConnection("127.0.0.1", port, timeout=30)
        try:
            for _ in range(count):
                conn.request("POST", "/api/v1/join", body, {"Content-Type": "application/json"})
                r = conn.getresponse()
                r.read()
                if r.status != 201:
                    failures.append(str(r.status))
                joined[slot] += r.status == 201
        except (OSError, http.client.HTTPException) as e:
            failures.append(repr(e))
        finally:
            conn.close()

    client(0, 20)  # warm
    joined[0] = 0
    before, started = cpu_sample(pid), time.time()
    threads = [threading.Thread(target=client, args=(slot, n // CLIENTS), daemon=True) for slot in range(CLIENTS)]
    for t in threads:
        t.start()
    for t in threads:
        t.join(DEADLINE_S)
    took, used = time.time() - started, cpu_used(before, cpu_sample(pid))
    if failures or sum(joined) != n:
        raise SystemExit(f"bench: {sum(joined)} of {n} HTTP joins done; failures: {failures[:3]}")
    return used / n * 1000, n / took


def full_joins(port: int, pid: int, code: str, n: int) -> tuple[float, float]:
    """Server CPU ms per full join (the HTTP join, then the socket, its hello and the first state, the socket kept
    open as a phone keeps it) and joins per second."""

    async def run() -> tuple[float, float]:
        sockets: list = []

        async def phone(h: httpx.AsyncClient) -> None:
            r = await h.post("/api/v1/join", json={"code": code, "name": NAME})
            r.raise_for_status()
            ws = await connect(f"ws://127.0.0.1:{port}/ws/participant", compression=None, ping_interval=None,
                               open_timeout=30)
            sockets.append(ws)
            await ws.send(json.dumps({"type": "hello", "token": r.json()["participant_token"]}))
            for _ in range(10):  # the first state comes first; anything before it is skipped, a little
                if json.loads(await asyncio.wait_for(ws.recv(), 30)).get("type") == "state":
                    return
            raise SystemExit("bench: no state after the hello")

        async def client(count: int) -> None:
            async with httpx.AsyncClient(base_url=f"http://127.0.0.1:{port}", timeout=30) as h:
                for _ in range(count):
                    await phone(h)

        try:
            await client(5)  # warm
            before, started = cpu_sample(pid), time.time()
            await asyncio.wait_for(asyncio.gather(*(client(n // CLIENTS) for _ in range(CLIENTS))), DEADLINE_S)
            took, used = time.time() - started, cpu_used(before, cpu_sample(pid))
        finally:
            for ws in sockets:
                ws.transport.abort()  # the server sees them go; closing 2,000 politely is not what is measured
        return used / n * 1000, n / took

    return asyncio.run(run())


def render(n: int, figures: dict[str, str], server: dict, started: str) -> str:
    """The run's section of docs/benchmarks.md."""
    rows = "\n".join(f"| {k} | {v} |" for k, v in figures.items())
    facts = "\n".join(f"| {k} | {v} |" for k, v in machine(node=None).items())
    logged = "\n".join(f"| {k} | {v} |" for k, v in server.items())
    return (f"## Run of {started}: join cost by layer, {n} joins each\n\n"
            f"Command: `{' '.join(['.venv/bin/python -m bench.join_cost'] + sys.argv[1:])}`\n\n"
            f"| machine | |\n|---|---|\n{facts}\n\n| layer | CPU per join |\n|---|---|\n{rows}\n\n"
            f"| the server's log (layers 3 and 4) | |\n|---|---|\n{logged}\n")


async def measure_server(port: int, pid: int, n: int) -> tuple[str, float, float, float, float]:
    """Layers 3 and 4 against the running server: the code, HTTP ms a join and rate, full ms a join and rate."""
    room = LiveRoom(f"http://127.0.0.1:{port}")
    await room.open()
    try:
        per_http, http_rate = await asyncio.to_thread(http_joins, port, pid, room.code, n)
        per_full, full_rate = await asyncio.to_thread(full_joins, port, pid, room.code, n)
    finally:
        await room.presenter.close()
    return room.code, per_http, http_rate, per_full, full_rate


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--joins", type=int, default=2000, help=f"per layer, rounded down to a multiple of {CLIENTS}")
    parser.add_argument("--port", type=int, default=8768)
    parser.add_argument("--out", default=str(ROOT / "docs" / "benchmarks.md"), help="'-' to only print")
    args = parser.parse_args()
    n = args.joins // CLIENTS * CLIENTS
    if n < CLIENTS:
        raise SystemExit(f"bench: --joins must be at least {CLIENTS}")
    if not port_free(args.port):
        raise SystemExit(f"bench: port {args.port} is taken; choose another with --port")
    started = time.strftime("%Y-%m-%d %H:%M UTC", time.gmtime())
    proc, folder = start_server(args.port)
    try:
        code, per_http, http_rate, per_full, full_rate = asyncio.run(measure_server(args.port, proc.pid, n))
    except BaseException:
        print(f"bench: the server's files are kept in {folder}", file=sys.stderr)
        raise
    finally:
        stop_server(proc, folder)
    server = server_log_figures(folder / "server.log")
    database_url = f"sqlite:///{folder / 'bench.db'}"
    # The server has stopped: layers 1 and 2 have the file (and the workshop, still live) to themselves.
    per_service = service_joins(database_url, code, n)
    per_asgi = asgi_joins(database_url, code, n)
    shutil.rmtree(folder, ignore_errors=True)
    figures = {
        "1. the write alone (`participants.join_by_code`: the transaction, its reads, the row)": f"{per_service:.2f} ms",
        "2. the app's ASGI stack around it, in process": f"{per_asgi:.2f} ms ({per_asgi - per_service:+.2f} ms)",
        "3. HTTP join on a real server (server CPU; no websocket)":
            f"{per_http:.2f} ms ({per_http - per_asgi:+.2f} ms; {http_rate:.0f} joins/s)",
        "4. full join on a real server: HTTP join, socket, hello, first state (server CPU)":
            f"{per_full:.2f} ms ({per_full - per_http:+.2f} ms; {full_rate:.0f} joins/s)",
    }
    text = render(n, figures, server, started)
    print(text)
    if args.out != "-":
        write_report(args.out, text)


if __name__ == "__main__":
    main()
