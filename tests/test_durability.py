"""SIGKILL the server again and again during a burst of 1,000 answers: every acknowledged answer
survives exactly once, resends are never counted twice, and SQLite stays intact."""
import asyncio
import json
import random
import signal
import sqlite3
import threading
import uuid

import httpx
from sqlalchemy import create_engine, text
from websockets.asyncio.client import connect

from tests.conftest import BACKEND, Server

PHONES = 50
ANSWERS_EACH = 20  # 50 x 20 = 1,000 answers in all
KILLS = 10


def stored_client_ids(database_url: str) -> list[str]:
    """Every stored entry's client id, read straight from the database."""
    engine = create_engine(database_url.replace("postgresql://", "postgresql+psycopg://"))
    with engine.connect() as conn:
        rows = conn.execute(text("SELECT client_id FROM entry")).all()
    engine.dispose()
    return [r[0] for r in rows]


async def phone_burst(ws_base: str, token: str, activity_id: int, pending: list[str], acked: set[str],
                      stop: asyncio.Event) -> None:
    """Send this phone's unacknowledged answers one after another until done or the server dies."""
    try:
        async with connect(f"{ws_base}/ws/participant", open_timeout=5, ping_interval=None) as ws:
            await ws.send(json.dumps({"type": "hello", "token": token}))
            await asyncio.wait_for(ws.recv(), 5)
            for client_id in list(pending):
                if stop.is_set():
                    return
                await ws.send(json.dumps({"type": "submit", "client_id": client_id, "activity_id": activity_id,
                                          "payload": {"text": f"Svar {client_id[:8]}"}}))
                while True:
                    msg = json.loads(await asyncio.wait_for(ws.recv(), 5))
                    if msg.get("client_id") == client_id:
                        break
                assert msg["type"] == "ack", msg
                acked.add(client_id)
                pending.remove(client_id)
    except (OSError, asyncio.TimeoutError, Exception) as e:  # the server was killed under us
        if isinstance(e, AssertionError):
            raise


def test_sigkill_during_burst_loses_no_acknowledged_answer(database_url):
    """Ten kills at random moments; after each restart every acked answer is stored exactly once."""
    server = Server(database_url).start()
    try:
        api = httpx.Client(base_url=server.base, timeout=10)
        token = api.post("/api/v1/auth/signup", json={"name": "F", "email": "f@example.no",
                                                      "password": "correct horse battery"}).json()["token"]
        auth = {"Authorization": f"Bearer {token}"}
        wid = api.post("/api/v1/workshops", json={"title": "Samling 2"}, headers=auth).json()["id"]
        activity = api.post(f"/api/v1/workshops/{wid}/activities", headers=auth, json={
            "kind": "open_text", "prompt": "Hva har du testet ut siden sist?",
            "settings": {"max_answers": ANSWERS_EACH}}).json()["id"]
        code = api.post(f"/api/v1/workshops/{wid}/live", headers=auth).json()["join_code"]
        api.post(f"/api/v1/workshops/{wid}/commands", json={"command": "next"}, headers=auth)
        tokens = [api.post("/api/v1/join", json={"code": code}, headers={"Cookie": f"samling_device=d{i}"})
                  .json()["participant_token"] for i in range(PHONES)]
        api.close()
        pending = [[uuid.uuid4().hex for _ in range(ANSWERS_EACH)] for _ in range(PHONES)]
        acked: set[str] = set()
        rng = random.Random(2026)

        async def round_until_killed(kill: bool) -> None:
            stop = asyncio.Event()
            tasks = [asyncio.create_task(phone_burst(server.ws_base, t, activity, p, acked, stop))
                     for t, p in zip(tokens, pending)]
            if kill:
                # A random moment inside the burst: after a random number of fresh acks (ten kills
                # of at most 70 each leave answers for the last round), plus a random sliver.
                target = len(acked) + rng.randint(5, 70)
                while len(acked) < target and not all(t.done() for t in tasks):
                    await asyncio.sleep(0.001)
                await asyncio.sleep(rng.uniform(0, 0.01))
                server.proc.send_signal(signal.SIGKILL)
                stop.set()
            await asyncio.wait_for(asyncio.gather(*tasks), 60)

        progress = []
        for round_no in range(KILLS + 1):
            last = round_no == KILLS
            if last:
                # The kills really fell inside the burst: some answers were through, some still to send.
                assert 0 < len(acked) < PHONES * ANSWERS_EACH
                assert len(set(progress)) > 1, progress
            result: list[BaseException] = []
            # asyncio.run on its own thread: the browser tests may own this thread's event loop.
            thread = threading.Thread(target=lambda out=result, kill=not last: out.extend(
                [e] if (e := _run(round_until_killed(kill))) else []))
            thread.start()
            thread.join(120)
            assert not result, result
            progress.append(len(acked))
            if not last:
                server.proc.wait(10)
                ids = stored_client_ids(database_url)
                assert len(ids) == len(set(ids)), "an answer was stored twice"
                assert acked <= set(ids), f"acknowledged but lost: {sorted(acked - set(ids))[:5]}"
                if BACKEND == "sqlite":
                    path = database_url.removeprefix("sqlite:///")
                    with sqlite3.connect(path) as db:
                        assert db.execute("PRAGMA integrity_check").fetchone()[0] == "ok"
                server.start()
        ids = stored_client_ids(database_url)
        assert len(ids) == PHONES * ANSWERS_EACH == len(set(ids))
        assert acked == set(ids)
    finally:
        server.stop()


def _run(coro) -> BaseException | None:
    try:
        asyncio.run(coro)
    except BaseException as e:  # noqa: BLE001 - handed back to the test thread
        return e
    return None
