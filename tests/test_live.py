"""Acceptance tests against a real uvicorn process with real websocket clients (loopback only)."""
import asyncio
import json
import socket
import time
from concurrent.futures import ThreadPoolExecutor

import httpx
import pytest
import websockets
from websockets.exceptions import ConnectionClosed, InvalidStatus

from tests.conftest import ARTIFACTS, PASSWORD

pytestmark = pytest.mark.server

WAIT = 10.0  # seconds any single expected message may take
QUESTION = "Hva skal til for at et slikt program blir nyttig for deg?"
VALUES = "Hvilke verdier er viktigst i samarbeidet mellom sektorene?"
EXPECT = "Hva forventer du av dagen i dag?"
WORDS = ["Tillit", "Samarbeid", "Åpenhet", "Trygghet", "Respekt", "Medvirkning", "Likeverd", "Mestring",
         "Raushet", "Nysgjerrighet"]


# --- facilitator side (plain HTTP) -------------------------------------------------------------

class Facilitator:
    """The facilitator's API calls against the running server."""

    def __init__(self, server):
        self.http = httpx.Client(base_url=server.base, timeout=30, trust_env=False)
        r = self.http.post("/api/v1/auth/signup", json={"name": "Fasilitator", "email": "fasilitator@example.no",
                                                        "password": PASSWORD})
        assert r.status_code == 201, r.text
        self.token = r.json()["token"]
        self.http.headers["Authorization"] = f"Bearer {self.token}"

    def live_workshop(self, *activities: tuple[str, str, dict]) -> tuple[int, str, list[int]]:
        """A live workshop with these (kind, prompt, settings) activities: (id, join code, activity ids)."""
        r = self.http.post("/api/v1/workshops", json={"title": "Samling 3 – Gygrene", "language": "nb"})
        wid = r.json()["id"]
        ids = []
        for kind, prompt, settings in activities:
            r = self.http.post(f"/api/v1/workshops/{wid}/activities",
                               json={"kind": kind, "prompt": prompt, "settings": settings})
            assert r.status_code == 201, r.text
            ids.append(r.json()["id"])
        r = self.http.post(f"/api/v1/workshops/{wid}/live")
        assert r.status_code == 200, r.text
        return wid, r.json()["join_code"], ids

    def command(self, wid: int, name: str, **args) -> dict:
        """Run a facilitator command."""
        r = self.http.post(f"/api/v1/workshops/{wid}/commands", json={"command": name, "args": args})
        assert r.status_code == 200, r.text
        return r.json()

    def results(self, wid: int) -> dict:
        """The facilitator's current results (live-view)."""
        r = self.http.get(f"/api/v1/workshops/{wid}/live-view")
        assert r.status_code == 200, r.text
        return r.json()["results"]

    def exported_entries(self, wid: int) -> list[list[dict]]:
        """Every stored entry per activity, from the JSON export."""
        r = self.http.get(f"/api/v1/workshops/{wid}/export.json")
        assert r.status_code == 200, r.text
        return [a["entries"] for a in r.json()["activities"]]

    def close(self):
        self.http.close()


@pytest.fixture
def fac(server):
    """The signed-up facilitator of the running server."""
    f = Facilitator(server)
    yield f
    f.close()


# --- websocket clients -------------------------------------------------------------------------

async def connect(server, path: str, **kwargs):
    """A websocket client on loopback with short timeouts (no proxy, no compression)."""
    return await websockets.connect(server.ws_base + path, proxy=None, open_timeout=WAIT, close_timeout=2,
                                    compression=None, ping_interval=None, **kwargs)


async def recv_json(ws, timeout: float = WAIT) -> dict:
    """The next message as JSON."""
    return json.loads(await asyncio.wait_for(ws.recv(), timeout))


async def recv_until(ws, predicate, timeout: float = WAIT, seen: list | None = None) -> dict:
    """Messages until one matches `predicate` (all of them are appended to `seen`)."""
    deadline = asyncio.get_running_loop().time() + timeout
    while True:
        left = deadline - asyncio.get_running_loop().time()
        if left <= 0:
            raise AssertionError(f"no matching message within {timeout} s; last seen: {(seen or [])[-3:]}")
        msg = await recv_json(ws, left)
        if seen is not None:
            seen.append(msg)
        if predicate(msg):
            return msg


async def drain(ws, quiet: float = 0.3) -> list[dict]:
    """Whatever arrives until the socket has been quiet for `quiet` seconds."""
    got = []
    while True:
        try:
            got.append(await recv_json(ws, quiet))
        except (asyncio.TimeoutError, ConnectionClosed):
            return got


async def join_all(server, code: str, n: int, concurrency: int = 50) -> list[str]:
    """n participant tokens from POST /api/v1/join."""
    sem = asyncio.Semaphore(concurrency)
    async with httpx.AsyncClient(base_url=server.base, timeout=30, trust_env=False) as http:
        async def one(_):
            async with sem:
                r = await http.post("/api/v1/join", json={"code": code, "name": "", "language": "nb"})
                assert r.status_code == 201, r.text
                return r.json()["participant_token"]
        return await asyncio.gather(*(one(i) for i in range(n)))


class Phone:
    """One simulated phone: a participant token and, while connected, its websocket."""

    def __init__(self, server, token: str):
        self.server = server
        self.token = token
        self.ws = None
        self.seen: list[dict] = []

    async def open(self, **kwargs) -> dict:
        """Connect and say hello; the state snapshot."""
        self.ws = await connect(self.server, "/ws/participant", **kwargs)
        await self.ws.send(json.dumps({"type": "hello", "token": self.token}))
        state = await recv_json(self.ws)
        self.seen.append(state)
        assert state["type"] == "state", state
        return state

    async def send(self, message) -> None:
        await self.ws.send(message if isinstance(message, (str, bytes)) else json.dumps(message))

    async def submit(self, activity_id: int, text: str, client_id: str) -> dict:
        """Submit one answer; the ack or error for this client id."""
        await self.send({"type": "submit", "client_id": client_id, "activity_id": activity_id,
                         "payload": {"text": text}})
        return await self.reply()

    async def reply(self) -> dict:
        """The next ack or error."""
        return await recv_until(self.ws, lambda m: m["type"] in ("ack", "error"), seen=self.seen)

    async def close(self) -> None:
        if self.ws is not None:
            await self.ws.close()
            self.ws = None

    def abort(self) -> None:
        """Drop the TCP connection without a closing handshake (a phone losing its network)."""
        self.ws.transport.abort()
        self.ws = None


async def presenter(server, wid: int, token: str):
    """A presenter screen's websocket after its state snapshot."""
    ws = await connect(server, f"/ws/workshop/{wid}/presenter")
    await ws.send(json.dumps({"type": "hello", "token": token}))
    state = await recv_json(ws)
    assert state["type"] == "state", state
    return ws


def results_with(entries: int):
    """A predicate: a results message counting `entries` entries."""
    return lambda m: m["type"] == "results" and m["counts"]["entries"] == entries


def run(coro, timeout: float = 60):
    """Run a scenario with an overall time limit, on a thread of its own (Playwright's sync API, used by
    the browser tests in the same session, keeps an event loop running on the main thread)."""
    with ThreadPoolExecutor(1) as pool:
        return pool.submit(asyncio.run, asyncio.wait_for(coro, timeout)).result()


# --- acceptance tests --------------------------------------------------------------------------

def test_two_hundred_phones_fill_a_word_cloud(server, fac):
    """200 phones each submit one word; each gets exactly one ack and the projector counts exactly 200."""
    wid, code, (cloud,) = fac.live_workshop(("word_cloud", VALUES, {"words_per_participant": 1}))
    fac.command(wid, "next")
    tokens = run(join_all(server, code, 200))
    assert len(set(tokens)) == 200

    async def scenario():
        screen = await presenter(server, wid, fac.token)
        phones = [Phone(server, t) for t in tokens]
        sem = asyncio.Semaphore(50)

        async def answer(i: int, phone: Phone) -> dict:
            async with sem:
                state = await phone.open()
                assert state["activity"]["id"] == cloud and state["mine"] == {}
                word = WORDS[i % len(WORDS)]
                spelled = [word, word.upper(), f" {word.lower()} "][i % 3]  # one word, many spellings
                return await phone.submit(cloud, spelled, f"telefon-{i:04d}-ord")

        try:
            replies = await asyncio.gather(*(answer(i, p) for i, p in enumerate(phones)))
            assert [r["type"] for r in replies] == ["ack"] * 200, [r for r in replies if r["type"] != "ack"][:3]
            assert [r["client_id"] for r in replies] == [f"telefon-{i:04d}-ord" for i in range(200)]
            assert not any(r["duplicate"] for r in replies)
            final = await recv_until(screen, results_with(200), timeout=30)
            later = await asyncio.gather(*(drain(p.ws) for p in phones))
        finally:
            await asyncio.gather(*(p.close() for p in phones), return_exceptions=True)
            await screen.close()
        acks = [sum(m["type"] == "ack" for m in p.seen + extra) for p, extra in zip(phones, later)]
        assert acks == [1] * 200
        return final

    final = run(scenario(), timeout=90)
    assert final["activity_id"] == cloud
    assert final["counts"]["answered"] == 200 and final["counts"]["joined"] == 200
    assert final["counts"]["online"] == 200
    words = {w["text"]: w["count"] for w in final["results"]["words"]}
    assert sum(words.values()) == 200
    assert sorted(w["key"] for w in final["results"]["words"]) == sorted(w.lower() for w in WORDS)
    assert set(words.values()) == {20}
    assert final["results"]["entries"] == 200 and final["results"]["participants"] == 200
    assert fac.results(wid)["counts"]["entries"] == 200
    assert len(fac.exported_entries(wid)[0]) == 200


def test_resend_after_forced_disconnect_is_stored_once(server, fac):
    """A resend of the same client id after the connection dropped is acked as duplicate and stored once."""
    wid, code, (q,) = fac.live_workshop(("open_text", QUESTION, {}))
    fac.command(wid, "next")
    (token,) = run(join_all(server, code, 1))

    async def scenario():
        phone = Phone(server, token)
        await phone.open()
        first = await phone.submit(q, "Mer tid til samarbeid på tvers av sektorer", "svar-0001-a")
        assert first["type"] == "ack" and first["duplicate"] is False
        phone.abort()  # the ack arrived, but the phone lost its network before it could note it
        state = await phone.open()
        assert [e["client_id"] for e in state["mine"][str(q)]] == ["svar-0001-a"]
        again = await phone.submit(q, "Mer tid til samarbeid på tvers av sektorer", "svar-0001-a")
        assert again["type"] == "ack" and again["duplicate"] is True
        assert again["entry"] == first["entry"]

        # The ack itself lost: send and drop at once; whatever reached the server, the resend settles it.
        await phone.send({"type": "submit", "client_id": "svar-0002-b", "activity_id": q,
                          "payload": {"text": "Konkrete verktøy vi kan bruke"}})
        phone.abort()
        await asyncio.sleep(0.3)
        await phone.open()
        resent = await phone.submit(q, "Konkrete verktøy vi kan bruke", "svar-0002-b")
        assert resent["type"] == "ack"
        again = await phone.submit(q, "Konkrete verktøy vi kan bruke", "svar-0002-b")
        assert again["duplicate"] is True and again["entry"]["id"] == resent["entry"]["id"]
        await phone.close()

    run(scenario())
    (entries,) = fac.exported_entries(wid)
    assert [e["payload"]["text"] for e in entries] == ["Mer tid til samarbeid på tvers av sektorer",
                                                       "Konkrete verktøy vi kan bruke"]
    assert fac.results(wid)["counts"]["entries"] == 2


def test_reconnecting_phone_gets_current_activity_and_its_answers(server, fac):
    """A phone that reconnects gets the activity now on screen and every answer it gave ("mine")."""
    wid, code, (cloud, q) = fac.live_workshop(("word_cloud", VALUES, {"words_per_participant": 2}),
                                              ("open_text", QUESTION, {}))
    fac.command(wid, "next")
    token, other = run(join_all(server, code, 2))

    async def scenario():
        phone = Phone(server, token)
        state = await phone.open()
        assert state["activity"]["id"] == cloud and state["mine"] == {}
        assert state["participant"]["language"] == "nb"
        a = await phone.submit(cloud, "Tillit", "ord-0001-aa")
        b = await phone.submit(cloud, "Åpenhet", "ord-0002-bb")
        phone.abort()
        neighbour = Phone(server, other)
        await neighbour.open()
        assert (await neighbour.submit(cloud, "Respekt", "ord-0001-aa"))["duplicate"] is False  # same id, other phone

        state = await phone.open()  # back mid-activity
        assert state["activity"]["id"] == cloud and state["activity"]["prompt"] == VALUES
        assert state["mine"] == {str(cloud): [a["entry"], b["entry"]]}
        used_up = await phone.submit(cloud, "Trygghet", "ord-0003-cc")
        assert used_up["type"] == "error" and used_up["code"] == "limit" and used_up["client_id"] == "ord-0003-cc"
        await phone.close()

        fac.command(wid, "next")  # the room moves on while the phone is away
        greeting = state = await phone.open()
        if state["activity"]["id"] != q:
            # The room (kept open by the neighbour) may greet with the snapshot it is just rebuilding after the
            # command: the rebuilt state follows at once.
            state = await recv_until(phone.ws, lambda m: m["type"] == "state" and m["activity"]["id"] == q,
                                     seen=phone.seen)
        assert state["activity"]["id"] == q and state["position"] == 2 and state["total"] == 2
        assert greeting["mine"] == {str(cloud): [a["entry"], b["entry"]]}
        c = await phone.submit(q, "Mer tid til samarbeid", "svar-0001-dd")
        await phone.close()
        state = await phone.open()
        assert state["mine"] == {str(cloud): [a["entry"], b["entry"]], str(q): [c["entry"]]}
        await phone.close()
        await neighbour.close()

    run(scenario())


def test_bad_frames_get_errors_and_the_room_carries_on(server, fac):
    """Oversized, malformed, binary and unknown frames get errors; >64 KiB closes with 1009; the room carries on."""
    wid, code, (q,) = fac.live_workshop(("open_text", QUESTION, {"max_answers": 5}))
    fac.command(wid, "next")
    token, other = run(join_all(server, code, 2))

    async def scenario():
        screen = await presenter(server, wid, fac.token)
        phone = Phone(server, token)
        await phone.open()
        big = json.dumps({"type": "submit", "client_id": "stor-0001", "activity_id": q,
                          "payload": {"text": "x" * (20 * 1024)}})
        assert 16 * 1024 < len(big) < 64 * 1024
        await phone.send(big)
        reply = await phone.reply()
        assert reply["code"] == "too_large"
        await phone.send({"type": "ping"})
        pong = await recv_json(phone.ws)
        assert pong["type"] == "pong" and abs(pong["server_time"] - time.time()) < 5
        ok = await phone.submit(q, "Mer tid til samarbeid", "svar-0001")
        assert ok["type"] == "ack"

        for frame, code_ in (("{nope", "bad_json"), (b"\x00\x01binary", "bad_message"), ("[1, 2]", "bad_message"),
                             ('{"type": 5}', "bad_message"), ({"type": "dance"}, "unknown_type"),
                             ({"type": "submit", "client_id": "kort", "activity_id": q, "payload": {"text": "Hei"}},
                              "bad_client_id"),
                             ({"type": "submit", "client_id": "svar-0002", "activity_id": "q",
                               "payload": {"text": "Hei"}}, "bad_activity"),
                             ({"type": "submit", "client_id": "svar-0003", "activity_id": q,
                               "payload": {"text": "x" * 281}}, "too_long"),
                             ({"type": "submit", "client_id": "svar-0004", "activity_id": q,
                               "payload": "Hei"}, "invalid")):
            await phone.send(frame)
            reply = await recv_json(phone.ws)
            assert reply["type"] == "error" and reply["code"] == code_, (frame, reply)
            assert reply["message"]
        await phone.send({"type": "ping"})
        pong = await recv_json(phone.ws)
        assert pong["type"] == "pong" and abs(pong["server_time"] - time.time()) < 5

        await phone.send("x" * (70 * 1024))  # beyond the server's frame limit
        with pytest.raises(ConnectionClosed):
            await recv_json(phone.ws)
        assert phone.ws.close_code == 1009

        neighbour = Phone(server, other)
        await neighbour.open()
        assert (await neighbour.submit(q, "Konkrete verktøy", "svar-0001"))["type"] == "ack"
        final = await recv_until(screen, results_with(2))
        assert sorted(c["text"] for c in final["results"]["cards"]) == ["Konkrete verktøy", "Mer tid til samarbeid"]
        assert final["counts"]["answered"] == 2
        # The phone that was cut off can come back.
        state = await phone.open()
        assert [e["client_id"] for e in state["mine"][str(q)]] == ["svar-0001"]
        await phone.close()
        await neighbour.close()
        await screen.close()

    run(scenario())
    assert len(fac.exported_entries(wid)[0]) == 2


def test_hello_is_required_and_checked(server, fac):
    """A first frame that is no hello, or a hello with a forged token, is answered and closed."""
    wid, code, _ = fac.live_workshop(("open_text", QUESTION, {}))

    async def scenario():
        for first, code_, close_code in (({"type": "ping"}, "hello_expected", 1008),
                                         ("{nope", "bad_json", 1008),
                                         ({"type": "hello", "token": "forfalsket"}, "unknown_participant", 4401),
                                         ({"type": "hello"}, "unknown_participant", 4401)):
            ws = await connect(server, "/ws/participant")
            await ws.send(first if isinstance(first, str) else json.dumps(first))
            assert (await recv_json(ws))["code"] == code_
            with pytest.raises(ConnectionClosed):
                await recv_json(ws)
            assert ws.close_code == close_code
        ws = await connect(server, f"/ws/workshop/{wid}/presenter")
        await ws.send(json.dumps({"type": "hello", "token": "forfalsket"}))
        assert (await recv_json(ws))["code"] == "unauthorised"
        with pytest.raises(ConnectionClosed):
            await recv_json(ws)
        assert ws.close_code == 4401

    run(scenario())


def test_foreign_origin_is_refused_same_origin_accepted(server, fac):
    """A handshake from another site's page gets 403; the service's own origin (and no origin) connect."""
    wid, code, _ = fac.live_workshop(("open_text", QUESTION, {}))
    (token,) = run(join_all(server, code, 1))

    async def scenario():
        for path in ("/ws/participant", f"/ws/workshop/{wid}/presenter", f"/ws/workshop/{wid}/facilitator"):
            for origin in ("http://evil.example", f"http://127.0.0.1:{server.port}.evil.example", "null",
                           f"http://localhost:{server.port + 1}"):
                with pytest.raises(InvalidStatus) as e:
                    await connect(server, path, origin=origin)
                assert e.value.response.status_code == 403, (path, origin)
        phone = Phone(server, token)
        state = await phone.open(origin=f"http://127.0.0.1:{server.port}")
        assert state["workshop"]["id"] == wid
        await phone.close()
        state = await phone.open()  # native apps and scripts send no Origin
        assert state["workshop"]["id"] == wid
        await phone.close()
        screen = await connect(server, f"/ws/workshop/{wid}/presenter", origin=f"http://127.0.0.1:{server.port}")
        await screen.send(json.dumps({"type": "hello", "token": fac.token}))
        assert (await recv_json(screen))["type"] == "state"
        await screen.close()

    run(scenario())


def test_next_reaches_every_connected_phone(server, fac):
    """When the facilitator moves on, every one of 20 connected phones gets a state with the new activity."""
    wid, code, (first, second) = fac.live_workshop(("open_text", EXPECT, {}), ("word_cloud", VALUES, {}))
    tokens = run(join_all(server, code, 20))

    async def scenario():
        phones = [Phone(server, t) for t in tokens]
        states = await asyncio.gather(*(p.open() for p in phones))
        assert all(s["activity"] is None and s["workshop"]["status"] == "live" for s in states)
        try:
            for target, prompt in ((first, EXPECT), (second, VALUES)):
                started = time.monotonic()
                await asyncio.to_thread(fac.command, wid, "next")
                got = await asyncio.gather(*(recv_until(p.ws, lambda m, t=target: m["type"] == "state" and
                                                        (m["activity"] or {}).get("id") == t) for p in phones))
                assert all(s["activity"]["prompt"] == prompt for s in got)
                assert len({s["version"] for s in got}) == 1
                assert time.monotonic() - started < WAIT
        finally:
            await asyncio.gather(*(p.close() for p in phones), return_exceptions=True)

    run(scenario())


def test_locked_activity_refuses_and_stores_nothing(server, fac):
    """A submit to a locked activity gets error "locked" and leaves no entry; unlocking opens it again."""
    wid, code, (q,) = fac.live_workshop(("open_text", QUESTION, {}))
    fac.command(wid, "next")
    (token,) = run(join_all(server, code, 1))

    async def scenario():
        phone = Phone(server, token)
        await phone.open()
        await asyncio.to_thread(fac.command, wid, "lock")
        await recv_until(phone.ws, lambda m: m["type"] == "state" and m["activity"]["locked"] is True)
        refused = await phone.submit(q, "For sent ute", "svar-sent-01")
        assert refused == {"type": "error", "code": "locked", "message": refused["message"],
                           "client_id": "svar-sent-01"}
        assert await asyncio.to_thread(fac.exported_entries, wid) == [[]]
        await asyncio.to_thread(fac.command, wid, "unlock")
        await recv_until(phone.ws, lambda m: m["type"] == "state" and m["activity"]["locked"] is False)
        ok = await phone.submit(q, "For sent ute", "svar-sent-01")
        assert ok["type"] == "ack" and ok["duplicate"] is False  # the refused one left nothing behind
        await phone.close()

    run(scenario())
    assert [e["payload"]["text"] for e in fac.exported_entries(wid)[0]] == ["For sent ute"]


def test_moderation_reaches_the_projector(server, fac):
    """Hiding a word takes it off the presenter's cloud at once; the facilitator still sees it, marked."""
    wid, code, (cloud,) = fac.live_workshop(("word_cloud", VALUES, {}))
    fac.command(wid, "next")
    tokens = run(join_all(server, code, 3))

    async def scenario():
        screen = await presenter(server, wid, fac.token)
        for i, (t, word) in enumerate(zip(tokens, ["Tillit", "Dritt", "tillit"])):
            phone = Phone(server, t)
            await phone.open()
            assert (await phone.submit(cloud, word, f"ord-{i:04d}-x"))["type"] == "ack"
            await phone.close()
        shown = await recv_until(screen, results_with(3))
        assert {w["key"]: w["count"] for w in shown["results"]["words"]} == {"tillit": 2, "dritt": 1}
        await asyncio.to_thread(fac.command, wid, "hide_word", word="Dritt")
        shown = await recv_until(screen, lambda m: m["type"] == "results" and
                                 [w["key"] for w in m["results"]["words"]] == ["tillit"])
        assert "Dritt" not in json.dumps(shown)
        await asyncio.to_thread(fac.command, wid, "hide_results")
        hidden = await recv_until(screen, lambda m: m["type"] == "results" and m["visible"] is False)
        assert hidden["results"] is None
        await screen.close()

    run(scenario())
    words = fac.results(wid)["results"]["words"]
    assert [(w["key"], w["hidden"]) for w in words] == [("tillit", False), ("dritt", True)]


def test_ending_the_workshop_tells_every_phone(server, fac):
    """Ending the workshop sends connected phones a state with status "ended"; submits are then refused."""
    wid, code, (q,) = fac.live_workshop(("open_text", QUESTION, {}))
    fac.command(wid, "next")
    tokens = run(join_all(server, code, 3))

    async def scenario():
        phones = [Phone(server, t) for t in tokens]
        await asyncio.gather(*(p.open() for p in phones))
        r = await asyncio.to_thread(fac.http.post, f"/api/v1/workshops/{wid}/end")
        assert r.status_code == 200
        ended = await asyncio.gather(*(recv_until(p.ws, lambda m: m["type"] == "state" and
                                                  m["workshop"]["status"] == "ended") for p in phones))
        assert all(s["workshop"]["code"] is None for s in ended)
        late = await phones[0].submit(q, "For sent", "svar-sent-02")
        assert late["type"] == "error" and late["code"] == "not_current"
        await asyncio.gather(*(p.close() for p in phones))

    run(scenario())
    assert fac.exported_entries(wid) == [[]]


def test_deleting_a_workshop_closes_its_phones(server, fac):
    """Deleting a live workshop closes its connected phones with 4404, as a phone connecting afterwards gets."""
    wid, code, (q,) = fac.live_workshop(("open_text", QUESTION, {}))
    fac.command(wid, "next")
    (token,) = run(join_all(server, code, 1))

    async def scenario():
        phone = Phone(server, token)
        await phone.open()
        r = await asyncio.to_thread(fac.http.delete, f"/api/v1/workshops/{wid}")
        assert r.status_code == 204
        try:
            got = await drain(phone.ws, quiet=3)
            assert phone.ws.close_code == 4404, f"still open after deletion; received {got}"
        finally:
            await phone.close()

    run(scenario())


def test_a_token_from_a_deleted_workshop_never_speaks_for_a_newer_participant(server, fac):
    """SQLite hands a deleted row's id to the next row: the old phone's token must not log it in as
    the new participant, over the websocket or on the join page."""
    async def scenario():
        wid, code, _ = fac.live_workshop(("open_text", QUESTION, {}))
        async with httpx.AsyncClient(base_url=server.base, timeout=30, trust_env=False) as http:
            old = (await http.post("/api/v1/join", json={"code": code})).json()
            assert (await asyncio.to_thread(fac.http.delete, f"/api/v1/workshops/{wid}")).status_code == 204
            wid2, code2, _ = fac.live_workshop(("open_text", QUESTION, {}))
            new = (await http.post("/api/v1/join", json={"code": code2})).json()
            if server.database_url.startswith("sqlite"):
                assert new["participant_id"] == old["participant_id"]  # the id really was reused
            stale = await connect(server, "/ws/participant")
            await stale.send(json.dumps({"type": "hello", "token": old["participant_token"]}))
            reply = await recv_json(stale)
            assert reply["type"] == "error" and reply["code"] == "unknown_participant", reply
            await drain(stale, quiet=1)
            assert stale.close_code == 4401
            http.cookies.set("samling_participant", old["participant_token"])
            page = await http.get(f"/{code2}")
            assert 'name="name"' in page.text  # the join form, not the new participant's phone view
            phone = Phone(server, new["participant_token"])
            assert (await phone.open())["type"] == "state"
            await phone.close()

    run(scenario())


def test_a_database_failure_during_submit_is_reported_and_the_resend_is_stored(server, fac):
    """The entry table vanishes under the server for a moment: the phone gets `unavailable` for its
    client id and keeps its connection; once the table is back, the same message is stored once."""
    from sqlalchemy import create_engine, text

    wid, code, (q,) = fac.live_workshop(("open_text", QUESTION, {}))
    fac.command(wid, "next")
    (token,) = run(join_all(server, code, 1))
    engine = create_engine(server.database_url.replace("postgresql://", "postgresql+psycopg://"))

    def rename(old: str, new: str) -> None:
        with engine.begin() as db:
            db.execute(text(f"ALTER TABLE {old} RENAME TO {new}"))

    async def scenario():
        phone = Phone(server, token)
        await phone.open()
        await asyncio.to_thread(rename, "entry", "entry_away")
        try:
            reply = await phone.submit(q, "Tillit", "svar-unavailable-1")
        finally:
            await asyncio.to_thread(rename, "entry_away", "entry")
        assert (reply["type"], reply["code"], reply["client_id"]) == ("error", "unavailable", "svar-unavailable-1")
        again = await phone.submit(q, "Tillit", "svar-unavailable-1")
        assert again["type"] == "ack" and again["duplicate"] is False, again
        await phone.close()

    try:
        run(scenario())
    finally:
        engine.dispose()
    assert [e["payload"]["text"] for e in fac.exported_entries(wid)[0]] == ["Tillit"]


def test_deleting_a_watched_workshop_leaves_the_server_serving(server, fac):
    """Delete a workshop while a phone and its facilitator console are connected, five times over:
    both are closed with 4404 and every other workshop's screens still get their snapshots."""
    async def scenario():
        for _round in range(5):
            wid, code, _ = fac.live_workshop(("open_text", QUESTION, {}))
            (token,) = await join_all(server, code, 1)
            phone = Phone(server, token)
            await phone.open()
            console = await connect(server, f"/ws/workshop/{wid}/facilitator")
            await console.send(json.dumps({"type": "hello", "token": fac.token}))
            await recv_json(console)
            r = await asyncio.to_thread(fac.http.delete, f"/api/v1/workshops/{wid}")
            assert r.status_code == 204
            await drain(phone.ws, quiet=3)
            await drain(console, quiet=3)
            assert (phone.ws.close_code, console.close_code) == (4404, 4404)
            other, _code, _ = fac.live_workshop(("open_text", QUESTION, {}))
            probe = await presenter(server, other, fac.token)  # asserts its snapshot arrives
            await probe.close()

    run(scenario(), timeout=90)


def test_a_presenter_that_stops_reading_is_torn_down(database_url, tmp_path):
    """A screen that stops reading while large results keep coming is dropped: once it reads again it
    finds its connection closed, and the phones' answers were acknowledged all along."""
    from tests.conftest import Server

    srv = Server(database_url, extra_env={"SAMLING_WS_STALL_SECONDS": "1"}).start()
    try:
        fac = Facilitator(srv)
        wid, code, (q,) = fac.live_workshop(("open_text", QUESTION, {"max_answers": 20, "max_length": 2000}))
        fac.command(wid, "next")

        async def scenario():
            tokens = await join_all(srv, code, 30)
            screen = await connect(srv, f"/ws/workshop/{wid}/presenter", max_queue=1, max_size=2**24)
            await screen.send(json.dumps({"type": "hello", "token": fac.token}))
            await recv_json(screen)
            # The projector's browser froze: nothing is read any more. (A receive buffer smaller than
            # loopback's MSS would stall TCP itself, hence a modest one rather than a tiny one.)
            screen.transport.get_extra_info("socket").setsockopt(socket.SOL_SOCKET, socket.SO_RCVBUF, 1 << 18)
            screen.transport.pause_reading()
            phones = [Phone(srv, t) for t in tokens]
            for p in phones:
                await p.open()
            acks = 0
            for round_no in range(20):  # each answer makes the wall's results message larger
                for i, p in enumerate(phones):
                    reply = await p.submit(q, f"{round_no}-{i} " + "Trygge ledere i leiarrolla. " * 65,
                                           f"svar-{round_no:02d}-{i:03d}")
                    acks += reply["type"] == "ack"
                await asyncio.sleep(0.15)
            assert acks == 600
            screen.transport.resume_reading()
            got = 0
            try:  # reading what was buffered, then the end: the server let the connection go
                async with asyncio.timeout(20):
                    async for _ in screen:
                        got += 1
            except ConnectionClosed:
                pass
            except TimeoutError:
                raise AssertionError(f"still open after reading {got} buffered messages")
            for p in phones:
                await p.close()

        run(scenario(), timeout=120)
        fac.close()
    finally:
        srv.stop()
    assert "stopped reading" in (ARTIFACTS / f"server-{srv.port}.log").read_text() or \
        "queue overflowed" in (ARTIFACTS / f"server-{srv.port}.log").read_text()
