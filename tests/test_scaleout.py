"""Scale-out: two real server processes on one database and the loopback Redis serve one workshop."""
import asyncio
import os
import signal
import subprocess
import sys
import time
import uuid

import pytest
import redis
from websockets.exceptions import WebSocketException
from sqlalchemy import create_engine, text

from tests.conftest import ROOT, Server, free_port
from tests.test_live import (QUESTION, VALUES, WORDS, Facilitator, Phone, join_all, presenter,
                             recv_until, results_with, run)

pytestmark = pytest.mark.server

REDIS_URL = os.environ.get("SAMLING_TEST_REDIS_URL", "redis://127.0.0.1:6379/0")


@pytest.fixture
def redis_env():
    """The environment that puts a server on the shared Redis, under a prefix of this test's own."""
    client = redis.Redis.from_url(REDIS_URL, socket_connect_timeout=2)
    try:
        client.ping()
    except redis.RedisError as e:  # scale-out is a promise of the product: its test must run
        pytest.fail(f"Redis is not reachable at {REDIS_URL} ({e}); scripts/test.sh starts it")
    prefix = f"samling-test-{uuid.uuid4().hex[:8]}"
    yield {"REDIS_URL": REDIS_URL, "SAMLING_REDIS_PREFIX": prefix}
    for key in client.scan_iter(f"{prefix}:*"):
        client.delete(key)
    client.close()


@pytest.fixture
def pair(database_url, redis_env):
    """Two processes on the same database and Redis (started one after the other: each migrates)."""
    a = Server(database_url, extra_env=redis_env).start()
    b = Server(database_url, extra_env=redis_env).start()
    yield a, b
    a.stop()
    b.stop()


def stored_client_ids(database_url: str, activity_id: int) -> list[str]:
    """Every stored entry's client id for one activity, straight from the database."""
    engine = create_engine(database_url.replace("postgresql://", "postgresql+psycopg://"))
    with engine.connect() as db:
        rows = db.execute(text("SELECT client_id FROM entry WHERE activity_id = :a"), {"a": activity_id}).all()
    engine.dispose()
    return [r[0] for r in rows]


def test_phones_on_two_processes_fill_one_cloud_and_follow_every_change(pair, redis_env):
    """40 phones split over two processes, the presenter on one and the facilitator on the other: the
    presenter's count is exact, online counts span both processes, and every `next` reaches every phone."""
    a, b = pair
    fac = Facilitator(a)  # the facilitator steers through process A
    wid, code, (cloud, question) = fac.live_workshop(("word_cloud", VALUES, {"words_per_participant": 1}),
                                                     ("open_text", QUESTION, {}))
    tokens = run(join_all(a, code, 40))

    async def scenario():
        screen = await presenter(b, wid, fac.token)  # the projector is on process B
        phones = [Phone(a if i % 2 else b, t) for i, t in enumerate(tokens)]
        await asyncio.gather(*(p.open() for p in phones))
        try:
            # 41 connections, yet one subscription per process to this workshop's channel.
            channel = f"{redis_env['SAMLING_REDIS_PREFIX']}:workshop:{wid}"
            client = redis.Redis.from_url(REDIS_URL)
            assert client.pubsub_numsub(channel) == [(channel.encode(), 2)]
            client.publish(channel, b"\xff results")  # a malformed notice: the subscriptions carry on
            client.close()
            await asyncio.to_thread(fac.command, wid, "next")
            got = await asyncio.gather(*(recv_until(p.ws, lambda m: m["type"] == "state" and
                                                    (m["activity"] or {}).get("id") == cloud) for p in phones))
            assert len({s["version"] for s in got}) == 1
            replies = await asyncio.gather(*(p.submit(cloud, WORDS[i % 4], f"sky-svar-{i:03d}")
                                             for i, p in enumerate(phones)))
            assert [r["type"] for r in replies] == ["ack"] * 40, replies[:2]
            final = await recv_until(screen, lambda m: results_with(40)(m) and m["counts"]["online"] == 40,
                                     timeout=15)
            assert sorted(w["count"] for w in final["results"]["words"]) == [10, 10, 10, 10]
            # The next round, announced through process A, reaches the phones on B as well.
            await asyncio.to_thread(fac.command, wid, "next")
            got = await asyncio.gather(*(recv_until(p.ws, lambda m: m["type"] == "state" and
                                                    (m["activity"] or {}).get("id") == question) for p in phones))
            assert all(s["activity"]["prompt"] == QUESTION for s in got)
            # Moderation from A reaches the projector on B.
            reply = await phones[0].submit(question, "Mer tid til samarbeid", "svar-moderert")
            await recv_until(screen, lambda m: m["type"] == "results" and m["activity_id"] == question
                             and m["counts"]["entries"] == 1)
            r = await asyncio.to_thread(fac.http.post, f"/api/v1/workshops/{wid}/commands",
                                        json={"command": "hide_entry", "args": {"entry_id": reply["entry"]["id"]}})
            assert r.status_code == 200, r.text
            hidden = await recv_until(screen, lambda m: m["type"] == "results" and m["activity_id"] == question
                                      and not m["results"]["cards"])
            assert hidden["counts"]["entries"] == 1
        finally:
            await asyncio.gather(*(p.close() for p in phones), return_exceptions=True)
            await screen.close()

    try:
        run(scenario(), timeout=90)
    finally:
        fac.close()


async def failover_phone(servers, start: int, token: str, activity_id: int, client_ids: list[str],
                         acked: set[str], moved: list[int], name: int) -> None:
    """Send answers one by one, each acknowledged before the next; when the connection dies, connect to
    the next process and resend the answer that had no ack yet (as participant.js does)."""
    for attempt in range(8):
        server = servers[(start + attempt) % len(servers)]
        try:
            phone = Phone(server, token)
            await phone.open()
            if attempt:
                moved.append(name)
            for client_id in [c for c in client_ids if c not in acked]:
                reply = await phone.submit(activity_id, f"Svar {client_id[-3:]}", client_id)
                assert reply["type"] == "ack", reply
                acked.add(client_id)
                await asyncio.sleep(0.02)
            await phone.close()
            return
        except (OSError, TimeoutError, WebSocketException):  # the process went away under this phone
            await asyncio.sleep(0.2)
    raise AssertionError(f"phone {name} found no process to talk to")


def test_killing_one_process_moves_its_phones_to_the_other(pair, database_url):
    """SIGKILL one process during a burst: its phones reconnect to the other and finish; every
    acknowledged answer is stored exactly once, and the projector's count and online figure are exact."""
    a, b = pair
    fac = Facilitator(b)
    wid, code, (q,) = fac.live_workshop(("open_text", QUESTION, {"max_answers": 20}))
    fac.command(wid, "next")
    tokens = run(join_all(b, code, 40))
    client_ids = [[f"p{i:02d}-svar-{n:02d}" for n in range(10)] for i in range(40)]
    acked: set[str] = set()
    moved: list[int] = []

    async def scenario():
        screen = await presenter(b, wid, fac.token)
        # Even phones start on A (the process that dies), odd ones on B.
        tasks = [asyncio.create_task(failover_phone([a, b], i % 2, t, q, ids, acked, moved, i))
                 for i, (t, ids) in enumerate(zip(tokens, client_ids))]
        while len(acked) < 100 and not any(t.done() for t in tasks):
            await asyncio.sleep(0.01)
        a.proc.send_signal(signal.SIGKILL)
        killed_at = len(acked)
        await asyncio.gather(*tasks)
        assert killed_at < 400
        final = await recv_until(screen, results_with(400), timeout=20)
        # Phones still open at the end: 0; the dead process's count stops counting within its TTL.
        online = await recv_until(screen, lambda m: m["type"] == "results" and m["counts"]["online"] == 0,
                                  timeout=30)
        await screen.close()
        return final, online

    final, online = run(scenario(), timeout=120)
    fac.close()
    assert sorted(moved) == list(range(0, 40, 2))  # the 20 phones of A, each moved once
    assert len(acked) == 400
    stored = stored_client_ids(database_url, q)
    assert sorted(stored) == sorted(acked)  # every acknowledged answer, each exactly once
    assert final["counts"]["entries"] == 400 and final["counts"]["answered"] == 40


def test_processes_starting_together_migrate_one_database_once(database_url):
    """Four `samling migrate` processes at the same moment on a fresh database: one migrates, the
    others wait and find nothing to do (without a lock, PostgreSQL deadlocks on the concurrent DDL)."""
    env = {**os.environ, "DATABASE_URL": database_url}
    procs = [subprocess.Popen([sys.executable, "-m", "app", "migrate"], cwd=ROOT, env=env,
                              stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True) for _ in range(4)]
    try:
        outputs = [p.communicate(timeout=60)[0] for p in procs]
    finally:
        for p in procs:
            p.kill()
    assert [p.returncode for p in procs] == [0, 0, 0, 0], outputs
    engine = create_engine(database_url.replace("postgresql://", "postgresql+psycopg://"))
    with engine.connect() as db:
        assert db.execute(text("SELECT count(*) FROM alembic_version")).scalar() == 1
        assert db.execute(text("SELECT count(*) FROM workshop")).scalar() == 0
    engine.dispose()


def test_a_redis_outage_loses_no_answer_and_heals_by_itself(database_url):
    """Redis dies under two processes: phones keep answering (the database is the truth), the
    facilitator moves on meanwhile; once Redis is back, the phones on the other process catch up."""
    port = free_port()
    command = ["redis-server", "--port", str(port), "--bind", "127.0.0.1", "--save", "", "--appendonly", "no"]
    redis_proc = subprocess.Popen(command, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    env = {"REDIS_URL": f"redis://127.0.0.1:{port}/0", "SAMLING_REDIS_PREFIX": "outage"}
    a = b = None
    try:
        _wait_for_redis(port)
        a = Server(database_url, extra_env=env).start()
        b = Server(database_url, extra_env=env).start()
        fac = Facilitator(a)
        wid, code, (first, second) = fac.live_workshop(("open_text", QUESTION, {}), ("word_cloud", VALUES, {}))
        fac.command(wid, "next")
        tokens = run(join_all(a, code, 6))

        async def scenario():
            nonlocal redis_proc
            phones = [Phone(a if i % 2 else b, t) for i, t in enumerate(tokens)]
            await asyncio.gather(*(p.open() for p in phones))
            redis_proc.kill()
            redis_proc.wait()
            replies = await asyncio.gather(*(p.submit(first, "Mer tid", f"utfall-svar-{i}")
                                             for i, p in enumerate(phones)))
            assert [r["type"] for r in replies] == ["ack"] * 6
            await asyncio.to_thread(fac.command, wid, "next")  # heard by A's phones only, for now
            on_a = [p for p in phones if p.server is a]
            await asyncio.gather(*(recv_until(p.ws, lambda m: m["type"] == "state" and
                                              (m["activity"] or {}).get("id") == second) for p in on_a))
            await asyncio.sleep(1)
            redis_proc = subprocess.Popen(command, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
            await asyncio.to_thread(_wait_for_redis, port)
            on_b = [p for p in phones if p.server is b]
            got = await asyncio.gather(*(recv_until(p.ws, lambda m: m["type"] == "state" and
                                                    (m["activity"] or {}).get("id") == second, timeout=20)
                                         for p in on_b))
            assert all(s["activity"]["prompt"] == VALUES for s in got)
            await asyncio.gather(*(p.close() for p in phones))

        run(scenario(), timeout=90)
        assert len(fac.exported_entries(wid)[0]) == 6
        fac.close()
    finally:
        for srv in (a, b):
            if srv is not None:
                srv.stop()
        redis_proc.kill()
        redis_proc.wait()


def _wait_for_redis(port: int) -> None:
    client = redis.Redis(port=port, socket_connect_timeout=1)
    for _ in range(100):
        try:
            if client.ping():
                client.close()
                return
        except redis.RedisError:
            time.sleep(0.05)
    raise AssertionError(f"redis-server on port {port} did not start")
