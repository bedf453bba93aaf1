"""Retention (issue 10, finding 9): ended workshops are deleted a set number of days after they end."""
import threading
import time
from datetime import datetime, timedelta, timezone

from fastapi.testclient import TestClient
from sqlmodel import select

from app.db import Database
from app.main import create_app
from app.models import Entry, Participant, Workshop
from app.services.retention import purge_expired
from tests.test_api import add, go_live, join, make_workshop, submit

DAY = timedelta(days=1)


def ended_workshop(client, auth, answer: str = "Mer tid til samarbeid") -> int:
    """A workshop that ran, got one answer and ended."""
    wid = make_workshop(client, auth)
    q = add(client, auth, wid, "open_text", "Hva tar du med deg?")
    code = go_live(client, auth, wid)
    token = join(client, code)["participant_token"]
    client.post(f"/api/v1/workshops/{wid}/commands", json={"command": "next"}, headers=auth)
    assert submit(client, token, q["id"], answer, "svar-00001")["type"] == "ack"
    assert client.post(f"/api/v1/workshops/{wid}/end", headers=auth).status_code == 200
    return wid


def ended_at(db, wid) -> datetime:
    with db.read() as s:
        at = s.get(Workshop, wid).ended_at
    return at if at.tzinfo else at.replace(tzinfo=timezone.utc)


def set_ended_at(db, wid, at: datetime) -> None:
    with db.write() as s:
        w = s.get(Workshop, wid)
        w.ended_at = at
        s.add(w)


def exists(db, wid) -> bool:
    with db.read() as s:
        return s.get(Workshop, wid) is not None


def test_ending_starts_the_clock_and_going_live_again_stops_it(client, auth):
    db = client.app.state.ctx.db
    wid = ended_workshop(client, auth)
    first = ended_at(db, wid)
    assert abs(first - datetime.now(timezone.utc)) < timedelta(minutes=1)
    client.post(f"/api/v1/workshops/{wid}/end", headers=auth)  # ending again does not move the date
    assert ended_at(db, wid) == first
    assert client.get(f"/api/v1/workshops/{wid}", headers=auth).json()["ended_at"] is not None
    go_live(client, auth, wid)
    with db.read() as s:
        assert s.get(Workshop, wid).ended_at is None


def test_purge_deletes_ended_workshops_after_the_default_period(client, auth):
    db = client.app.state.ctx.db
    wid = ended_workshop(client, auth)
    draft = make_workshop(client, auth, "Utkast")
    live = make_workshop(client, auth, "Pågår")
    add(client, auth, live, "open_text", "Spørsmål")
    go_live(client, auth, live)
    end = ended_at(db, wid)
    assert purge_expired(db, end + 89 * DAY, 90) == []
    assert exists(db, wid)
    assert purge_expired(db, end + 90 * DAY + timedelta(seconds=1), 90) == [wid]
    assert not exists(db, wid)
    with db.read() as s:
        assert s.exec(select(Participant).where(Participant.workshop_id == wid)).all() == []
        assert s.exec(select(Entry)).all() == []
    # Drafts and live workshops are never purged, however old.
    assert purge_expired(db, end + 9999 * DAY, 90) == []
    assert exists(db, draft) and exists(db, live)
    # 0 as the installation's default keeps workshops until deleted by hand.
    other = ended_workshop(client, auth)
    assert purge_expired(db, end + 9999 * DAY, 0) == []
    assert exists(db, other)


def test_facilitator_sets_a_period_per_workshop(client, auth):
    db = client.app.state.ctx.db
    wid = ended_workshop(client, auth)
    for bad in (0, -1, 3651, "mange"):
        r = client.patch(f"/api/v1/workshops/{wid}", json={"retention_days": bad}, headers=auth)
        assert r.status_code == 422, (bad, r.text)
    r = client.patch(f"/api/v1/workshops/{wid}", json={"retention_days": 7}, headers=auth)
    assert r.status_code == 200 and r.json()["retention_days"] == 7
    # Other fields leave it alone; an explicit null goes back to the default.
    r = client.patch(f"/api/v1/workshops/{wid}", json={"title": "Nytt navn"}, headers=auth)
    assert r.json()["retention_days"] == 7
    end = ended_at(db, wid)
    assert purge_expired(db, end + 6 * DAY, 90) == []
    r = client.patch(f"/api/v1/workshops/{wid}", json={"retention_days": None}, headers=auth)
    assert r.json()["retention_days"] is None
    assert purge_expired(db, end + 8 * DAY, 90) == []  # the default (90) applies again
    client.patch(f"/api/v1/workshops/{wid}", json={"retention_days": 7}, headers=auth)
    assert purge_expired(db, end + 8 * DAY, 90) == [wid]


def test_editor_and_dashboard_show_the_deletion_date_in_oslo_time(client, auth):
    """Ended 1 September 2026 23:30 UTC + 90 days = 30 November 23:30 UTC = 1 December 00:30 in Oslo."""
    db = client.app.state.ctx.db
    wid = ended_workshop(client, auth)
    set_ended_at(db, wid, datetime(2026, 9, 1, 23, 30, tzinfo=timezone.utc))
    cookie_login(client)
    html = client.get(f"/facilitator/workshops/{wid}?lang=nb").text
    assert "1. desember 2026" in html and 'name="retention_days"' in html
    assert "1. desember 2026" in client.get("/facilitator?lang=nn").text
    client.patch(f"/api/v1/workshops/{wid}", json={"retention_days": 30}, headers=auth)
    assert "2. oktober 2026" in client.get(f"/facilitator/workshops/{wid}?lang=nb").text
    assert "2 October 2026" in client.get(f"/facilitator/workshops/{wid}?lang=en").text


def cookie_login(client, email: str = "fasilitator@example.no") -> None:
    """Sign in through the log-in form: the client then carries the session cookie."""
    from tests.conftest import PASSWORD

    client.get("/facilitator/login")
    r = client.post("/facilitator/login", data={"email": email, "password": PASSWORD,
                                                "csrf": client.cookies.get("samling_csrf")}, follow_redirects=False)
    assert r.status_code == 303, r.text


def test_concurrent_purges_delete_each_workshop_once(client, auth, database_url):
    """Two purgers (as two processes: each its own engine) at once: every due workshop deleted once."""
    db = client.app.state.ctx.db
    due = [ended_workshop(client, auth, f"Svar {i}") for i in range(4)]
    later = max(ended_at(db, wid) for wid in due) + 91 * DAY
    engines = [Database(database_url) for _ in range(2)]
    results, errors = [[], []], []
    start = threading.Barrier(2)

    def run(i):
        try:
            start.wait()
            results[i] = purge_expired(engines[i], later, 90)
        except Exception as e:  # pragma: no cover - the assertion below shows it
            errors.append(e)

    threads = [threading.Thread(target=run, args=(i,)) for i in range(2)]
    for t in threads:
        t.start()
    for t in threads:
        t.join(60)
    for e in engines:
        e.dispose()
    assert errors == []
    assert sorted(results[0] + results[1]) == sorted(due)  # each once, none twice
    assert not any(exists(db, wid) for wid in due)


def test_the_server_purges_at_start(settings, client, auth):
    """The lifespan's background task runs the purge once at start-up."""
    db = client.app.state.ctx.db
    wid = ended_workshop(client, auth)
    set_ended_at(db, wid, datetime.now(timezone.utc) - 100 * DAY)
    with TestClient(create_app(settings)) as second:
        deadline = time.monotonic() + 10
        while exists(second.app.state.ctx.db, wid) and time.monotonic() < deadline:
            time.sleep(0.05)
    assert not exists(db, wid)
