"""Peer coaching: entries, one owner per group, advice reaching the owner (their phone, their journal), and the
texts never leaving the group: staff results, the presenter, exports and other groups' phones see counts only."""
import json
from datetime import datetime, timezone

import pytest

from app.activities.base import Author, EntryRejected, LiveContext, Member, ModerationRejected, StoredEntry
from app.activities.peer_coaching import KIND, plan_phases
from app.contract import FACILITATOR, PERSONAL, PRESENTER
from app.services import entries as entry_service
from app.services import participants
from app.services.events import NullBus
from app.services.views import results_views
from tests.test_api import add, command, go_live, make_workshop

SETTINGS = KIND.settings({})
NOW = datetime(2026, 11, 30, 9, 0, tzinfo=timezone.utc)
CASE = "Hvordan får jeg teamet til å ta mer ansvar for egne mål uten at jeg mister oversikten?"
ADVICE = ["Start med ett felles mål og la teamet eie det.", "Be om status hver fredag, ikke oftere."]
REFLECTION = "Jeg tar med meg at jeg må tåle at ting gjøres annerledes enn jeg ville gjort dem."
TEXTS = [CASE, *ADVICE, REFLECTION, "Hemmelig sak i Stjernelaget"]


def stored(rows):
    """StoredEntry objects from (participant, payload) pairs in commit order (ids from 1)."""
    return [StoredEntry(i + 1, pid, payload, False, NOW) for i, (pid, payload) in enumerate(rows)]


def parse(payload, pid=1, group=7):
    return KIND.parse_entry(SETTINGS, payload, Author(pid, group))


def live(groups):
    return LiveContext(1000.0, [(gid, f"Gruppe {gid}", members) for gid, members in groups.items()])


def day(owner_first=1):
    """Gygrene (7): members 1-3, the case shared by `owner_first`, two advice, a reflection; Stjernelaget (8):
    members 4-6, a case and no advice."""
    others = [p for p in (1, 2, 3) if p != owner_first]
    return stored([
        (owner_first, parse({"case": CASE}, owner_first)),  # entry 1: the case
        (others[0], parse({"advice": ADVICE[0], "case_id": 1}, others[0])),
        (others[1], parse({"advice": ADVICE[1], "case_id": 1}, others[1])),
        (owner_first, parse({"reflection": REFLECTION}, owner_first)),
        (4, parse({"case": "Hemmelig sak i Stjernelaget"}, 4, 8)),
    ])


def test_entries_are_a_case_an_advice_or_a_reflection_of_the_authors_group():
    assert parse({"case": "  Hvordan  gi tillit?  "}) == {"type": "case", "group": 7, "text": "Hvordan gi tillit?"}
    assert parse({"advice": "Spør dem", "case_id": 3}) == {"type": "advice", "group": 7, "text": "Spør dem", "case": 3}
    assert parse({"advice": "Spør dem"})["case"] is None
    assert parse({"reflection": "Lærte mye"}, group=8) == {"type": "reflection", "group": 8, "text": "Lærte mye"}
    for bad, code in (({"text": "x"}, "invalid"), ({"case": "x", "advice": "y"}, "invalid"), ({"case": 3}, "invalid"),
                      ("x", "invalid"), ({"advice": "x", "case_id": True}, "invalid"), ({"case": "   "}, "empty"),
                      ({"advice": "x" * 1001}, "too_long"), ({"case": "x" * 2001}, "too_long")):
        with pytest.raises(EntryRejected) as refused:
            parse(bad)
        assert refused.value.code == code, bad
    with pytest.raises(EntryRejected) as refused:
        KIND.parse_entry(SETTINGS, {"case": CASE}, Author(1, None))
    assert refused.value.code == "no_group"


def test_the_first_to_share_owns_the_case_and_a_later_share_does_not_make_a_second_owner():
    rows = stored([(2, parse({"case": "Først"}, 2)), (1, parse({"case": "Samtidig"}, 1)),
                   (2, parse({"case": "Først, skrevet om"}, 2))])
    results = KIND.tally(SETTINGS, rows, {}, {7: "Gygrene"})
    (case,) = results["cases"]
    assert case["owner"] == 2 and case["case"] == "Først, skrevet om" and case["case_id"] == 3  # the newest text
    people = [Member(1, "Kari", 7, False), Member(2, "Ola", 7, False), Member(3, "", 7, False)]
    views = KIND.participant_views(SETTINGS, results, {}, people, live({7: [1, 2, 3]}))
    assert [views[p]["role"] for p in (1, 2, 3)] == ["consultant", "owner", "consultant"]
    assert views[1]["owner_name"] == "Ola" and views[1]["case"] == "Først, skrevet om"


def test_the_console_sets_or_changes_a_groups_owner_one_at_a_time():
    ctx = live({7: [1, 2, 3], 8: [4, 5]})
    moderation = KIND.moderate({}, "coaching_owner", {"group_id": 7, "participant_id": 3}, ctx)
    moderation = KIND.moderate(moderation, "coaching_owner", {"group_id": 7, "participant_id": 2}, ctx)
    assert moderation["owners"] == {"7": 2}  # changed, not added: one value per group
    results = KIND.tally(SETTINGS, day(owner_first=1), moderation, {7: "Gygrene", 8: "Stjernelaget"})
    gygrene = results["cases"][0]
    # Owner 2 has shared nothing yet; the advice given to 1's case stays with 1.
    assert gygrene["owner"] == 2 and gygrene["case"] is None and gygrene["advice"] == []
    assert [c["owner"] is not None for c in results["cases"]] == [True, True]
    back = KIND.moderate(moderation, "coaching_owner", {"group_id": 7, "participant_id": None}, ctx)
    assert back["owners"] == {} and KIND.tally(SETTINGS, day(1), back, {7: "G"})["cases"][0]["owner"] == 1
    for bad in ({"group_id": 9, "participant_id": 1}, {"group_id": 7, "participant_id": 4},
                {"group_id": "7", "participant_id": 1}, {"group_id": 7, "participant_id": True}):
        with pytest.raises(ModerationRejected):
            KIND.moderate({}, "coaching_owner", bad, ctx)


def test_starting_sets_one_timed_plan_for_every_group():
    ctx = live({7: [1, 2]})
    moderation = KIND.moderate({}, "coaching_start", SETTINGS.model_dump(), ctx)
    assert ctx.new_phases == [("coaching:present", 300, False), ("coaching:questions", 300, False),
                              ("coaching:advice", 600, True), ("coaching:reflection", 300, False)]
    assert moderation["round"] == 1 and KIND.owns_phases([p[0] for p in ctx.new_phases])
    assert plan_phases({"advice_minutes": 12, "questions_turns": True})[1:3] == [("coaching:questions", 300, True),
                                                                              ("coaching:advice", 720, True)]
    for bad in ({"present_minutes": 0}, {"advice_minutes": 61}, {"reflection_minutes": True}):
        with pytest.raises(ModerationRejected):
            KIND.moderate({}, "coaching_start", bad, live({}))
    stop = LiveContext(1000.0, [], {"phases": [{"label": "coaching:present"}]})
    KIND.moderate(moderation, "coaching_stop", {}, stop)
    assert stop.new_phases == []
    by_hand = LiveContext(1000.0, [], {"phases": [{"label": "individual"}]})
    KIND.moderate(moderation, "coaching_stop", {}, by_hand)
    assert by_hand.new_phases is None  # a plan set by hand is not the coaching's to remove


def test_the_owner_reads_the_advice_consultants_the_case_other_groups_nothing():
    results = KIND.tally(SETTINGS, day(), {}, {7: "Gygrene", 8: "Stjernelaget"})
    people = [Member(1, "Kari", 7, False), Member(2, "Ola", 7, False), Member(3, "", 7, False),
              Member(4, "Per", 8, False), Member(5, "Medarbeiderinvolvering", 8, False), Member(9, "Løs", None, False)]
    views = KIND.participant_views(SETTINGS, results, {}, people, live({7: [1, 2, 3], 8: [4, 5]}))
    owner = views[1]
    assert owner["role"] == "owner" and owner["case"] == CASE and owner["reflection"] == REFLECTION
    assert [a["text"] for a in owner["advice"]] == ADVICE
    assert views[2] == {"role": "consultant", "group": 7, "owner_id": 1, "case_id": 1, "case": CASE,
                        "owner_name": "Kari"}
    assert views[9] == {"role": "none"}
    for other in (4, 5):  # Stjernelaget's phones: none of Gygrene's texts
        text = json.dumps(views[other], ensure_ascii=False)
        assert not any(t in text for t in (CASE, *ADVICE, REFLECTION)), other
    assert "advice" not in views[2] and "reflection" not in views[2]  # consultants never get the others' advice
    assert views[5]["role"] == "consultant" and views[5]["case"] == "Hemmelig sak i Stjernelaget"


def test_staff_presenter_and_export_tables_carry_counts_and_no_text():
    full = KIND.tally(SETTINGS, day(), {}, {7: "Gygrene", 8: "Stjernelaget", 9: "RLG"})
    staff = KIND.staff_results(full)
    assert staff == {"groups": [
        {"group": 7, "name": "Gygrene", "owner": True, "shared": True, "advice": 2, "reflection": True},
        {"group": 8, "name": "Stjernelaget", "owner": True, "shared": True, "advice": 0, "reflection": False},
        {"group": 9, "name": "RLG", "owner": False, "shared": False, "advice": 0, "reflection": False}],
        "owners": 2, "advice": 2, "reflections": 1}
    assert KIND.presenter_results(full) == staff and KIND.staff_results(staff) == staff  # also from staff results
    tables = [KIND.entry_table(day(), {}), KIND.result_table(staff), KIND.report_table(staff)]
    payloads = [KIND.export_payload(e.payload) for e in day()]
    assert payloads[1] == {"type": "advice", "group": 7}
    for shown in (staff, *[t.rows for t in tables], tables[0].headers, payloads):
        text = json.dumps(shown, ensure_ascii=False, default=str)
        assert not any(t in text for t in TEXTS), text
    assert "participant" not in tables[0].headers and KIND.private


def test_the_owners_journal_gets_the_case_each_advice_and_the_reflection():
    items = KIND.journal_items(SETTINGS, day(), 1)
    assert [(i.question, i.body) for i in items] == [
        ("The problem you brought to peer coaching", CASE), ("Advice from your group", ADVICE[0]),
        ("Advice from your group", ADVICE[1]), ("Your reflection on the advice", REFLECTION)]
    assert KIND.journal_items(SETTINGS, day(), 2) == []  # a consultant's advice is the owner's, not theirs
    hidden = [e if e.id != 2 else StoredEntry(2, e.participant_id, e.payload, True, NOW) for e in day()]
    assert len(KIND.journal_items(SETTINGS, hidden, 1)) == 3  # a hidden advice does not count
    # Another group cannot put advice in a leader's journal by naming the leader's case.
    foreign = day() + [StoredEntry(9, 5, parse({"advice": "Fra en annen gruppe", "case_id": 1}, 5, 8), False, NOW)]
    assert "Fra en annen gruppe" not in [i.body for i in KIND.journal_items(SETTINGS, foreign, 1)]
    assert KIND.tally(SETTINGS, foreign, {}, {7: "G", 8: "S"})["groups"][1]["advice"] == 0
    # Advice naming no case goes to the group's first sharer.
    loose = stored([(1, parse({"case": CASE})), (2, parse({"advice": ADVICE[0]}, 2))])
    assert [i.body for i in KIND.journal_items(SETTINGS, loose, 1)] == [CASE, ADVICE[0]]


def test_a_live_day_keeps_the_texts_off_the_console_projector_and_exports(client, auth):
    wid = make_workshop(client, auth)
    coaching = add(client, auth, wid, "peer_coaching", "Problemstilling til kollegaveiledning")
    go_live(client, auth, wid)
    db = client.app.state.ctx.db
    people = [participants.join(db, wid, name) for name in ("Kari", "Ola", "Per", "Anne")]
    for name, members in (("Gygrene", people[:3]), ("Stjernelaget", people[3:])):
        gid = client.post(f"/api/v1/workshops/{wid}/groups", json={"name": name}, headers=auth).json()["id"]
        for p in members:
            r = client.post(f"/api/v1/workshops/{wid}/groups/move", json={"participant_id": p.id, "group_id": gid},
                            headers=auth)
            assert r.status_code == 204, r.text
    command(client, auth, wid, "goto", activity_id=coaching["id"])
    bus = NullBus()
    case = entry_service.submit(db, bus, people[0].id, coaching["id"], "case-0001", {"case": CASE})
    for i, p in enumerate(people[1:3]):
        entry_service.submit(db, bus, p.id, coaching["id"], f"advice-000{i}", {"advice": ADVICE[i], "case_id": case.entry["id"]})
    entry_service.submit(db, bus, people[0].id, coaching["id"], "refl-0001", {"reflection": REFLECTION})
    r = client.post(f"/api/v1/workshops/{wid}/commands", json={"command": "coaching_start", "args": {}}, headers=auth)
    assert r.status_code == 200, r.text
    views = results_views(db, wid, online=4)
    assert [a["text"] for a in views[PERSONAL][people[0].id]["activity"]["advice"]] == ADVICE
    assert views[FACILITATOR]["results"]["groups"][0]["advice"] == 2
    owner = views[PERSONAL][people[0].id]["activity"]
    assert owner["case"] == CASE and owner["reflection"] == REFLECTION
    dump = client.get(f"/api/v1/workshops/{wid}/export.json", headers=auth).json()
    everything = json.dumps([views[FACILITATOR], views[PRESENTER], views[PERSONAL][people[3].id], dump,
                             client.get(f"/api/v1/workshops/{wid}/live-view", headers=auth).json()],
                            ensure_ascii=False, default=str)
    assert not any(t in everything for t in (CASE, *ADVICE, REFLECTION))
    (exported,) = [a for a in dump["activities"] if a["id"] == coaching["id"]]
    assert exported["results"]["groups"][0]["advice"] == 2 and exported["results"]["reflections"] == 1
    assert exported["entries"] == [] and exported["answers"] == 4  # counted, never carried
    assert exported["moderation"] == {}  # (the console's owner choice would say who brought a case)
    for query in ("", "?format=raw"):
        r = client.get(f"/api/v1/activities/{coaching['id']}/export.csv{query}", headers=auth)
        assert r.status_code == 200 and CASE not in r.text and ADVICE[0] not in r.text, r.text
    assert "Gygrene;ja;ja;2;ja" in client.get(f"/api/v1/activities/{coaching['id']}/export.csv", headers=auth).text
    r = client.get(f"/api/v1/workshops/{wid}/export.xlsx", headers=auth)
    assert r.status_code == 200
