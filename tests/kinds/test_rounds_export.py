"""Exports carry each structured kind's raw answers and its result (CSV, XLSX, JSON, report)."""
import csv
import io

from openpyxl import load_workbook

from app.services import entries, participants
from app.services.events import NullBus

VALUES = ["Tillit", "Respekt", "Åpenhet", "Likeverd", "Ærlighet", "Toleranse", "Kreativitet", "Inkludering", "Retning"]
ROWS = [VALUES[0:1], VALUES[1:3], VALUES[3:6], VALUES[6:8], VALUES[8:9]]


def test_every_structured_kind_exports_raw_answers_and_result(client, auth):
    ctx = client.app.state.ctx
    db, bus = ctx.db, NullBus()
    wid = client.post("/api/v1/workshops", json={"title": "Samling 3"}, headers=auth).json()["id"]
    made = {}
    for kind, prompt, settings in (
            ("points", "Fordel 100 poeng", {"items": VALUES[:3]}),
            ("diamond", "Prioriter i diamanten", {"items": VALUES, "mode": "individual"}),
            ("scale", "Mestringsorientert leder", {"min_count": 2}),
            ("poll", "Var dagen nyttig?", {"items": ["Ja", "Nei"], "correct": "Ja"})):
        r = client.post(f"/api/v1/workshops/{wid}/activities", json={"kind": kind, "prompt": prompt, "settings": settings},
                        headers=auth)
        assert r.status_code == 201, r.text
        made[kind] = r.json()["id"]
    client.post(f"/api/v1/workshops/{wid}/live", headers=auth)
    people = [participants.join(db, wid, f"Leder {i}") for i in range(2)]
    payloads = {
        "points": [{"points": {"Tillit": 70, "Respekt": 30}}, {"points": {"Åpenhet": 100}}],
        "diamond": [{"rows": ROWS}, {"rows": ROWS[::-1]}],
        "scale": [{"answers": {"Ser ansatte": {"score": 5, "reason": "Jeg går runden hver morgen"}}},
                  {"answers": {"Ser ansatte": {"score": 3, "reason": ""}}}],
        "poll": [{"choices": ["Ja"]}, {"choices": ["Nei"]}],
    }
    for kind, activity_id in made.items():
        client.post(f"/api/v1/workshops/{wid}/commands", json={"command": "goto", "args": {"activity_id": activity_id}},
                    headers=auth)
        for i, (p, payload) in enumerate(zip(people, payloads[kind])):
            entries.submit(db, bus, p.id, activity_id, f"{kind}-{p.id}-{i:04d}", payload)

    dump = client.get(f"/api/v1/workshops/{wid}/export.json", headers=auth).json()
    by_kind = {a["kind"]: a for a in dump["activities"]}
    assert [e["payload"] for e in by_kind["points"]["entries"]] == [{"points": {"Tillit": 70, "Respekt": 30}},
                                                                   {"points": {"Åpenhet": 100}}]
    assert {r["item"]: r["score"] for r in by_kind["points"]["results"]["ranking"]} == \
        {"Tillit": 70, "Respekt": 30, "Åpenhet": 100}
    assert by_kind["diamond"]["results"]["ranking"][0]["score"] == 5 + 1
    ser = next(s for s in by_kind["scale"]["results"]["statements"] if s["item"] == "Ser ansatte")
    assert ser["median"] == 4 and ser["histogram"] == [0, 0, 1, 0, 1, 0]
    assert [o["votes"] for o in by_kind["poll"]["results"]["options"]] == [1, 1]

    book = load_workbook(io.BytesIO(client.get(f"/api/v1/workshops/{wid}/export.xlsx", headers=auth).content))
    cells = {name: [[c.value for c in row] for row in book[name].iter_rows()] for name in book.sheetnames[1:]}
    flat = {name: [v for row in rows for v in row if v is not None] for name, rows in cells.items()}
    points_sheet, diamond_sheet, scale_sheet, poll_sheet = (flat[n] for n in book.sheetnames[1:])
    # A bokmål workshop: the workbook in bokmål.
    assert "Resultat" in points_sheet and 70 in points_sheet and "Telt med" in points_sheet
    assert "Tillit" in diamond_sheet and "Rad 1 (5)" in diamond_sheet
    # A self-assessment is private (issue 14): its distribution, never an individual answer or reason.
    assert "Jeg går runden hver morgen" not in scale_sheet and "Median" in scale_sheet and "Ser ansatte" in scale_sheet
    assert "Ja" in poll_sheet and "Stemmer" in poll_sheet

    text = client.get(f"/api/v1/activities/{made['scale']}/export.csv?format=raw",
                      headers=auth).content.decode("utf-8-sig")
    rows = list(csv.reader(io.StringIO(text)))
    # A self-assessment is private: its CSV is the anonymous distribution (issue 14; issue 10 kept the answers
    # without a participant key).
    assert rows[0][:3] == ["statement", "answers", "median"] and "reason" not in rows[0]
    ser_row = next(r for r in rows[1:] if r[0] == "Ser ansatte")
    assert ser_row[1] == "2" and float(ser_row[2]) == 4 and "Jeg går runden" not in text
    assert by_kind["scale"]["entries"] == [] and by_kind["scale"]["answers"] == 2
