"""A programme's leaders as its facilitators see them (network group, workshops joined, journal entries: counts,
never text), and merging two identities of one leader who lost their pass (services/programmes.py)."""
import pytest
from sqlmodel import col, select

from app.db import Database
from app.models import Facilitator, JournalEntry, Participant, ProgrammeGroup, ProgrammeMember, WorkGroup
from app.services import agenda, participants, programmes
from app.services.errors import Conflict, Invalid, NotFound
from app.services.events import STATE, RecordingBus
from app.services.journal_counts import entry_counts
from tests.test_accounts import invite
from tests.test_programmes import ok


@pytest.fixture
def db(client, settings):
    """The database the app uses (the client's start-up has made its tables)."""
    database = Database(settings.database_url)
    yield database
    database.dispose()


def facilitator_id(db: Database, email: str = "fasilitator@example.no") -> int:
    with db.read() as s:
        return s.exec(select(Facilitator.id).where(Facilitator.email == email)).one()


def live_day(db: Database, fid: int, programme_id: int, title: str) -> int:
    """A live workshop of the programme with one question."""
    w = programmes.create_workshop(db, RecordingBus(), facilitator_id=fid, programme_id=programme_id, title=title)
    agenda.add_activity(db, RecordingBus(), facilitator_id=fid, workshop_id=w.id, kind="open_text", prompt="Hva tar du med deg?")
    agenda.go_live(db, RecordingBus(), facilitator_id=fid, workshop_id=w.id)
    return w.id


def join(db: Database, workshop_id: int, name: str = "", member_id: int | None = None) -> Participant:
    """A phone joining a programme's workshop: without a pass it is a new member; with `member_id` it is that one
    (the pass itself is services/passes.py's business, tested in test_programmes.py)."""
    if member_id is None:
        return participants.enter(db, workshop_id, name, passes=[]).participant
    with db.write() as s:
        p = Participant(workshop_id=workshop_id, display_name=name, programme_member_id=member_id)
        s.add(p)
        s.flush()
        return p


def write_journal(db: Database, member_id: int, *client_ids: str) -> None:
    with db.write() as s:
        for cid in client_ids:
            s.add(JournalEntry(programme_member_id=member_id, question="Hva har du testet?", body="Hemmelig tekst",
                               client_id=cid))


def place(db: Database, participant: Participant, group: str) -> None:
    """Put a participant into their workshop's group linked to the programme group `group`."""
    with db.write() as s:
        g = s.exec(select(WorkGroup).where(WorkGroup.workshop_id == participant.workshop_id, WorkGroup.name == group)).one()
        p = s.get(Participant, participant.id)
        p.group_id = g.id
        s.add(p)


@pytest.fixture
def programme(client, auth, db):
    """A programme with two network groups and two live workshops: (facilitator id, programme id, [day 1, day 2])."""
    fid = facilitator_id(db)
    p = programmes.create_programme(db, facilitator_id=fid, title="Lederutvikling Seljord")
    for name in ("Gygrene", "Blåveis"):
        programmes.create_group(db, RecordingBus(), facilitator_id=fid, programme_id=p.id, name=name)
    days = [live_day(db, fid, p.id, f"Samling {n}") for n in (1, 2)]
    return fid, p.id, days


def test_members_are_listed_with_counts_only(client, auth, db, programme):
    fid, pid, (day1, day2) = programme
    kari = join(db, day1, "Kari")
    anon = join(db, day1)
    place(db, kari, "Blåveis")
    join(db, day2, "Kari N.", member_id=kari.programme_member_id)
    write_journal(db, kari.programme_member_id, "c-1", "c-2", "c-3")
    write_journal(db, anon.programme_member_id, "c-1")

    listed = programmes.list_members(db, facilitator_id=fid, programme_id=pid)
    assert [(m.number, m.name, m.group, m.workshops, m.journal_entries) for m in listed] == \
        [(1, "Kari", "Blåveis", 2, 3), (2, "", None, 1, 1)]
    with db.read() as s:
        assert entry_counts(s, pid) == {kari.programme_member_id: 3, anon.programme_member_id: 1}

    members = ok(client.get(f"/api/v1/programmes/{pid}/members", headers=auth))
    assert [(m["label"], m["group"], m["workshops"], m["journal_entries"]) for m in members] == \
        [("Kari", "Blåveis", 2, 3), ("Deltaker 2", None, 1, 1)]  # bokmål unless asked otherwise
    assert "Hemmelig" not in str(members)  # never a journal's text
    nynorsk = ok(client.get(f"/api/v1/programmes/{pid}/members?lang=nn", headers=auth))
    assert nynorsk[1]["label"] == "Deltakar 2"

    # Another programme's journal is not counted here; another facilitator sees nothing.
    other = programmes.create_programme(db, facilitator_id=fid, title="Et annet program")
    assert programmes.list_members(db, facilitator_id=fid, programme_id=other.id) == []
    with db.read() as s:
        assert entry_counts(s, other.id) == {}
    stranger = invite(client, auth, "kollega@example.no")
    r = client.get(f"/api/v1/programmes/{pid}/members", headers=stranger)
    assert r.status_code == 404 and r.json()["detail"]["code"] == "programme"


def test_merge_moves_the_workshops_to_the_identity_in_use(client, auth, db, programme):
    fid, pid, (day1, day2) = programme
    old = join(db, day1, "Kari")  # day 1 with her old pass, in Gygrene
    place(db, old, "Gygrene")
    with db.write() as s:  # the pass remembers her network group
        m = s.get(ProgrammeMember, old.programme_member_id)
        m.programme_group_id = s.exec(select(ProgrammeGroup.id).where(ProgrammeGroup.name == "Gygrene")).one()
        s.add(m)
    new = join(db, day2)  # day 2: the pass is lost, she joins anonymously as someone new
    write_journal(db, new.programme_member_id, "j-3")
    keep_id, merge_id = new.programme_member_id, old.programme_member_id

    bus = RecordingBus()
    kept = programmes.merge_members(db, bus, facilitator_id=fid, programme_id=pid, keep_id=keep_id, merge_id=merge_id)
    assert (kept.id, kept.name, kept.group, kept.workshops, kept.journal_entries) == (keep_id, "Kari", "Gygrene", 2, 1)
    with db.read() as s:
        assert s.get(ProgrammeMember, merge_id) is None
        assert {p.programme_member_id for p in s.exec(select(Participant).where(
            col(Participant.id).in_([old.id, new.id])))} == {keep_id}
    assert sorted(bus.events) == [(day1, STATE), (day2, STATE)]  # both days' screens are told
    assert [m.id for m in programmes.list_members(db, facilitator_id=fid, programme_id=pid)] == [keep_id]


def test_merge_never_hands_a_private_history_to_another_pass(client, auth, db, programme):
    """A facilitator who joins on their own phone and merges a leader into that identity would read the leader's
    journal: a merge refuses an identity with a journal or private answers; the leader's own code or link moves it."""
    fid, pid, (day1, day2) = programme
    leader = join(db, day1, "Kari")
    write_journal(db, leader.programme_member_id, "j-1")
    spy = join(db, day2, "Fasilitatoren")
    with pytest.raises(Conflict) as refused:
        programmes.merge_members(db, RecordingBus(), facilitator_id=fid, programme_id=pid,
                                 keep_id=spy.programme_member_id, merge_id=leader.programme_member_id)
    assert refused.value.code == "private_history"
    with db.read() as s:
        assert s.get(ProgrammeMember, leader.programme_member_id) is not None
        assert [e.programme_member_id for e in s.exec(select(JournalEntry))] == [leader.programme_member_id]


def test_merge_keeps_what_the_kept_identity_has(client, auth, db, programme):
    fid, pid, (day1, day2) = programme
    old = join(db, day1, "Kari Nordmann")
    new = join(db, day2, "Kari")
    with db.write() as s:
        groups = {g.name: g.id for g in s.exec(select(ProgrammeGroup))}
        for member_id, group in ((old.programme_member_id, "Gygrene"), (new.programme_member_id, "Blåveis")):
            m = s.get(ProgrammeMember, member_id)
            m.programme_group_id = groups[group]
            s.add(m)
    kept = programmes.merge_members(db, RecordingBus(), facilitator_id=fid, programme_id=pid,
                                    keep_id=new.programme_member_id, merge_id=old.programme_member_id)
    assert (kept.name, kept.group_id) == ("Kari", groups["Blåveis"])


def test_merge_is_refused_for_two_people_of_one_workshop(client, auth, db, programme):
    fid, pid, (day1, _day2) = programme
    a, b = join(db, day1, "Kari"), join(db, day1, "Ola")
    with pytest.raises(Conflict) as refused:
        programmes.merge_members(db, RecordingBus(), facilitator_id=fid, programme_id=pid,
                                 keep_id=a.programme_member_id, merge_id=b.programme_member_id)
    assert refused.value.code == "same_workshop"
    with pytest.raises(Invalid) as same:
        programmes.merge_members(db, RecordingBus(), facilitator_id=fid, programme_id=pid,
                                 keep_id=a.programme_member_id, merge_id=a.programme_member_id)
    assert same.value.code == "same_member"
    assert len(programmes.list_members(db, facilitator_id=fid, programme_id=pid)) == 2  # nothing changed

    r = client.post(f"/api/v1/programmes/{pid}/members/merge",
                    json={"keep_id": a.programme_member_id, "merge_id": b.programme_member_id}, headers=auth)
    assert r.status_code == 409 and r.json()["detail"]["code"] == "same_workshop"
    assert "same workshop" in client.post(f"/api/v1/programmes/{pid}/members/merge?lang=en", json={
        "keep_id": a.programme_member_id, "merge_id": b.programme_member_id}, headers=auth).json()["detail"]["message"]


def test_merge_refuses_members_of_another_programme(client, auth, db, programme):
    fid, pid, (day1, day2) = programme
    ours = join(db, day1, "Kari")
    other = programmes.create_programme(db, facilitator_id=fid, title="Et annet program")
    theirs = join(db, live_day(db, fid, other.id, "Fremmed samling"), "Ola")
    for keep, merge in ((ours, theirs), (theirs, ours)):
        with pytest.raises(NotFound) as missing:
            programmes.merge_members(db, RecordingBus(), facilitator_id=fid, programme_id=pid,
                                     keep_id=keep.programme_member_id, merge_id=merge.programme_member_id)
        assert missing.value.code == "member"
    with pytest.raises(NotFound):
        programmes.merge_members(db, RecordingBus(), facilitator_id=fid, programme_id=pid,
                                 keep_id=ours.programme_member_id, merge_id=2 ** 31 - 1)
    with db.read() as s:  # both are still there
        assert s.get(ProgrammeMember, theirs.programme_member_id) is not None

    # Over the API: the same; a facilitator who does not run the programme finds no programme at all.
    r = client.post(f"/api/v1/programmes/{pid}/members/merge",
                    json={"keep_id": ours.programme_member_id, "merge_id": theirs.programme_member_id}, headers=auth)
    assert r.status_code == 404 and r.json()["detail"]["code"] == "member"
    stranger = invite(client, auth, "kollega@example.no")
    second = join(db, day2, "Kari igjen")
    r = client.post(f"/api/v1/programmes/{pid}/members/merge",
                    json={"keep_id": second.programme_member_id, "merge_id": ours.programme_member_id}, headers=stranger)
    assert r.status_code == 404 and r.json()["detail"]["code"] == "programme"


def test_a_co_facilitator_merges_over_the_api_and_lists_the_programme_workshops(client, auth, db, programme):
    _fid, pid, (day1, day2) = programme
    colleague = invite(client, auth, "kollega@example.no")
    assert ok(client.get("/api/v1/workshops", headers=colleague)) == []
    ok(client.post(f"/api/v1/programmes/{pid}/facilitators", json={"email": "kollega@example.no"}, headers=auth), 201)
    # Running the programme, the colleague runs its workshops: their list (and dashboard) shows them.
    assert {w["id"] for w in ok(client.get("/api/v1/workshops", headers=colleague))} == {day1, day2}

    old, new = join(db, day1, "Kari"), join(db, day2)
    kept = ok(client.post(f"/api/v1/programmes/{pid}/members/merge",
                          json={"keep_id": new.programme_member_id, "merge_id": old.programme_member_id},
                          headers=colleague))
    assert (kept["id"], kept["label"], kept["workshops"], kept["journal_entries"]) == \
        (new.programme_member_id, "Kari", 2, 0)
    r = client.post(f"/api/v1/programmes/{pid}/members/merge", json={"keep_id": 1}, headers=colleague)
    assert r.status_code == 422


def test_a_leader_keeps_their_network_group_on_the_phone(client, auth, db, programme):
    """Network group members share texts with each other only: a phone cannot move itself to another network group
    (the facilitator can)."""
    from app.services import groups as group_service

    fid, pid, (day1, _day2) = programme
    kari = join(db, day1, "Kari")
    place(db, kari, "Gygrene")
    with db.read() as s:
        other = s.exec(select(WorkGroup).where(WorkGroup.workshop_id == day1, WorkGroup.name == "Blåveis")).one()
    with pytest.raises(Conflict) as refused:
        group_service.choose_group(db, RecordingBus(), kari.id, other.id)
    assert refused.value.code == "network_group"
    newcomer = join(db, day1, "Ola")  # not in a group yet: picks one
    group_service.choose_group(db, RecordingBus(), newcomer.id, other.id)
