"""Samling load benchmark: N simulated phones and one presenter through the real join flow and the
documented websocket protocol, against a server on loopback; writes docs/benchmarks.md.

    .venv/bin/python -m bench.run --phones 5000            # starts its own server on a fresh SQLite file
    .venv/bin/python -m bench.run --phones 5000 --generators 2
    .venv/bin/python -m bench.run --phones 10000 --generators 2 --workers 2 [--database postgres]   # Redis on loopback
    .venv/bin/python -m bench.run --url http://127.0.0.1:8000 --server-pid 1234 --email ... --password ...

The phones live in `--generators` Node.js worker processes (bench/loadgen/phones.mjs, driven over
JSON lines on stdin/stdout; Node 20.11+ with --experimental-websocket, no npm package), so the client is
not the bottleneck; the presenter, the setup, the facilitator's commands and the report stay here.
Every table gives the load generator's CPU (the Node workers plus this process) beside the server's.
Every loop is bounded in count and time, and only loopback addresses are contacted."""
import argparse
import asyncio
import contextlib
import json
import os
import platform
import re
import resource
import signal
import socket
import subprocess
import sys
import tempfile
import time
from collections import Counter
from pathlib import Path
from urllib.parse import urlsplit

import httpx
from websockets.asyncio.client import connect

ROOT = Path(__file__).resolve().parent.parent
WORKER = ROOT / "bench" / "loadgen" / "phones.mjs"
PASSWORD = "benchmark password"
WORDS = ["tillit", "respekt", "åpenhet", "likeverd", "ærlighet", "toleranse", "kreativitet", "inkludering",
         "retning", "trygghet", "mestring", "samarbeid"]
STALLED_ROUNDS = 3  # round changes pushed at the stalled phones
SLOW_TICK_MS = 100  # app/live/hub.py logs a results tick over this (the bar for a tick, too)
TICK_LINE = re.compile(r"results tick for workshop (\d+) took (\d+) ms(?: \((\d+) personal views"
                       r"(?:; (\d+) ms of CPU; waited (\d+) ms for other rooms)?\))?")


def pct(values: list[float], p: float) -> float:
    """The p-th percentile (nearest rank) in milliseconds of values in seconds."""
    if not values:
        return float("nan")
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, max(0, round(p / 100 * len(ordered)) - 1))] * 1000


def pct_ms(values_ms: list[float], p: float) -> float:
    """The same percentile of values already in milliseconds, rounded for the tables."""
    return round(pct([v / 1000 for v in values_ms], p), 1)


def process_tree(pid: int) -> list[int]:
    """The process and all its descendants (`samling serve --workers N` is a supervisor and N workers)."""
    found, todo = [], [pid]
    while todo:
        current = todo.pop()
        found.append(current)
        try:
            for task in os.listdir(f"/proc/{current}/task"):
                todo += [int(c) for c in Path(f"/proc/{current}/task/{task}/children").read_text().split()]
        except OSError:
            continue
    return found


def rss_kib(pid: int) -> int:
    """Resident memory of a process and its descendants, KiB."""
    total = 0
    for one in process_tree(pid):
        try:
            lines = Path(f"/proc/{one}/status").read_text().splitlines()
        except OSError:
            continue
        total += next((int(ln.split()[1]) for ln in lines if ln.startswith("VmRSS:")), 0)
    return total


def cpu_sample(pid: int) -> tuple[float, float]:
    """CPU seconds of a process and its descendants (see `process_tree`), as `cpu_sample_one` gives them."""
    samples = [cpu_sample_one(one) for one in process_tree(pid)]
    return sum(t for t, _ in samples), sum(p for _, p in samples)


def cpu_sample_one(pid: int) -> tuple[float, float]:
    """A process's CPU seconds two ways: /proc/<pid>/stat ticks (10 ms steps, every thread that ever
    ran) and the sum of its live threads' schedstat run times (nanoseconds; a thread that ended is
    missing). A round change lasts a few tens of milliseconds, too short for the ticks alone."""
    try:
        fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
    except OSError:
        return 0.0, 0.0
    ticks = (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")
    try:
        precise = sum(int(Path(f"/proc/{pid}/task/{t}/schedstat").read_text().split()[0])
                      for t in os.listdir(f"/proc/{pid}/task")) / 1e9
    except (OSError, ValueError, IndexError):  # a thread ended between listing and reading
        precise = float("nan")
    return ticks, precise


def cpu_used(before: tuple[float, float], after: tuple[float, float]) -> float:
    """CPU seconds between two samples: the precise figure, unless a thread that ended in between
    took its run time out of it (then it falls short of the ticks by more than their rounding)."""
    ticks, precise = after[0] - before[0], after[1] - before[1]
    return precise if precise == precise and precise > ticks - 0.03 else ticks


def own_cpu() -> float:
    """This orchestrator's CPU seconds."""
    r = resource.getrusage(resource.RUSAGE_SELF)
    return r.ru_utime + r.ru_stime


def loopback(url: str) -> str:
    """The URL, if it names this machine; anything else is refused."""
    if urlsplit(url).hostname not in ("127.0.0.1", "localhost", "::1"):
        raise SystemExit("bench: only loopback servers may be targeted")
    return url


class Generators:
    """The Node worker processes holding the phones, spoken to in JSON lines (see phones.mjs)."""

    def __init__(self, count: int, node: str):
        self.count = count
        self.node = node
        self.procs: list[asyncio.subprocess.Process] = []
        self.readers: list[asyncio.Task] = []
        self.waiting: list[dict[int, asyncio.Future]] = []
        self.seq = 0

    async def start(self) -> None:
        for i in range(self.count):
            proc = await asyncio.create_subprocess_exec(
                self.node, "--experimental-websocket", "--disable-warning=ExperimentalWarning", str(WORKER),
                cwd=ROOT, stdin=asyncio.subprocess.PIPE, stdout=asyncio.subprocess.PIPE,
                limit=2**27)  # one reply line carries every latency of thousands of phones
            self.procs.append(proc)
            self.waiting.append({})
            self.readers.append(asyncio.create_task(self._read(i, proc)))

    async def _read(self, i: int, proc) -> None:
        try:
            while line := await proc.stdout.readline():
                msg = json.loads(line)
                fut = self.waiting[i].pop(msg.get("id"), None)
                if fut and not fut.done():
                    fut.set_result(msg)
        finally:
            for fut in self.waiting[i].values():  # a worker that died answers nothing more
                if not fut.done():
                    fut.set_exception(RuntimeError(f"load generator worker {i} exited"))

    async def call(self, i: int, cmd: str, timeout: float, **args) -> dict:
        """One command to worker i; its reply, or an error if it failed or took longer than timeout."""
        self.seq += 1
        seq = self.seq  # other commands may be sent while this one waits
        fut = asyncio.get_running_loop().create_future()
        self.waiting[i][seq] = fut
        try:
            self.procs[i].stdin.write((json.dumps({"id": seq, "cmd": cmd, **args}) + "\n").encode())
            await self.procs[i].stdin.drain()
            msg = await asyncio.wait_for(fut, timeout)
        finally:
            self.waiting[i].pop(seq, None)
        if not msg.get("ok"):
            raise RuntimeError(f"load generator worker {i}, {cmd}: {msg.get('error')}")
        return msg

    async def each(self, cmd: str, timeout: float, args=lambda i: {}) -> list[dict]:
        """The same command to every worker at once (args(i) gives worker i's arguments)."""
        return list(await asyncio.gather(*(self.call(i, cmd, timeout, **args(i)) for i in range(self.count))))

    def split(self, total: int, i: int) -> int:
        """Worker i's share of total, the shares differing by at most one."""
        return total // self.count + (1 if i < total % self.count else 0)

    def cpu(self) -> list[tuple[float, float]]:
        return [cpu_sample(p.pid) for p in self.procs]

    async def close(self) -> None:
        """Close every phone, then end the workers (EOF on stdin), killing any that lingers."""
        if self.procs:
            try:
                await asyncio.wait_for(self.each("close_all", 10), 12)
            except Exception:  # a dead or stuck worker: EOF and the kill below still end it
                pass
        for p in self.procs:
            if p.stdin and not p.stdin.is_closing():
                p.stdin.close()
        for p in self.procs:
            try:
                await asyncio.wait_for(p.wait(), 8)
            except TimeoutError:
                p.kill()
                await p.wait()
        for r in self.readers:
            r.cancel()

    def kill_leftovers(self) -> None:
        """Last resort after the event loop is gone: kill workers that are still our children."""
        for p in self.procs:
            try:
                ppid = int(Path(f"/proc/{p.pid}/stat").read_text().rsplit(")", 1)[1].split()[1])
            except OSError:
                continue
            if ppid == os.getpid():
                with contextlib.suppress(ProcessLookupError):
                    os.kill(p.pid, signal.SIGKILL)


class Meter:
    """CPU used over a span by the server and by the load generator (Node workers + this process)."""

    def __init__(self, gens: Generators, server_pid: int | None):
        self.gens, self.pid = gens, server_pid
        self.t0, self.own0, self.gens0 = time.time(), own_cpu(), gens.cpu()
        self.server0 = cpu_sample(server_pid) if server_pid else (0.0, 0.0)

    def server_cpu(self) -> float:
        return cpu_used(self.server0, cpu_sample(self.pid)) if self.pid else float("nan")

    def figures(self) -> dict:
        took = max(1e-6, time.time() - self.t0)
        used = [cpu_used(a, b) for a, b in zip(self.gens0, self.gens.cpu())] + [own_cpu() - self.own0]
        return {"server CPU %": round(100 * self.server_cpu() / took) if self.pid else None,
                "load generator CPU %": round(100 * sum(used) / took),
                "load generator busiest process CPU %": round(100 * max(used) / took)}


class Presenter:
    """The projected screen: records every results message with its arrival time (epoch seconds)."""

    audience = "presenter"

    def __init__(self):
        self.updates: list[tuple[float, dict]] = []
        self.ws = None
        self.task = None

    async def open(self, ws_url: str, workshop_id: int, token: str) -> None:
        self.ws = await connect(f"{ws_url}/ws/workshop/{workshop_id}/{self.audience}", compression=None,
                                ping_interval=None, max_size=2**25, open_timeout=30)
        await self.ws.send(json.dumps({"type": "hello", "token": token}))
        self.task = asyncio.create_task(self._read())

    async def _read(self) -> None:
        async for raw in self.ws:
            msg = json.loads(raw)
            if msg["type"] == "results":
                self.updates.append((time.time(), msg))

    async def close(self) -> None:
        if self.task:
            self.task.cancel()
        if self.ws:
            try:
                await asyncio.wait_for(self.ws.close(), 2)
            except Exception:
                self.ws.transport.abort()

    def online(self) -> int | None:
        return self.updates[-1][1]["counts"]["online"] if self.updates else None


class Bench:
    """The scenarios, in order, sharing one server and one room of phones."""

    def __init__(self, args):
        self.args = args
        self.base = loopback(args.url.rstrip("/"))
        self.ws_base = "ws://" + urlsplit(self.base).netloc
        self.pid = args.server_pid
        self.results: dict[str, dict] = {}
        self.gens = Generators(max(1, args.generators), args.node)
        self.current = 0  # index in self.activities of the activity on screen
        self.round_delays: list[float] = []  # ms, every round change without stalled phones

    def meter(self) -> Meter:
        return Meter(self.gens, self.pid)

    async def setup(self, http: httpx.AsyncClient) -> None:
        self.token = await sign_in(http, self.args.email, self.args.password)
        self.auth = {"Authorization": f"Bearer {self.token}"}
        w = (await http.post("/api/v1/workshops", json={"title": "Benchmark: Samling 3"}, headers=self.auth)).json()
        self.wid = w["id"]
        self.activities = []
        # The first, then one per round change (a `next` past the end would change no activity).
        for i in range(1 + self.args.rounds + STALLED_ROUNDS):
            a = await http.post(f"/api/v1/workshops/{self.wid}/activities", headers=self.auth,
                                json={"kind": "word_cloud", "prompt": f"Hvilke verdier er viktigst? ({i + 1})"})
            a.raise_for_status()
            self.activities.append(a.json()["id"])
        self.code = (await http.post(f"/api/v1/workshops/{self.wid}/live", headers=self.auth)).json()["join_code"]
        await self.command(http, "next")

    async def command(self, http, name: str) -> float:
        """A facilitator's command; the epoch time just before it was sent."""
        start = time.time()
        (await http.post(f"/api/v1/workshops/{self.wid}/commands", json={"command": name}, headers=self.auth)
         ).raise_for_status()
        return start

    async def stats(self) -> dict:
        """The workers' phone counts, summed."""
        total = Counter()
        codes = Counter()
        for s in await self.gens.each("stats", 10):
            total.update({k: s[k] for k in ("phones", "open", "usable", "stalled", "closed")})
            codes.update(s["close_codes"])
        return {**total, "close_codes": dict(codes)}

    async def join_storm(self) -> None:
        n, k, window = self.args.phones, self.gens.count, self.args.join_window
        start_at = time.time() + 0.5  # every worker has its command before the first arrival
        jobs = asyncio.ensure_future(self.gens.each("join", window + 300, lambda i: {
            "base": self.base, "code": self.code, "start_index": i, "n": len(range(i, n, k)), "stride": k,
            "total": n, "window_s": window, "start_at": start_at, "concurrency": max(1, self.args.concurrency // k)}))
        await asyncio.sleep(max(0.0, start_at - time.time()))
        meter = self.meter()
        replies = await jobs
        took = time.time() - start_at
        joined = sum(r["joined"] for r in replies)
        kinds = Counter()
        for r in replies:
            kinds.update(r["error_kinds"])
        latencies = [ms for r in replies for ms in r["latency_ms"]]
        self.results["join storm"] = {
            "phones": n, "window s": window, "generators": k, "phones joined": joined,
            "errors": sum(r["errors"] for r in replies), "error kinds (top 3 per worker)": dict(kinds.most_common(3)) or "-",
            "seconds": round(took, 2), "joins per second": round(joined / took, 1),
            "join latency p50 ms": pct_ms(latencies, 50), "join latency p95 ms": pct_ms(latencies, 95),
            "join latency p99 ms": pct_ms(latencies, 99),
            "latest request start behind schedule ms": round(max(r["queue_ms_max"] for r in replies), 1),
            "server CPU s per join": round(meter.server_cpu() / joined, 5) if self.pid and joined else None,
            **meter.figures()}

    async def idle_hold(self, rss_before: int) -> None:
        meter = self.meter()
        await asyncio.sleep(self.args.hold)
        open_ = (await self.stats())["open"]
        rss = rss_kib(self.pid) if self.pid else 0
        self.results["idle hold"] = {
            "phones connected": open_, "seconds": self.args.hold,
            "server RSS MiB": round(rss / 1024, 1) if self.pid else None,
            "KiB per connection": round((rss - rss_before) / max(1, open_), 1) if self.pid else None,
            **meter.figures()}

    async def answer_burst(self, presenter: Presenter, label: str) -> None:
        activity_id, window, k = self.activities[self.current], self.args.burst_window, self.gens.count
        presenter.updates.clear()
        start_at = time.time() + 0.3
        meter = self.meter()
        replies = await self.gens.each("burst", window + 60, lambda i: {
            "activity_id": activity_id, "window_s": window, "start_at": start_at, "phase": i / k,
            "payload_kind": "word", "words": WORDS, "timeout_s": 30})
        sent = sum(r["sent"] for r in replies)
        acked = sum(r["acked"] for r in replies)
        latencies = [ms for r in replies for ms in r["ack_ms"]]
        errors = Counter()
        for r in replies:
            errors.update(r["error_codes"])
        # Wait for the presenter to show the final count (bounded).
        deadline = time.time() + 15
        while time.time() < deadline:
            last = presenter.updates[-1][1] if presenter.updates else None
            if last and last["counts"]["entries"] >= acked and last["activity_id"] == activity_id:
                break
            await asyncio.sleep(0.05)
        final = presenter.updates[-1][1] if presenter.updates else {"counts": {"entries": 0}, "results": None}
        shown = sum(w["count"] for w in (final.get("results") or {}).get("words", []))
        # Ack -> presenter: the first presenter update that counts the k-th acknowledged entry.
        to_presenter, ui = [], 0
        for n, ack_time in enumerate(sorted(t for r in replies for t in r["ack_at"]), start=1):
            while ui < len(presenter.updates) and presenter.updates[ui][1]["counts"]["entries"] < n:
                ui += 1
            if ui < len(presenter.updates):
                to_presenter.append(presenter.updates[ui][0] - ack_time)
        self.results[label] = {
            "phones": sent, "acked": acked, "lost (no ack)": sum(r["lost"] for r in replies),
            "error frames": dict(errors) or "-",
            "presenter final entries": final["counts"]["entries"], "presenter words counted": shown,
            "exact": final["counts"]["entries"] == acked == shown,
            "ack p50 ms": pct_ms(latencies, 50), "ack p95 ms": pct_ms(latencies, 95),
            "ack p99 ms": pct_ms(latencies, 99), "ack max ms": pct_ms(latencies, 100),
            "ack->presenter p50 ms": round(pct(to_presenter, 50), 1),
            "ack->presenter p95 ms": round(pct(to_presenter, 95), 1),
            **meter.figures()}

    async def round_change(self, http, label: str) -> list[float]:
        """`next`, then the delay until each open phone has the new activity's state; the delays, ms."""
        self.current += 1
        activity_id = self.activities[self.current]
        meter = self.meter()
        since = await self.command(http, "next")
        replies = await self.gens.each("await_state", 45, lambda i: {
            "activity_id": activity_id, "since": since, "timeout_s": 30})
        delays = [ms for r in replies for ms in r["delays_ms"]]
        self.results[label] = {"phones": sum(r["open"] for r in replies), "reached": len(delays),
                               "p50 ms": pct_ms(delays, 50), "p95 ms": pct_ms(delays, 95),
                               "p99 ms": pct_ms(delays, 99), "max ms": pct_ms(delays, 100), **meter.figures()}
        return delays

    async def round_changes(self, http) -> None:
        for i in range(self.args.rounds):
            self.round_delays += await self.round_change(http, f"round change {i + 1} of {self.args.rounds}")
            await asyncio.sleep(0.5)  # the results rebuild of the last one settles first
        d = self.round_delays
        self.results[f"round changes, all {self.args.rounds} pooled"] = {
            "deliveries": len(d), "p50 ms": pct_ms(d, 50), "p95 ms": pct_ms(d, 95), "p99 ms": pct_ms(d, 99),
            "max ms": pct_ms(d, 100)}

    async def slow_phones(self, http, presenter: Presenter) -> None:
        meter = self.meter()
        before = await self.stats()
        total = max(1, before["usable"] * 2 // 100)
        replies = await self.gens.each("stall", 10, lambda i: {"count": self.gens.split(total, i), "seed": 7 + i})
        stalled = sum(r["stalled"] for r in replies)
        unpausable = sum(r["unpausable"] for r in replies)
        rss0 = rss_kib(self.pid) if self.pid else 0
        healthy = before["usable"] - stalled
        # Push traffic at the stalled sockets: several round changes and a burst.
        for i in range(STALLED_ROUNDS):
            await self.round_change(http, f"round change with 2% stalled ({i + 1})")
        await self.answer_burst(presenter, "answer burst with 2% stalled")
        online = presenter.online()
        # The server's keepalive (a ping every 20 s, 20 s for the pong) or its stall timeout ends the
        # stalled connections; wait for the presenter's online count to say so, at most 60 s.
        stalled_at = time.time()
        while time.time() - stalled_at < 60 and presenter.updates and presenter.online() > healthy:
            await asyncio.sleep(0.25)
        online_after = presenter.online()
        after = await self.stats()
        self.results["slow phones"] = {
            "stalled": stalled, **({"stalled but not paused (no socket found)": unpausable} if unpausable else {}),
            "phones the server still counts online": online,
            "stalled phones dropped by the server": (before["open"] - online) if online is not None else None,
            "stalled phones dropped within 60 s more": (before["open"] - online_after)
            if online_after is not None else None,
            "seconds until dropped": round(time.time() - stalled_at, 1),
            "server RSS change MiB": round((rss_kib(self.pid) - rss0) / 1024, 1) if self.pid else None,
            "healthy phones still connected": after["usable"],
            **meter.figures()}

    async def ceiling(self, n: int) -> None:
        """The same fan-out through a minimal websockets server, measured by the same Node clients."""
        port = self.args.ceiling_port
        proc = await asyncio.create_subprocess_exec(sys.executable, "-m", "bench.ceiling_server", str(port),
                                                    cwd=ROOT, stdout=asyncio.subprocess.PIPE)
        trigger = None
        try:
            await asyncio.wait_for(proc.stdout.readline(), 30)
            url = f"ws://127.0.0.1:{port}/"
            k = self.gens.count
            conns = await self.gens.each("ceiling", 300, lambda i: {
                "url": url, "n": self.gens.split(n, i), "concurrency": max(1, self.args.concurrency // k)})
            trigger = await connect(url, compression=None, ping_interval=None, open_timeout=30)
            await asyncio.sleep(1)
            meter = Meter(self.gens, proc.pid)
            since = time.time()
            await trigger.send("go")
            await asyncio.wait_for(trigger.recv(), 30)  # its own copy of the broadcast
            reply = await asyncio.wait_for(trigger.recv(), 30)
            replies = await self.gens.each("ceiling_wait", 45, lambda i: {"since": since, "timeout_s": 30})
            delays = [ms for r in replies for ms in r["delays_ms"]]
            self.results["ceiling (bare websockets)"] = {
                "clients": sum(c["connected"] for c in conns), "connect errors": sum(c["errors"] for c in conns),
                "reached": len(delays),
                "server fan-out ms": round(float(reply.split()[1]) * 1000, 1) if reply.startswith("sent") else None,
                "p50 ms": pct_ms(delays, 50), "p95 ms": pct_ms(delays, 95), "p99 ms": pct_ms(delays, 99),
                "max ms": pct_ms(delays, 100), **meter.figures()}
            await self.gens.each("ceiling_close", 10)
        finally:
            if trigger:
                trigger.transport.abort()
            if proc.returncode is None:
                proc.terminate()
                try:
                    await asyncio.wait_for(proc.wait(), 10)
                except TimeoutError:
                    proc.kill()
                    await proc.wait()

    async def run(self) -> None:
        await self.gens.start()
        presenter = Presenter()
        try:
            limits = httpx.Limits(max_connections=4, max_keepalive_connections=4)
            async with httpx.AsyncClient(base_url=self.base, limits=limits, timeout=60) as http:
                await self.setup(http)
                rss_before = rss_kib(self.pid) if self.pid else 0
                await presenter.open(self.ws_base, self.wid, self.token)
                await self.join_storm()
                await self.idle_hold(rss_before)
                await self.answer_burst(presenter, "answer burst")
                await self.round_changes(http)
                await self.slow_phones(http, presenter)
                phones = (await self.stats())["phones"]
                await self.gens.each("close_all", 15)
            await self.ceiling(phones)
        finally:
            await presenter.close()
            await self.gens.close()
        pooled = self.results.get(f"round changes, all {self.args.rounds} pooled")
        ceil = self.results.get("ceiling (bare websockets)")
        if pooled and ceil and ceil["p99 ms"] and ceil["p50 ms"]:
            self.results["round change vs ceiling"] = {"p99 ratio": round(pooled["p99 ms"] / ceil["p99 ms"], 2),
                                                      "p50 ratio": round(pooled["p50 ms"] / ceil["p50 ms"], 2)}


async def sign_in(http: httpx.AsyncClient, email: str, password: str) -> str:
    """An API token of the bench's facilitator: signed up on a fresh server, else signed in."""
    r = await http.post("/api/v1/auth/signup", json={"name": "Bench", "email": email, "password": password})
    if r.status_code != 201:
        r = await http.post("/api/v1/auth/token", json={"email": email, "password": password})
    r.raise_for_status()
    return r.json()["token"]


def slow_ticks(text: str) -> list[tuple[int, int]]:
    """The results ticks a server log shows took over SLOW_TICK_MS: (ms, personal views) each. A tick is also
    logged when it waited over a second for other rooms; only those that took long count here."""
    found = [(int(m[2]), int(m[3] or 0)) for m in TICK_LINE.finditer(text)]
    return [(ms, views) for ms, views in found if ms > SLOW_TICK_MS]


def machine(node: str | None = "node") -> dict[str, str]:
    """Facts about this machine and the software measured (the load generator's Node.js too, unless `node` is None)."""
    cpu = next((ln.split(":", 1)[1].strip() for ln in Path("/proc/cpuinfo").read_text().splitlines()
                if ln.startswith("model name")), platform.processor())
    mem = next((ln.split()[1] for ln in Path("/proc/meminfo").read_text().splitlines() if ln.startswith("MemTotal")), "?")
    from importlib.metadata import version
    return {"cpu": f"{cpu} × {os.cpu_count()}", "memory": f"{int(mem) // 1024 // 1024} GiB",
            "python": platform.python_version(), "kernel": platform.release(),
            **{pkg: version(pkg) for pkg in ("uvicorn", "websockets", "fastapi", "sqlalchemy")},
            **({} if node is None else {"node (load generator)": subprocess.run(
                [node, "--version"], capture_output=True, text=True, timeout=10).stdout.strip()})}


def port_free(port: int) -> bool:
    """Whether nothing listens on the port (else start_server's health check would find another server)."""
    with socket.socket() as s:
        return s.connect_ex(("127.0.0.1", port)) != 0


def render(results: dict, args, started: str) -> str:
    setup = f"{getattr(args, 'workers', 1)} worker(s), {getattr(args, 'database', 'sqlite')}"
    lines = [f"## Run of {started}: {args.phones} phones, {setup}", "",
             f"Command: `{' '.join(['.venv/bin/python -m bench.run'] + sys.argv[1:])}`", ""]
    lines += ["| machine | |", "|---|---|"] + [f"| {k} | {v} |" for k, v in machine(args.node).items()] + [""]
    for name, figures in results.items():
        lines += [f"**{name}**", "", "| figure | value |", "|---|---|"]
        lines += [f"| {k} | {v} |" for k, v in figures.items()] + [""]
    return "\n".join(lines)


def server_log_figures(log: Path) -> dict:
    """What the server itself logged during the run: event-loop pauses of full garbage collections
    (app/gc_watch.py, over 50 ms) and results ticks over 100 ms (app/live/hub.py)."""
    text = log.read_text(errors="replace") if log.exists() else ""
    pauses = [int(m) for m in re.findall(r"garbage collection of generation \d took (\d+) ms", text)]
    ticks = [ms for ms, _views in slow_ticks(text)]
    return {"collections over 50 ms": len(pauses), "longest collection ms": max(pauses, default=0),
            "results ticks over 100 ms": len(ticks), "longest tick ms": max(ticks, default=0),
            "errors logged": len(re.findall(r"^ERROR", text, flags=re.M)),
            "tracebacks": len(re.findall(r"^Traceback", text, flags=re.M))}


def fresh_postgres_database(admin_url: str) -> str:
    """A new, empty database on the local PostgreSQL server for one run; its URL."""
    import psycopg

    name = f"samling_bench_{int(time.time())}"
    with psycopg.connect(loopback(admin_url), autocommit=True) as conn:
        conn.execute(f'CREATE DATABASE "{name}"')
    return admin_url.rsplit("/", 1)[0] + "/" + name


def drop_run_database(folder: Path, pg_admin_url: str = "postgresql://postgres@127.0.0.1:5432/postgres") -> None:
    """Drop the PostgreSQL database a run created (its server has stopped)."""
    marker = folder / "database_url"
    if not marker.exists():
        return
    import psycopg

    name = marker.read_text().rsplit("/", 1)[1]
    with psycopg.connect(loopback(pg_admin_url), autocommit=True) as conn:
        conn.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')


def stop_server(proc: subprocess.Popen, folder: Path) -> None:
    """Stop a server `start_server` started (killed if it does not stop in 10 s) and drop its PostgreSQL database."""
    proc.terminate()
    try:
        proc.wait(10)
    except subprocess.TimeoutExpired:
        proc.kill()
        proc.wait()
    drop_run_database(folder)


def write_report(path: str, text: str) -> None:
    """Insert a run's section at the top of the runs in `path`, newest first (below the summaries)."""
    out = Path(path)
    old = out.read_text() if out.exists() else ""
    head = old.split("\n## Run of", 1)[0].rstrip() + "\n\n" if old else \
        "# Benchmarks\n\nFigures from real runs of `bench/run.py` on this project's machines, newest first.\n\n"
    rest = ("\n## Run of" + old.split("\n## Run of", 1)[1]) if "\n## Run of" in old else ""
    out.write_text(head + text + "\n" + rest)


def start_server(port: int, workers: int = 1, database: str = "sqlite", redis_url: str | None = None,
                 pg_admin_url: str = "postgresql://postgres@127.0.0.1:5432/postgres",
                 log_level: str = "warning") -> tuple[subprocess.Popen, Path]:
    """`samling serve` on a fresh database (a SQLite file, or a new PostgreSQL database), with `workers` processes
    joined by Redis when more than one; `log_level` info adds the access log and the rooms' tick summaries."""
    folder = Path(tempfile.mkdtemp(prefix="samling-bench-"))
    env = {**os.environ}
    env.pop("DATABASE_URL", None)
    command = [sys.executable, "-m", "app", "serve", "--port", str(port), "--log-level", log_level,
               "--workers", str(workers)]
    if database == "postgres":
        env["DATABASE_URL"] = fresh_postgres_database(pg_admin_url)
        (folder / "database_url").write_text(env["DATABASE_URL"])  # dropped by `drop_run_database`
    else:
        command += ["--db", str(folder / "bench.db")]
    if redis_url:
        env["REDIS_URL"] = loopback(redis_url)
        env["SAMLING_REDIS_PREFIX"] = f"bench{int(time.time())}"  # no cross-talk with another run
    proc = subprocess.Popen(command, cwd=ROOT, env=env, stdout=open(folder / "server.log", "w"),
                            stderr=subprocess.STDOUT)
    for _ in range(300):
        try:
            if httpx.get(f"http://127.0.0.1:{port}/healthz", timeout=1).status_code == 200:
                return proc, folder
        except httpx.HTTPError:
            time.sleep(0.1)
    proc.terminate()
    raise SystemExit(f"bench: server did not start, see {folder / 'server.log'}")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--phones", type=int, default=1000)
    parser.add_argument("--generators", type=int, default=1, help="Node worker processes holding the phones")
    parser.add_argument("--node", default="node", help="the Node.js (20.11+) executable")
    parser.add_argument("--rounds", type=int, default=5, help="round changes measured")
    parser.add_argument("--url", help="a running server on loopback (default: start one on a fresh SQLite file)")
    parser.add_argument("--server-pid", type=int, help="the server's process id, for memory and CPU figures")
    parser.add_argument("--port", type=int, default=8765)
    parser.add_argument("--workers", type=int, default=1, help="server processes (more than one: joined by Redis)")
    parser.add_argument("--database", choices=("sqlite", "postgres"), default="sqlite",
                        help="a fresh SQLite file, or a fresh database on the local PostgreSQL server")
    parser.add_argument("--redis", action="store_true", help="use Redis even with one worker")
    parser.add_argument("--redis-url", default="redis://127.0.0.1:6379/0")
    parser.add_argument("--email", default="bench@samling.local")
    parser.add_argument("--password", default=PASSWORD)
    parser.add_argument("--join-window", type=float, default=10.0)
    parser.add_argument("--burst-window", type=float, default=5.0)
    parser.add_argument("--hold", type=float, default=5.0)
    parser.add_argument("--concurrency", type=int, default=200, help="joins in flight, split over the generators")
    parser.add_argument("--ceiling-port", type=int, default=8766)
    parser.add_argument("--out", default=str(ROOT / "docs" / "benchmarks.md"), help="'-' to only print")
    args = parser.parse_args()
    if args.url:
        loopback(args.url)
    proc, folder = None, Path()
    bench = None
    try:
        if not args.url:
            redis = args.redis_url if args.workers > 1 or args.redis else None
            proc, folder = start_server(args.port, args.workers, args.database, redis)
            args.url, args.server_pid = f"http://127.0.0.1:{args.port}", proc.pid
        started = time.strftime("%Y-%m-%d %H:%M UTC", time.gmtime())
        bench = Bench(args)
        asyncio.run(asyncio.wait_for(bench.run(), 900))
    finally:
        if bench:
            bench.gens.kill_leftovers()
        if proc:
            stop_server(proc, folder)
    if proc:
        bench.results["server log"] = server_log_figures(folder / "server.log")
    text = render(bench.results, args, started)
    print(text)
    if args.out != "-":
        write_report(args.out, text)

if __name__ == "__main__":
    main()
