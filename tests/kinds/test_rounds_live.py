"""Structured rounds against a real uvicorn process with real websocket clients."""
import asyncio
import json
import random

import pytest

from tests.test_live import Phone, connect, fac, join_all, recv_json, recv_until, run  # noqa: F401 (fixture)

pytestmark = pytest.mark.server
VALUES = ["Tillit", "Respekt", "Åpenhet", "Likeverd", "Mot"]


def test_300_phones_allocate_100_points_and_the_presenter_totals_are_exact(server, fac):
    """Every phone sends an allocation (some change their minds, some send junk); the projector's
    totals equal the sum of each phone's newest acknowledged allocation, to the point."""
    wid, code, (vote,) = fac.live_workshop(("points", "Prioriter verdiene: fordel 100 poeng", {"items": VALUES}))
    fac.command(wid, "next")
    fac.command(wid, "show_results")
    tokens = run(join_all(server, code, 300))
    rng = random.Random(300)

    def allocation() -> dict[str, int]:
        cuts = sorted(rng.randint(0, 100) for _ in range(len(VALUES) - 1))
        parts = [b - a for a, b in zip([0, *cuts], [*cuts, 100])]
        return {item: p for item, p in zip(VALUES, parts) if p}

    async def one(i: int, token: str, acked: dict) -> None:
        phone = Phone(server, token)
        await phone.open()
        plans = [allocation() for _ in range(2 if i % 7 == 0 else 1)]  # every seventh phone changes its mind
        if i % 11 == 0:
            plans.insert(0, {"Tillit": 99})  # an invalid one first: refused, counts for nothing
        for n, points in enumerate(plans):
            await phone.send({"type": "submit", "client_id": f"alloc-{i:04d}-{n}", "activity_id": vote,
                              "payload": {"points": points}})
            reply = await phone.reply()
            if reply["type"] == "ack":
                acked[i] = reply["entry"]["payload"]["points"]
            else:
                assert reply["code"] == "sum" and sum(points.values()) != 100
        await phone.close()

    async def scenario():
        acked: dict[int, dict[str, int]] = {}
        screen = await connect(server, f"/ws/workshop/{wid}/presenter")
        await screen.send(json.dumps({"type": "hello", "token": fac.token}))
        await recv_json(screen)
        sem = asyncio.Semaphore(100)

        async def limited(i, token):
            async with sem:
                await one(i, token, acked)

        await asyncio.gather(*(limited(i, t) for i, t in enumerate(tokens)))
        expected = {item: sum(a.get(item, 0) for a in acked.values()) for item in VALUES}
        assert len(acked) == 300 and sum(expected.values()) == 30000
        final = await recv_until(screen, lambda m: m["type"] == "results" and m["results"]
                                 and m["results"]["participants"] == 300, timeout=30)
        assert {r["item"]: r["score"] for r in final["results"]["ranking"]} == expected
        await screen.close()

    run(scenario(), timeout=180)


def test_two_members_moving_on_one_board_at_the_same_moment_end_on_the_same_board(server, fac):
    wid, code, (diamond,) = fac.live_workshop(("diamond", "Prioriter de ni verdiene", {"items": VALUES, "mode": "group"}))
    gid = fac.http.post(f"/api/v1/workshops/{wid}/groups", json={"name": "Gygrene"}).json()["id"]
    tokens = run(join_all(server, code, 2))
    for m in fac.http.get(f"/api/v1/workshops/{wid}/groups").json()["groups"][-1]["members"]:
        fac.http.post(f"/api/v1/workshops/{wid}/groups/move", json={"participant_id": m["id"], "group_id": gid})
    fac.command(wid, "next")

    async def scenario():
        a, b = Phone(server, tokens[0]), Phone(server, tokens[1])
        for p in (a, b):
            await p.open()
        # Both grab the top place at once, with different values; then both send more moves.
        await asyncio.gather(
            a.send({"type": "submit", "client_id": "move-a-0001", "activity_id": diamond,
                    "payload": {"type": "move", "item": "Tillit", "slot": 0}}),
            b.send({"type": "submit", "client_id": "move-b-0001", "activity_id": diamond,
                    "payload": {"type": "move", "item": "Respekt", "slot": 0}}))
        assert (await a.reply())["type"] == "ack" and (await b.reply())["type"] == "ack"
        await asyncio.gather(
            a.send({"type": "submit", "client_id": "move-a-0002", "activity_id": diamond,
                    "payload": {"type": "move", "item": "Mot", "slot": 1}}),
            b.send({"type": "submit", "client_id": "move-b-0002", "activity_id": diamond,
                    "payload": {"type": "move", "item": "Mot", "slot": 2}}))
        await a.reply(), await b.reply()

        def settled(m):
            board = m["type"] == "personal" and (m["activity"] or {}).get("board")
            return board and board["moves"] == 4

        boards = [(await recv_until(p.ws, settled))["activity"]["board"] for p in (a, b)]
        assert boards[0] == boards[1]
        slots = boards[0]["slots"]
        assert slots[0] in ("Tillit", "Respekt") and "Mot" in slots[1:3]
        assert sorted([s for s in slots if s] + boards[0]["pool"]) == sorted(VALUES)
        for p in (a, b):
            await p.close()
        return boards[0]

    phones_board = run(scenario())
    console_board = fac.results(wid)["results"]["boards"][0]
    assert (console_board["slots"], console_board["pool"]) == (phones_board["slots"], phones_board["pool"])
