"""Grouped rooms benchmark: N phones in W live workshops on one server, each split into groups of six; a
diamond round on shared group boards with every group moving values, then a poster round with every group
editing. Every board, poster and phone's personal view is checked; appends to docs/benchmarks.md.

    .venv/bin/python -m bench.grouped --phones 3000                 # 10 workshops x 50 groups of 6
    .venv/bin/python -m bench.grouped --phones 120 --workshops 2 --out -

A workshop holds at most 50 groups, so the phones are dealt over `--workshops` workshops (default: one per
300 phones) that are live at the same time. The phones, the generators' CPU figures and the server start
come from bench/run.py (Node workers of bench/loadgen/phones.mjs); the facilitator's calls are the REST API
and one facilitator websocket per workshop. Every loop is bounded in count and time; loopback only."""
import argparse
import asyncio
import random
import re
import sys
import time
from collections import Counter, defaultdict
from pathlib import Path
from urllib.parse import urlsplit

import httpx

from bench.run import (PASSWORD, ROOT, SLOW_TICK_MS, Generators, Meter, Presenter, loopback, machine, pct, pct_ms,
                       port_free, server_log_figures, sign_in, slow_ticks, start_server, stop_server, write_report)

ITEMS = ["Tillit", "Respekt", "Åpenhet", "Ærlighet", "Mot", "Raushet", "Likeverd", "Trygghet", "Samarbeid"]
PHRASES = ["lytte før vi svarer", "gi hverandre tillit og ansvar", "være tydelige på forventningene",
           "se hver ansatt i hverdagen", "vise raushet når noe går galt", "stille krav og følge opp",
           "dele kunnskap på tvers av enhetene", "møte innbyggerne med respekt", "si ifra når noe ikke stemmer",
           "ta de ærlige samtalene tidlig", "feire små og store framskritt", "skape trygghet i endringer",
           "gi rom for å prøve og feile", "holde det vi lover", "spørre før vi konkluderer"]
ACK_TARGET_MS = 150  # the bar for moves acked at p95
SUMMARY_LINE = re.compile(r"results ticks for workshop (\d+): (\d+) in \d+ s, (\d+) over \d+ ms, p50 (\d+) ms, "
                          r"max (\d+) ms, ([\d.]+) ms of CPU a tick, longest wait for other rooms (\d+) ms")


def fold(moves: list[tuple[str, int | None]], start: list[str | None] | None = None) -> list[str | None]:
    """A group board's slots after `moves` in commit order (docs/protocol.md, diamond: convergence rule),
    from `start` (default: every item in the pool)."""
    slots = list(start) if start else [None] * 9
    pool = [item for item in ITEMS if item not in slots]
    for item, slot in moves:
        source = slots.index(item) if item in slots else None
        if (source is None and item not in pool) or source == slot:
            continue  # unknown item, or already there: nothing changes
        if slot is None:
            slots[source], pool = None, pool + [item]
            continue
        occupant = slots[slot]
        slots[slot] = item
        if source is None:
            pool.remove(item)
            if occupant is not None:
                pool.append(occupant)
        else:
            slots[source] = occupant  # the item already there trades places
    return slots


def plan_board(ordinal: int, members: int) -> tuple[list[list[tuple[str, int]]], list[tuple[str, int]], list]:
    """A group's moves: each member places different items on different slots (so their order does not
    matter), then member r swaps two slots, one member after the other; and the expected final slots."""
    target = [ITEMS[(s + ordinal) % 9] for s in range(9)]
    placing = [[(target[s], s) for s in range(9) if s % members == j] for j in range(members)]
    board = fold([m for mine in placing for m in mine])
    swaps = []
    for r in range(members):
        # Pairs (r, r+4): each changes the board, and the final board is none of the earlier ones.
        a, b = r % 9, (r + 4) % 9
        swaps.append((board[b], a))
        board = fold([swaps[-1]], board)
    return placing, swaps, board


def poster_lines(seed: str, group: int, member: int) -> list[str]:
    """One member's save: 500-3,000 characters of Norwegian-like lines, none shared with another member."""
    rng = random.Random(seed)
    target, lines, size = rng.randint(500, 2900), [], 0
    while True:
        n = len(lines) + 1
        line = f"{n}. Gruppe {group + 1}, deltaker {member + 1}: vi skal {rng.choice(PHRASES)}, og {rng.choice(PHRASES)}"
        if size + len(line) + 1 > target and lines:
            return lines
        lines.append(line if n % 4 else f"- {line}")
        size += len(line) + 1


def spread(values_ms: list[float]) -> dict:
    """p50/p95/p99/max of latencies in milliseconds."""
    return {"p50 ms": pct_ms(values_ms, 50), "p95 ms": pct_ms(values_ms, 95), "p99 ms": pct_ms(values_ms, 99),
            "max ms": pct_ms(values_ms, 100)}


class Console(Presenter):
    """A facilitator's console (/ws/workshop/{id}/facilitator): keeps only each results message's arrival time,
    since parsing hundreds of kilobytes of posters ten times a second would load this process."""

    audience = "facilitator"

    def __init__(self):
        super().__init__()
        self.times: list[float] = []

    async def _read(self) -> None:
        async for raw in self.ws:
            if raw.startswith('{"type":"results"'):
                self.times.append(time.time())

    def within(self, start: float, end: float) -> list[float]:
        """Arrival times of the results messages within [start, end]."""
        return [t for t in self.times if start <= t <= end]

    def intervals(self, start: float, end: float) -> list[float]:
        """Seconds between consecutive results messages that arrived within [start, end]."""
        inside = self.within(start, end)
        return [b - a for a, b in zip(inside, inside[1:])]

    async def close(self) -> None:
        if self.task:
            self.task.cancel()
        if self.ws:
            try:
                await asyncio.wait_for(self.ws.close(), 2)
            except Exception:
                self.ws.transport.abort()


class Workshop:
    """One live workshop of the run: its ids, code, phones (global indexes) and groups."""

    def __init__(self, number: int, first: int, phones: int, groups: int):
        self.number, self.first, self.phones, self.groups = number, first, phones, groups
        self.id = self.code = self.diamond = self.poster = None
        self.console = Console()

    def indexes(self) -> range:
        return range(self.first, self.first + self.phones)


class Grouped:
    """The scenario, step by step, sharing one server, W workshops and their phones."""

    def __init__(self, args):
        self.args = args
        self.base = loopback(args.url.rstrip("/"))
        self.ws_base = "ws://" + urlsplit(self.base).netloc
        self.pid = args.server_pid
        self.log = Path(args.server_log) if args.server_log else None
        self.gens = Generators(max(1, args.generators), args.node)
        self.results: dict[str, dict] = {}
        w, first = args.workshops, 0
        self.workshops: list[Workshop] = []
        for i in range(w):
            n = args.phones // w + (1 if i < args.phones % w else 0)
            self.workshops.append(Workshop(i, first, n, min(50, max(2, round(n / args.group_size)))))
            first += n
        self.worker_of: dict[int, int] = {}
        self.workshop_of: dict[int, Workshop] = {}
        for ws in self.workshops:
            for idx in ws.indexes():
                self.worker_of[idx] = (idx - ws.first) % self.gens.count
                self.workshop_of[idx] = ws
        self.group_of: dict[int, int] = {}  # phone index -> group id
        self.members: dict[int, list[int]] = {}  # group id -> phone indexes, sorted
        self.joined: set[int] = set()

    # --- helpers --------------------------------------------------------------------------------------

    def meter(self) -> Meter:
        return Meter(self.gens, self.pid)

    def log_mark(self) -> int:
        """The server log's size now: ticks logged after this belong to the phase that follows."""
        try:
            return self.log.stat().st_size if self.log else 0
        except OSError:
            return 0

    def ticks(self, since: int) -> dict:
        """The results ticks the server logged since a mark (it logs those over 100 ms)."""
        if not self.log or not self.log.exists():
            return {"server ticks logged": "no server log"}
        if "results tick for workshop" not in (ROOT / "app" / "live" / "hub.py").read_text():
            return {"server ticks logged": "none: this server's hub does not log tick durations"}
        with self.log.open("rb") as f:
            f.seek(since)
            text = f.read().decode("utf-8", "replace")
        found = slow_ticks(text)
        ms = [t for t, _ in found]
        out = {"server ticks logged (the hub logs those over 100 ms)": len(found),
               **({"logged tick p50 ms": pct_ms(ms, 50), "logged tick p95 ms": pct_ms(ms, 95),
                   "logged tick max ms": max(ms), "personal views in the slowest": max(found)[1]} if found else {})}
        # Every room logs a summary of its ticks every 10 s (INFO): how many, how many over 100 ms, the CPU a tick.
        summaries = [(int(m[2]), int(m[3]), int(m[4]), int(m[5]), float(m[6]), int(m[7]))
                     for m in SUMMARY_LINE.finditer(text)]
        if summaries:
            ticks = sum(x[0] for x in summaries)
            out.update({"ticks (rooms' summaries)": ticks, "ticks over 100 ms": sum(x[1] for x in summaries),
                        "tick p50 ms, highest of the summaries": max(x[2] for x in summaries),
                        "tick max ms": max(x[3] for x in summaries),
                        "CPU a tick ms (mean)": round(sum(x[0] * x[4] for x in summaries) / ticks, 1),
                        "longest wait for other rooms ms": max(x[5] for x in summaries)})
        return out

    def intervals(self, start: float, end: float) -> dict:
        """Gaps between the facilitators' results messages over a phase (the ticks' cadence seen from outside)."""
        gaps = [g for ws in self.workshops for g in ws.console.intervals(start, end)]
        # The hub sleeps max(100 ms, 2 x tick) after each tick: while changes keep coming, a gap is
        # tick + 100 ms (a tick up to 50 ms) or 3 x tick. Idle gaps (no change) only lengthen it, so only the
        # median is read as a tick, and only under steady load.
        median = pct(gaps, 50) / 1000
        return {"facilitator results messages": sum(len(ws.console.within(start, end)) for ws in self.workshops),
                "results interval p50 ms": round(pct(gaps, 50), 1), "results interval p95 ms": round(pct(gaps, 95), 1),
                "results interval max ms": round(pct(gaps, 100), 1),
                "tick implied by the median interval ms (steady load only)":
                    round((median - 0.1 if median <= 0.15 else median / 3) * 1000, 1) if gaps else None}

    async def submit(self, activity_id: int, payloads: dict[int, list], spacing_ms: int = 0) -> list[tuple[float, dict]]:
        """submit_each to the workers holding those phones; each reply with the time just before its command
        was written (that time plus a phone's ack_ms is never later than the ack itself)."""
        by_worker: dict[int, dict[int, list]] = defaultdict(dict)
        for idx, mine in payloads.items():
            by_worker[self.worker_of[idx]][idx] = mine

        async def one(i: int, mine: dict[int, list]) -> tuple[float, dict]:
            at = time.time()
            longest = max(len(p) for p in mine.values())
            reply = await self.gens.call(i, "submit_each", longest * (30 + spacing_ms / 1000) + 15,
                                         activity_id=activity_id, payloads=mine, spacing_ms=spacing_ms, timeout_s=30)
            return at, reply

        return list(await asyncio.gather(*(one(i, mine) for i, mine in by_worker.items())))

    async def personal(self, indexes, digest: bool = False) -> dict[int, dict]:
        """The newest personal message ({at, message}) of those phones that have one."""
        by_worker: dict[int, list[int]] = defaultdict(list)
        for idx in indexes:
            by_worker[self.worker_of[idx]].append(idx)
        replies = await asyncio.gather(*(self.gens.call(i, "personal", 60, indexes=ix, digest=digest)
                                         for i, ix in by_worker.items()))
        return {int(k): v for r in replies for k, v in r["phones"].items()}

    async def wait_views(self, indexes, fits, timeout: float, digest: bool = False) -> dict[int, dict]:
        """Poll the phones' personal messages until each fits(index, entry) or timeout; the fitting entries."""
        pending, found = set(indexes), {}
        deadline = time.time() + timeout
        while pending:
            views = await self.personal(sorted(pending), digest)
            for idx, entry in views.items():
                if fits(idx, entry):
                    found[idx] = entry
                    pending.discard(idx)
            if not pending or time.time() > deadline:
                break
            await asyncio.sleep(0.25)
        return found

    async def live_results(self, http: httpx.AsyncClient, ws: Workshop) -> dict:
        r = await http.get(f"/api/v1/workshops/{ws.id}/live-view", headers=self.auth)
        r.raise_for_status()
        return r.json()["results"]

    async def command(self, http: httpx.AsyncClient, ws: Workshop, name: str) -> float:
        """A facilitator's command; the time just before it was sent."""
        at = time.time()
        (await http.post(f"/api/v1/workshops/{ws.id}/commands", json={"command": name}, headers=self.auth)
         ).raise_for_status()
        return at

    # --- the steps ----------------------------------------------------------------------------------

    async def setup(self, http: httpx.AsyncClient) -> None:
        a = self.args
        self.token = await sign_in(http, a.email, a.password)
        self.auth = {"Authorization": f"Bearer {self.token}"}
        for ws in self.workshops:
            w = await http.post("/api/v1/workshops", headers=self.auth,
                                json={"title": f"Benchmark: grupperom {ws.number + 1}", "language": "nb"})
            w.raise_for_status()
            ws.id = w.json()["id"]
            d = await http.post(f"/api/v1/workshops/{ws.id}/activities", headers=self.auth, json={
                "kind": "diamond", "prompt": "Hvilke verdier er viktigst for oss?",
                "settings": {"mode": "group", "items": ITEMS}})
            d.raise_for_status()
            ws.diamond = d.json()["id"]
            p = await http.post(f"/api/v1/workshops/{ws.id}/activities", headers=self.auth,
                                json={"kind": "poster", "prompt": "VERDI: Som leder skal jeg ..."})
            p.raise_for_status()
            ws.poster = p.json()["id"]
            live = await http.post(f"/api/v1/workshops/{ws.id}/live", headers=self.auth)
            live.raise_for_status()
            ws.code = live.json()["join_code"]
            await ws.console.open(self.ws_base, ws.id, self.token)

    async def join_storm(self) -> None:
        """Every workshop's phones join at once, in `--join-waves` waves; after each wave, how many phones of
        the earlier waves were sent a state while it ran (a join should change nothing a phone renders)."""
        a, k = self.args, self.gens.count
        waves, window = max(1, a.join_waves), a.join_window / max(1, a.join_waves)
        concurrency = max(1, a.concurrency // k)
        latencies, kinds = [], Counter()
        errors = earlier = touched = 0
        meter = self.meter()
        started = time.time()
        for v in range(waves):
            start_at = time.time() + 0.5
            calls = []
            for ws in self.workshops:
                lo, hi = v * ws.phones // waves, (v + 1) * ws.phones // waves
                for i in range(k):
                    m0, m1 = -(-(lo - i) // k), -(-(hi - i) // k)
                    if m1 <= m0 or hi <= lo:
                        continue
                    # phones.mjs places phone `index` at start_at + window * index / total: shift start_at so
                    # this workshop's wave is spread over the wave's window whatever its global indexes.
                    calls.append(self.gens.call(i, "join", window + 300, base=self.base, code=ws.code,
                                                start_index=ws.first + i + m0 * k, n=m1 - m0, stride=k,
                                                total=hi - lo, window_s=window, concurrency=concurrency,
                                                start_at=start_at - window * (ws.first + lo) / (hi - lo)))
            replies = await asyncio.gather(*calls)
            await asyncio.sleep(0.5)  # a state caused by the last joins of the wave arrives within a tick
            states = await self.gens.each("await_state", 10, lambda i, since=start_at - 0.01: {
                "activity_id": None, "since": since, "timeout_s": 0.05})
            joined = sum(r["joined"] for r in replies)
            touched += sum(s["reached"] for s in states) - joined  # phones of earlier waves with a new state
            earlier += len(self.joined)
            latencies += [ms for r in replies for ms in r["latency_ms"]]
            errors += sum(r["errors"] for r in replies)
            for r in replies:
                kinds.update(r["error_kinds"])
            self.joined |= {int(i) for r in await self.gens.each("participants", 10) for i in r["phones"]}
        joined = len(self.joined)
        self.results["join storm"] = {
            "workshops": len(self.workshops), "phones": a.phones, "waves": waves, "window s (all waves)": a.join_window,
            "phones joined": joined, "errors": errors, "error kinds": dict(kinds.most_common(3)) or "-",
            "seconds": round(time.time() - started, 2),
            "join latency p50 ms": pct_ms(latencies, 50), "join latency p95 ms": pct_ms(latencies, 95),
            "join latency p99 ms": pct_ms(latencies, 99),
            "server CPU s per join": round(meter.server_cpu() / joined, 5) if self.pid and joined else None,
            **meter.figures()}
        self.results["no per-join rebuild"] = {
            "phones already joined, counted once per later wave": earlier,
            "of those, sent a state while that wave joined": touched,
            "share sent a state (phones.mjs tells >= 1, not how many)": round(touched / earlier, 3) if earlier else None}

    async def split(self, http: httpx.AsyncClient) -> None:
        """`groups/split` in every workshop; then wait until every phone's personal view names its group."""
        meter, split_at = self.meter(), {}
        for ws in self.workshops:
            split_at[ws.number] = time.time()
            r = await http.post(f"/api/v1/workshops/{ws.id}/groups/split", json={"count": ws.groups}, headers=self.auth)
            r.raise_for_status()
        views = await self.wait_views(self.joined, lambda i, e: e["message"]["group_id"] is not None, 60, digest=True)
        for idx, entry in views.items():
            self.group_of[idx] = entry["message"]["group_id"]
        for idx in sorted(self.group_of):
            self.members.setdefault(self.group_of[idx], []).append(idx)
        delays = [(e["at"] - split_at[self.workshop_of[i].number]) * 1000 for i, e in views.items()]
        self.results["groups split"] = {
            "groups": len(self.members), "phones with a group in their personal view": len(views),
            "phones without": len(self.joined) - len(views),
            "group sizes": dict(sorted(Counter(len(m) for m in self.members.values()).items())),
            **{f"split -> personal {k}": v for k, v in spread(delays).items()}, **meter.figures()}

    async def open_round(self, http: httpx.AsyncClient, label: str, activity) -> None:
        """`next` in every workshop; wait until every grouped phone's personal view is of the new activity."""
        meter, since = self.meter(), {}
        for ws in self.workshops:
            since[ws.number] = await self.command(http, ws, "next")
        want = lambda i: activity(self.workshop_of[i])  # noqa: E731
        views = await self.wait_views(self.group_of, lambda i, e: e["message"]["activity_id"] == want(i), 30,
                                      digest=True)
        delays = [(e["at"] - since[self.workshop_of[i].number]) * 1000 for i, e in views.items()]
        self.results[label] = {"phones": len(self.group_of), "personal views of the new round": len(views),
                               **{f"next -> personal {k}": v for k, v in spread(delays).items()}, **meter.figures()}

    def groups_in_order(self) -> list[tuple[Workshop, int, int]]:
        """(workshop, group id, ordinal in its workshop), workshops interleaved so all rooms work at once."""
        out = []
        for ws in self.workshops:
            ids = sorted({g for i, g in self.group_of.items() if self.workshop_of[i] is ws})
            out += [(ws, g, n) for n, g in enumerate(ids)]
        return sorted(out, key=lambda x: (x[2], x[0].number))

    async def diamond(self, http: httpx.AsyncClient) -> None:
        """Every group fills its board (members on disjoint slots at once), then each member in turn swaps two
        slots; acks, boards, personal views and how soon each group's phones show its final board."""
        a = self.args
        order = self.groups_in_order()
        expected, last_ack, acks = {}, {}, []
        errors, lost, missing = Counter(), 0, 0
        sent = 0

        async def group(n: int, ws: Workshop, gid: int, ordinal: int) -> None:
            nonlocal lost, missing, sent
            await asyncio.sleep(a.move_window * n / max(1, len(order)))
            members = self.members[gid]
            placing, swaps, expected[gid] = plan_board(ordinal, len(members))
            steps = [{idx: [{"type": "move", "item": it, "slot": s} for it, s in placing[j]]
                      for j, idx in enumerate(members) if placing[j]}]
            steps += [{members[r]: [{"type": "move", "item": it, "slot": s}]} for r, (it, s) in enumerate(swaps)]
            for n_step, step in enumerate(steps):
                # A member placing two items pauses between them; a swap is one move, then the pause below.
                for at, reply in await self.submit(ws.diamond, step, spacing_ms=0 if n_step else a.think_ms):
                    acks.extend(reply["ack_ms"])
                    sent += reply["sent"]
                    lost += reply["lost"]
                    missing += len(reply["missing"])
                    errors.update(reply["error_codes"])
                    if reply["ack_ms"]:
                        last_ack[gid] = max(last_ack.get(gid, 0), at + max(reply["ack_ms"]) / 1000)
                await asyncio.sleep(a.think_ms / 1000)

        mark, meter, start = self.log_mark(), self.meter(), time.time()
        await asyncio.gather(*(group(n, ws, gid, o) for n, (ws, gid, o) in enumerate(order)))
        took = time.time() - start
        figures, end = meter.figures(), time.time()
        self.results["diamond moves"] = {
            "groups": len(order), "moves sent": sent, "acked": len(acks), "lost (no ack)": lost,
            "phones not open": missing, "error codes": dict(errors) or "-", "seconds": round(took, 2),
            "moves per second": round(len(acks) / took, 1),
            **{f"ack {k}": v for k, v in spread(acks).items()},
            f"ack p95 <= {ACK_TARGET_MS} ms": "yes" if pct_ms(acks, 95) <= ACK_TARGET_MS else "no",
            **self.intervals(start, end), **self.ticks(mark), **figures}
        await self.check_views(http, "diamond", order, expected, last_ack)

    async def check_views(self, http, kind: str, order, expected: dict, last_ack: dict) -> None:
        """Each group's board or poster in the facilitator's results against the expected one, and every
        member's personal view against the group's; the delay from a group's last ack to its phones."""
        exact, group_view = 0, {}
        for ws in self.workshops:
            results = (await self.live_results(http, ws))["results"] or {}
            for item in results.get("boards" if kind == "diamond" else "posters", []):
                if kind == "diamond":
                    group_view[item["group"]] = item["slots"]
                    exact += item["group"] in expected and item["slots"] == expected[item["group"]] and not item["pool"]
                else:
                    group_view[item["group"]] = item["text"]
                    want = expected.get(item["group"])
                    exact += want is not None and sorted(item["text"].split("\n")) == sorted(want)

        def shown(entry: dict) -> object:
            part = entry["message"].get("activity") or {}
            return (part.get("board") or {}).get("slots") if kind == "diamond" else (part.get("poster") or {}).get("text")

        found = {}
        for ws in self.workshops:  # one workshop at a time: posters make these replies megabytes long
            mine = [i for i in ws.indexes() if i in self.group_of]
            found |= await self.wait_views(mine, lambda i, e: self.group_of[i] in group_view and shown(e) == group_view[self.group_of[i]], 20)
        lag, per_phone = [], []
        for _ws, gid, _o in order:
            arrivals = [found[i]["at"] for i in self.members[gid] if i in found]
            if gid in last_ack and arrivals:
                per_phone += [(t - last_ack[gid]) * 1000 for t in arrivals]
                if len(arrivals) == len(self.members[gid]):
                    lag.append((max(arrivals) - last_ack[gid]) * 1000)
        self.results["diamond boards" if kind == "diamond" else "posters"] = {
            ("boards exact" if kind == "diamond" else "posters exact (every member's lines, nothing else)"):
                f"{exact} of {len(order)}",
            "phones whose personal view equals their group's": f"{len(found)} of {len(self.group_of)}",
            **{f"group's last ack -> all its phones {k}": v for k, v in spread(lag).items() if k != "p99 ms"},
            **{f"last ack -> each phone {k}": v for k, v in spread(per_phone).items() if k in ("p50 ms", "p95 ms")}}

    async def poster(self, http: httpx.AsyncClient) -> None:
        """Every member of every group saves its own lines from revision 0 at about the same time."""
        a = self.args
        order = self.groups_in_order()
        expected, last_ack, acks = {}, {}, []
        errors, lost, missing, chars = Counter(), 0, 0, []

        async def group(n: int, ws: Workshop, gid: int, ordinal: int) -> None:
            nonlocal lost, missing
            await asyncio.sleep(a.edit_window * n / max(1, len(order)))
            saves = {idx: poster_lines(f"{ws.number}/{gid}/{j}", ordinal, j) for j, idx in enumerate(self.members[gid])}
            expected[gid] = [line for lines in saves.values() for line in lines]
            chars.extend(len("\n".join(lines)) for lines in saves.values())
            step = {idx: [{"type": "edit", "base": 0, "text": "\n".join(lines)}] for idx, lines in saves.items()}
            for at, reply in await self.submit(ws.poster, step):
                acks.extend(reply["ack_ms"])
                lost += reply["lost"]
                missing += len(reply["missing"])
                errors.update(reply["error_codes"])
                if reply["ack_ms"]:
                    last_ack[gid] = max(last_ack.get(gid, 0), at + max(reply["ack_ms"]) / 1000)

        mark, meter, start = self.log_mark(), self.meter(), time.time()
        await asyncio.gather(*(group(n, ws, gid, o) for n, (ws, gid, o) in enumerate(order)))
        took = time.time() - start
        figures, end = meter.figures(), time.time()
        # The phones' views are checked after a settle, so the ticks still merging count for this phase.
        await asyncio.sleep(1)
        self.results["poster edits"] = {
            "groups": len(order), "saves sent": len(chars), "acked": len(acks), "lost (no ack)": lost,
            "phones not open": missing, "error codes": dict(errors) or "-", "seconds": round(took, 2),
            "characters per save (mean)": round(sum(chars) / max(1, len(chars))),
            **{f"ack {k}": v for k, v in spread(acks).items()},
            **self.intervals(start, end + 1), **self.ticks(mark), **figures}
        await self.check_views(http, "poster", order, expected, last_ack)

    async def run(self) -> None:
        await self.gens.start()
        try:
            limits = httpx.Limits(max_connections=4, max_keepalive_connections=4)
            async with httpx.AsyncClient(base_url=self.base, limits=limits, timeout=60) as http:
                await self.setup(http)
                await self.join_storm()
                await self.split(http)
                await self.open_round(http, "diamond opened (next)", lambda ws: ws.diamond)
                await self.diamond(http)
                await self.open_round(http, "poster opened (next)", lambda ws: ws.poster)
                await self.poster(http)
        finally:
            for ws in self.workshops:
                await ws.console.close()
            await self.gens.close()


def render(results: dict, args, started: str) -> str:
    """The section for docs/benchmarks.md, in bench/run.py's table style."""
    per = args.phones // args.workshops
    lines = [f"## Run of {started}: grouped rooms, {args.phones} phones", "",
             f"Command: `{' '.join(['.venv/bin/python -m bench.grouped'] + sys.argv[1:])}`", "",
             f"{args.workshops} live workshops of about {per} phones, each split into groups of {args.group_size}: "
             f"a group diamond (each member places its own items, then every member swaps two slots in turn) and "
             f"a poster (every member saves its own lines from revision 0). Targets from the issue: moves acked "
             f"p95 <= {ACK_TARGET_MS} ms, a results tick <= {SLOW_TICK_MS} ms, every board exact.", ""]
    lines += ["| machine | |", "|---|---|"] + [f"| {k} | {v} |" for k, v in machine(args.node).items()] + [""]
    for name, figures in results.items():
        lines += [f"**{name}**", "", "| figure | value |", "|---|---|"]
        lines += [f"| {k} | {v} |" for k, v in figures.items()] + [""]
    return "\n".join(lines)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--phones", type=int, default=3000)
    parser.add_argument("--workshops", type=int, help="live workshops at once (default: one per 300 phones)")
    parser.add_argument("--group-size", type=int, default=6)
    parser.add_argument("--generators", type=int, default=2, help="Node worker processes holding the phones")
    parser.add_argument("--node", default="node", help="the Node.js (20.11+) executable")
    parser.add_argument("--url", help="a running server on loopback (default: start one on a fresh SQLite file)")
    parser.add_argument("--server-pid", type=int, help="the server's process id, for CPU figures")
    parser.add_argument("--server-log", help="the running server's log, for its results tick lines")
    parser.add_argument("--port", type=int, default=8767)
    parser.add_argument("--email", default="bench@samling.local")
    parser.add_argument("--password", default=PASSWORD)
    parser.add_argument("--join-window", type=float, default=10.0, help="seconds over which all phones join")
    parser.add_argument("--join-waves", type=int, default=3, help="the join storm in waves, to see who a join wakes")
    parser.add_argument("--concurrency", type=int, default=200, help="joins in flight, split over the generators")
    parser.add_argument("--move-window", type=float, default=10.0, help="seconds over which the groups start moving")
    parser.add_argument("--edit-window", type=float, default=5.0, help="seconds over which the groups save posters")
    parser.add_argument("--think-ms", type=int, default=300, help="a member's pause between its own moves")
    parser.add_argument("--timeout", type=float, default=900, help="the whole run, seconds")
    parser.add_argument("--out", default=str(ROOT / "docs" / "benchmarks.md"), help="'-' to only print")
    args = parser.parse_args()
    args.workshops = args.workshops or max(1, -(-args.phones // 300))
    if not 2 * args.group_size * args.workshops <= args.phones:
        raise SystemExit("bench: too few phones for two groups per workshop")
    if args.url:
        loopback(args.url)
    proc = bench = None
    try:
        if not args.url:
            if not port_free(args.port):
                raise SystemExit(f"bench: port {args.port} is taken; choose another with --port")
            proc, folder = start_server(args.port, log_level="info")  # info: the rooms' tick summaries
            args.url, args.server_pid, args.server_log = f"http://127.0.0.1:{args.port}", proc.pid, str(folder / "server.log")
            print(f"bench: server log {args.server_log}", file=sys.stderr)
        started = time.strftime("%Y-%m-%d %H:%M UTC", time.gmtime())
        bench = Grouped(args)
        asyncio.run(asyncio.wait_for(bench.run(), args.timeout))
        if args.server_log:
            bench.results["server log, whole run"] = server_log_figures(Path(args.server_log))
    except BaseException:
        if bench and bench.results:  # what was measured before the failure, to see how far it got
            print(render(bench.results, args, "(failed run)"), file=sys.stderr)
        raise
    finally:
        if bench:
            bench.gens.kill_leftovers()
        if proc:
            stop_server(proc, folder)
    text = render(bench.results, args, started)
    print(text)
    if args.out != "-":
        write_report(args.out, text)


if __name__ == "__main__":
    main()
