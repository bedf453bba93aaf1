"""A guesser behind a shared address is slowed; the honest room behind the same address is not.

Everything runs against a real uvicorn process on 127.0.0.1: the guessers and the honest phones
share one address, as a classroom behind a municipal NAT does. Honest phones do what the join page
does in a browser: open `/`, solve the proof of work if the page carries one (the same algorithm as
static/js/proof_of_work.js, from app/proof_of_work.py), send the code, give a name, land in the room.
"""
import asyncio
import html
import random
import re
import threading
import time
import uuid

import httpx

from app import proof_of_work
from tests.conftest import PASSWORD, Server
from tests.test_live import run

IPHONE = ("Mozilla/5.0 (iPhone; CPU iPhone OS 17_5 like Mac OS X) AppleWebKit/605.1.15 (KHTML, like Gecko) "
          "Version/17.5 Mobile/15E148 Safari/604.1")
FREE_WRONG = 20  # SAMLING_JOIN_FREE_WRONG_PER_ADDRESS's default


def live_code(server) -> tuple[int, str]:
    """A facilitator signs up and takes a workshop live: (workshop id, join code)."""
    with httpx.Client(base_url=server.base, timeout=30, trust_env=False) as http:
        r = http.post("/api/v1/auth/signup", json={"name": "Fasilitator", "email": "fasilitator@example.no",
                                                   "password": PASSWORD})
        assert r.status_code == 201, r.text
        http.headers["Authorization"] = f"Bearer {r.json()['token']}"
        wid = http.post("/api/v1/workshops", json={"title": "Samling 3 – Gygrene", "language": "nb"}).json()["id"]
        r = http.post(f"/api/v1/workshops/{wid}/live")
        assert r.status_code == 200, r.text
        return wid, r.json()["join_code"]


def page_challenge(page: str) -> dict | None:
    """The proof-of-work challenge a join page carries (its data-proof-* attributes), if any."""
    found = {k: html.unescape(v) for k, v in re.findall(r'data-proof-(challenge|salt|bits)="([^"]*)"', page)}
    return {"challenge": found["challenge"], "salt": found["salt"], "bits": int(found["bits"])} if found else None


def wrong_code(right: str, rng: random.Random) -> str:
    while True:
        code = str(rng.randrange(10_000_000, 100_000_000))
        if code != right:
            return code


async def honest_phone(server, code: str, n: int) -> None:
    """One phone joining on the web pages, as a browser does; ends in the live room."""
    async with httpx.AsyncClient(base_url=server.base, timeout=30, trust_env=False,
                                 headers={"User-Agent": IPHONE}) as http:
        r = await http.get("/")
        assert r.status_code == 200
        challenge = page_challenge(r.text)  # the page starts solving at once, while the code is typed
        proof = await asyncio.to_thread(proof_of_work.prove, challenge) if challenge else None
        typed = f"{code[:4]} {code[4:]}"
        for _ in range(6):
            r = await http.get("/", params={"code": typed, **({"proof": proof} if proof else {})})
            if r.status_code == 303:
                break
            assert r.status_code == 429, r.text  # the page asks for (another) proof and sends itself again
            challenge = page_challenge(r.text)
            assert challenge is not None, r.text
            proof = await asyncio.to_thread(proof_of_work.prove, challenge)
        assert r.status_code == 303, r.text
        room = r.headers["location"]
        assert room == f"/{code}"
        r = await http.get(room)
        assert r.status_code == 200 and 'name="name"' in r.text, r.text[:500]
        csrf = re.search(r'name="csrf" value="([^"]+)"', r.text).group(1)
        r = await http.post(room, data={"csrf": csrf, "name": f"Telefon {n}"})
        assert r.status_code == 303 and r.headers["location"] == room, r.text[:500]
        r = await http.get(room)
        assert r.status_code == 200 and "participant.js" in r.text, r.text[:500]


class Guesser:
    """Guesses wrong codes at full speed from threads: every request a random mix of no cookies,
    a fresh device cookie or a fixed one, a new User-Agent, the join page or the API."""

    def __init__(self, server, right_code: str, threads: int = 3):
        self.server = server
        self.right = right_code
        self.threads = threads
        self.counts = {"wrong": 0, "proof_required": 0, "throttled": 0, "other": 0}
        self.lock = threading.Lock()
        self.stop = threading.Event()
        self.refused = threading.Event()  # set once the address is asked for proofs
        self.workers = [threading.Thread(target=self._run, args=(i,), daemon=True) for i in range(threads)]

    def _classify(self, r: httpx.Response) -> str:
        if r.status_code == 404:
            return "wrong"
        if r.status_code == 429:
            if r.headers.get("content-type", "").startswith("application/json"):
                return r.json()["detail"]["code"]
            return "proof_required" if "data-proof-salt" in r.text else "throttled"
        return "other"

    def _run(self, seed: int) -> None:
        rng = random.Random(seed)
        with httpx.Client(base_url=self.server.base, timeout=30, trust_env=False) as http:
            while not self.stop.is_set():
                code = wrong_code(self.right, rng)
                cookies = rng.choice([{}, {"samling_device": uuid.uuid4().hex}, {"samling_device": f"g{seed}"}])
                headers = {"User-Agent": f"Guesser/{uuid.uuid4().hex}", "Cookie": "; ".join(
                    f"{k}={v}" for k, v in cookies.items())}
                http.cookies.clear()
                if rng.random() < 0.5:
                    r = http.get("/", params={"code": code}, headers=headers)
                else:
                    r = http.post("/api/v1/join", json={"code": code}, headers=headers)
                kind = self._classify(r)
                with self.lock:
                    self.counts[kind] = self.counts.get(kind, 0) + 1
                if kind == "proof_required":
                    self.refused.set()

    def __enter__(self) -> "Guesser":
        for t in self.workers:
            t.start()
        return self

    def __exit__(self, *exc) -> None:
        self.stop.set()
        for t in self.workers:
            t.join(30)


def test_a_guesser_at_full_speed_does_not_keep_sixty_phones_on_its_address_out(server):
    """While a guesser behind the same address runs flat out (any mix of cookies and User-Agents),
    60 phones typing the right code all join within 30 s, and the guesser has at most 30 wrong
    guesses evaluated in the minute after its free allowance (on the old throttle: 300 guesses in
    ~10 s, then 0 of 60 phones could join)."""
    _wid, code = live_code(server)
    with Guesser(server, code) as guesser:
        assert guesser.refused.wait(30), guesser.counts  # the address is under pressure now
        started = time.monotonic()

        async def room():
            sem = asyncio.Semaphore(20)

            async def one(n):
                async with sem:
                    await honest_phone(server, code, n)
            await asyncio.gather(*(one(n) for n in range(60)))
        run(room(), timeout=120)
        took = time.monotonic() - started
        time.sleep(max(0.0, 15 - took))  # and the guesser goes on a while longer
        guessing = time.monotonic() - started
    counts = guesser.counts
    print(f"60 phones joined in {took:.1f} s; guesser over {guessing:.0f} s: {counts}")
    assert took < 30, took
    assert counts["other"] == 0, counts
    assert counts["proof_required"] > 100, counts  # it really was guessing at full speed
    assert guessing < 60
    assert counts["wrong"] <= FREE_WRONG + 30, counts


def test_an_address_under_pressure_pays_a_fresh_proof_for_every_guess_and_more_as_it_goes_on(database_url):
    """A guesser that does solve the proofs: each challenge pays for one guess only, the right code is
    refused like a wrong one without a proof (no oracle), and the work doubles every 2 paid wrong
    guesses up to the cap. Small bits here so the test solves fast; the defaults are 14 to 21."""
    server = Server(database_url, extra_env={"SAMLING_JOIN_PROOF_BITS": "4", "SAMLING_JOIN_PROOF_MAX_BITS": "7",
                                             "SAMLING_JOIN_FREE_WRONG_PER_ADDRESS": "5"}).start()
    try:
        wid, code = live_code(server)
        rng = random.Random(7)
        with httpx.Client(base_url=server.base, timeout=30, trust_env=False) as http:
            for _ in range(5):
                assert http.post("/api/v1/join", json={"code": wrong_code(code, rng)}).json()["detail"]["code"] \
                    == "wrong_code"
            refusals = [http.post("/api/v1/join", json={"code": c}) for c in (wrong_code(code, rng), code)]
            for r in refusals:  # wrong and right alike: nothing tells them apart without a proof
                assert r.status_code == 429 and r.json()["detail"]["code"] == "proof_required", r.text
            challenge = refusals[0].json()["detail"]["proof"]
            assert challenge["bits"] == 4
            proof = proof_of_work.prove(challenge)
            r = http.post("/api/v1/join", json={"code": wrong_code(code, rng), "proof": proof})
            assert r.status_code == 404 and r.json()["detail"]["code"] == "wrong_code"
            r = http.post("/api/v1/join", json={"code": wrong_code(code, rng), "proof": proof})
            assert r.json()["detail"]["code"] == "proof_required"  # spent: a proof pays for one guess
            r = http.post("/api/v1/join", json={"code": wrong_code(code, rng), "proof": proof[:-1] + "x"})
            assert r.json()["detail"]["code"] == "proof_required"
            demanded = []
            challenge = r.json()["detail"]["proof"]
            for _ in range(40):
                demanded.append(challenge["bits"])
                r = http.post("/api/v1/join", json={"code": wrong_code(code, rng),
                                                    "proof": proof_of_work.prove(challenge)})
                assert r.status_code == 404, r.text
                r = http.post("/api/v1/join", json={"code": wrong_code(code, rng)})
                challenge = r.json()["detail"]["proof"]
            # One paid wrong guess so far, then one per round: one more bit per 2 of them, capped at 7.
            assert demanded[:5] == [4, 5, 5, 6, 6] and demanded[5:] == [7] * 35, demanded
            r = http.post("/api/v1/join", json={"code": code, "proof": proof_of_work.prove(challenge)})
            assert r.status_code == 201 and r.json()["workshop_id"] == wid, r.text
    finally:
        server.stop()


def test_a_phone_that_joined_reloads_into_its_room_while_its_address_is_throttled(server):
    """Reloading the room page goes by the participant cookie, never through the join throttle: not
    when the address needs proofs, not when the phone's own device cookie is over its budget."""
    _wid, code = live_code(server)
    phone = httpx.Client(base_url=server.base, timeout=30, trust_env=False, headers={"User-Agent": IPHONE})
    try:
        phone.get("/")  # joins before any guessing
        r = phone.get("/", params={"code": code})
        assert r.status_code == 303
        room = r.headers["location"]
        csrf = re.search(r'name="csrf" value="([^"]+)"', phone.get(room).text).group(1)
        assert phone.post(room, data={"csrf": csrf, "name": "Kari"}).status_code == 303
        rng = random.Random(3)
        device = phone.cookies["samling_device"]
        with httpx.Client(base_url=server.base, timeout=30, trust_env=False) as guesser:
            for _ in range(8):  # the phone's own device cookie spends its budget (someone borrowed it)
                guesser.post("/api/v1/join", json={"code": wrong_code(code, rng)},
                             headers={"Cookie": f"samling_device={device}"})
            r = guesser.post("/api/v1/join", json={"code": code}, headers={"Cookie": f"samling_device={device}"})
            assert r.status_code == 429 and r.json()["detail"]["code"] == "throttled"
            for _ in range(FREE_WRONG + 5):
                guesser.post("/api/v1/join", json={"code": wrong_code(code, rng)})
            for path in (room, room, f"/{code[:4]}-{code[4:]}"):
                r = phone.get(path)
                assert r.status_code == 200 and "participant.js" in r.text, r.text[:500]
            stranger = guesser.get(room)  # the address really is held to proofs meanwhile
            assert stranger.status_code == 429 and page_challenge(stranger.text), stranger.text[:300]
    finally:
        phone.close()


def test_qr_codes_do_not_tell_which_codes_are_live(client, auth):
    """Any well-formed code gets the same kind of QR image, live or not (no unthrottled oracle); a
    malformed one is 404."""
    wid = client.post("/api/v1/workshops", json={"title": "Samling"}, headers=auth).json()["id"]
    code = client.post(f"/api/v1/workshops/{wid}/live", headers=auth).json()["join_code"]
    other = str((int(code) + 1) % 100_000_000).zfill(8)
    live, not_live = client.get(f"/qr/{code}.svg"), client.get(f"/qr/{other}.svg")
    for r in (live, not_live):
        assert r.status_code == 200 and r.headers["content-type"].startswith("image/svg+xml")
        assert r.text.lstrip().startswith("<?xml") or "<svg" in r.text[:200]
    assert len(live.content) // 1000 == len(not_live.content) // 1000 or \
        abs(len(live.content) - len(not_live.content)) < 0.2 * len(live.content)
    assert live.headers.get("cache-control") == not_live.headers.get("cache-control")
    for bad in ("1234", "abcdefgh", "123456789"):
        assert client.get(f"/qr/{bad}.svg").status_code == 404
