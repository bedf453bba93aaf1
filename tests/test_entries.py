"""Storing entries straight through the domain functions, on a real database, under concurrency."""
from concurrent.futures import ThreadPoolExecutor

import pytest
from sqlmodel import select

from app.activities.base import EntryRejected
from app.db import Database
from app.models import Entry
from app.services import agenda, commands, entries, facilitators, participants
from app.services.events import RecordingBus


@pytest.fixture
def live(database_url):
    """A migrated database with a live workshop whose word cloud (3 words each) is on screen."""
    db = Database(database_url)
    db.migrate()
    bus = RecordingBus()
    f = facilitators.sign_up_first(db, "Fasilitator", "f@example.no", "correct horse battery")
    w = agenda.create_workshop(db, facilitator_id=f.id, title="Samling 3")
    cloud = agenda.add_activity(db, bus, facilitator_id=f.id, workshop_id=w.id, kind="word_cloud",
                                prompt="Hvilke verdier er viktigst?", settings={"words_per_participant": 3})
    agenda.go_live(db, bus, facilitator_id=f.id, workshop_id=w.id)
    commands.run_command(db, bus, facilitator_id=f.id, workshop_id=w.id, command="next")
    p = participants.join(db, w.id, "", "nb")
    yield db, bus, f, w, cloud, p
    db.dispose()


def stored(db, activity_id):
    with db.read() as s:
        return s.exec(select(Entry).where(Entry.activity_id == activity_id)).all()


def test_same_client_id_from_many_threads_is_stored_once(live):
    """Ten racing resends of one client id: one entry, every caller gets that entry back."""
    db, bus, _f, _w, cloud, p = live
    with ThreadPoolExecutor(10) as pool:
        results = list(pool.map(lambda _: entries.submit(db, bus, p.id, cloud.id, "client-0001", {"text": "Tillit"}),
                                range(10)))
    assert len(stored(db, cloud.id)) == 1
    assert {r.entry["id"] for r in results} == {stored(db, cloud.id)[0].id}
    assert sum(not r.duplicate for r in results) == 1


def test_racing_submissions_never_exceed_the_limit(live):
    """Twelve different words at once from one participant: exactly three stored, the rest refused clearly."""
    db, bus, _f, _w, cloud, p = live

    def attempt(i):
        try:
            return entries.submit(db, bus, p.id, cloud.id, f"client-{i:04d}", {"text": f"ord {i}"})
        except EntryRejected as e:
            return e.code

    with ThreadPoolExecutor(12) as pool:
        outcomes = list(pool.map(attempt, range(12)))
    assert len(stored(db, cloud.id)) == 3
    assert sorted(o for o in outcomes if isinstance(o, str)) == ["limit"] * 9


def test_rejections_store_nothing(live):
    """Empty, too long, wrong type, locked and not-current submissions are refused and leave no row."""
    db, bus, f, w, cloud, p = live
    for payload, code in (({"text": "   "}, "empty"), ({"text": "x" * 41}, "too_long"), ({"text": 5}, "invalid"),
                          ("Tillit", "invalid"), (None, "invalid")):
        with pytest.raises(EntryRejected) as e:
            entries.submit(db, bus, p.id, cloud.id, "client-bad1", payload)
        assert e.value.code == code
    with pytest.raises(EntryRejected) as e:
        entries.submit(db, bus, p.id, True, "client-bad2", {"text": "Tillit"})
    assert e.value.code == "bad_activity"
    commands.run_command(db, bus, facilitator_id=f.id, workshop_id=w.id, command="lock")
    with pytest.raises(EntryRejected) as e:
        entries.submit(db, bus, p.id, cloud.id, "client-bad3", {"text": "Tillit"})
    assert e.value.code == "locked"
    commands.run_command(db, bus, facilitator_id=f.id, workshop_id=w.id, command="lobby")
    with pytest.raises(EntryRejected) as e:
        entries.submit(db, bus, p.id, cloud.id, "client-bad4", {"text": "Tillit"})
    assert e.value.code == "not_current"
    assert stored(db, cloud.id) == []


def test_commit_is_announced_after_storing(live):
    """A stored entry publishes a results notice for its workshop; a rejected one publishes nothing."""
    db, bus, _f, w, cloud, p = live
    bus.events.clear()
    entries.submit(db, bus, p.id, cloud.id, "client-ok01", {"text": "Respekt"})
    assert bus.events == [(w.id, "results")]
    with pytest.raises(EntryRejected):
        entries.submit(db, bus, p.id, cloud.id, "client-ok02", {"text": ""})
    assert bus.events == [(w.id, "results")]


def test_a_batch_keeps_each_outcome_apart(live):
    """One transaction for many submissions: refusals, in-batch resends and the limit stay per item."""
    db, bus, _f, _w, cloud, p = live
    other = participants.join(db, _w.id, "", "nb")
    subs = [entries.Submission(p.id, cloud.id, "batch-0001", {"text": "Tillit"}),
            entries.Submission(p.id, cloud.id, "batch-0001", {"text": "Tillit"}),   # resent within the batch
            entries.Submission(p.id, cloud.id, "batch-0002", {"text": ""}),         # refused: empty
            entries.Submission(p.id, cloud.id, "short", {"text": "Respekt"}),      # refused: bad client id
            entries.Submission(p.id, cloud.id, "batch-0003", {"text": "Respekt"}),
            entries.Submission(p.id, cloud.id, "batch-0004", {"text": "Åpenhet"}),
            entries.Submission(p.id, cloud.id, "batch-0005", {"text": "Likeverd"}),  # refused: fourth word
            entries.Submission(other.id, cloud.id, "batch-0006", {"text": "tillit"})]
    bus.events.clear()
    out = entries.submit_batch(db, bus, subs)
    assert [type(o).__name__ for o in out] == ["Stored", "Stored", "EntryRejected", "EntryRejected", "Stored",
                                               "Stored", "EntryRejected", "Stored"]
    assert out[1].duplicate and out[1].entry == out[0].entry and not out[0].duplicate
    assert [out[i].code for i in (2, 3, 6)] == ["empty", "bad_client_id", "limit"]
    assert sorted(e.client_id for e in stored(db, cloud.id)) == ["batch-0001", "batch-0003", "batch-0004",
                                                                 "batch-0006"]
    assert bus.events == [(_w.id, "results")]  # one notice for the whole batch


def test_the_results_cache_always_reads_what_the_database_holds(live):
    """The entry cache of the live rooms: new entries, hidden and unhidden ones, and an activity deleted
    and replaced (SQLite may hand the new one the old id) all read exactly as a fresh read would."""
    from app.services.entry_cache import EntryCache

    db, bus, f, w, cloud, p = live
    cache = EntryCache()

    def same() -> list:
        with db.read() as s:
            fresh = entries.stored_entries(s, cloud_id)
            assert cache.entries(s, cloud_id) == fresh
        return fresh

    cloud_id = cloud.id
    assert same() == []
    people = [participants.join(db, w.id, "", "nb") for _ in range(4)]
    for i, person in enumerate(people):
        entries.submit(db, bus, person.id, cloud_id, f"cache-{i:04d}", {"text": f"ord {i}"})
        assert len(same()) == i + 1
    with db.read() as s:  # nothing changed: served from the cache, not read again
        assert cache.entries(s, cloud_id) is cache.entries(s, cloud_id)
    first = same()[0]
    commands.run_command(db, bus, facilitator_id=f.id, workshop_id=w.id, command="hide_entry",
                         args={"entry_id": first.id})
    assert same()[0].hidden
    commands.run_command(db, bus, facilitator_id=f.id, workshop_id=w.id, command="unhide_entry",
                         args={"entry_id": first.id})
    assert not same()[0].hidden
    agenda.delete_activity(db, bus, facilitator_id=f.id, activity_id=cloud_id)
    with db.read() as s:
        assert cache.entries(s, cloud_id) == []  # the entries went with their activity
    again = agenda.add_activity(db, bus, facilitator_id=f.id, workshop_id=w.id, kind="word_cloud", prompt="Og nå?",
                                settings={"words_per_participant": 3})
    commands.run_command(db, bus, facilitator_id=f.id, workshop_id=w.id, command="goto", args={"activity_id": again.id})
    cloud_id = again.id
    entries.submit(db, bus, people[0].id, cloud_id, "cache-again-1", {"text": "Tillit"})
    assert [e.payload["text"] for e in same()] == ["Tillit"]
