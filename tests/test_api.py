"""The REST API in process (TestClient): accounts, agenda editing, going live, joining, CSRF and exports."""
import csv
import io
import re

import pytest
from openpyxl import load_workbook

from app import joincode
from tests.conftest import PASSWORD, sign_up

QUESTION = "Hva skal til for at et slikt program blir nyttig for deg?"
VALUES = "Hvilke verdier er viktigst i samarbeidet mellom sektorene?"


def make_workshop(client, auth, title: str = "Samling 3 – Gygrene") -> int:
    """A draft workshop; its id."""
    r = client.post("/api/v1/workshops", json={"title": title, "language": "nb"}, headers=auth)
    assert r.status_code == 201, r.text
    return r.json()["id"]


def add(client, auth, workshop_id: int, kind: str, prompt: str, **body) -> dict:
    """Add an activity; the created activity."""
    r = client.post(f"/api/v1/workshops/{workshop_id}/activities", json={"kind": kind, "prompt": prompt, **body},
                    headers=auth)
    assert r.status_code == 201, r.text
    return r.json()


def agenda(client, auth, workshop_id: int) -> list[dict]:
    """The workshop's activities in order."""
    r = client.get(f"/api/v1/workshops/{workshop_id}", headers=auth)
    assert r.status_code == 200, r.text
    return r.json()["activities"]


def go_live(client, auth, workshop_id: int) -> str:
    """Open the workshop; its join code."""
    r = client.post(f"/api/v1/workshops/{workshop_id}/live", headers=auth)
    assert r.status_code == 200, r.text
    return r.json()["join_code"]


def command(client, auth, workshop_id: int, name: str, **args) -> dict:
    """Run a facilitator command; the workshop afterwards."""
    r = client.post(f"/api/v1/workshops/{workshop_id}/commands", json={"command": name, "args": args}, headers=auth)
    assert r.status_code == 200, r.text
    return r.json()


def join(client, code: str) -> dict:
    """Join as a phone; the join answer."""
    r = client.post("/api/v1/join", json={"code": code, "name": "", "language": "nb"})
    assert r.status_code == 201, r.text
    return r.json()


def submit(client, token: str, activity_id: int, text: str, client_id: str) -> dict:
    """Send one answer over the participant websocket; the ack (or error) received."""
    with client.websocket_connect("/ws/participant") as ws:
        ws.send_json({"type": "hello", "token": token})
        assert ws.receive_json()["type"] == "state"
        ws.send_json({"type": "submit", "client_id": client_id, "activity_id": activity_id, "payload": {"text": text}})
        while True:
            msg = ws.receive_json()
            if msg["type"] in ("ack", "error"):
                return msg


def invite_and_sign_up(client, auth, email: str = "kollega@example.no") -> dict[str, str]:
    """Invite a second facilitator and sign them up through the invitation page; their bearer header."""
    r = client.post("/api/v1/invitations", headers=auth)
    assert r.status_code == 201, r.text
    url = r.json()["url"]
    page = client.get(url)
    assert page.status_code == 200
    csrf = re.search(r'name="csrf" value="([^"]+)"', page.text).group(1)
    r = client.post(url, data={"name": "Kollega", "email": email, "password": PASSWORD, "csrf": csrf},
                    follow_redirects=False)
    assert r.status_code == 303, r.text
    assert "samling_session" in client.cookies
    r = client.post("/api/v1/auth/token", json={"email": email, "password": PASSWORD})
    assert r.status_code == 200, r.text
    return {"Authorization": f"Bearer {r.json()['token']}"}


# --- accounts ----------------------------------------------------------------------------------

def test_first_sign_up_then_refused(client):
    """The first facilitator signs up; a second self-sign-up is refused with 409."""
    sign_up(client)
    r = client.post("/api/v1/auth/signup", json={"name": "Noen andre", "email": "annen@example.no",
                                                 "password": PASSWORD})
    assert r.status_code == 409
    assert r.json()["detail"]["code"] == "not_first"


def test_login_token_works_and_wrong_password_does_not(client):
    """Email and password give a working bearer token; a wrong password gives 401, a forged token too."""
    sign_up(client)
    r = client.post("/api/v1/auth/token", json={"email": "Fasilitator@Example.no ", "password": PASSWORD})
    assert r.status_code == 200
    token = r.json()["token"]
    assert client.get("/api/v1/workshops", headers={"Authorization": f"Bearer {token}"}).status_code == 200
    r = client.post("/api/v1/auth/token", json={"email": "fasilitator@example.no", "password": "feil passord!"})
    assert r.status_code == 401
    assert client.get("/api/v1/workshops", headers={"Authorization": f"Bearer {token}x"}).status_code == 401
    assert client.get("/api/v1/workshops").status_code == 401


def test_invitation_lets_a_second_facilitator_in_once(client, auth):
    """An invitation link signs up one more facilitator; the same link cannot be used again."""
    r = client.post("/api/v1/invitations", headers=auth)
    url = r.json()["url"]
    page = client.get(url)
    csrf = re.search(r'name="csrf" value="([^"]+)"', page.text).group(1)
    r = client.post(url, data={"name": "Kollega", "email": "kollega@example.no", "password": PASSWORD,
                               "csrf": "feil"}, follow_redirects=False)
    assert r.status_code == 403  # the form without its CSRF token is refused
    r = client.post(url, data={"name": "Kollega", "email": "kollega@example.no", "password": PASSWORD, "csrf": csrf},
                    follow_redirects=False)
    assert r.status_code == 303
    r = client.post(url, data={"name": "Tredje", "email": "tredje@example.no", "password": PASSWORD, "csrf": csrf},
                    follow_redirects=False)
    assert r.status_code == 404
    r = client.post("/api/v1/auth/token", json={"email": "tredje@example.no", "password": PASSWORD})
    assert r.status_code == 401
    assert client.get(url).status_code == 404


def test_facilitators_see_only_their_own_workshops(client, auth):
    """Facilitator B gets 404 for everything of A's workshop: read, edit, commands, exports, presenter socket."""
    wid = make_workshop(client, auth)
    act = add(client, auth, wid, "open_text", QUESTION)
    go_live(client, auth, wid)
    b = invite_and_sign_up(client, auth)
    assert client.get("/api/v1/workshops", headers=b).json() == []
    for method, path, body in (
            ("GET", f"/api/v1/workshops/{wid}", None),
            ("PATCH", f"/api/v1/workshops/{wid}", {"title": "Kapret"}),
            ("DELETE", f"/api/v1/workshops/{wid}", None),
            ("POST", f"/api/v1/workshops/{wid}/activities", {"kind": "open_text", "prompt": "Kapret?"}),
            ("PATCH", f"/api/v1/activities/{act['id']}", {"prompt": "Kapret?"}),
            ("POST", f"/api/v1/activities/{act['id']}/duplicate", None),
            ("DELETE", f"/api/v1/activities/{act['id']}", None),
            ("POST", f"/api/v1/workshops/{wid}/commands", {"command": "next"}),
            ("POST", f"/api/v1/workshops/{wid}/end", None),
            ("GET", f"/api/v1/workshops/{wid}/live-view", None),
            ("GET", f"/api/v1/workshops/{wid}/export.json", None),
            ("GET", f"/api/v1/workshops/{wid}/export.xlsx", None),
            ("GET", f"/api/v1/activities/{act['id']}/export.csv", None)):
        r = client.request(method, path, json=body, headers=b)
        assert r.status_code == 404, (method, path, r.status_code)
    assert client.get(f"/api/v1/workshops/{wid}", headers=auth).json()["title"] == "Samling 3 – Gygrene"
    assert len(agenda(client, auth, wid)) == 1
    token = b["Authorization"].split()[1]
    with client.websocket_connect(f"/ws/workshop/{wid}/presenter") as ws:
        ws.send_json({"type": "hello", "token": token})
        assert ws.receive_json()["code"] == "unauthorised"


# --- agenda editing ----------------------------------------------------------------------------

def test_activity_crud(client, auth):
    """Add, insert, edit, refuse bad settings, move, duplicate and delete activities."""
    wid = make_workshop(client, auth)
    q = add(client, auth, wid, "open_text", QUESTION)
    cloud = add(client, auth, wid, "word_cloud", VALUES, settings={"words_per_participant": 2})
    first = add(client, auth, wid, "open_text", "Hva forventer du av dagen i dag?", position=0)
    assert cloud["settings"] == {"words_per_participant": 2, "max_length": 40}
    assert q["settings"] == {"max_answers": 3, "max_length": 280}
    assert [(a["id"], a["position"]) for a in agenda(client, auth, wid)] == \
        [(first["id"], 0), (q["id"], 1), (cloud["id"], 2)]

    r = client.patch(f"/api/v1/activities/{q['id']}", json={"prompt": "Hva trenger dere fra oss?",
                                                              "settings": {"max_answers": 5}}, headers=auth)
    assert r.status_code == 200
    assert r.json()["prompt"] == "Hva trenger dere fra oss?"
    assert r.json()["settings"] == {"max_answers": 5, "max_length": 280}
    for body in ({"settings": {"max_answers": 0}}, {"settings": {"farge": "rød"}}, {"prompt": "   "}):
        r = client.patch(f"/api/v1/activities/{q['id']}", json=body, headers=auth)
        assert r.status_code == 422, body
    r = client.post(f"/api/v1/workshops/{wid}/activities", json={"kind": "tarot", "prompt": "?"}, headers=auth)
    assert r.status_code == 422

    r = client.post(f"/api/v1/activities/{cloud['id']}/move", json={"position": 0}, headers=auth)
    assert r.status_code == 204
    assert [a["id"] for a in agenda(client, auth, wid)] == [cloud["id"], first["id"], q["id"]]
    r = client.post(f"/api/v1/activities/{cloud['id']}/move", json={"position": 99}, headers=auth)
    assert [a["id"] for a in agenda(client, auth, wid)] == [first["id"], q["id"], cloud["id"]]

    r = client.post(f"/api/v1/activities/{q['id']}/duplicate", headers=auth)
    assert r.status_code == 201
    copy = r.json()
    assert copy["id"] != q["id"]
    assert (copy["kind"], copy["prompt"], copy["settings"]) == ("open_text", "Hva trenger dere fra oss?",
                                                                 {"max_answers": 5, "max_length": 280})
    assert [a["id"] for a in agenda(client, auth, wid)] == [first["id"], q["id"], copy["id"], cloud["id"]]

    assert client.delete(f"/api/v1/activities/{first['id']}", headers=auth).status_code == 204
    items = agenda(client, auth, wid)
    assert [a["id"] for a in items] == [q["id"], copy["id"], cloud["id"]]
    assert [a["position"] for a in items] == [0, 1, 2]
    assert client.delete(f"/api/v1/activities/{first['id']}", headers=auth).status_code == 404


def test_deleting_the_current_activity_returns_to_the_lobby(client, auth):
    """When the activity on screen is deleted, the workshop has no current activity."""
    wid = make_workshop(client, auth)
    a = add(client, auth, wid, "word_cloud", VALUES)
    add(client, auth, wid, "open_text", QUESTION)
    go_live(client, auth, wid)
    assert command(client, auth, wid, "next")["current_activity_id"] == a["id"]
    client.delete(f"/api/v1/activities/{a['id']}", headers=auth)
    assert client.get(f"/api/v1/workshops/{wid}", headers=auth).json()["current_activity_id"] is None


# --- going live and joining --------------------------------------------------------------------

def test_go_live_issues_an_eight_digit_code(client, auth):
    """Going live gives an 8-digit code; going live again keeps it; ending releases it."""
    wid = make_workshop(client, auth)
    code = go_live(client, auth, wid)
    assert re.fullmatch(r"[1-9][0-9]{7}", code)
    assert go_live(client, auth, wid) == code
    r = client.post(f"/api/v1/workshops/{wid}/end", headers=auth)
    assert r.json()["status"] == "ended" and r.json()["join_code"] is None
    r = client.post("/api/v1/join", json={"code": code, "name": ""})
    assert r.status_code == 404


def test_live_codes_are_unique_even_when_the_draw_collides(client, auth, monkeypatch):
    """If the random draw repeats a live workshop's code, the second workshop draws again."""
    draws = iter([2] + [7] * 7 + [2] + [7] * 7 + [4] + [1] * 7)  # 37777777, 37777777 again, then 51111111
    real = joincode.secrets.randbelow
    monkeypatch.setattr(joincode.secrets, "randbelow", lambda n: next(draws, None) or real(n))
    first = go_live(client, auth, make_workshop(client, auth, "Gygrene"))
    second = go_live(client, auth, make_workshop(client, auth, "Trollene"))
    assert (first, second) == ("37777777", "51111111")
    monkeypatch.undo()
    codes = {first, second} | {go_live(client, auth, make_workshop(client, auth, f"Gruppe {i}")) for i in range(10)}
    assert len(codes) == 12


def test_join_with_wrong_or_malformed_code(client, auth):
    """A wrong code is a 404 that says so; a malformed one explains what a code looks like."""
    wid = make_workshop(client, auth)
    code = go_live(client, auth, wid)
    wrong = str((int(code) + 1) % 100_000_000).zfill(8)
    r = client.post("/api/v1/join", json={"code": wrong, "name": ""})
    assert r.status_code == 404
    detail = r.json()["detail"]
    assert detail["code"] == "wrong_code" and len(detail["message"]) > 10
    r = client.post("/api/v1/join", json={"code": "12 34", "name": ""})
    assert r.status_code == 404
    assert r.json()["detail"]["code"] == "bad_code"
    assert r.json()["detail"]["message"] != detail["message"]


def test_join_errors_speak_bokmal_by_default(client, auth):
    """Phones get the wrong-code message in bokmål (the default language), and in English when asked."""
    go_live(client, auth, make_workshop(client, auth))
    english = "No workshop is open with that code. Check the code on the screen."
    r = client.post("/api/v1/join?lang=en", json={"code": "1000 0001"})
    assert r.json()["detail"]["message"] == english
    r = client.post("/api/v1/join", json={"code": "1000 0001", "language": "nb"})
    assert r.status_code == 404
    assert r.json()["detail"]["message"] != english


@pytest.mark.parametrize("shape", ["{a} {b}", "{a}-{b}", " {a} {b} ", "{a}.{b}", "{a}{b}"])
def test_join_accepts_spaces_and_dashes(client, auth, shape):
    """'1234 5678', '1234-5678' and friends all join the workshop."""
    wid = make_workshop(client, auth)
    code = go_live(client, auth, wid)
    r = join(client, shape.format(a=code[:4], b=code[4:]))
    assert r["workshop_id"] == wid and r["participant_token"]


def test_wrong_codes_throttle_the_device_not_the_room(client, auth):
    """After 8 wrong codes a device gets 429 (even for the right code); another device on the same address joins."""
    wid = make_workshop(client, auth)
    code = go_live(client, auth, wid)
    client.cookies.set("samling_device", "telefon-som-gjetter")
    for i in range(8):
        r = client.post("/api/v1/join", json={"code": f"9{i:07d}" if f"9{i:07d}" != code else "98765432"})
        assert r.status_code == 404, r.text
    r = client.post("/api/v1/join", json={"code": "90000009"})
    assert r.status_code == 429
    assert r.json()["detail"]["code"] == "throttled"
    assert 0 < int(r.headers["Retry-After"]) <= 60
    assert client.post("/api/v1/join", json={"code": code}).status_code == 429
    client.cookies.set("samling_device", "telefon-ved-siden-av")
    assert join(client, code)["workshop_id"] == wid


def test_joining_an_ended_or_draft_workshop_is_refused(client, auth):
    """Only live workshops can be joined; a draft has no code at all."""
    wid = make_workshop(client, auth)
    assert client.get(f"/api/v1/workshops/{wid}", headers=auth).json()["join_code"] is None
    code = go_live(client, auth, wid)
    join(client, code)
    client.post(f"/api/v1/workshops/{wid}/end", headers=auth)
    assert client.post("/api/v1/join", json={"code": code}).status_code == 404


def test_commands_are_checked_before_anything_else_and_no_ops_redraw_nothing(client, auth):
    """An unknown command is 422 even in the lobby; a known moderation action of a kind on the agenda
    with nothing on screen is 409; `next` at the last activity (or `previous` in the lobby) changes
    nothing, so the screens' version stays."""
    wid = make_workshop(client, auth)
    add(client, auth, wid, "word_cloud", "Hvilke verdier er viktigst?")
    go_live(client, auth, wid)
    r = client.post(f"/api/v1/workshops/{wid}/commands", json={"command": "fly_away", "args": {}}, headers=auth)
    assert r.status_code == 422 and r.json()["detail"]["code"] == "command", r.text
    r = client.post(f"/api/v1/workshops/{wid}/commands", json={"command": "hide_word", "args": {"word": "x"}},
                    headers=auth)
    assert r.status_code == 409 and r.json()["detail"]["code"] == "no_activity", r.text
    lobby = command(client, auth, wid, "previous")["state_version"]
    assert command(client, auth, wid, "previous")["state_version"] == lobby
    last = command(client, auth, wid, "next")["state_version"]
    assert last == lobby + 1
    assert command(client, auth, wid, "next")["state_version"] == last
    listed = client.get("/api/v1/workshops", headers=auth).json()
    assert [w["id"] for w in listed] == [wid] and "activities" not in listed[0]
    assert len(client.get(f"/api/v1/workshops/{wid}", headers=auth).json()["activities"]) == 1


# --- CSRF --------------------------------------------------------------------------------------

def test_cookie_api_post_needs_the_csrf_header(client, auth):
    """A session-cookie API POST without (or with a wrong) X-CSRF-Token is 403; with it, it works."""
    invite_and_sign_up(client, auth)  # leaves the session and CSRF cookies in the client
    csrf = client.cookies.get("samling_csrf")
    assert csrf
    r = client.post("/api/v1/workshops", json={"title": "Samling 4"})
    assert r.status_code == 403
    assert r.json()["detail"]["code"] == "csrf"
    r = client.post("/api/v1/workshops", json={"title": "Samling 4"}, headers={"X-CSRF-Token": "feil-token"})
    assert r.status_code == 403
    assert client.get("/api/v1/workshops").json() == []  # nothing was created, and reading needs no header
    r = client.post("/api/v1/workshops", json={"title": "Samling 4"}, headers={"X-CSRF-Token": csrf})
    assert r.status_code == 201
    assert [w["title"] for w in client.get("/api/v1/workshops").json()] == ["Samling 4"]


# --- exports -----------------------------------------------------------------------------------

@pytest.fixture
def answered(client, auth):
    """A live workshop where three phones answered an open question and a word cloud; one answer hidden."""
    wid = make_workshop(client, auth)
    q = add(client, auth, wid, "open_text", QUESTION)
    cloud = add(client, auth, wid, "word_cloud", VALUES)
    code = go_live(client, auth, wid)
    phones = [join(client, code)["participant_token"] for _ in range(3)]
    command(client, auth, wid, "next")
    answers = ["Mer tid til samarbeid på tvers", "Konkrete verktøy, ikke bare prat", "=HYPERLINK(\"http://x\")"]
    acks = [submit(client, t, q["id"], text, f"svar-{i:04d}") for i, (t, text) in enumerate(zip(phones, answers))]
    assert all(a["type"] == "ack" for a in acks), acks
    hidden_id = acks[2]["entry"]["id"]
    command(client, auth, wid, "hide_entry", entry_id=hidden_id)
    command(client, auth, wid, "next")
    words = ["Tillit", "tillit", "Åpenhet"]
    for i, (t, word) in enumerate(zip(phones, words)):
        assert submit(client, t, cloud["id"], word, f"ord-{i:06d}")["type"] == "ack"
    command(client, auth, wid, "hide_word", word="åpenhet")
    return wid, q, cloud, answers, hidden_id


def test_csv_export_has_every_answer_and_marks_hidden(client, auth, answered):
    """The raw CSV for scripts (UTF-8 with BOM, column keys) lists all answers; the hidden one is marked,
    formulas are defused (the spreadsheet CSV in the workshop's language: tests/test_exports_norwegian.py)."""
    wid, q, cloud, answers, hidden_id = answered
    r = client.get(f"/api/v1/activities/{q['id']}/export.csv?format=raw", headers=auth)
    assert r.status_code == 200
    assert r.headers["content-type"].startswith("text/csv")
    assert r.content.startswith("\ufeff".encode())
    rows = list(csv.DictReader(io.StringIO(r.content.decode("utf-8-sig"))))
    assert [row["answer"] for row in rows] == answers[:2] + ["'" + answers[2]]
    assert {int(row["entry_id"]): row["hidden"] for row in rows}[hidden_id] == "yes"
    assert [row["hidden"] for row in rows].count("no") == 2
    r = client.get(f"/api/v1/activities/{cloud['id']}/export.csv?format=raw", headers=auth)
    rows = list(csv.DictReader(io.StringIO(r.content.decode("utf-8-sig"))))
    assert [(row["word"], row["counted_as"], row["hidden"]) for row in rows] == \
        [("Tillit", "tillit", "no"), ("tillit", "tillit", "no"), ("Åpenhet", "åpenhet", "yes")]


def test_xlsx_export_has_every_answer_and_marks_hidden(client, auth, answered):
    """The workbook has an overview and one sheet per activity, with every answer and hidden ones marked."""
    wid, q, cloud, answers, hidden_id = answered
    r = client.get(f"/api/v1/workshops/{wid}/export.xlsx", headers=auth)
    assert r.status_code == 200
    book = load_workbook(io.BytesIO(r.content))
    assert book.sheetnames[0] == "Oversikt" and len(book.sheetnames) == 3  # a bokmål workshop
    overview = [row for row in book["Oversikt"].iter_rows(values_only=True)]
    assert ("Deltakere", 3) in [row[:2] for row in overview]
    assert [row[4:7] for row in overview[5:7]] == [(3, 3, 1), (3, 3, 0)]
    sheet = book[book.sheetnames[1]]
    rows = list(sheet.iter_rows(values_only=True))
    assert rows[0][0] == QUESTION
    assert rows[2][0] == "Alle svar"  # an open question's result is its answers
    header = rows[3]
    body = [dict(zip(header, row)) for row in rows[4:7]]
    assert [b["Svar"] for b in body] == answers[:2] + ["'" + answers[2]]
    assert [b["Skjult"] for b in body] == ["nei", "nei", "ja"]
    assert {b["Løpenr."]: b["Skjult"] for b in body}[hidden_id] == "ja"
    cloud_cells = [c for row in book[book.sheetnames[2]].iter_rows(values_only=True) for c in row]
    assert cloud_cells.count("Tillit") >= 1 and "Åpenhet" in cloud_cells


def test_json_export_has_every_answer_and_marks_hidden(client, auth, answered):
    """The JSON dump carries every entry's payload and hidden flag, plus settings and moderation."""
    wid, q, cloud, answers, hidden_id = answered
    r = client.get(f"/api/v1/workshops/{wid}/export.json", headers=auth)
    assert r.status_code == 200
    data = r.json()
    assert data["format"] == "samling.workshop.v1" and data["workshop"]["participants"] == 3
    first, second = data["activities"]
    assert [e["payload"]["text"] for e in first["entries"]] == answers
    assert [e["id"] for e in first["entries"] if e["hidden"]] == [hidden_id]
    assert [c["hidden"] for c in first["results"]["cards"] if c["id"] == hidden_id] == [True]
    assert second["moderation"]["hidden"] == ["åpenhet"]
    assert {w["key"]: (w["count"], w["hidden"]) for w in second["results"]["words"]} == \
        {"tillit": (2, False), "åpenhet": (1, True)}


def test_live_view_leaves_hidden_out_for_the_room(client, auth, answered):
    """The presenter's results leave the hidden word out; the facilitator's keep it, marked."""
    wid, q, cloud, answers, hidden_id = answered
    with client.websocket_connect(f"/ws/workshop/{wid}/presenter") as ws:
        ws.send_json({"type": "hello", "token": auth["Authorization"].split()[1]})
        state = ws.receive_json()
        assert state["type"] == "state" and state["activity"]["id"] == cloud["id"]
        results = ws.receive_json()
        assert results["type"] == "results"
        assert [w["key"] for w in results["results"]["words"]] == ["tillit"]
    view = client.get(f"/api/v1/workshops/{wid}/live-view", headers=auth).json()
    assert [(w["key"], w["hidden"]) for w in view["results"]["results"]["words"]] == \
        [("tillit", False), ("åpenhet", True)]


def test_configured_extra_origin_may_open_websockets(database_url):
    """An origin listed in allowed_origins is accepted; any other foreign origin is refused before accept."""
    from fastapi.testclient import TestClient
    from starlette.websockets import WebSocketDisconnect

    from app.config import Settings
    from app.main import create_app

    settings = Settings(database_url=database_url, allowed_origins="https://samling.kommune.no/, https://x.no")
    with TestClient(create_app(settings)) as c:
        auth = sign_up(c)
        code = go_live(c, auth, wid := make_workshop(c, auth))
        token = join(c, code)["participant_token"]
        with c.websocket_connect("/ws/participant", headers={"origin": "https://samling.kommune.no"}) as ws:
            ws.send_json({"type": "hello", "token": token})
            assert ws.receive_json()["workshop"]["id"] == wid
        with pytest.raises(WebSocketDisconnect) as e:
            with c.websocket_connect("/ws/participant", headers={"origin": "https://evil.example"}) as ws:
                ws.receive_json()
        assert e.value.code == 1008


# --- service endpoints -------------------------------------------------------------------------

def test_healthz_docs_and_openapi(client):
    """Health check, offline Swagger UI and the OpenAPI document answer."""
    assert client.get("/healthz").json() == {"status": "ok"}
    docs = client.get("/docs")
    assert docs.status_code == 200 and "swagger-ui" in docs.text
    assert "/static/vendor/swagger-ui/swagger-ui-bundle.js" in docs.text
    assert client.get("/static/vendor/swagger-ui/swagger-ui-bundle.js").status_code == 200
    spec = client.get("/openapi.json").json()
    assert spec["info"]["title"] == "Samling API"
    for path in ("/api/v1/join", "/api/v1/workshops", "/api/v1/workshops/{workshop_id}/commands",
                 "/api/v1/workshops/{workshop_id}/export.xlsx", "/api/v1/auth/token"):
        assert path in spec["paths"], path


# --- races on account creation -----------------------------------------------------------------

def _race(n: int, attempt) -> list:
    """Run `attempt(i)` in n threads released at the same moment; each result or the exception raised."""
    from concurrent.futures import ThreadPoolExecutor
    from threading import Barrier

    barrier = Barrier(n)

    def go(i):
        barrier.wait()
        try:
            return attempt(i)
        except Exception as e:  # noqa: BLE001 - the refusals are what we count
            return e

    with ThreadPoolExecutor(n) as pool:
        return list(pool.map(go, range(n)))


@pytest.fixture
def db(database_url):
    """A migrated database for the service functions, with no app around it."""
    from app.db import Database

    database = Database(database_url)
    database.migrate()
    yield database
    database.dispose()


def test_racing_first_sign_ups_make_one_facilitator(db):
    """Four people opening a fresh installation at once: exactly one becomes the first facilitator."""
    from app.services import facilitators
    from app.services.errors import Conflict

    outcomes = _race(4, lambda i: facilitators.sign_up_first(db, f"Person {i}", f"person{i}@example.no", PASSWORD))
    made = [o for o in outcomes if not isinstance(o, Exception)]
    assert len(made) == 1, outcomes
    assert all(isinstance(o, Conflict) for o in outcomes if isinstance(o, Exception)), outcomes


def test_racing_use_of_one_invitation_makes_one_facilitator(db):
    """Two people using the same invitation link at once: only one account is created."""
    from app.services import facilitators
    from app.services.errors import NotFound

    owner = facilitators.sign_up_first(db, "Fasilitator", "fasilitator@example.no", PASSWORD)
    inv = facilitators.invite(db, owner.id)
    outcomes = _race(3, lambda i: facilitators.accept_invitation(db, inv.token, f"Kollega {i}",
                                                                 f"kollega{i}@example.no", PASSWORD))
    made = [o for o in outcomes if not isinstance(o, Exception)]
    assert len(made) == 1, outcomes
    assert all(isinstance(o, NotFound) for o in outcomes if isinstance(o, Exception)), outcomes
