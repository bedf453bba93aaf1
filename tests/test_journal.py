"""Issue 14: the leader's private action-learning journal, opened only by their programme pass; their own
self-assessments side by side over the programme's days; the room's anonymous distributions of the earlier days."""
import io
import json

import openpyxl
import pytest

from app.activities.journal.questions import FOLLOW_UP, START
from app.db import Database
from tests.test_live import Facilitator, Phone, recv_until, run
from tests.test_programmes import PhoneBrowser

pytestmark = pytest.mark.server

SCALE = "Mestringsorientert leder: hvor står du i dag?"
ITEMS = ["Gir autonomi og tillit", "Stiller krav", "Ser ansatte"]


def programme_day(fac: Facilitator, programme_id: int, title: str, *activities) -> tuple[int, str, list[int]]:
    """A live workshop of the programme with these (kind, prompt, settings): (id, code, activity ids)."""
    r = fac.http.post(f"/api/v1/programmes/{programme_id}/workshops", json={"title": title})
    assert r.status_code == 201, r.text
    wid, ids = r.json()["id"], []
    for kind, prompt, settings in activities:
        r = fac.http.post(f"/api/v1/workshops/{wid}/activities", json={"kind": kind, "prompt": prompt,
                                                                       "settings": settings})
        assert r.status_code == 201, r.text
        ids.append(r.json()["id"])
    r = fac.http.post(f"/api/v1/workshops/{wid}/live")
    assert r.status_code == 200, r.text
    return wid, r.json()["join_code"], ids


def new_programme(fac: Facilitator, title: str = "Lederutvikling Seljord") -> int:
    r = fac.http.post("/api/v1/programmes", json={"title": title})
    assert r.status_code == 201, r.text
    return r.json()["id"]


def csrf(phone: PhoneBrowser) -> dict:
    return {"X-CSRF-Token": phone.http.cookies["samling_csrf"]}


def write(phone: PhoneBrowser, programme: int, body: str, question: str = "", activity: int | None = None,
          client_id: str = "c1", status: int = 201):
    r = phone.http.post(f"/api/v1/journal/{programme}/entries", headers=csrf(phone),
                        json={"client_id": client_id, "question": question, "body": body, "activity_id": activity})
    assert r.status_code == status, r.text
    return r.json() if r.content else None


def journal(phone: PhoneBrowser, programme: int) -> dict:
    r = phone.http.get(f"/api/v1/journal/{programme}")
    assert r.status_code == 200, r.text
    return r.json()


def exported_texts(fac: Facilitator, wid: int) -> list[str]:
    """Everything the facilitator can export of a workshop, as text: JSON, every XLSX cell, each activity's CSV."""
    r = fac.http.get(f"/api/v1/workshops/{wid}/export.json")
    assert r.status_code == 200, r.text
    texts = [r.text]
    for a in r.json()["activities"]:
        csv = fac.http.get(f"/api/v1/activities/{a['id']}/export.csv")
        assert csv.status_code == 200, csv.text
        texts.append(csv.text)
    book = fac.http.get(f"/api/v1/workshops/{wid}/export.xlsx")
    assert book.status_code == 200
    sheets = openpyxl.load_workbook(io.BytesIO(book.content))
    texts.append("\n".join(str(c.value) for ws in sheets.worksheets for row in ws.iter_rows() for c in row
                           if c.value is not None))
    return texts


def answer_scale(server, phone: PhoneBrowser, activity: int, scores: dict[str, int]) -> None:
    async def go():
        ws = Phone(server, phone.token)
        await ws.open()
        await ws.send({"type": "submit", "client_id": f"scale-{activity:06d}", "activity_id": activity,
                       "payload": {"answers": {k: {"score": v, "reason": "fordi"} for k, v in scores.items()}}})
        reply = await ws.reply()
        await ws.close()
        assert reply["type"] == "ack", reply

    run(go())


def test_the_journal_is_the_leaders_alone(server):
    fac = Facilitator(server)
    phones: list[PhoneBrowser] = []
    try:
        programme = new_programme(fac)
        other_programme = new_programme(fac, "Et annet program")
        wid, code, [journal_round] = programme_day(fac, programme, "Samling 1", ("journal", "Aksjonslæring", {}))
        _other, other_code, _ids = programme_day(fac, other_programme, "Annen samling")
        fac.command(wid, "next")
        kari, ola = PhoneBrowser(server), PhoneBrowser(server)
        phones += [kari, ola]
        kari.join(code, "Kari")
        ola.join(code)

        mine = journal(kari, programme)
        assert mine["entries"] == [] and mine["questions"] == START and mine["member"]["name"] == "Kari"

        # In the round: one answer per question, revised when written again; a resend changes nothing more.
        first = write(kari, programme, "Trygghet og tydelighet", START[0], journal_round, "a1")
        again = write(kari, programme, "Trygghet, tydelighet og tillit", START[0], journal_round, "a2")
        assert again["id"] == first["id"] and again["body"] == "Trygghet, tydelighet og tillit"
        assert write(kari, programme, "Trygghet, tydelighet og tillit", START[0], journal_round, "a2")["id"] == first["id"]
        # Between the days: a free entry of its own.
        write(kari, programme, "Testet ut ukentlige en-til-en-samtaler.", FOLLOW_UP[0], client_id="b1")
        assert [e["body"] for e in journal(kari, programme)["entries"]] == \
            ["Testet ut ukentlige en-til-en-samtaler.", "Trygghet, tydelighet og tillit"]

        # Another leader's phone reads and changes nothing of it.
        assert journal(ola, programme)["entries"] == []
        r = ola.http.patch(f"/api/v1/journal/{programme}/entries/{first['id']}", headers=csrf(ola), json={"body": "x"})
        assert r.status_code == 404 and r.json()["detail"]["code"] == "entry"
        r = ola.http.delete(f"/api/v1/journal/{programme}/entries/{first['id']}", headers=csrf(ola))
        assert r.status_code == 404

        # No pass, or the pass of another programme: nothing opens.
        stranger = PhoneBrowser(server)
        phones.append(stranger)
        r = stranger.http.get(f"/api/v1/journal/{programme}")
        assert r.status_code == 403 and r.json()["detail"]["code"] == "no_pass"
        stranger.join(other_code, "Fremmed")
        r = stranger.http.get(f"/api/v1/journal/{programme}")
        assert r.status_code == 403 and r.json()["detail"]["code"] == "no_pass"
        assert stranger.http.get(f"/journal/{programme}").status_code == 403
        r = stranger.http.patch(f"/api/v1/journal/{programme}/entries/{first['id']}", headers=csrf(stranger),
                                json={"body": "x"})
        assert r.status_code == 403

        # Writing needs the page's CSRF token; bad input is refused clearly and loses nothing.
        r = kari.http.post(f"/api/v1/journal/{programme}/entries", json={"client_id": "z", "body": "x"})
        assert r.status_code == 403 and r.json()["detail"]["code"] == "csrf"
        assert write(kari, programme, "   ", client_id="e1", status=422)["detail"]["code"] == "empty"
        assert write(kari, programme, "x" * 4001, client_id="e2", status=422)["detail"]["code"] == "too_long"
        assert write(kari, programme, "x", client_id="bad id!", status=422)["detail"]["code"] == "client_id"
        assert write(kari, programme, "x", activity=_other, client_id="e3", status=422)["detail"]["code"] == "activity"
        assert write(kari, programme, "nul\x00l", client_id="e4")["body"] == "null"
        assert len(journal(kari, programme)["entries"]) == 3

        # Shared with the network group: Ola sees it once he is in Kari's group.
        groups = fac.http.get(f"/api/v1/workshops/{wid}/groups").json()["groups"]
        if not [g for g in groups if g["id"]]:
            r = fac.http.post(f"/api/v1/programmes/{programme}/groups", json={"name": "Gygrene"})
            assert r.status_code == 201, r.text
            groups = fac.http.get(f"/api/v1/workshops/{wid}/groups").json()["groups"]
        gid = next(g["id"] for g in groups if g["id"])

        async def choose(phone):
            ws = Phone(server, phone.token)
            await ws.open()
            await ws.send({"type": "choose_group", "group_id": gid})
            await recv_until(ws.ws, lambda m: m["type"] == "personal" and m["group"])
            await ws.close()

        run(choose(kari))
        run(choose(ola))
        r = kari.http.patch(f"/api/v1/journal/{programme}/entries/{first['id']}", headers=csrf(kari),
                            json={"shared": True})
        assert r.status_code == 200 and r.json()["shared"] is True
        shared = journal(ola, programme)["shared"]
        assert [(x["name"], x["body"]) for x in shared] == [("Kari", "Trygghet, tydelighet og tillit")]
        assert journal(kari, programme)["shared"] == []  # one's own entries are in one's timeline already

        # The facilitator: counts only, in the console, the API and every export.
        async def mark():
            ws = Phone(server, kari.token)
            await ws.open()
            await ws.send({"type": "submit", "client_id": "marker-0001", "activity_id": journal_round, "payload": {"question": 0}})
            reply = await ws.reply()
            await ws.close()
            return reply

        reply = run(mark())
        assert reply["type"] == "ack", reply
        results = fac.results(wid)["results"]
        assert results["questions"][0] == {"question": START[0], "writers": 1} and results["writers"] == 1
        for text in exported_texts(fac, wid):
            assert "tydelighet" not in text and "en-til-en" not in text
        assert "tydelighet" not in json.dumps(fac.http.get(f"/api/v1/programmes/{programme}").json())
    finally:
        for phone in phones:
            phone.close()
        fac.close()


def test_own_scores_side_by_side_and_the_rooms_earlier_distribution(server, database_url):
    fac = Facilitator(server)
    phones = [PhoneBrowser(server) for _ in range(6)]
    database = Database(database_url)
    settings = {"items": ITEMS, "min_count": 5}
    try:
        programme = new_programme(fac)
        w1, code1, [scale1] = programme_day(fac, programme, "Samling 1", ("scale", SCALE, settings))
        fac.command(w1, "next")
        for i, phone in enumerate(phones):
            phone.join(code1, f"Leder {i}")
            answer_scale(server, phone, scale1, {"Gir autonomi og tillit": 2 + i % 3, "Stiller krav": 3,
                                                 "Ser ansatte": 4})
        assert fac.http.post(f"/api/v1/workshops/{w1}/end").status_code == 200

        w2, code2, [scale2] = programme_day(fac, programme, "Samling 2", ("scale", SCALE.upper(), settings))
        fac.command(w2, "next")
        # Only four answer on day 2 so far: today's statements stay hidden, day 1's are shown beside them.
        for phone in phones[:4]:
            phone.join(code2)
            answer_scale(server, phone, scale2, {"Gir autonomi og tillit": 5, "Stiller krav": 4})

        mine = journal(phones[1], programme)["scores"]
        assert len(mine) == 1 and mine[0]["items"] == ITEMS
        assert [(d["workshop"], d["scores"]) for d in mine[0]["days"]] == [
            ("Samling 1", {"Gir autonomi og tillit": 3, "Stiller krav": 3, "Ser ansatte": 4}),
            ("Samling 2", {"Gir autonomi og tillit": 5, "Stiller krav": 4})]

        results = fac.results(w2)["results"]
        [day1] = results["earlier"]
        assert day1["workshop"] == "Samling 1"
        then = {s["item"]: s for s in day1["results"]["statements"]}
        assert then["Gir autonomi og tillit"]["histogram"] == [0, 2, 2, 2, 0, 0] and then["Gir autonomi og tillit"]["shown"]
        today = {s["item"]: s for s in results["statements"]}
        assert today["Gir autonomi og tillit"]["shown"] is False and today["Gir autonomi og tillit"]["histogram"] is None
        # Nothing in the facilitator's view joins a score to a person.
        assert "Leder" not in json.dumps(results) and "fordi" not in json.dumps(results)
    finally:
        for phone in phones:
            phone.close()
        fac.close()
        database.dispose()


def test_compared_over_the_days_every_distribution_needs_five_answers():
    from app.activities.base import StoredEntry
    from app.activities.scale import KIND as SCALE_KIND
    from app.models import utcnow

    settings = SCALE_KIND.settings({"items": ITEMS, "min_count": 2})
    entries = [StoredEntry(i, i, {"answers": {ITEMS[0]: {"score": 3, "reason": ""}}}, False, utcnow())
               for i in range(1, 4)]
    alone = SCALE_KIND.tally(settings, entries, {})
    assert alone["statements"][0]["shown"] and alone["min_count"] == 2  # its own minimum, when not compared
    day1 = {"workshop": "Samling 1", "activity_id": 9, "results": {"statements": [
        {"item": ITEMS[0], "count": 4, "shown": True, "histogram": [0, 0, 4, 0, 0, 0], "median": 3},
        {"item": ITEMS[1], "count": 6, "shown": True, "histogram": [0, 0, 6, 0, 0, 0], "median": 3}]}}
    compared = SCALE_KIND.tally(settings, entries, {"earlier": [day1]})
    assert not compared["statements"][0]["shown"] and compared["min_count"] == 5  # three answers today: too few
    then = compared["earlier"][0]["results"]["statements"]
    assert (then[0]["shown"], then[0]["histogram"], then[1]["shown"]) == (False, None, True)
