"""Groups, phases and posters against a real uvicorn process with real websocket clients."""
import asyncio
import json

import pytest

from tests.test_live import Phone, fac, join_all, presenter, recv_until, run  # noqa: F401 (fixture)

pytestmark = pytest.mark.server
POSTER = "VERDI: Som leder skal jeg ..."


def grouped_workshop(fac, server, n: int, groups: list[str], **settings):
    """A live workshop with a poster on screen, `n` joined phones dealt into the named groups."""
    wid, code, (poster,) = fac.live_workshop(("poster", POSTER, settings))
    for name in groups:
        r = fac.http.post(f"/api/v1/workshops/{wid}/groups", json={"name": name})
        assert r.status_code == 201, r.text
    tokens = run(join_all(server, code, n))
    if len(groups) > 1:
        r = fac.http.post(f"/api/v1/workshops/{wid}/groups/split", json={"count": len(groups)})
        assert r.status_code == 200, r.text
    else:  # everyone into the one group, moved one by one as the facilitator would
        listed = fac.http.get(f"/api/v1/workshops/{wid}/groups").json()["groups"]
        for m in listed[-1]["members"]:
            r = fac.http.post(f"/api/v1/workshops/{wid}/groups/move",
                              json={"participant_id": m["id"], "group_id": listed[0]["id"]})
            assert r.status_code == 204, r.text
    fac.command(wid, "next")
    return wid, poster, tokens


def personal_with(predicate):
    return lambda m: m["type"] == "personal" and predicate(m)


def test_concurrent_poster_edits_from_three_phones_keep_every_edit(server, fac):
    """Three members save from the same version at the same moment: the poster keeps all three lines,
    and every member's phone shows the same merged text."""
    wid, poster, tokens = grouped_workshop(fac, server, 3, ["Gygrene"])

    async def scenario():
        phones = [Phone(server, t) for t in tokens]
        for p in phones:
            await p.open()
        first = await recv_until(phones[0].ws, personal_with(lambda m: m["activity"] is not None))
        assert first["activity"]["poster"] == {"text": "", "rev": 0}
        lines = ["lytte før jeg konkluderer", "gi tillit og ansvar", "være tydelig på forventninger"]
        await asyncio.gather(*(p.send({"type": "submit", "client_id": f"edit-{i}-0000", "activity_id": poster,
                                       "payload": {"type": "edit", "base": 0, "text": f"{POSTER}\n{line}"}})
                               for i, (p, line) in enumerate(zip(phones, lines))))
        for p in phones:
            assert (await p.reply())["type"] == "ack"
        finals = [await recv_until(p.ws, personal_with(lambda m: m["activity"]["poster"]["rev"] == 3))
                  for p in phones]
        text = finals[0]["activity"]["poster"]["text"].split("\n")
        assert text[0] == POSTER and all(line in text for line in lines)
        assert all(f["activity"]["poster"] == finals[0]["activity"]["poster"] for f in finals)
        for p in phones:
            await p.close()

    run(scenario())
    exported = fac.http.get(f"/api/v1/workshops/{wid}/export.json").json()["activities"][0]["results"]
    assert len(exported["posters"][0]["text"].split("\n")) == 4


def test_phase_commands_reach_every_screen_as_absolute_deadlines(server, fac):
    """Start, pause, add a minute and resume: phone and presenter get the same deadline from the server."""
    wid, poster, tokens = grouped_workshop(fac, server, 2, ["Blåveis"])
    r = fac.http.put(f"/api/v1/activities/{poster}/phases", json={"phases": [
        {"label": "individual", "seconds": 180}, {"label": "group", "seconds": 900, "turns": True},
        {"label": "plenary", "seconds": 600}]})
    assert r.status_code == 200, r.text
    bad = fac.http.put(f"/api/v1/activities/{poster}/phases", json={"phases": [{"label": "", "seconds": 0}]})
    assert bad.status_code == 422

    def clock_of(m):
        return m["type"] == "state" and m["activity"] and m["activity"]["clock"]

    async def scenario():
        phone = Phone(server, tokens[0])
        await phone.open()
        screen = await presenter(server, wid, fac.token)
        fac.command(wid, "phase_start")
        a = await recv_until(phone.ws, lambda m: clock_of(m) and m["activity"]["clock"]["running"])
        b = await recv_until(screen, lambda m: clock_of(m) and m["activity"]["clock"]["running"])
        assert a["activity"]["clock"]["deadline"] == b["activity"]["clock"]["deadline"]
        assert a["activity"]["clock"]["label"] == "individual"
        deadline = a["activity"]["clock"]["deadline"]
        fac.command(wid, "phase_pause")
        paused = await recv_until(phone.ws, lambda m: clock_of(m) and not m["activity"]["clock"]["running"])
        assert 170 < paused["activity"]["clock"]["remaining"] <= 180
        fac.command(wid, "phase_add", seconds=60)
        more = await recv_until(screen, lambda m: clock_of(m) and (m["activity"]["clock"]["remaining"] or 0) > 200)
        assert 230 < more["activity"]["clock"]["remaining"] <= 240
        fac.command(wid, "phase_resume")
        resumed = await recv_until(phone.ws, lambda m: clock_of(m) and m["activity"]["clock"]["running"])
        assert resumed["activity"]["clock"]["deadline"] > deadline + 55
        fac.command(wid, "phase_skip")
        group = await recv_until(phone.ws, lambda m: clock_of(m) and m["activity"]["clock"]["label"] == "group")
        assert group["activity"]["clock"]["turns"] is True
        # The pong carries the server's time, which is what phones count down against.
        await phone.send({"type": "ping"})
        pong = await recv_until(phone.ws, lambda m: m["type"] == "pong")
        assert abs(pong["server_time"] - group["activity"]["clock"]["server_time"]) < 5
        await phone.close()
        await screen.close()

    run(scenario())


def test_a_phase_that_runs_out_moves_every_screen_on_by_itself(server, fac):
    wid, poster, tokens = grouped_workshop(fac, server, 1, ["RLG"])
    fac.http.put(f"/api/v1/activities/{poster}/phases", json={"phases": [
        {"label": "individual", "seconds": 1}, {"label": "plenary", "seconds": 600}]})

    async def scenario():
        phone = Phone(server, tokens[0])
        await phone.open()
        fac.command(wid, "phase_start")
        moved = await recv_until(phone.ws, lambda m: m["type"] == "state" and m["activity"]["clock"]
                                 and m["activity"]["clock"]["label"] == "plenary", timeout=5)
        assert moved["activity"]["clock"]["index"] == 1
        await phone.close()

    run(scenario())


def test_a_phone_that_reloads_mid_walk_returns_to_its_poster_and_stop(server, fac):
    """Reconnecting with the same token brings back the same stop, poster and own comments at once."""
    wid, poster, tokens = grouped_workshop(fac, server, 6, ["Gygrene", "Stjernelaget", "Blåveis"])
    fac.command(wid, "walk_start", present_seconds=60, comment_seconds=180, return_seconds=60)

    async def scenario():
        phones = [Phone(server, t) for t in tokens]
        for p in phones:
            await p.open()
        views = [await recv_until(p.ws, personal_with(lambda m: (m["activity"] or {}).get("walk"))) for p in phones]
        visitor_i = next(i for i, v in enumerate(views) if not v["activity"]["walk"]["host"])
        visitor = phones[visitor_i]
        walk = views[visitor_i]["activity"]["walk"]
        assert walk["stop"] == 1 and walk["at"] != views[visitor_i]["group"]["id"]
        await visitor.send({"type": "submit", "client_id": "comment-00001", "activity_id": poster,
                            "payload": {"type": "comment", "poster": walk["at"], "text": "Hva betyr dette i praksis?"}})
        assert (await visitor.reply())["type"] == "ack"
        await recv_until(visitor.ws, personal_with(lambda m: m["activity"]["walk"]["comments"]))
        visitor.abort()  # the phone reloads
        await visitor.open()
        back = await recv_until(visitor.ws, personal_with(lambda m: True), timeout=3)
        again = back["activity"]["walk"]
        assert (again["stop"], again["at"], again["host"]) == (1, walk["at"], False)
        assert [c["text"] for c in again["comments"]] == ["Hva betyr dette i praksis?"]
        host_i = next(i for i, v in enumerate(views) if v["activity"]["walk"]["host"]
                      and v["group"]["id"] == walk["at"])
        got = await recv_until(phones[host_i].ws, personal_with(lambda m: m["activity"]["walk"]["comments"]))
        assert got["activity"]["walk"]["comments"][0]["text"] == "Hva betyr dette i praksis?"
        for p in phones:
            await p.close()

    run(scenario())


def test_choose_group_over_the_socket_and_its_refusals(server, fac):
    wid, code, (poster,) = fac.live_workshop(("poster", POSTER, {}))
    gid = fac.http.post(f"/api/v1/workshops/{wid}/groups", json={"name": "Einingsleiarane"}).json()["id"]
    (token,) = run(join_all(server, code, 1))

    async def scenario():
        phone = Phone(server, token)
        state = await phone.open()
        assert state["groups"] == [{"id": gid, "name": "Einingsleiarane", "count": 0}]
        await phone.send({"type": "choose_group", "group_id": gid + 1000})
        err = await recv_until(phone.ws, lambda m: m["type"] == "error")
        assert err["code"] == "group"
        await phone.send({"type": "choose_group", "group_id": gid})
        mine = await recv_until(phone.ws, personal_with(lambda m: m["group"]))
        assert mine["group"] == {"id": gid, "name": "Einingsleiarane"}
        await phone.close()

    run(scenario())
    listed = fac.http.get(f"/api/v1/workshops/{wid}/groups").json()
    assert listed["groups"][0]["count"] == 1 and json.dumps(listed["groups"][0]["members"])
