"""Privacy (issue 10, finding 9, and the Low export items): pseudonymous exports, private self-assessments,
phones deleting their own answers, deleted text gone from the database files, the public notice pages."""
import csv
import io
from html import unescape as html_unescape
import json
import time
import uuid
from pathlib import Path

import pytest
from openpyxl import load_workbook
from sqlmodel import select

from app.db import CHECKPOINT_DELAY
from app.models import Entry, Facilitator, Workshop
from app.services import entries, participants
from app.services.events import NullBus
from app.services.retention import purge_expired
from tests.conftest import BACKEND
from tests.test_api import add, command, go_live, join, make_workshop, submit
from tests.test_retention import cookie_login, ended_at

STATEMENT = "Ser ansatte"


@pytest.fixture
def room(client, auth):
    """A grouped live workshop: four named people answered an open question, a word cloud and a
    private self-assessment (each person's texts name them, so a test knows who wrote what)."""
    ctx = client.app.state.ctx
    db, bus = ctx.db, NullBus()
    wid = make_workshop(client, auth)
    q = add(client, auth, wid, "open_text", "Hva tar du med deg?")
    cloud = add(client, auth, wid, "word_cloud", "Ett ord")
    scale = add(client, auth, wid, "scale", "Mestringsorientert leder", settings={"min_count": 2})
    go_live(client, auth, wid)
    people = [participants.join(db, wid, f"Leder {i}") for i in range(4)]
    assert client.post(f"/api/v1/workshops/{wid}/groups/split", json={"count": 2}, headers=auth).status_code == 200
    for activity, payload in ((q, lambda i: {"text": f"Svar fra leder {i}"}), (cloud, lambda i: {"text": f"ord{'abcd'[i]}"}),
                              (scale, lambda i: {"answers": {STATEMENT: {"score": 2 + i, "reason": f"Grunn {i}"}}})):
        command(client, auth, wid, "goto", activity_id=activity["id"])
        for i, p in enumerate(people):
            entries.submit(db, bus, p.id, activity["id"], f"c{activity['id']}-{p.id}-{i:04d}", payload(i))
    return wid, q, cloud, scale, people


def member_keys(client, auth, wid) -> set[str]:
    """The participant keys the groups list gives away, as exports used to print them (P<id>)."""
    groups = client.get(f"/api/v1/workshops/{wid}/groups", headers=auth).json()["groups"]
    ids = {m["id"] for g in groups for m in g["members"]}
    assert len(ids) == 4
    return {f"P{i}" for i in ids}


def strings_in(value) -> set[str]:
    """Every scalar in a JSON value, as text."""
    if isinstance(value, dict):
        return {str(k) for k in value} | {s for v in value.values() for s in strings_in(v)}
    if isinstance(value, list):
        return {s for v in value for s in strings_in(v)}
    return {str(value)}


def test_private_self_assessment_exports_carry_no_individual_answer(client, auth, room):
    # Issue 14 made this stricter than issue 10 (which exported each answer without a key): a leader's own scores
    # and reasons are theirs alone, so no export carries an individual answer, only the anonymous distribution.
    wid, q, cloud, scale, people = room
    keys = member_keys(client, auth, wid)
    dump = client.get(f"/api/v1/workshops/{wid}/export.json", headers=auth).json()
    private = next(a for a in dump["activities"] if a["kind"] == "scale")
    assert private["entries"] == [] and private["answers"] == 4
    assert not strings_in(private["results"]) & keys
    assert not {text for text in strings_in(private) if text.startswith("Grunn")}
    for query, delimiter, heading in (("?format=raw", ",", "statement"), ("", ";", "Utsagn")):
        text = client.get(f"/api/v1/activities/{scale['id']}/export.csv{query}", headers=auth).content.decode("utf-8-sig")
        rows = list(csv.reader(io.StringIO(text), delimiter=delimiter))
        assert rows[0][0] == heading and STATEMENT in [r[0] for r in rows[1:]]  # the distribution: a row a statement
        assert "Grunn" not in text and not {v for row in rows for v in row} & keys
    book = load_workbook(io.BytesIO(client.get(f"/api/v1/workshops/{wid}/export.xlsx", headers=auth).content))
    sheet = [[c for c in row] for row in book[book.sheetnames[3]].iter_rows(values_only=True)]
    cells = {str(c) for row in sheet for c in row if c is not None}
    assert "Alle svar" not in cells and not {c for c in cells if c.startswith("Grunn")} and STATEMENT in cells
    assert not cells & keys
    # The printable report shows the distribution, no participant key.
    cookie_login(client)
    report = client.get(f"/facilitator/workshops/{wid}/report")
    assert report.status_code == 200 and STATEMENT in report.text
    assert not {k for k in keys if f">{k}<" in report.text}


def pseudonyms_by_author(dump) -> dict[str, dict[int, str]]:
    """kind -> {author index -> pseudonym} from a JSON export of the room."""
    out = {}
    for a in dump["activities"]:
        if a["kind"] == "open_text":
            out["open_text"] = {int(e["payload"]["text"][-1]): e["participant"] for e in a["entries"]}
        elif a["kind"] == "word_cloud":
            out["word_cloud"] = {"abcd".index(e["payload"]["text"][-1]): e["participant"] for e in a["entries"]}
    return out


def test_pseudonyms_hold_within_one_export_only(client, auth, room):
    wid, q, cloud, scale, people = room
    keys = member_keys(client, auth, wid)
    first = pseudonyms_by_author(client.get(f"/api/v1/workshops/{wid}/export.json", headers=auth).json())
    second = pseudonyms_by_author(client.get(f"/api/v1/workshops/{wid}/export.json", headers=auth).json())
    for names in (first, second):
        assert names["open_text"] == names["word_cloud"]  # the same person across activities
        assert len(set(names["open_text"].values())) == 4  # and different people apart
        assert not set(names["open_text"].values()) & keys  # never the database id
    assert not set(first["open_text"].values()) & set(second["open_text"].values())  # a new export, new names
    # The workbook: the same person has the same pseudonym on every sheet of one export.
    book = load_workbook(io.BytesIO(client.get(f"/api/v1/workshops/{wid}/export.xlsx", headers=auth).content))

    def by_author(sheet, column, author):
        rows = list(book[sheet].iter_rows(values_only=True))
        at = [r[0] for r in rows].index("Alle svar") + 1  # the log of every answer, after the result
        header = list(rows[at])
        return {author(r[header.index(column)]): r[header.index("Deltaker")] for r in rows[at + 1:at + 5]}

    texts = by_author(book.sheetnames[1], "Svar", lambda t: int(t[-1]))
    words = by_author(book.sheetnames[2], "Ord", lambda w: "abcd".index(w[-1]))
    assert texts == words and len(set(texts.values())) == 4 and not set(texts.values()) & keys


def test_a_control_character_and_a_formula_title_do_not_break_the_workbook(client, auth):
    """Old data (or any path around the title clean-up) may hold control characters: the export cleans
    every cell; the title, like every other cell, is never a live formula."""
    db = client.app.state.ctx.db
    wid = make_workshop(client, auth)
    a = add(client, auth, wid, "open_text", "Spørsmål")
    with db.write() as s:
        w = s.get(Workshop, wid)
        w.title = '=HYPERLINK("http://example.com","Klikk\x01")'
        s.add(w)
        from app.models import Activity
        act = s.get(Activity, a["id"])
        act.prompt = "Hva\x0b tar du med deg?"
        s.add(act)
    r = client.get(f"/api/v1/workshops/{wid}/export.xlsx", headers=auth)
    assert r.status_code == 200
    book = load_workbook(io.BytesIO(r.content))
    title = book["Oversikt"]["B1"]
    assert title.data_type != "f" and title.value == "'=HYPERLINK(\"http://example.com\",\"Klikk\")"
    assert book[book.sheetnames[1]]["A1"].value == "Hva tar du med deg?"


def test_json_export_is_not_cached(client, auth):
    wid = make_workshop(client, auth)
    r = client.get(f"/api/v1/workshops/{wid}/export.json", headers=auth)
    assert r.status_code == 200 and r.headers["cache-control"] == "no-store"


# --- a phone deletes its own answers --------------------------------------------------------------

def until(ws, predicate):
    """Messages from a socket until one matches."""
    while True:
        msg = ws.receive_json()
        if predicate(msg):
            return msg


def test_a_phone_deletes_its_own_answers_and_the_results_follow(client, auth):
    wid = make_workshop(client, auth)
    q = add(client, auth, wid, "open_text", "Hva tar du med deg?", settings={"max_answers": 3})
    cloud = add(client, auth, wid, "word_cloud", "Ett ord")
    code = go_live(client, auth, wid)
    mine, other = join(client, code)["participant_token"], join(client, code)["participant_token"]
    command(client, auth, wid, "goto", activity_id=cloud["id"])
    assert submit(client, mine, cloud["id"], "Tillit", "ord-000001")["type"] == "ack"
    command(client, auth, wid, "goto", activity_id=q["id"])
    for i, (token, text) in enumerate(((mine, "Mitt første"), (mine, "Mitt andre"), (other, "Den andres"))):
        assert submit(client, token, q["id"], text, f"svar-{i:06d}")["type"] == "ack"
    with client.websocket_connect(f"/ws/workshop/{wid}/facilitator") as console, \
            client.websocket_connect("/ws/participant") as phone:
        console.send_json({"type": "hello", "token": auth["Authorization"].split()[1]})
        until(console, lambda m: m["type"] == "results" and m["counts"]["entries"] == 3)
        phone.send_json({"type": "hello", "token": mine})
        state = until(phone, lambda m: m["type"] == "state")
        assert len(state["mine"][str(q["id"])]) == 2
        phone.send_json({"type": "delete_mine", "activity_id": q["id"]})
        deleted = until(phone, lambda m: m["type"] in ("deleted", "error"))
        assert deleted["type"] == "deleted" and len(deleted["entry_ids"]) == 2, deleted
        results = until(console, lambda m: m["type"] == "results" and m["counts"]["entries"] != 3)
        assert [c["text"] for c in results["results"]["cards"]] == ["Den andres"]
        phone.send_json({"type": "delete_mine"})  # everything else of mine: the word
        assert len(until(phone, lambda m: m["type"] in ("deleted", "error"))["entry_ids"]) == 1
        phone.send_json({"type": "delete_mine", "activity_id": 2 ** 40})
        assert until(phone, lambda m: m["type"] == "error")["code"] == "bad_activity"
    db = client.app.state.ctx.db
    with db.read() as s:
        assert [e.payload["text"] for e in s.exec(select(Entry)).all()] == ["Den andres"]
    client.post(f"/api/v1/workshops/{wid}/end", headers=auth)
    with client.websocket_connect("/ws/participant") as phone:
        phone.send_json({"type": "hello", "token": other})
        until(phone, lambda m: m["type"] == "state")
        phone.send_json({"type": "delete_mine"})
        assert until(phone, lambda m: m["type"] == "error")["code"] == "not_live"


def test_phone_page_offers_deletion_in_its_language(client, auth):
    wid = make_workshop(client, auth)
    add(client, auth, wid, "open_text", "Spørsmål")
    code = go_live(client, auth, wid)
    client.get(f"/{code}")
    html = client.post(f"/{code}", data={"name": "", "csrf": client.cookies.get("samling_csrf")}).text
    assert 'id="erase"' in html
    strings = json.loads(html_unescape(html.split('data-strings="', 1)[1].split('"', 1)[0]))
    assert strings["Delete my answers…"] == "Slett svarene mine\u00a0…"  # no line break before the dots
    assert strings["Delete your answers? This cannot be undone."].startswith("Slette svarene dine?")


# --- deleted text must not linger in the database files -------------------------------------------

def db_bytes(database_url: str) -> bytes:
    path = Path(database_url.removeprefix("sqlite:///"))
    return b"".join(Path(str(path) + suffix).read_bytes() for suffix in ("", "-wal", "-shm")
                    if Path(str(path) + suffix).exists())


@pytest.mark.parametrize("how", ["workshop", "own_answers", "retention"])
def test_deleted_answers_leave_no_trace_in_the_database_files(client, auth, database_url, how):
    marker = f"HEMMELIG-{uuid.uuid4().hex}"
    db = client.app.state.ctx.db
    wid = make_workshop(client, auth)
    q = add(client, auth, wid, "open_text", "Spørsmål", settings={"max_length": 2000})
    code = go_live(client, auth, wid)
    token = join(client, code)["participant_token"]
    command(client, auth, wid, "next")
    # Long enough to spill onto overflow pages as well as short in-page copies.
    for i, text in enumerate((marker, marker * 20)):
        assert submit(client, token, q["id"], text, f"svar-{i:06d}")["type"] == "ack"
    if BACKEND != "postgres":
        assert marker.encode() in db_bytes(database_url)  # the test can fail: the text is there
    if how == "workshop":
        assert client.delete(f"/api/v1/workshops/{wid}", headers=auth).status_code == 204
    elif how == "own_answers":
        with client.websocket_connect("/ws/participant") as phone:
            phone.send_json({"type": "hello", "token": token})
            phone.send_json({"type": "delete_mine"})
            assert until(phone, lambda m: m["type"] in ("deleted", "error"))["type"] == "deleted"
    else:
        client.post(f"/api/v1/workshops/{wid}/end", headers=auth)
        from datetime import timedelta
        assert purge_expired(db, ended_at(db, wid) + timedelta(days=91), 90) == [wid]
    with db.read() as s:
        assert [e for e in s.exec(select(Entry)).all() if marker in json.dumps(e.payload)] == []
    if BACKEND != "postgres":
        # A phone's own deletion reaches the file within CHECKPOINT_DELAY (coalesced checkpoints).
        deadline = time.monotonic() + CHECKPOINT_DELAY + 5
        while marker.encode() in db_bytes(database_url) and time.monotonic() < deadline:
            time.sleep(0.2)
        assert marker.encode() not in db_bytes(database_url)


# --- privacy notice and accessibility statement ----------------------------------------------------

@pytest.mark.parametrize("path, lang, words", [
    ("/personvern", "nb", ["Personvernerklæring", "90 dager", "IP-adressen din lagres ikke", "samling_participant"]),
    ("/personvern", "nn", ["Personvernerklæring", "90 dagar"]),
    ("/privacy", "en", ["Privacy notice", "90 days", "not stored with your answers"]),
    ("/tilgjengelighet", "nb", ["Tilgjengelighetserklæring", "WCAG 2.1", "Tilsynet for universell utforming",
                                "https://www.uutilsynet.no"]),
    ("/tilgjengelighet", "nn", ["Tilgjengelegheitserklæring", "Kjende avvik"]),
    ("/accessibility", "en", ["Accessibility statement", "Known deviations", "uutilsynet"]),
])
def test_notice_pages_have_defaults_in_every_language(client, path, lang, words):
    r = client.get(f"{path}?lang={lang}")
    assert r.status_code == 200
    for word in words:
        assert word in r.text, word
    assert '<a href="https://' in r.text or path.startswith("/p")


def test_every_page_links_the_notices(client):
    html = client.get("/?lang=nb").text
    assert 'href="/personvern"' in html and 'href="/tilgjengelighet"' in html


def test_the_admin_edits_the_texts_safely_and_others_cannot(client, auth):
    db = client.app.state.ctx.db
    cookie_login(client)
    with db.write() as s:
        f = s.exec(select(Facilitator)).one()
        f.is_admin = False
        s.add(f)
    assert client.get("/facilitator/texts").status_code == 403
    r = client.post("/facilitator/texts", data={"key": "privacy", "language": "nb", "body": "Hei",
                                                "csrf": client.cookies.get("samling_csrf")})
    assert r.status_code == 403 and "Hei" not in client.get("/personvern?lang=nb").text
    with db.write() as s:
        f = s.exec(select(Facilitator)).one()
        f.is_admin = True
        s.add(f)
    form = client.get("/facilitator/texts?key=privacy&language=nb")
    assert form.status_code == 200 and "Behandlingsansvarlig" in form.text
    body = "# Personvern i Eksempel kommune\n\nVi <script>alert(1)</script> svarer på personvern@eksempel.kommune.no.\n\n- punkt"
    r = client.post("/facilitator/texts", data={"key": "privacy", "language": "nb", "body": body,
                                                "csrf": "feil"})
    assert r.status_code == 403
    r = client.post("/facilitator/texts", data={"key": "privacy", "language": "nb", "body": body,
                                                "csrf": client.cookies.get("samling_csrf")}, follow_redirects=False)
    assert r.status_code == 303
    page = client.get("/personvern?lang=nb").text
    assert "<h1>Personvern i Eksempel kommune</h1>" in page
    assert "<script>alert(1)</script>" not in page and "&lt;script&gt;alert(1)&lt;/script&gt;" in page
    assert '<a href="mailto:personvern@eksempel.kommune.no">' in page and "<li>punkt</li>" in page
    assert "Personvernerklæring for Samling" in client.get("/privacy?lang=en").text.replace("Privacy notice for", "") \
        or "Privacy notice" in client.get("/privacy?lang=en").text  # other languages keep their default
    r = client.post("/facilitator/texts", data={"key": "privacy", "language": "nb", "body": "", "reset": "1",
                                                "csrf": client.cookies.get("samling_csrf")}, follow_redirects=False)
    assert r.status_code == 303 and "Personvernerklæring for Samling" in client.get("/personvern?lang=nb").text
