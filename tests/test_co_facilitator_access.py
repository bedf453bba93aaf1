"""Issue 12, co-facilitation: a co-facilitator taken off a workshop (or whose account is deleted) loses its
live console at once, in whichever process it is connected to; the owner's console stays. Real uvicorn
processes; the periodic session re-check is left at its 30 s, so only the immediate path passes in time."""
import asyncio
import re
import time

import httpx
import pytest
from websockets.exceptions import ConnectionClosed

from tests.conftest import PASSWORD
from tests.test_live import Facilitator, connect, recv_json, recv_until, run
from tests.test_scaleout import pair, redis_env  # noqa: F401 (fixtures: two processes on one Redis)

pytestmark = pytest.mark.server

KOLLEGA = "kollega@example.no"
PROMPTS = ("Hva fungerer godt?", "Hva trenger dere fra oss?")
SOON = 3.0  # seconds a removal may take to close a console (the periodic re-check would take 30)


def colleague_of(owner: Facilitator, server) -> httpx.Client:
    """A second facilitator, invited by the owner (the installation's administrator); an API client of theirs."""
    r = owner.http.post("/api/v1/invitations")
    assert r.status_code == 201, r.text
    path = httpx.URL(r.json()["url"]).path
    with httpx.Client(base_url=server.base, timeout=30, trust_env=False) as browser:
        csrf = re.search(r'name="csrf" value="([^"]+)"', browser.get(path).text).group(1)
        r = browser.post(path, data={"name": "Kollega", "email": KOLLEGA, "password": PASSWORD, "csrf": csrf})
        assert r.status_code == 303, r.text
    http = httpx.Client(base_url=server.base, timeout=30, trust_env=False)
    r = http.post("/api/v1/auth/token", json={"email": KOLLEGA, "password": PASSWORD})
    assert r.status_code == 200, r.text
    http.headers["Authorization"] = f"Bearer {r.json()['token']}"
    return http


def running_pair(server) -> tuple[Facilitator, httpx.Client, int, int]:
    """The owner, the colleague added to the owner's live workshop, the workshop and the colleague's id."""
    owner = Facilitator(server)
    colleague = colleague_of(owner, server)
    wid, _code, _ids = owner.live_workshop(*[("open_text", p, {}) for p in PROMPTS])
    r = owner.http.post(f"/api/v1/workshops/{wid}/facilitators", json={"email": KOLLEGA})
    assert r.status_code == 201, r.text
    return owner, colleague, wid, r.json()["id"]


async def console(server, wid: int, token: str):
    """A facilitator console's socket, past its first state snapshot."""
    ws = await connect(server, f"/ws/workshop/{wid}/facilitator")
    await ws.send('{"type": "hello", "token": "%s"}' % token)
    assert (await recv_json(ws))["type"] == "state"
    return ws


async def closed_within(ws, seconds: float) -> tuple[int, list[dict], float]:
    """Read until the server closes the socket: (close code, frames seen meanwhile, seconds it took)."""
    started, seen = time.monotonic(), []
    try:
        while True:
            seen.append(await recv_json(ws, seconds - (time.monotonic() - started)))
    except ConnectionClosed as closed:
        return closed.rcvd.code, seen, time.monotonic() - started
    except TimeoutError:
        raise AssertionError(f"still open after {seconds} s; seen: {seen[-3:]}")


def token_of(http: httpx.Client) -> str:
    return http.headers["Authorization"].removeprefix("Bearer ")


def test_a_removed_co_facilitator_loses_the_console_at_once(server):
    owner, colleague, wid, colleague_id = running_pair(server)

    async def scenario():
        mine = await console(server, wid, owner.token)
        theirs = await console(server, wid, token_of(colleague))
        # The colleague steers while added: both consoles follow.
        r = await asyncio.to_thread(colleague.post, f"/api/v1/workshops/{wid}/commands", json={"command": "next"})
        assert r.status_code == 200, r.text
        await recv_until(theirs, lambda m: m["type"] == "state" and m.get("activity"))

        r = await asyncio.to_thread(owner.http.delete, f"/api/v1/workshops/{wid}/facilitators/{colleague_id}")
        assert r.status_code == 204
        code, seen, took = await closed_within(theirs, SOON)
        assert code == 4403 and took < SOON
        assert seen[-1]["type"] == "error" and seen[-1]["code"] == "access_ended"
        assert seen[-1]["message"] == "Du leder ikke lenger denne samlingen."  # the workshop is bokmål

        # Commands after removal are refused; the console cannot come back either.
        r = await asyncio.to_thread(colleague.post, f"/api/v1/workshops/{wid}/commands", json={"command": "next"})
        assert r.status_code == 404
        again = await connect(server, f"/ws/workshop/{wid}/facilitator")
        await again.send('{"type": "hello", "token": "%s"}' % token_of(colleague))
        code, seen, _took = await closed_within(again, SOON)
        assert code == 4401 and all(m["type"] != "state" for m in seen)

        # The owner's console stays and follows the owner's next step.
        r = await asyncio.to_thread(owner.http.post, f"/api/v1/workshops/{wid}/commands", json={"command": "next"})
        assert r.status_code == 200
        state = await recv_until(mine, lambda m: m["type"] == "state" and m["activity"]
                                 and m["activity"]["prompt"] == PROMPTS[1])
        assert state["workshop"]["id"] == wid
        await mine.close()
        return took

    took = run(scenario())
    print(f"removal closed the console in {took:.3f} s")


def test_a_deleted_account_and_a_deleted_workshop_close_the_consoles(server):
    owner, colleague, wid, _colleague_id = running_pair(server)

    async def scenario():
        mine = await console(server, wid, owner.token)
        theirs = await console(server, wid, token_of(colleague))
        r = await asyncio.to_thread(colleague.post, "/api/v1/auth/delete-account", json={"password": PASSWORD})
        assert r.status_code == 204
        code, _seen, took = await closed_within(theirs, SOON)
        assert code == 4401  # the account's sessions end first: signed out
        r = await asyncio.to_thread(owner.http.delete, f"/api/v1/workshops/{wid}")
        assert r.status_code == 204
        code, _seen, _ = await closed_within(mine, SOON)
        assert code == 4404
        return took

    print(f"account deletion closed the console in {run(scenario()):.3f} s")


def test_a_removal_on_one_process_closes_the_console_on_the_other(pair):  # noqa: F811
    a, b = pair
    owner, colleague, wid, colleague_id = running_pair(a)

    async def scenario():
        mine = await console(b, wid, owner.token)
        theirs = await console(b, wid, token_of(colleague))
        r = await asyncio.to_thread(owner.http.delete, f"/api/v1/workshops/{wid}/facilitators/{colleague_id}")
        assert r.status_code == 204  # on process A, where no console of this workshop is open
        code, _seen, took = await closed_within(theirs, SOON)
        assert code == 4403
        r = await asyncio.to_thread(owner.http.post, f"/api/v1/workshops/{wid}/commands", json={"command": "next"})
        assert r.status_code == 200
        await recv_until(mine, lambda m: m["type"] == "state" and m["activity"])  # the owner's stays on B
        await mine.close()
        return took

    print(f"removal on A closed the console on B in {run(scenario()):.3f} s")
