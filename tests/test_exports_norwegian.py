"""Results the municipality can open (issue 12): the CSV and the workbook in the workshop's language,
as Norwegian Excel opens them (';', Norwegian headings, local time, group names, dates as dates, the
result before the raw log), with a raw CSV and the JSON export kept for scripts."""
import csv
import io
import re
from datetime import datetime, timezone
from zoneinfo import ZoneInfo

import pytest
from openpyxl import load_workbook

from app.services import entries, participants
from app.services.events import NullBus
from tests.test_api import add, command, go_live

OSLO = ZoneInfo("Europe/Oslo")
VALUES = ["Tillit", "Respekt", "Åpenhet", "Likeverd", "Ærlighet", "Toleranse", "Kreativitet", "Inkludering", "Retning"]
GROUPS = ["Gygrene", "Stjernelaget"]


def workshop(client, auth, language: str) -> dict:
    """A live workshop in `language`: two named groups of two, a group diamond (moves), a word cloud
    (one word hidden) and a poll; everything the exports need to be checked against."""
    ctx = client.app.state.ctx
    db, bus = ctx.db, NullBus()
    wid = client.post("/api/v1/workshops", json={"title": "Samling 3", "language": language}, headers=auth).json()["id"]
    diamond = add(client, auth, wid, "diamond", "Prioriter verdiene", settings={"items": VALUES, "mode": "group"})
    cloud = add(client, auth, wid, "word_cloud", "Ett ord om samarbeid")
    poll = add(client, auth, wid, "poll", "Var dagen nyttig?", settings={"items": ["Ja", "Nei"]})
    go_live(client, auth, wid)
    people = [participants.join(db, wid, f"Leder {i}") for i in range(4)]
    group_ids = []
    for name in GROUPS:
        r = client.post(f"/api/v1/workshops/{wid}/groups", json={"name": name}, headers=auth)
        assert r.status_code == 201, r.text
        group_ids.append(r.json()["id"])
    for i, p in enumerate(people):
        r = client.post(f"/api/v1/workshops/{wid}/groups/move", json={"participant_id": p.id,
                                                                       "group_id": group_ids[i % 2]}, headers=auth)
        assert r.status_code == 204, r.text
    command(client, auth, wid, "goto", activity_id=diamond["id"])
    for i, p in enumerate(people[:2]):  # one move by a member of each group
        entries.submit(db, bus, p.id, diamond["id"], f"d-{p.id}-{i:04d}", {"type": "move", "item": VALUES[i], "slot": 0})
    command(client, auth, wid, "goto", activity_id=cloud["id"])
    words = [entries.submit(db, bus, p.id, cloud["id"], f"w-{p.id}-{i:04d}", {"text": w})
             for i, (p, w) in enumerate(zip(people, ["Tillit", "tillit", "Åpenhet", "=Dritt"]))]
    command(client, auth, wid, "hide_word", word="=dritt")
    command(client, auth, wid, "goto", activity_id=poll["id"])
    for i, p in enumerate(people):
        entries.submit(db, bus, p.id, poll["id"], f"p-{p.id}-{i:04d}", {"choices": ["Ja" if i < 3 else "Nei"]})
    return {"wid": wid, "diamond": diamond["id"], "cloud": cloud["id"], "poll": poll["id"],
            "groups": dict(zip(group_ids, GROUPS)), "words": words}


def stored_times(client, auth, wid: int, activity_id: int) -> dict[int, datetime]:
    """Entry id -> stored time (UTC, aware) from the JSON export, which stays machine-readable."""
    dump = client.get(f"/api/v1/workshops/{wid}/export.json", headers=auth).json()
    activity = next(a for a in dump["activities"] if a["id"] == activity_id)
    times = {}
    for e in activity["entries"]:
        t = datetime.fromisoformat(e["created_at"])
        times[e["id"]] = t if t.tzinfo else t.replace(tzinfo=timezone.utc)
    return times


def local(t: datetime) -> str:
    """How a Norwegian spreadsheet shows a time: day.month.year hours:minutes:seconds, Oslo time."""
    return t.astimezone(OSLO).strftime("%d.%m.%Y %H:%M:%S")


def csv_text(client, auth, activity_id: int, query: str = "") -> str:
    r = client.get(f"/api/v1/activities/{activity_id}/export.csv{query}", headers=auth)
    assert r.status_code == 200, r.text
    assert r.headers["content-type"].startswith("text/csv")
    assert r.content.startswith("\ufeff".encode())  # the BOM: Excel reads UTF-8
    return r.content.decode("utf-8-sig")


class NorwegianExcel(csv.excel):
    """The dialect Norwegian Excel reads and writes: ';' between fields (the comma is its decimal sign)."""

    delimiter = ";"


def test_bokmal_csv_opens_in_norwegian_excel(client, auth):
    made = workshop(client, auth, "nb")
    text = csv_text(client, auth, made["cloud"])
    assert csv.Sniffer().sniff(text.splitlines()[0], delimiters=",;").delimiter == ";"
    rows = list(csv.DictReader(io.StringIO(text), dialect=NorwegianExcel))
    assert list(rows[0]) == ["Løpenr.", "Deltaker", "Tidspunkt", "Ord", "Telt som", "Skjult"]
    assert [(r["Ord"], r["Telt som"], r["Skjult"]) for r in rows] == \
        [("Tillit", "tillit", "nei"), ("tillit", "tillit", "nei"), ("Åpenhet", "åpenhet", "nei"),
         ("'=Dritt", "'=dritt", "ja")]  # formulas defused, the hidden word marked in words people read
    times = stored_times(client, auth, made["wid"], made["cloud"])
    assert {int(r["Løpenr."]): r["Tidspunkt"] for r in rows} == {i: local(t) for i, t in times.items()}
    assert all(re.fullmatch(r"\d\d\.\d\d\.\d{4} \d\d:\d\d:\d\d", r["Tidspunkt"]) for r in rows)
    assert all(r["Deltaker"].startswith("P") for r in rows)

    # A group's work carries the group's name, its entry types in words.
    rows = list(csv.DictReader(io.StringIO(csv_text(client, auth, made["diamond"])), dialect=NorwegianExcel))
    assert [r["Gruppe"] for r in rows] == GROUPS
    assert [r["Type"] for r in rows] == ["Flytting", "Flytting"]
    assert [r["Innhold"] for r in rows] == ["Tillit → rad 1", "Respekt → rad 1"]  # the slot's row, in words


def test_nynorsk_and_english_csv_in_their_own_words(client, auth):
    made = workshop(client, auth, "nn")
    rows = list(csv.reader(io.StringIO(csv_text(client, auth, made["poll"])), dialect=NorwegianExcel))
    assert rows[0] == ["Løpenr.", "Deltakar", "Tidspunkt", "Val", "Talt med", "Skjult"]
    assert {r[4] for r in rows[1:]} == {"ja"}
    made = workshop(client, auth, "en")
    rows = list(csv.DictReader(io.StringIO(csv_text(client, auth, made["diamond"]))))  # English Excel: ','
    assert list(rows[0]) == ["Entry no.", "Participant", "Time", "Type", "Group", "Content", "Hidden"]
    assert [(r["Group"], r["Type"], r["Hidden"]) for r in rows] == [("Gygrene", "Move", "no"),
                                                                     ("Stjernelaget", "Move", "no")]
    times = stored_times(client, auth, made["wid"], made["diamond"])
    assert {int(r["Entry no."]): r["Time"] for r in rows} == \
        {i: t.astimezone(OSLO).strftime("%Y-%m-%d %H:%M:%S") for i, t in times.items()}


def test_raw_csv_stays_for_scripts(client, auth):
    """`?format=raw`: comma, column keys, yes/no, UTC ISO times and group ids, whatever the language."""
    made = workshop(client, auth, "nb")
    rows = list(csv.DictReader(io.StringIO(csv_text(client, auth, made["diamond"], "?format=raw"))))
    assert list(rows[0]) == ["entry_id", "participant", "created_at", "type", "group", "what", "hidden"]
    assert [(int(r["group"]), r["type"], r["hidden"]) for r in rows] == \
        [(gid, "move", "no") for gid in made["groups"]]
    times = stored_times(client, auth, made["wid"], made["diamond"])
    assert {int(r["entry_id"]): datetime.fromisoformat(r["created_at"]).replace(tzinfo=timezone.utc)
            for r in rows} == times
    r = client.get(f"/api/v1/activities/{made['diamond']}/export.csv?format=pdf", headers=auth)
    assert r.status_code == 422


def test_bokmal_workbook_in_norwegian_with_results_first_and_real_dates(client, auth):
    made = workshop(client, auth, "nb")
    r = client.get(f"/api/v1/workshops/{made['wid']}/export.xlsx", headers=auth)
    assert r.status_code == 200
    book = load_workbook(io.BytesIO(r.content))
    assert book.sheetnames == ["Oversikt", "1 Diamantrangering", "2 Ordsky", "3 Avstemning"]
    overview = list(book["Oversikt"].iter_rows(values_only=True))
    assert overview[0][:2] == ("Samling", "Samling 3") and overview[1][:2] == ("Status", "Pågår")
    assert overview[2][:2] == ("Deltakere", 4)
    assert overview[4] == ("#", "Ark", "Aktivitet", "Spørsmål", "Svar", "Deltakere", "Skjulte svar")
    assert [row[:3] for row in overview[5:8]] == [(1, "1 Diamantrangering", "Diamantrangering"),
                                                  (2, "2 Ordsky", "Ordsky"), (3, "3 Avstemning", "Avstemning")]

    cloud = list(book["2 Ordsky"].iter_rows(values_only=True))
    assert cloud[0][0] == "Ett ord om samarbeid"
    assert cloud[2][0] == "Resultat" and cloud[3][:3] == ("Ord", "Antall personer", "Skjult")
    result = {row[0]: row[1:3] for row in cloud[4:7]}
    assert result["Tillit"] == (2, "nei") and result["Åpenhet"] == (1, "nei")
    log_at = [row[0] for row in cloud].index("Alle svar")
    assert log_at > 4 + len(result)  # the raw log comes after the result
    assert cloud[log_at + 1][:6] == ("Løpenr.", "Deltaker", "Tidspunkt", "Ord", "Telt som", "Skjult")
    log = cloud[log_at + 2:log_at + 6]
    times = stored_times(client, auth, made["wid"], made["cloud"])
    for row in log:
        assert isinstance(row[2], datetime)  # a real date cell, in Oslo time, to the second
        assert row[2] == times[row[0]].astimezone(OSLO).replace(tzinfo=None, microsecond=0)
    assert [row[5] for row in log] == ["nei", "nei", "nei", "ja"]
    sheet = book["2 Ordsky"]
    assert sheet.cell(row=log_at + 3, column=3).number_format == "dd.mm.yyyy hh:mm:ss"

    diamond = list(book["1 Diamantrangering"].iter_rows(values_only=True))
    assert diamond[2][0] == "Resultat" and diamond[3][:3] == ("Diamant / plass", "Rad 1 (5)", "Rad 2 (4)")
    assert {row[0] for row in diamond[4:6]} == set(GROUPS)  # each group's board by its name
    log_at = [row[0] for row in diamond].index("Alle svar")
    assert [(row[3], row[4]) for row in diamond[log_at + 2:]] == [("Flytting", g) for g in GROUPS]

    poll = list(book["3 Avstemning"].iter_rows(values_only=True))
    assert poll[3][:3] == ("Alternativ", "Stemmer", "Riktig svar") and poll[4][:2] == ("Ja", 3)


def test_english_workbook_stays_english(client, auth):
    made = workshop(client, auth, "en")
    book = load_workbook(io.BytesIO(client.get(f"/api/v1/workshops/{made['wid']}/export.xlsx", headers=auth).content))
    assert book.sheetnames == ["Overview", "1 Diamond ranking", "2 Word cloud", "3 Poll"]
    cloud = list(book["2 Word cloud"].iter_rows(values_only=True))
    assert cloud[2][0] == "Result" and "Every answer" in [row[0] for row in cloud]
    assert book["2 Word cloud"]["C" + str([row[0] for row in cloud].index("Every answer") + 3)].number_format == \
        "yyyy-mm-dd hh:mm:ss"


@pytest.mark.parametrize("label", ["Gruppe: [a/b]*?", "x" * 40])
def test_sheet_names_excel_accepts(label):
    from app.services.exports import sheet_name
    name = sheet_name(12, label)
    assert len(name) <= 31 and not set("[]:*?/\\") & set(name) and name.startswith("12 ")
