"""One participant's poisoned messages never cost another participant their answer (real uvicorn,
real sockets; the suite runs on SQLite and again on PostgreSQL)."""
import asyncio
import json

import pytest
from sqlalchemy import create_engine, text
from sqlmodel import select

from app.db import Database, normalise_url
from app.models import Participant
from app.services.entries import Submission, submit_batch
from app.services.events import NullBus
from tests.test_live import Phone, fac, join_all, recv_json, run  # noqa: F401 (fixture)

pytestmark = pytest.mark.server
ROUNDS = 3
HONEST = 60
QUESTIONS = ["Hva er det aller viktigste kommunen bør oppnå gjennom lederutviklingsprogrammet?",
             "Hva skal til for at et slikt program blir nyttig for deg?",
             "Hvilke kommentarer har dere til dagens samling?"]


def _deep(levels: int) -> str:
    """A submit whose payload nests `levels` lists deep."""
    return '{"type": "submit", "client_id": "deep-0001", "activity_id": 1, "payload": ' + \
        "[" * levels + "]" * levels + "}"


def _poison(activity_id: int, n: int) -> list[str]:
    """Every kind of frame the security review poisoned batches with, plus neighbours of them."""
    frames = [
        {"type": "submit", "client_id": f"nul\x00{n:05d}", "activity_id": activity_id, "payload": {"text": "x"}},
        {"type": "submit", "client_id": f"big1-{n:05d}", "activity_id": 2 ** 31, "payload": {"text": "x"}},
        {"type": "submit", "client_id": f"big2-{n:05d}", "activity_id": 2 ** 64, "payload": {"text": "x"}},
        {"type": "submit", "client_id": f"neg0-{n:05d}", "activity_id": -2 ** 63 - 1, "payload": {"text": "x"}},
        {"type": "submit", "client_id": f"nulp-{n:05d}", "activity_id": activity_id, "payload": {"text": "a\x00b"}},
        {"type": "submit", "client_id": f"surr-{n:05d}", "activity_id": activity_id, "payload": {"text": "a\ud800b"}},
        {"type": "submit", "client_id": "x" * 10_000, "activity_id": activity_id, "payload": {"text": "x"}},
        {"type": "choose_group", "group_id": 2 ** 64},
    ]
    return [json.dumps(f) for f in frames] + [_deep(7_000 if n % 2 else 40)]


def test_poisoning_sockets_cost_no_honest_answer(server, fac):
    """3 sockets send NUL client ids, activity ids of 2^31 and 2^64 and deep-nested JSON while 60 honest
    phones answer 3 rounds: 180 of 180 honest answers are acked and stored, the poisoners get clear
    errors and keep their connections, and the server logs no traceback."""
    wid, code, activities = fac.live_workshop(*(("open_text", q, {"max_answers": 3}) for q in QUESTIONS))
    tokens = run(join_all(server, code, HONEST + 3))
    honest, poisoners = tokens[:HONEST], tokens[HONEST:]
    acked: dict[str, dict] = {}
    refusals: list[dict] = []

    async def scenario():
        phones = [Phone(server, t) for t in honest]
        bad = [Phone(server, t) for t in poisoners]
        await asyncio.gather(*(p.open() for p in phones + bad))
        for round_, activity in enumerate(activities):
            fac.command(wid, "next")
            stop = asyncio.Event()

            async def poison(phone: Phone, k: int) -> None:
                n = 0
                while not stop.is_set():
                    for frame in _poison(activity, k * 100_000 + n):
                        await phone.send(frame)
                    n += 1
                    await asyncio.sleep(0)

            async def read_refusals(phone: Phone) -> None:
                while not stop.is_set():
                    try:
                        msg = await recv_json(phone.ws, 0.5)
                    except asyncio.TimeoutError:
                        continue
                    if msg["type"] in ("error", "ack"):
                        refusals.append(msg)

            async def answer(i: int, phone: Phone) -> None:
                await asyncio.sleep(0)  # the poisoners are already sending
                await asyncio.sleep(0.01 * (i % 10))
                cid = f"honest-{round_}-{i:04d}"
                reply = await phone.submit(activity, f"Svar {i} i runde {round_ + 1}", cid)
                assert reply["type"] == "ack", reply
                acked[cid] = reply

            flood = [asyncio.create_task(poison(p, k)) for k, p in enumerate(bad)] + \
                [asyncio.create_task(read_refusals(p)) for p in bad]
            await asyncio.sleep(0.2)  # poison in the queue before the first honest answer
            await asyncio.gather(*(answer(i, p) for i, p in enumerate(phones)))
            await asyncio.sleep(0.2)
            stop.set()
            await asyncio.gather(*flood)
        # The poisoners' connections are still open and still answered.
        for phone in bad:
            await phone.send({"type": "ping"})
            while (await recv_json(phone.ws))["type"] != "pong":
                pass
        await asyncio.gather(*(p.close() for p in phones + bad))

    run(scenario(), timeout=180)
    assert len(acked) == ROUNDS * HONEST

    engine = create_engine(normalise_url(server.database_url))
    with engine.connect() as conn:
        stored = set(conn.execute(text("SELECT client_id FROM entry")).scalars())
    engine.dispose()
    assert stored == set(acked), "only the honest answers are stored, each once"

    assert refusals, "the poisoners were answered"
    assert all(m["type"] == "error" for m in refusals), [m for m in refusals if m["type"] != "error"][:3]
    codes = {m["code"] for m in refusals}
    assert codes <= {"bad_client_id", "bad_activity", "bad_message", "bad_json", "too_large", "group"}, codes
    assert {"bad_client_id", "bad_activity", "bad_message"} <= codes
    assert all(m["message"] for m in refusals)
    log = open(server.log.name, encoding="utf-8", errors="replace").read()
    assert "Traceback" not in log and "ERROR" not in log, log[-3000:]


def test_the_batch_writer_isolates_what_the_database_refuses(server, fac):
    """Past the edge checks: a batch holding an entry the database itself refuses (a participant id no
    integer column holds; the server only takes ids from signed tokens, this calls the writer's
    function directly) still stores every other entry, and only the bad one gets an error."""
    wid, code, (q,) = fac.live_workshop(("open_text", QUESTIONS[0], {"max_answers": 3}))
    fac.command(wid, "next")
    run(join_all(server, code, 5))
    db = Database(server.database_url)
    try:
        with db.read() as s:
            ids = list(s.exec(select(Participant.id).where(Participant.workshop_id == wid)))
        subs = [Submission(pid, q, f"ok-{pid:06d}", {"text": f"Svar fra {pid}"}) for pid in ids]
        subs.insert(2, Submission(2 ** 64, q, "poison-0001", {"text": "Svar"}))
        outcomes = submit_batch(db, NullBus(), subs)
    finally:
        db.dispose()
    honest = [o for sub, o in zip(subs, outcomes) if sub.client_id.startswith("ok-")]
    assert len(honest) == 5
    assert all(not isinstance(o, Exception) and not o.duplicate for o in honest), honest
    poisoned = outcomes[2]
    assert isinstance(poisoned, Exception) and poisoned.code in ("bad_message", "participant"), poisoned
