"""Issue 14: a programme's retention: its leaders' identities and journals are deleted a set number of days after its
last workshop ends; deleting a workshop or a programme never fails on a leader's journal."""
from datetime import timedelta

from sqlmodel import col, func, select

from app.local_conventions import as_utc
from app.models import JournalEntry, Participant, ProgrammeMember, Workshop
from app.services import agenda, journal, passes, programmes
from app.services.events import NullBus
from app.services.retention import purge_expired, purge_programme_members
from tests.test_retention import set_ended_at

DAY = timedelta(days=1)


def count(db, model) -> int:
    with db.read() as s:
        return s.exec(select(func.count()).select_from(model)).one()


def leader_with_journal(db, facilitator_id: int, *, retention_days: int | None = None):
    """A programme with two workshops (run and ended) and one leader who wrote in both and between them."""
    p = programmes.create_programme(db, facilitator_id=facilitator_id, title="Lederutvikling",
                                    retention_days=retention_days)
    days = [programmes.create_workshop(db, NullBus(), facilitator_id=facilitator_id, programme_id=p.id,
                                       title=f"Samling {n}") for n in (1, 2)]
    with db.write() as s:
        member, _pass = passes.new_member(s, p.id, "Kari")
        for w in days:
            s.add(Participant(workshop_id=w.id, display_name="Kari", programme_member_id=member.id))
    for n, w in enumerate(days):
        round_ = agenda.add_activity(db, NullBus(), facilitator_id=facilitator_id, workshop_id=w.id, kind="journal",
                                     prompt="Aksjonslæring")
        journal.write(db, programme_id=p.id, member_id=member.id, client_id=f"day-{n}", question="Hva har du lært?",
                      body=f"Lærdom {n}", activity_id=round_.id)
    journal.write(db, programme_id=p.id, member_id=member.id, client_id="between", body="Mellom samlingene",
                  question="")
    for w in days:
        agenda.go_live(db, NullBus(), facilitator_id=facilitator_id, workshop_id=w.id)
        agenda.end_workshop(db, NullBus(), facilitator_id=facilitator_id, workshop_id=w.id)
    return p, days, member


def test_leaders_are_forgotten_after_the_programmes_retention(client, auth):
    db = client.app.state.ctx.db
    me = 1  # the `auth` fixture's facilitator: the installation's first
    p, days, member = leader_with_journal(db, me, retention_days=30)
    last = max(days[0].id, days[1].id)
    with db.read() as s:
        ended = max(as_utc(s.get(Workshop, w.id).ended_at) for w in days)
    assert purge_programme_members(db, now=ended + 29 * DAY, default_days=90) == []
    assert count(db, JournalEntry) == 3 and count(db, ProgrammeMember) == 1
    # A workshop going live again stops the clock.
    agenda.go_live(db, NullBus(), facilitator_id=me, workshop_id=last)
    assert purge_programme_members(db, now=ended + 31 * DAY, default_days=90) == []
    agenda.end_workshop(db, NullBus(), facilitator_id=me, workshop_id=last)
    set_ended_at(db, last, ended)
    assert purge_programme_members(db, now=ended + 31 * DAY, default_days=90) == [p.id]
    assert count(db, JournalEntry) == 0 and count(db, ProgrammeMember) == 0
    with db.read() as s:  # the workshops and their participants stay, as anyone's without a pass
        people = s.exec(select(Participant)).all()
    assert len(people) == 2 and all(x.programme_member_id is None for x in people)
    assert purge_programme_members(db, now=ended + 400 * DAY, default_days=90) == []  # once


def test_deleting_a_workshop_or_a_programme_keeps_or_takes_the_journal(client, auth):
    db = client.app.state.ctx.db
    p, days, member = leader_with_journal(db, 1)
    agenda.delete_workshop(db, NullBus(), facilitator_id=1, workshop_id=days[0].id)
    with db.read() as s:
        left = s.exec(select(JournalEntry).order_by(col(JournalEntry.id))).all()
    assert [(e.body, e.workshop_id) for e in left] == [("Lærdom 0", None), ("Lærdom 1", days[1].id),
                                                       ("Mellom samlingene", None)]
    programmes.delete_programme(db, NullBus(), facilitator_id=1, programme_id=p.id)
    assert count(db, JournalEntry) == 0 and count(db, ProgrammeMember) == 0


def test_a_programmes_workshops_wait_for_its_leaders_to_be_forgotten(client, auth):
    db = client.app.state.ctx.db
    p, days, member = leader_with_journal(db, 1, retention_days=30)
    with db.read() as s:
        ended = max(as_utc(s.get(Workshop, w.id).ended_at) for w in days)
    # The workshops' own 90 days are long over, but the leader's journal and scores over the days are read from
    # them: they stay until the programme forgets its leaders.
    assert purge_expired(db, now=ended + 200 * DAY, default_days=90) == []
    assert purge_programme_members(db, now=ended + 200 * DAY, default_days=90) == [p.id]
    assert sorted(purge_expired(db, now=ended + 200 * DAY, default_days=90)) == sorted(w.id for w in days)


def test_leaders_of_a_programme_without_workshops_are_forgotten_too(client, auth):
    db = client.app.state.ctx.db
    p, days, member = leader_with_journal(db, 1, retention_days=30)
    for w in days:
        agenda.delete_workshop(db, NullBus(), facilitator_id=1, workshop_id=w.id)
    with db.read() as s:
        last_write = max(as_utc(e.updated_at) for e in s.exec(select(JournalEntry)))
    assert purge_programme_members(db, now=last_write + 29 * DAY, default_days=90) == []
    assert purge_programme_members(db, now=last_write + 31 * DAY, default_days=90) == [p.id]
    assert count(db, JournalEntry) == 0
