"""Samling load benchmark: N simulated phones and one presenter through the real join flow and the
documented websocket protocol, against a server on loopback; writes docs/benchmarks.md.

    .venv/bin/python -m bench.run --phones 5000            # starts its own server on a fresh SQLite file
    .venv/bin/python -m bench.run --url http://127.0.0.1:8000 --server-pid 1234 --email ... --password ...

Every loop is bounded in count and time, and only loopback addresses are contacted."""
import argparse
import asyncio
import json
import os
import platform
import random
import resource
import subprocess
import sys
import tempfile
import time
import uuid
from collections import Counter
from dataclasses import dataclass, field
from pathlib import Path
from urllib.parse import urlsplit

import httpx
from websockets.asyncio.client import connect

ROOT = Path(__file__).resolve().parent.parent
PASSWORD = "benchmark password"
WORDS = ["tillit", "respekt", "åpenhet", "likeverd", "ærlighet", "toleranse", "kreativitet", "inkludering",
         "retning", "trygghet", "mestring", "samarbeid"]


def pct(values: list[float], p: float) -> float:
    """The p-th percentile (nearest rank) in milliseconds of values in seconds."""
    if not values:
        return float("nan")
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, max(0, round(p / 100 * len(ordered)) - 1))] * 1000


def rss_kib(pid: int) -> int:
    """Resident memory of a process, KiB."""
    for line in Path(f"/proc/{pid}/status").read_text().splitlines():
        if line.startswith("VmRSS:"):
            return int(line.split()[1])
    return 0


def cpu_seconds(pid: int) -> float:
    """User+system CPU seconds a process has used."""
    fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
    return (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")


def own_cpu() -> float:
    """This load generator's CPU seconds."""
    r = resource.getrusage(resource.RUSAGE_SELF)
    return r.ru_utime + r.ru_stime


@dataclass
class Phone:
    """One simulated phone: a websocket and the times at which things arrived."""

    token: str
    ws: object = None
    acks: dict = field(default_factory=dict)  # client_id -> arrival time
    states: list = field(default_factory=list)  # (arrival time, activity id)
    closed_code: int | None = None
    reader: asyncio.Task | None = None
    waiting: dict = field(default_factory=dict)

    async def open(self, ws_url: str) -> None:
        self.ws = await connect(f"{ws_url}/ws/participant", compression=None, ping_interval=None,
                                open_timeout=60, close_timeout=2, max_queue=64)
        await self.ws.send(json.dumps({"type": "hello", "token": self.token}))
        first = json.loads(await asyncio.wait_for(self.ws.recv(), 60))
        self.states.append((time.perf_counter(), (first.get("activity") or {}).get("id")))
        self.reader = asyncio.create_task(self._read())

    async def _read(self) -> None:
        try:
            async for raw in self.ws:
                now = time.perf_counter()
                msg = json.loads(raw)
                if msg["type"] == "ack":
                    self.acks[msg["client_id"]] = now
                    fut = self.waiting.pop(msg["client_id"], None)
                    if fut and not fut.done():
                        fut.set_result(now)
                elif msg["type"] == "state":
                    self.states.append((now, (msg.get("activity") or {}).get("id")))
        except Exception:
            pass
        finally:
            self.closed_code = getattr(self.ws, "close_code", None) or -1

    async def submit(self, activity_id: int, word: str) -> tuple[float, float | None]:
        client_id = uuid.uuid4().hex
        fut = asyncio.get_running_loop().create_future()
        self.waiting[client_id] = fut
        sent = time.perf_counter()
        await self.ws.send(json.dumps({"type": "submit", "client_id": client_id, "activity_id": activity_id,
                                       "payload": {"text": word}}))
        try:
            return sent, await asyncio.wait_for(fut, 30)
        except asyncio.TimeoutError:
            return sent, None

    def stop_reading(self) -> None:
        """Stall like a phone whose app froze: nothing is read from the socket any more."""
        self.reader.cancel()
        self.ws.transport.pause_reading()

    async def close(self) -> None:
        if self.reader:
            self.reader.cancel()
        try:
            await asyncio.wait_for(self.ws.close(), 2)
        except Exception:
            self.ws.transport.abort()


class Presenter:
    """The projected screen: records every results message with its arrival time."""

    def __init__(self):
        self.updates: list[tuple[float, dict]] = []
        self.ws = None
        self.task = None

    async def open(self, ws_url: str, workshop_id: int, token: str) -> None:
        self.ws = await connect(f"{ws_url}/ws/workshop/{workshop_id}/presenter", compression=None,
                                ping_interval=None, max_size=2**24)
        await self.ws.send(json.dumps({"type": "hello", "token": token}))
        self.task = asyncio.create_task(self._read())

    async def _read(self) -> None:
        async for raw in self.ws:
            msg = json.loads(raw)
            if msg["type"] == "results":
                self.updates.append((time.perf_counter(), msg))


async def gather_bounded(coros, limit: int):
    sem = asyncio.Semaphore(limit)

    async def one(c):
        async with sem:
            return await c
    return await asyncio.gather(*(one(c) for c in coros), return_exceptions=True)


class Bench:
    """The scenarios, in order, sharing one server and one room of phones."""

    def __init__(self, args):
        self.args = args
        self.base = args.url.rstrip("/")
        self.ws_base = "ws://" + urlsplit(self.base).netloc
        host = urlsplit(self.base).hostname
        if host not in ("127.0.0.1", "localhost", "::1"):
            raise SystemExit("bench: only loopback servers may be targeted")
        self.pid = args.server_pid
        self.results: dict[str, dict] = {}
        self.phones: list[Phone] = []

    async def setup(self, http: httpx.AsyncClient) -> None:
        r = await http.post("/api/v1/auth/signup", json={"name": "Bench", "email": self.args.email,
                                                         "password": self.args.password})
        if r.status_code != 201:
            r = await http.post("/api/v1/auth/token", json={"email": self.args.email, "password": self.args.password})
        r.raise_for_status()
        self.token = r.json()["token"]
        self.auth = {"Authorization": f"Bearer {self.token}"}
        w = (await http.post("/api/v1/workshops", json={"title": "Benchmark: Samling 3"}, headers=self.auth)).json()
        self.wid = w["id"]
        self.activities = []
        for i in range(5):  # the first, then one per round change (a `next` past the end changes nothing)
            a = await http.post(f"/api/v1/workshops/{self.wid}/activities", headers=self.auth,
                                json={"kind": "word_cloud", "prompt": f"Hvilke verdier er viktigst? ({i + 1})"})
            self.activities.append(a.json()["id"])
        self.code = (await http.post(f"/api/v1/workshops/{self.wid}/live", headers=self.auth)).json()["join_code"]
        await self.command(http, "next")

    async def command(self, http, name: str) -> float:
        start = time.perf_counter()
        (await http.post(f"/api/v1/workshops/{self.wid}/commands", json={"command": name}, headers=self.auth)
         ).raise_for_status()
        return start

    async def join_storm(self, http: httpx.AsyncClient) -> None:
        n, window = self.args.phones, self.args.join_window
        errors = 0
        start = time.perf_counter()
        cpu0 = own_cpu()

        sem = asyncio.Semaphore(self.args.concurrency)

        async def join(i: int):
            nonlocal errors
            # Arrivals are spread evenly over the window from one common start, whatever the queue.
            await asyncio.sleep(max(0.0, start + window * i / n - time.perf_counter()))
            async with sem:
                try:
                    for attempt in range(3):  # like a phone: a dropped request is tried again
                        try:
                            r = await http.post("/api/v1/join", json={"code": self.code, "name": ""},
                                                headers={"Cookie": f"samling_device=bench{i}"})
                            break
                        except httpx.TransportError:
                            if attempt == 2:
                                raise
                    r.raise_for_status()
                    phone = Phone(r.json()["participant_token"])
                    await phone.open(self.ws_base)
                    self.phones.append(phone)
                except Exception as e:
                    errors += 1
                    kinds[f"{type(e).__name__}: {str(e)[:60]}"] += 1

        kinds: Counter = Counter()
        await asyncio.gather(*(join(i) for i in range(n)))
        took = time.perf_counter() - start
        self.results["join storm"] = {"phones": n, "window s": window, "phones joined": len(self.phones),
                                      "errors": errors, "error kinds": dict(kinds.most_common(3)) or "-",
                                      "seconds": round(took, 2), "joins per second": round(len(self.phones) / took, 1),
                                      "load generator CPU %": round(100 * (own_cpu() - cpu0) / took)}

    async def idle_hold(self, rss_before: int) -> None:
        await asyncio.sleep(self.args.hold)
        if not self.pid:
            return
        rss = rss_kib(self.pid)
        self.results["idle hold"] = {"phones connected": len(self.phones), "server RSS MiB": round(rss / 1024, 1),
                                     "KiB per connection": round((rss - rss_before) / max(1, len(self.phones)), 1)}

    async def answer_burst(self, activity_id: int, presenter: Presenter, label: str) -> None:
        phones = [p for p in self.phones if p.closed_code is None]
        window = self.args.burst_window
        cpu0, scpu0, t0 = own_cpu(), cpu_seconds(self.pid) if self.pid else 0, time.perf_counter()
        presenter.updates.clear()

        async def one(i: int, phone: Phone):
            await asyncio.sleep(window * i / len(phones))
            return await phone.submit(activity_id, WORDS[i % len(WORDS)])

        outcomes = await asyncio.gather(*(one(i, p) for i, p in enumerate(phones)), return_exceptions=True)
        ok = [o for o in outcomes if isinstance(o, tuple) and o[1] is not None]
        latencies = [a - s for s, a in ok]
        # Wait for the presenter to show the final count (bounded).
        deadline = time.perf_counter() + 15
        while time.perf_counter() < deadline:
            last = presenter.updates[-1][1] if presenter.updates else None
            if last and last["counts"]["entries"] >= len(ok) and last["activity_id"] == activity_id:
                break
            await asyncio.sleep(0.05)
        took = time.perf_counter() - t0
        final = presenter.updates[-1][1] if presenter.updates else {"counts": {"entries": 0}, "results": None}
        shown = sum(w["count"] for w in (final.get("results") or {}).get("words", []))
        # Submit -> presenter: the first presenter update that counts the k-th acknowledged entry.
        acked = sorted(a for _s, a in ok)
        to_presenter, ui = [], 0
        for k, ack_time in enumerate(acked, start=1):
            while ui < len(presenter.updates) and presenter.updates[ui][1]["counts"]["entries"] < k:
                ui += 1
            if ui < len(presenter.updates):
                to_presenter.append(presenter.updates[ui][0] - ack_time)
        self.results[label] = {
            "phones": len(phones), "acked": len(ok), "lost (no ack)": len(phones) - len(ok),
            "presenter final entries": final["counts"]["entries"], "presenter words counted": shown,
            "exact": final["counts"]["entries"] == len(ok) == shown,
            "ack p50 ms": round(pct(latencies, 50), 1), "ack p95 ms": round(pct(latencies, 95), 1),
            "ack p99 ms": round(pct(latencies, 99), 1), "ack max ms": round(pct(latencies, 100), 1),
            "ack->presenter p50 ms": round(pct(to_presenter, 50), 1),
            "ack->presenter p95 ms": round(pct(to_presenter, 95), 1),
            "server CPU %": round(100 * (cpu_seconds(self.pid) - scpu0) / took) if self.pid else None,
            "load generator CPU %": round(100 * (own_cpu() - cpu0) / took),
        }

    async def round_change(self, http, label: str) -> None:
        phones = [p for p in self.phones if p.closed_code is None]
        marks = {id(p): len(p.states) for p in phones}
        start = await self.command(http, "next")
        deadline = time.perf_counter() + 30
        while time.perf_counter() < deadline and any(len(p.states) <= marks[id(p)] for p in phones):
            await asyncio.sleep(0.01)
        delays = [p.states[marks[id(p)]][0] - start for p in phones if len(p.states) > marks[id(p)]]
        self.results[label] = {"phones": len(phones), "reached": len(delays),
                               "p50 ms": round(pct(delays, 50), 1), "p95 ms": round(pct(delays, 95), 1),
                               "p99 ms": round(pct(delays, 99), 1), "max ms": round(pct(delays, 100), 1)}

    async def slow_phones(self, http, presenter: Presenter) -> None:
        stalled = random.Random(7).sample(self.phones, max(1, len(self.phones) * 2 // 100))
        for p in stalled:
            p.stop_reading()
        rss0 = rss_kib(self.pid) if self.pid else 0
        ids = {id(p) for p in stalled}
        healthy = [p for p in self.phones if id(p) not in ids]
        saved, self.phones = self.phones, healthy
        # Push traffic at the stalled sockets until their queues overflow: several round changes.
        for i in range(3):
            await self.round_change(http, f"round change with 2% stalled ({i + 1})")
        await self.answer_burst(self.activities[-1], presenter, "answer burst with 2% stalled")
        self.phones = saved
        online = presenter.updates[-1][1]["counts"]["online"] if presenter.updates else None
        # The server's keepalive (a ping every 20 s, 20 s for the pong) or its stall timeout ends the
        # stalled connections; wait for the presenter's online count to say so, at most 60 s.
        stalled_at = time.perf_counter()
        while time.perf_counter() - stalled_at < 60 and presenter.updates and \
                presenter.updates[-1][1]["counts"]["online"] > len(healthy):
            await asyncio.sleep(0.25)
        online_after = presenter.updates[-1][1]["counts"]["online"] if presenter.updates else None
        self.results["slow phones"] = {
            "stalled": len(stalled),
            "phones the server still counts online": online,
            "stalled phones dropped by the server": (len(self.phones) - online) if online is not None else None,
            "stalled phones dropped within 60 s more": (len(self.phones) - online_after)
            if online_after is not None else None,
            "seconds until dropped": round(time.perf_counter() - stalled_at, 1),
            "server RSS change MiB": round((rss_kib(self.pid) - rss0) / 1024, 1) if self.pid else None,
            "healthy phones still connected": sum(p.closed_code is None for p in healthy),
        }

    async def ceiling(self) -> None:
        """The same fan-out through a minimal websockets server, for scale."""
        port = self.args.ceiling_port
        proc = subprocess.Popen([sys.executable, "-m", "bench.ceiling_server", str(port)], cwd=ROOT,
                                stdout=subprocess.PIPE, text=True)
        try:
            proc.stdout.readline()
            n = len(self.phones)
            clients = []

            async def conn(_):
                clients.append(await connect(f"ws://127.0.0.1:{port}/", compression=None, ping_interval=None,
                                             open_timeout=60))
            await gather_bounded([conn(i) for i in range(n)], self.args.concurrency)
            arrivals = []
            got_all = asyncio.Event()

            async def reader(c):
                # The same kind of reader the phones use: a plain loop, no per-message timeout.
                async for _raw in c:
                    arrivals.append(time.perf_counter())
                    if len(arrivals) >= n - 1:
                        got_all.set()
                    return
            readers = [asyncio.create_task(reader(c)) for c in clients[1:]]
            await asyncio.sleep(1)
            start = time.perf_counter()
            await clients[0].send("go")
            first = await asyncio.wait_for(clients[0].recv(), 30)
            reply = await asyncio.wait_for(clients[0].recv(), 30)
            await asyncio.wait_for(got_all.wait(), 30)
            for r in readers:
                r.cancel()
            delays = [a - start for a in arrivals]
            self.results["ceiling (bare websockets)"] = {
                "clients": n, "server fan-out ms": round(float(reply.split()[1]) * 1000, 1) if reply.startswith("sent") else None,
                "p50 ms": round(pct(delays, 50), 1), "p99 ms": round(pct(delays, 99), 1),
                "max ms": round(pct(delays, 100), 1)}
            del first
            await asyncio.gather(*(c.close() for c in clients), return_exceptions=True)
        finally:
            proc.terminate()
            proc.wait(10)

    async def run(self) -> None:
        limits = httpx.Limits(max_connections=self.args.concurrency, max_keepalive_connections=self.args.concurrency)
        async with httpx.AsyncClient(base_url=self.base, limits=limits, timeout=60) as http:
            await self.setup(http)
            rss_before = rss_kib(self.pid) if self.pid else 0
            presenter = Presenter()
            await presenter.open(self.ws_base, self.wid, self.token)
            await self.join_storm(http)
            await self.idle_hold(rss_before)
            await self.answer_burst(self.activities[0], presenter, "answer burst")
            await self.round_change(http, "round change")
            await self.slow_phones(http, presenter)
            await gather_bounded([p.close() for p in self.phones], 500)
        await self.ceiling()
        rc, ceil = self.results.get("round change"), self.results.get("ceiling (bare websockets)")
        if rc and ceil and ceil["p99 ms"]:
            self.results["round change vs ceiling"] = {"p99 ratio": round(rc["p99 ms"] / ceil["p99 ms"], 2),
                                                      "p50 ratio": round(rc["p50 ms"] / ceil["p50 ms"], 2)}


def machine() -> dict[str, str]:
    """Facts about this machine and the software measured."""
    cpu = next((ln.split(":", 1)[1].strip() for ln in Path("/proc/cpuinfo").read_text().splitlines()
                if ln.startswith("model name")), platform.processor())
    mem = next((ln.split()[1] for ln in Path("/proc/meminfo").read_text().splitlines() if ln.startswith("MemTotal")), "?")
    from importlib.metadata import version
    return {"cpu": f"{cpu} × {os.cpu_count()}", "memory": f"{int(mem) // 1024 // 1024} GiB",
            "python": platform.python_version(), "kernel": platform.release(),
            **{pkg: version(pkg) for pkg in ("uvicorn", "websockets", "fastapi", "sqlalchemy")}}


def render(results: dict, args, started: str) -> str:
    lines = [f"## Run of {started}: {args.phones} phones", "",
             f"Command: `{' '.join(['.venv/bin/python -m bench.run'] + sys.argv[1:])}`", ""]
    lines += ["| machine | |", "|---|---|"] + [f"| {k} | {v} |" for k, v in machine().items()] + [""]
    for name, figures in results.items():
        lines += [f"**{name}**", "", "| figure | value |", "|---|---|"]
        lines += [f"| {k} | {v} |" for k, v in figures.items()] + [""]
    return "\n".join(lines)


def start_server(port: int) -> tuple[subprocess.Popen, Path]:
    folder = Path(tempfile.mkdtemp(prefix="samling-bench-"))
    env = {**os.environ}
    env.pop("DATABASE_URL", None)
    proc = subprocess.Popen([sys.executable, "-m", "app", "serve", "--port", str(port), "--db", str(folder / "bench.db"),
                             "--log-level", "warning"], cwd=ROOT, env=env,
                            stdout=open(folder / "server.log", "w"), stderr=subprocess.STDOUT)
    for _ in range(300):
        try:
            if httpx.get(f"http://127.0.0.1:{port}/healthz", timeout=1).status_code == 200:
                return proc, folder
        except httpx.HTTPError:
            time.sleep(0.1)
    raise SystemExit(f"bench: server did not start, see {folder / 'server.log'}")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--phones", type=int, default=1000)
    parser.add_argument("--url", help="a running server on loopback (default: start one on a fresh SQLite file)")
    parser.add_argument("--server-pid", type=int, help="the server's process id, for memory and CPU figures")
    parser.add_argument("--port", type=int, default=8765)
    parser.add_argument("--email", default="bench@samling.local")
    parser.add_argument("--password", default=PASSWORD)
    parser.add_argument("--join-window", type=float, default=10.0)
    parser.add_argument("--burst-window", type=float, default=5.0)
    parser.add_argument("--hold", type=float, default=5.0)
    parser.add_argument("--concurrency", type=int, default=200)
    parser.add_argument("--ceiling-port", type=int, default=8766)
    parser.add_argument("--out", default=str(ROOT / "docs" / "benchmarks.md"), help="'-' to only print")
    args = parser.parse_args()
    proc = None
    if not args.url:
        proc, _folder = start_server(args.port)
        args.url, args.server_pid = f"http://127.0.0.1:{args.port}", proc.pid
    started = time.strftime("%Y-%m-%d %H:%M UTC", time.gmtime())
    bench = Bench(args)
    try:
        asyncio.run(asyncio.wait_for(bench.run(), 900))
    finally:
        if proc:
            proc.terminate()
            proc.wait(10)
    text = render(bench.results, args, started)
    print(text)
    if args.out != "-":
        out = Path(args.out)
        head = out.read_text().split("\n## Run of", 1)[0].rstrip() + "\n\n" if out.exists() else \
            "# Benchmarks\n\nFigures from real runs of `bench/run.py` on this project's machines, newest first.\n\n"
        rest = ("\n## Run of" + out.read_text().split("\n## Run of", 1)[1]) if out.exists() and "\n## Run of" in out.read_text() else ""
        out.write_text(head + text + "\n" + rest)


if __name__ == "__main__":
    main()
