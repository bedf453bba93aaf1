"""Issue 14, the programme core and the programme pass: a programme's workshops, network groups and facilitators,
and a leader who stays the same participant across its workshops without an account."""
import re
import time

import httpx
import pytest
from itsdangerous import TimestampSigner, URLSafeTimedSerializer
from sqlmodel import col, select

from app.access_log import redact_target
from app.db import Database
from app.models import Participant, ProgrammeMember, ServerSecret, WorkGroup, Workshop
from tests.conftest import PASSWORD, sign_up
from tests.test_accounts import invite
from tests.test_live import Facilitator, Phone, recv_until, run

KOLLEGA = "kollega@example.no"
GROUPS = ["Gygrene", "Stjernelaget", "Blåveis"]
NOTICE = "We did not recognise your programme pass, so you take part as a new participant."
PASS_COOKIE = "samling_programme"
HOST = "127.0.0.1"  # the real server's; cookies set by hand carry it, like the server's own


def ok(r, status: int = 200):
    assert r.status_code == status, (r.status_code, r.text)
    return r.json() if r.content else None


@pytest.fixture
def db(client, settings):
    """The database the app uses, for looking at the rows behind the answers."""
    database = Database(settings.database_url)
    yield database
    database.dispose()


def new_programme(client, auth, title: str = "Lederutvikling Seljord 2026", groups=()) -> dict:
    programme = ok(client.post("/api/v1/programmes", json={"title": title, "language": "nb"}, headers=auth), 201)
    for name in groups:
        ok(client.post(f"/api/v1/programmes/{programme['id']}/groups", json={"name": name}, headers=auth), 201)
    return programme


def links(db: Database, workshop_id: int) -> dict[str, int | None]:
    """A workshop's groups by name, with the programme group each is linked to."""
    with db.read() as s:
        return {g.name: g.programme_group_id for g in s.exec(select(WorkGroup).where(WorkGroup.workshop_id == workshop_id))}


# --- the programme core (in-process) ----------------------------------------------------------

def test_programme_crud(client, auth):
    p = new_programme(client, auth)
    assert (p["title"], p["language"], p["workshops"], p["groups"], p["retention_days"]) == \
        ("Lederutvikling Seljord 2026", "nb", [], [], None)
    assert [x["id"] for x in ok(client.get("/api/v1/programmes", headers=auth))] == [p["id"]]
    changed = ok(client.patch(f"/api/v1/programmes/{p['id']}", json={"title": "Leiarutvikling", "language": "nn",
                                                                      "retention_days": 400}, headers=auth))
    assert (changed["title"], changed["language"], changed["retention_days"]) == ("Leiarutvikling", "nn", 400)
    back = ok(client.patch(f"/api/v1/programmes/{p['id']}", json={"retention_days": None}, headers=auth))
    assert back["retention_days"] is None and back["title"] == "Leiarutvikling"  # only what was sent changes
    r = client.patch(f"/api/v1/programmes/{p['id']}", json={"title": "   "}, headers=auth)
    assert r.status_code == 422 and r.json()["detail"]["code"] == "title"

    first = ok(client.post(f"/api/v1/programmes/{p['id']}/workshops", json={"title": "Samling 1"}, headers=auth), 201)
    assert (first["position"], first["language"], first["status"]) == (0, "nn", "draft")  # the programme's language
    own = ok(client.post("/api/v1/workshops", json={"title": "Samling 2"}, headers=auth), 201)
    second = ok(client.post(f"/api/v1/programmes/{p['id']}/workshops", json={"workshop_id": own["id"], "position": 0},
                            headers=auth), 201)
    assert second["position"] == 0
    assert [w["title"] for w in ok(client.get(f"/api/v1/programmes/{p['id']}/workshops", headers=auth))] == \
        ["Samling 2", "Samling 1"]
    ordered = ok(client.put(f"/api/v1/programmes/{p['id']}/workshops",
                            json={"workshop_ids": [first["id"], own["id"]]}, headers=auth))
    assert [(w["title"], w["position"]) for w in ordered] == [("Samling 1", 0), ("Samling 2", 1)]
    r = client.put(f"/api/v1/programmes/{p['id']}/workshops", json={"workshop_ids": [first["id"]]}, headers=auth)
    assert r.status_code == 422 and r.json()["detail"]["code"] == "order"
    r = client.post(f"/api/v1/programmes/{p['id']}/workshops", json={"workshop_id": own["id"], "title": "x"},
                    headers=auth)
    assert r.status_code == 422
    assert ok(client.get(f"/api/v1/workshops/{own['id']}", headers=auth))["programme_id"] == p["id"]

    other = new_programme(client, auth, "Et annet program")
    r = client.post(f"/api/v1/programmes/{other['id']}/workshops", json={"workshop_id": own["id"]}, headers=auth)
    assert r.status_code == 409 and r.json()["detail"]["code"] == "in_programme"

    ok(client.delete(f"/api/v1/programmes/{p['id']}/workshops/{own['id']}", headers=auth), 204)
    assert ok(client.get(f"/api/v1/workshops/{own['id']}", headers=auth))["programme_id"] is None
    assert [w["position"] for w in ok(client.get(f"/api/v1/programmes/{p['id']}", headers=auth))["workshops"]] == [0]

    ok(client.delete(f"/api/v1/programmes/{p['id']}", headers=auth), 204)
    r = client.get(f"/api/v1/programmes/{p['id']}", headers=auth)
    assert r.status_code == 404 and r.json()["detail"]["code"] == "programme"
    # Its workshops stay, as workshops of no programme.
    assert ok(client.get(f"/api/v1/workshops/{first['id']}", headers=auth))["programme_id"] is None


def test_another_facilitator_sees_nothing_and_a_co_facilitator_runs_every_workshop(client):
    owner = sign_up(client)
    colleague = invite(client, owner, KOLLEGA)
    p = new_programme(client, owner, groups=GROUPS[:1])
    w = ok(client.post(f"/api/v1/programmes/{p['id']}/workshops", json={"title": "Samling 1"}, headers=owner), 201)
    ok(client.post(f"/api/v1/workshops/{w['id']}/activities", json={"kind": "open_text", "prompt": "Hva er viktig?"},
                   headers=owner), 201)
    ok(client.post(f"/api/v1/workshops/{w['id']}/live", headers=owner))
    runs = [("GET", f"/api/v1/programmes/{p['id']}", None),
            ("GET", f"/api/v1/programmes/{p['id']}/groups", None),
            ("PATCH", f"/api/v1/programmes/{p['id']}", {"title": "Lederutvikling 2026/27"}),
            ("GET", f"/api/v1/workshops/{w['id']}", None),
            ("POST", f"/api/v1/workshops/{w['id']}/commands", {"command": "next"}),
            ("GET", f"/api/v1/workshops/{w['id']}/export.json", None)]
    for method, path, body in runs:
        r = client.request(method, path, json=body, headers=colleague)
        assert r.status_code == 404, (method, path, r.status_code)
    assert ok(client.get("/api/v1/programmes", headers=colleague)) == []

    person = ok(client.post(f"/api/v1/programmes/{p['id']}/facilitators", json={"email": KOLLEGA}, headers=owner), 201)
    for method, path, body in runs:
        r = client.request(method, path, json=body, headers=colleague)
        assert r.status_code == 200, (method, path, r.status_code, r.text)
    assert ok(client.get(f"/api/v1/workshops/{w['id']}", headers=owner))["current_activity_id"] is not None
    team = ok(client.get(f"/api/v1/programmes/{p['id']}/facilitators", headers=colleague))
    assert [c["email"] for c in team["co_facilitators"]] == [KOLLEGA]
    # A workshop the co-facilitator creates in the programme is run by the owner too.
    theirs = ok(client.post(f"/api/v1/programmes/{p['id']}/workshops", json={"title": "Samling 2"},
                            headers=colleague), 201)
    ok(client.get(f"/api/v1/workshops/{theirs['id']}", headers=owner))
    # Only the owner deletes the programme or changes its team.
    for method, path, body in [("DELETE", f"/api/v1/programmes/{p['id']}", None),
                               ("POST", f"/api/v1/programmes/{p['id']}/facilitators",
                                {"email": "fasilitator@example.no"}),
                               ("DELETE", f"/api/v1/programmes/{p['id']}/facilitators/{person['id']}", None)]:
        r = client.request(method, path, json=body, headers=colleague)
        assert r.status_code == 403 and r.json()["detail"]["code"] == "not_owner", (method, path, r.text)
    # Nor does a co-facilitator delete the owner's workshop.
    assert client.delete(f"/api/v1/workshops/{w['id']}", headers=colleague).status_code == 403

    ok(client.delete(f"/api/v1/programmes/{p['id']}/facilitators/{person['id']}", headers=owner), 204)
    for method, path, body in runs:
        assert client.request(method, path, json=body, headers=colleague).status_code == 404, (method, path)


def test_programme_groups_reach_every_workshop(client, auth, db):
    p = new_programme(client, auth, groups=GROUPS[:2])
    pg = {g["name"]: g["id"] for g in ok(client.get(f"/api/v1/programmes/{p['id']}/groups", headers=auth))}
    made = ok(client.post(f"/api/v1/programmes/{p['id']}/workshops", json={"title": "Samling 1"}, headers=auth), 201)
    assert links(db, made["id"]) == {"Gygrene": pg["Gygrene"], "Stjernelaget": pg["Stjernelaget"]}
    # An existing workshop: its own "gygrene" becomes the linked group, the missing one is made, its own stays.
    own = ok(client.post("/api/v1/workshops", json={"title": "Samling 2"}, headers=auth), 201)
    for name in ("gygrene", "Ekstra"):
        ok(client.post(f"/api/v1/workshops/{own['id']}/groups", json={"name": name}, headers=auth), 201)
    ok(client.post(f"/api/v1/programmes/{p['id']}/workshops", json={"workshop_id": own["id"]}, headers=auth), 201)
    assert links(db, own["id"]) == {"gygrene": pg["Gygrene"], "Stjernelaget": pg["Stjernelaget"], "Ekstra": None}
    listed = ok(client.get(f"/api/v1/workshops/{own['id']}/groups", headers=auth))["groups"]
    assert [g["name"] for g in listed if g["id"]] == ["gygrene", "Stjernelaget", "Ekstra"]  # the programme's first

    blaveis = ok(client.post(f"/api/v1/programmes/{p['id']}/groups", json={"name": "Blåveis"}, headers=auth), 201)
    for wid in (made["id"], own["id"]):
        assert links(db, wid)["Blåveis"] == blaveis["id"]
    r = client.post(f"/api/v1/programmes/{p['id']}/groups", json={"name": "BLÅVEIS"}, headers=auth)
    assert r.status_code == 409 and r.json()["detail"]["code"] == "duplicate"
    r = client.patch(f"/api/v1/programmes/{p['id']}/groups/{blaveis['id']}", json={"name": "Ekstra"}, headers=auth)
    assert r.status_code == 409  # the second workshop has a group of its own by that name
    renamed = ok(client.patch(f"/api/v1/programmes/{p['id']}/groups/{blaveis['id']}",
                              json={"name": "Einingsleiarane", "position": 0}, headers=auth))
    assert renamed["position"] == 0
    for wid in (made["id"], own["id"]):
        assert links(db, wid)["Einingsleiarane"] == blaveis["id"] and "Blåveis" not in links(db, wid)
    listed = ok(client.get(f"/api/v1/workshops/{made['id']}/groups", headers=auth))["groups"]
    assert [g["name"] for g in listed if g["id"]] == ["Einingsleiarane", "Gygrene", "Stjernelaget"]

    ok(client.delete(f"/api/v1/programmes/{p['id']}/groups/{pg['Stjernelaget']}", headers=auth), 204)
    for wid in (made["id"], own["id"]):
        assert "Stjernelaget" not in links(db, wid)
    r = client.delete(f"/api/v1/programmes/{p['id']}/groups/{pg['Stjernelaget']}", headers=auth)
    assert r.status_code == 404
    other = new_programme(client, auth, "Et annet program", groups=["Fremmed"])
    foreign = ok(client.get(f"/api/v1/programmes/{other['id']}/groups", headers=auth))[0]["id"]
    r = client.patch(f"/api/v1/programmes/{p['id']}/groups/{foreign}", json={"name": "Min"}, headers=auth)
    assert r.status_code == 404  # a group of another programme is no group of this one


def test_deleting_an_account_takes_its_programmes_along(client, auth, db):
    p = new_programme(client, auth, groups=GROUPS[:1])
    ok(client.post(f"/api/v1/programmes/{p['id']}/workshops", json={"title": "Samling 1"}, headers=auth), 201)
    ok(client.post("/api/v1/auth/delete-account", json={"password": PASSWORD}, headers=auth), 204)
    with db.read() as s:
        assert s.exec(select(Workshop)).all() == []


def test_personal_links_are_not_logged():
    assert redact_target("/p/12.abcdefghijklmnopqrstuvwxyz012345") == "/p/[redacted]"
    assert redact_target("/qr/p/12.abcdefghijklmnopqrstuvwxyz012345.svg") == "/qr/p/[redacted]"


# --- the pass over HTTP, against a real server ------------------------------------------------

class PhoneBrowser:
    """A phone's browser: its own cookie jar, joining on the web pages as a person would."""

    def __init__(self, server, language: str = "en"):
        self.http = httpx.Client(base_url=server.base, timeout=30, trust_env=False, follow_redirects=False)
        self.http.cookies.set("samling_lang", language, domain=HOST)

    def join(self, code: str, name: str = "") -> str:
        """Join the workshop behind `code`; the phone page it then shows."""
        page = self.http.get(f"/{code}")
        assert page.status_code == 200, page.text
        csrf = re.search(r'name="csrf" value="([^"]+)"', page.text).group(1)
        r = self.http.post(f"/{code}", data={"name": name, "csrf": csrf})
        assert r.status_code == 303, r.text
        return self.page(code)

    def page(self, code: str) -> str:
        r = self.http.get(f"/{code}")
        assert r.status_code == 200 and 'id="phone"' in r.text, r.text
        return r.text

    @property
    def token(self) -> str:
        return self.http.cookies["samling_participant"]

    @property
    def programme_pass(self) -> str:
        return self.http.cookies[PASS_COOKIE]

    def close(self) -> None:
        self.http.close()


def personal_link(page: str) -> str:
    found = re.search(r'href="(http://[^"]+/p/[^"]+)"', page)
    assert found, "the phone page shows no personal link"
    return found.group(1)


def programme_workshop(fac: Facilitator, programme_id: int, title: str) -> tuple[int, str]:
    """A live workshop of the programme with one question: (id, join code)."""
    r = fac.http.post(f"/api/v1/programmes/{programme_id}/workshops", json={"title": title})
    assert r.status_code == 201, r.text
    wid = r.json()["id"]
    r = fac.http.post(f"/api/v1/workshops/{wid}/activities", json={"kind": "open_text", "prompt": "Hva tar du med deg?"})
    assert r.status_code == 201, r.text
    r = fac.http.post(f"/api/v1/workshops/{wid}/live")
    assert r.status_code == 200, r.text
    return wid, r.json()["join_code"]


def people(database: Database, workshop_id: int) -> dict[int, tuple[int | None, str, int | None]]:
    """participant id -> (member id, name, programme group of their group)."""
    with database.read() as s:
        groups = {g.id: g.programme_group_id for g in s.exec(select(WorkGroup).where(WorkGroup.workshop_id == workshop_id))}
        return {p.id: (p.programme_member_id, p.display_name, groups.get(p.group_id))
                for p in s.exec(select(Participant).where(Participant.workshop_id == workshop_id)
                                .order_by(col(Participant.id)))}


def forged_pass(signer_secret: str, entries: list, age_days: int = 0) -> str:
    """A pass cookie signed with the server's own secret, as if `age_days` ago."""

    class Then(TimestampSigner):
        def get_timestamp(self) -> int:
            return int(time.time()) - age_days * 24 * 3600

    return URLSafeTimedSerializer(signer_secret, salt="samling.programme-pass", signer=Then).dumps(entries)


@pytest.mark.server
def test_twelve_leaders_keep_their_identity_across_a_restart(server, database_url):
    fac = Facilitator(server)
    phones: list[PhoneBrowser] = []
    database = Database(database_url)
    try:
        programme = fac.http.post("/api/v1/programmes", json={"title": "Lederutvikling Seljord"}).json()
        for name in GROUPS:
            assert fac.http.post(f"/api/v1/programmes/{programme['id']}/groups", json={"name": name}).status_code == 201
        w1, code1 = programme_workshop(fac, programme["id"], "Samling 1")
        phones = [PhoneBrowser(server) for _ in range(12)]
        names = [f"Leder {i}" if i % 2 == 0 else "" for i in range(12)]  # half take part anonymously
        for phone, name in zip(phones, names):
            page = phone.join(code1, name)
            assert NOTICE not in page
            assert personal_link(page).endswith(f"/p/{phone_link_token(phone, server)}")
        # Each phone picks its group on the phone.
        listed = fac.http.get(f"/api/v1/workshops/{w1}/groups").json()["groups"]
        group_ids = [g["id"] for g in listed if g["id"]]

        async def choose():
            for i, phone in enumerate(phones):
                ws = Phone(server, phone.token)
                await ws.open()
                await ws.send({"type": "choose_group", "group_id": group_ids[i % 3]})
                await recv_until(ws.ws, lambda m: m["type"] == "personal" and m["group"])
                await ws.close()

        run(choose())
        day1 = people(database, w1)
        assert len(day1) == 12 and len({m for m, _n, _g in day1.values()}) == 12 and all(g for *_x, g in day1.values())

        server.stop()
        server.start()  # a new process on the same database

        w2, code2 = programme_workshop(fac, programme["id"], "Samling 2")
        for phone in phones:
            page = phone.join(code2)  # no name typed, no group chosen
            assert NOTICE not in page
        day2 = people(database, w2)
        assert len(day2) == 12
        assert sorted(day2.values(), key=str) == sorted(day1.values(), key=str)  # same members, names and groups
        assert [n for _m, n, _g in day2.values()] == names

        # The phone shows its group at once, without choosing.
        async def look():
            ws = Phone(server, phones[4].token)
            await ws.open()
            mine = await recv_until(ws.ws, lambda m: m["type"] == "personal")
            await ws.close()
            return mine

        mine = run(look())
        assert mine["group"] and mine["group"]["name"] == GROUPS[4 % 3]

        # Joining the same workshop again with the pass is the same participant.
        before = set(day2)
        phones[0].http.cookies.delete("samling_participant")
        phones[0].join(code2)
        assert set(people(database, w2)) == before
    finally:
        for phone in phones:
            phone.close()
        fac.close()
        database.dispose()


def phone_link_token(phone: PhoneBrowser, server) -> str:
    """The token of the personal link the phone's pass cookie holds (read the way the server does)."""
    data = URLSafeTimedSerializer(_secret(server), salt="samling.programme-pass").loads(phone.programme_pass)
    return f"{data[0][1]}.{data[0][2]}"


def _secret(server) -> str:
    database = Database(server.database_url)
    try:
        with database.read() as s:
            return s.exec(select(ServerSecret.value).where(ServerSecret.name == "cookie")).one()
    finally:
        database.dispose()


@pytest.mark.server
def test_a_pass_that_does_not_open_the_programme_joins_as_new(server, database_url):
    fac = Facilitator(server)
    database = Database(database_url)
    browsers: list[PhoneBrowser] = []

    def browser() -> PhoneBrowser:
        browsers.append(PhoneBrowser(server))
        return browsers[-1]

    try:
        a = fac.http.post("/api/v1/programmes", json={"title": "Program A"}).json()
        b = fac.http.post("/api/v1/programmes", json={"title": "Program B"}).json()
        assert fac.http.post(f"/api/v1/programmes/{a['id']}/groups", json={"name": "Gygrene"}).status_code == 201
        assert fac.http.post(f"/api/v1/programmes/{b['id']}/groups", json={"name": "Hemmelig"}).status_code == 201
        a1, code_a1 = programme_workshop(fac, a["id"], "A: samling 1")
        b1, code_b1 = programme_workshop(fac, b["id"], "B: samling 1")
        leader = browser()
        leader.join(code_a1, "Kari i A")
        async def pick():
            ws = Phone(server, leader.token)
            await ws.open()
            gid = next(g["id"] for g in fac.http.get(f"/api/v1/workshops/{a1}/groups").json()["groups"] if g["id"])
            await ws.send({"type": "choose_group", "group_id": gid})
            await recv_until(ws.ws, lambda m: m["type"] == "personal" and m["group"])
            await ws.close()
        run(pick())
        (kari_member, _name, _group), = people(database, a1).values()
        a_pass = leader.programme_pass
        b_leader = browser()
        b_leader.join(code_b1, "Ola i B")
        a2, code_a2 = programme_workshop(fac, a["id"], "A: samling 2")

        # Tampered: one character of the signed cookie changed.
        tampered = browser()
        tampered.http.cookies.set(PASS_COOKIE, a_pass[:-3] + ("A" if a_pass[-3] != "A" else "B") + a_pass[-2:],
                                  domain=HOST)
        page = tampered.join(code_a2)
        assert NOTICE in page
        assert NOTICE not in tampered.page(code_a2)  # said once

        # Expired: genuinely signed, 401 days ago.
        secret = _secret(server)
        expired = browser()
        data = URLSafeTimedSerializer(secret, salt="samling.programme-pass").loads(a_pass)
        expired.http.cookies.set(PASS_COOKIE, forged_pass(secret, data, age_days=401), domain=HOST)
        assert NOTICE in expired.join(code_a2)

        # A pass of programme B only.
        assert NOTICE in b_leader.join(code_a2)

        # Genuinely signed, naming programme B with A's member and secret: opens nothing in B.
        claimed = browser()
        claimed.http.cookies.set(PASS_COOKIE, forged_pass(secret, [[b["id"], data[0][1], data[0][2]]]), domain=HOST)
        page = claimed.join(code_b1)
        assert NOTICE in page and "Kari i A" not in page and "Program A" not in page

        joined_a2 = people(database, a2)
        assert len(joined_a2) == 3
        assert all(m != kari_member and n == "" and g is None for m, n, g in joined_a2.values())
        with database.read() as s:
            b_members = s.exec(select(ProgrammeMember).where(ProgrammeMember.programme_id == b["id"])).all()
        assert all(m.display_name != "Kari i A" and m.programme_group_id is None for m in b_members)

        # A's pass joining B: a new member of B, nothing of A carried over; B's name and group are not shown.
        page = leader.join(code_b1)
        assert NOTICE in page and "Kari i A" not in people_names(database, b1)
        assert "Hemmelig" not in page and "Program B" in page  # its own personal link names its own programme
        # The leader's pass of A is still there: A's next workshop knows them.
        page = leader.join(code_a2)
        assert NOTICE not in page
        assert any(m == kari_member and n == "Kari i A" and g is not None for m, n, g in people(database, a2).values())

        # The personal link on another device: it becomes the same leader in A.
        link = personal_link(page)
        assert f"/p/{data[0][1]}." in link
        laptop = browser()
        r = laptop.http.get(link.replace(server.base, ""))
        assert r.status_code == 200 and "Program A" in r.text and "Program B" not in r.text
        assert r.headers["cache-control"] == "no-store"
        cookie = r.headers["set-cookie"]
        assert PASS_COOKIE in cookie and "HttpOnly" in cookie and "Max-Age=34560000" in cookie and "SameSite=lax" in cookie
        laptop.join(code_a2)
        assert len(people(database, a2)) == 4  # the same participant as the leader's phone, not a fifth
        qr = laptop.http.get(f"/qr/p/{data[0][1]}.{data[0][2]}.svg")
        assert qr.status_code == 200 and qr.headers["content-type"] == "image/svg+xml"
        assert laptop.http.get("/qr/p/nothing.svg").status_code == 404
        # A link that is not valid: changed secret, unknown member, garbage.
        for bad in (f"{data[0][1]}.{data[0][2][:-1]}x", f"999999.{data[0][2]}", "abc"):
            r = browser().http.get(f"/p/{bad}")
            assert r.status_code == 404 and PASS_COOKIE not in r.headers.get("set-cookie", ""), bad
    finally:
        for phone in browsers:
            phone.close()
        fac.close()
        database.dispose()


def people_names(database: Database, workshop_id: int) -> list[str]:
    return [n for _m, n, _g in people(database, workshop_id).values()]
