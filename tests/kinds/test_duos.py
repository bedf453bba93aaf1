"""The duos kind: everyone in a group paired at random (one trio when odd), a shared timer, each phone its duo."""
import random

import pytest

from app.activities.base import EntryRejected, LiveContext, Member, ModerationRejected
from app.activities.duos import KIND as DUOS, TALK, pair_up
from app.services import participants
from app.services.views import results_views
from app.contract import PERSONAL, PRESENTER
from tests.test_api import add, command, go_live, make_workshop

SETTINGS = DUOS.settings({})


@pytest.mark.parametrize("n", range(0, 12))
def test_everyone_is_paired_once_in_twos_with_one_trio_when_odd(n):
    pairs = pair_up(list(range(n)), random.Random(n))
    assert sorted(p for pair in pairs for p in pair) == (list(range(n)) if n > 1 else [])
    assert all(len(pair) == 2 for pair in pairs[:-1]) and (not pairs or len(pairs[-1]) == 2 + n % 2)


def live(groups):
    return LiveContext(1000.0, [(gid, f"Gruppe {gid}", members) for gid, members in groups.items()])


def test_pairs_stay_inside_groups_or_cross_the_room_and_start_the_talk():
    groups = {1: [11, 12, 13, 14, 15], 2: [21, 22], 3: [31]}
    ctx = live(groups)
    moderation = DUOS.moderate({}, "pair", {"scope": "group", "minutes": 7}, ctx)
    group_of = {p: g for g, members in groups.items() for p in members}
    assert all(len({group_of[p] for p in pair}) == 1 for pair in moderation["pairs"])
    assert sorted(p for pair in moderation["pairs"] for p in pair) == [11, 12, 13, 14, 15, 21, 22]  # 31 alone: out
    assert ctx.new_phases == [(TALK, 420, False)] and moderation["round"] == 1
    room = DUOS.moderate(moderation, "pair", {"scope": "room", "minutes": 3}, live(groups))
    assert sorted(p for pair in room["pairs"] for p in pair) == [11, 12, 13, 14, 15, 21, 22, 31]
    assert room["round"] == 2 and len(room["pairs"]) == 4
    with pytest.raises(ModerationRejected):
        DUOS.moderate({}, "pair", {"scope": "group"}, live({3: [31]}))
    for bad in ({"scope": "hall"}, {"minutes": 0}, {"minutes": True}, {"minutes": 61}):
        with pytest.raises(ModerationRejected):
            DUOS.moderate({}, "pair", bad, ctx)


def test_a_duo_round_takes_no_answers():
    with pytest.raises(EntryRejected) as refused:
        DUOS.parse_entry(SETTINGS, {"text": "hei"})
    assert refused.value.code == "no_answers"


def test_each_phone_sees_its_duo_and_partners_the_room_only_counts():
    moderation = {"pairs": [[1, 2], [3, 4, 5]], "round": 1}
    results = DUOS.tally(SETTINGS, [], moderation)
    people = [Member(1, "Kari", 7, False), Member(2, "", 7, False), Member(3, "Ola", 8, False),
              Member(4, "Per", 8, False), Member(5, "", 8, False), Member(6, "Sent", 8, False)]
    views = DUOS.participant_views(SETTINGS, results, moderation, people, live({}))
    assert views[1] == {"duo": 1, "round": 1, "partners": [None]}
    assert views[2]["partners"] == ["Kari"] and views[3]["partners"] == ["Per", None] and views[3]["duo"] == 2
    assert views[6] == {"duo": None, "round": 1, "partners": []}  # joined after the pairing
    assert DUOS.presenter_results(results) == {"duos": 2, "people": 5, "round": 1}  # no participant ids


def test_pairing_from_the_console_reaches_each_phone(client, auth):
    wid = make_workshop(client, auth)
    duos = add(client, auth, wid, "duos", "Snakk sammen i duoer: 7 minutter", settings={"minutes": 7})
    go_live(client, auth, wid)
    db = client.app.state.ctx.db
    people = [participants.join(db, wid, f"Leder {i}") for i in range(5)]
    for name, members in (("Gygrene", people[:3]), ("Stjernelaget", people[3:])):
        gid = client.post(f"/api/v1/workshops/{wid}/groups", json={"name": name}, headers=auth).json()["id"]
        for p in members:
            r = client.post(f"/api/v1/workshops/{wid}/groups/move", json={"participant_id": p.id, "group_id": gid},
                            headers=auth)
            assert r.status_code == 204, r.text
    command(client, auth, wid, "goto", activity_id=duos["id"])
    r = client.post(f"/api/v1/workshops/{wid}/commands", json={"command": "pair", "args": {"scope": "group", "minutes": 7}},
                    headers=auth)
    assert r.status_code == 200, r.text
    view = client.get(f"/api/v1/workshops/{wid}/live-view", headers=auth).json()
    assert view["results"]["results"]["duos"] == 2 and view["results"]["results"]["people"] == 5
    assert view["state"]["activity"]["clock"]["phases"][0]["label"] == TALK
    views = results_views(db, wid, 0)
    assert views[PRESENTER]["results"] == {"duos": 2, "people": 5, "round": 1}
    own = {pid: v["activity"] for pid, v in views[PERSONAL].items()}
    assert {own[p.id]["duo"] for p in people} == {1, 2}
    trio = [p for p in people[:3]]
    assert all(len(own[p.id]["partners"]) == 2 for p in trio)
    assert set(own[people[0].id]["partners"]) == {"Leder 1", "Leder 2"}
