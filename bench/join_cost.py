"""Where a join's CPU goes, layer by layer: the participant's write alone, the app's whole ASGI stack around it (in
this process, no network), and the HTTP join against a real server (its CPU per join, no websocket). The full join
(HTTP join, socket, hello, first snapshot) is measured the same way, one phone after another per client (not as
`bench.run`'s storm, whose phones arrive all at once); the difference is the socket's share.

    .venv/bin/python -m bench.join_cost                 # 2,000 joins per layer; appends to docs/benchmarks.md
    .venv/bin/python -m bench.join_cost --joins 500 --out -

Every layer joins the same live workshop on one fresh SQLite file; loopback only, every loop bounded."""
import argparse
import asyncio
import http.client
import json
import os
import shutil
import sys
import threading
import time

import httpx

from bench.run import PASSWORD, ROOT, cpu_sample, cpu_used, machine, start_server, stop_server, write_report

NAME = "Medarbeiderinvolvering"  # a real room's long name: the row and the token carry it
PORT = 8767
CLIENTS = 8  # keep-alive connections for the HTTP layer, as a storm's phones would hold in flight


def live_code(base: str) -> str:
    """Sign up, make a workshop with one activity and take it live; its join code."""
    with httpx.Client(base_url=base, timeout=30) as h:
        r = h.post("/api/v1/auth/signup", json={"name": "Bench", "email": "bench@samling.local", "password": PASSWORD})
        r.raise_for_status()
        auth = {"Authorization": f"Bearer {r.json()['token']}"}
        wid = h.post("/api/v1/workshops", json={"title": "Benchmark: joins"}, headers=auth).json()["id"]
        h.post(f"/api/v1/workshops/{wid}/activities", headers=auth,
               json={"kind": "word_cloud", "prompt": "Hvilke verdier er viktigst?"}).raise_for_status()
        r = h.post(f"/api/v1/workshops/{wid}/live", headers=auth)
        r.raise_for_status()
        return r.json()["join_code"]


def service_joins(database_url: str, code: str, n: int) -> float:
    """CPU ms per join of `participants.join_by_code` alone (the write transaction and its reads), this thread."""
    from app.db import Database
    from app.services import participants

    db = Database(database_url)
    try:
        participants.join_by_code(db, code, NAME, "nb")  # warm: the code remembered, statements compiled
        start = time.thread_time()
        for _ in range(n):
            assert participants.join_by_code(db, code, NAME, "nb") is not None
        return (time.thread_time() - start) / n * 1000
    finally:
        db.dispose()


def asgi_joins(database_url: str, code: str, n: int) -> float:
    """CPU ms per join through the app's whole ASGI stack in this process (middlewares, routing, validation, the
    thread hop, the write, the token, the response): no sockets, no HTTP parsing."""
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

    async def one() -> None:
        sent: list[dict] = []

        async def receive() -> dict:
            return {"type": "http.request", "body": body, "more_body": False}

        async def send(message: dict) -> None:
            sent.append(message)

        await app({**scope, "state": {}}, receive, send)
        assert sent[0]["status"] == 201, sent

    async def run() -> float:
        await one()
        start = time.process_time()  # the loop and the worker thread the write runs on
        for _ in range(n):
            await one()
        return (time.process_time() - start) / n * 1000

    with TestClient(app) as client:  # runs the lifespan: database, hub, throttle
        return client.portal.call(run)


def http_joins(port: int, pid: int, code: str, n: int) -> tuple[float, float]:
    """Server CPU ms per HTTP join (POST /api/v1/join, keep-alive, no websocket) and joins per second."""
    body = json.dumps({"code": code, "name": NAME})
    failures: list[str] = []

    def client(count: int) -> None:
        conn = http.client.HTTPConnection("127.0.0.1", port, timeout=30)
        try:
            for _ in range(count):
                conn.request("POST", "/api/v1/join", body, {"Content-Type": "application/json"})
                r = conn.getresponse()
                r.read()
                if r.status != 201:
                    failures.append(str(r.status))
        finally:
            conn.close()

    client(20)  # warm
    before, started = cpu_sample(pid), time.time()
    threads = [threading.Thread(target=client, args=(n // CLIENTS,)) for _ in range(CLIENTS)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    took, used = time.time() - started, cpu_used(before, cpu_sample(pid))
    if failures:
        raise SystemExit(f"bench: {len(failures)} HTTP joins failed ({failures[:3]})")
    done = n // CLIENTS * CLIENTS
    return used / done * 1000, done / took


def full_joins(port: int, pid: int, code: str, n: int) -> tuple[float, float]:
    """Server CPU ms per full join (the HTTP join, then the socket, its hello and the first state, the socket kept
    open as a phone keeps it) and joins per second."""
    import websockets

    async def run() -> tuple[float, float]:
        sockets: list = []

        async def phone(http: httpx.AsyncClient) -> None:
            r = await http.post("/api/v1/join", json={"code": code, "name": NAME})
            r.raise_for_status()
            ws = await websockets.connect(f"ws://127.0.0.1:{port}/ws/participant", max_queue=None)
            sockets.append(ws)
            await ws.send(json.dumps({"type": "hello", "token": r.json()["participant_token"]}))
            for _ in range(10):  # the first state comes first; anything before it is skipped, a little
                if json.loads(await asyncio.wait_for(ws.recv(), 30)).get("type") == "state":
                    return
            raise SystemExit("bench: no state after the hello")

        async def client(count: int) -> None:
            async with httpx.AsyncClient(base_url=f"http://127.0.0.1:{port}", timeout=30) as http:
                for _ in range(count):
                    await phone(http)

        await client(5)  # warm
        before, started = cpu_sample(pid), time.time()
        await asyncio.gather(*(client(n // CLIENTS) for _ in range(CLIENTS)))
        took, used = time.time() - started, cpu_used(before, cpu_sample(pid))
        for ws in sockets:
            await ws.close()
        done = n // CLIENTS * CLIENTS
        return used / done * 1000, done / took

    return asyncio.run(run())


def render(n: int, figures: dict[str, str], started: str) -> str:
    rows = "\n".join(f"| {k} | {v} |" for k, v in figures.items())
    info = "\n".join(f"| {k} | {v} |" for k, v in machine().items())
    return (f"## Run of {started}: join cost by layer, {n} joins each\n\n"
            f"Command: `.venv/bin/python -m bench.join_cost --joins {n}`\n\n| machine | |\n|---|---|\n{info}\n\n"
            f"| layer | CPU per join |\n|---|---|\n{rows}\n")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--joins", type=int, default=2000)
    parser.add_argument("--out", default=str(ROOT / "docs" / "benchmarks.md"), help="'-' to only print")
    args = parser.parse_args()
    started = time.strftime("%Y-%m-%d %H:%M UTC", time.gmtime())
    proc, folder = start_server(PORT)
    try:
        code = live_code(f"http://127.0.0.1:{PORT}")
        per_http, rate = http_joins(PORT, proc.pid, code, args.joins)
        per_full, full_rate = full_joins(PORT, proc.pid, code, args.joins)
    finally:
        stop_server(proc, folder)
    database_url = f"sqlite:///{folder / 'bench.db'}"
    try:  # the server has stopped: these layers have the file (and the workshop, still live) to themselves
        per_service = service_joins(database_url, code, args.joins)
        per_asgi = asgi_joins(database_url, code, args.joins)
    finally:
        shutil.rmtree(folder, ignore_errors=True)
    figures = {
        "the write alone (`participants.join_by_code`: the transaction, its reads, the row)": f"{per_service:.2f} ms",
        "the app's ASGI stack around it, in process (no network)": f"{per_asgi:.2f} ms "
                                                                   f"({per_asgi - per_service:.2f} ms the stack)",
        "HTTP join on a real server (server CPU; no websocket)": f"{per_http:.2f} ms ({rate:.0f} joins/s with "
                                                                 f"{CLIENTS} keep-alive clients)",
        "full join on a real server: HTTP join, socket, hello, first state (server CPU)":
            f"{per_full:.2f} ms ({per_full - per_http:.2f} ms the socket's share; {full_rate:.0f} joins/s with "
            f"{CLIENTS} clients, the sockets kept open)",
    }
    text = render(args.joins, figures, started)
    print(text)
    if args.out != "-":
        write_report(args.out, text)
    sys.exit(0)


if __name__ == "__main__":
    os.chdir(ROOT)
    main()
