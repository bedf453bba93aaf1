"""The entry log of the exports in words people read: a diamond's moves by row, a poster comment's mark by
its label, in the workshop's language; the raw CSV keeps the machine text scripts parse."""
import csv
import io

import pytest
from openpyxl import load_workbook

from app.services import entries, participants
from app.services.events import NullBus
from tests.test_api import add, command, go_live
from tests.test_exports_norwegian import VALUES, NorwegianExcel, csv_text


def workshop(client, auth, language: str) -> dict:
    """A live workshop of two groups: a group diamond with moves (to the top row, to row 3, back to the list,
    and an added value) and a poster whose group marks a visitor's comment, then takes the mark off."""
    db, bus = client.app.state.ctx.db, NullBus()
    wid = client.post("/api/v1/workshops", json={"title": "Samling 4", "language": language}, headers=auth).json()["id"]
    diamond = add(client, auth, wid, "diamond", "Prioriter verdiene", settings={"items": VALUES, "mode": "group"})
    poster = add(client, auth, wid, "poster", "VERDI: Som leder skal jeg ...")
    go_live(client, auth, wid)
    groups = []
    for name in ("Gygrene", "Stjernelaget"):
        r = client.post(f"/api/v1/workshops/{wid}/groups", json={"name": name}, headers=auth)
        assert r.status_code == 201, r.text
        groups.append(r.json()["id"])
    ann, ola = participants.join(db, wid, "Ann"), participants.join(db, wid, "Ola")
    for p, gid in ((ann, groups[0]), (ola, groups[1])):
        r = client.post(f"/api/v1/workshops/{wid}/groups/move", json={"participant_id": p.id, "group_id": gid},
                        headers=auth)
        assert r.status_code == 204, r.text

    command(client, auth, wid, "goto", activity_id=diamond["id"])
    for i, (p, payload) in enumerate([(ann, {"type": "move", "item": "Tillit", "slot": 0}),
                                      (ann, {"type": "move", "item": "Respekt", "slot": 4}),
                                      (ann, {"type": "move", "item": "Tillit", "slot": None}),
                                      (ola, {"type": "add", "text": "Mot"})]):
        entries.submit(db, bus, p.id, diamond["id"], f"diamond-{i:04d}", payload)

    command(client, auth, wid, "goto", activity_id=poster["id"])
    entries.submit(db, bus, ann.id, poster["id"], "poster-0001", {"type": "edit", "base": 0, "text": "Vi lytter."})
    said = entries.submit(db, bus, ola.id, poster["id"], "poster-0002",
                          {"type": "comment", "poster": groups[0], "text": "Hvordan?"})
    comment = said.entry["id"]
    entries.submit(db, bus, ann.id, poster["id"], "poster-0003", {"type": "mark", "comment": comment, "mark": "agreed"})
    entries.submit(db, bus, ann.id, poster["id"], "poster-0004", {"type": "mark", "comment": comment, "mark": ""})
    return {"wid": wid, "diamond": diamond["id"], "poster": poster["id"], "comment": comment}


def column(text: str, heading: str, delimiter: str) -> list[str]:
    """One column of a CSV export, read back as a spreadsheet would."""
    return [row[heading] for row in csv.DictReader(io.StringIO(text), delimiter=delimiter)]


def log_column(book, sheet: str, heading: str) -> list:
    """One column of an activity sheet's entry log (below 'Every answer' in the workshop's language)."""
    rows = list(book[sheet].iter_rows(values_only=True))
    start = next(i for i, row in enumerate(rows) if row[0] in ("Alle svar", "Every answer")) + 1
    at = rows[start].index(heading)
    return [row[at] for row in rows[start + 1:]]


READABLE = {
    "nb": {"what": "Innhold", "text": "Tekst", "diamond": "1 Diamantrangering", "poster": "2 Gruppeplakat",
           "moves": ["Tillit → rad 1", "Respekt → rad 3", "Tillit → ikke plassert", "Mot → ikke plassert"],
           "marks": ["Kommentar {n}: Enige", "Kommentar {n}: merke fjernet"]},
    "nn": {"what": "Innhald", "text": "Tekst", "diamond": "1 Diamantrangering", "poster": "2 Gruppeplakat",
           "moves": ["Tillit → rad 1", "Respekt → rad 3", "Tillit → ikkje plassert", "Mot → ikkje plassert"],
           "marks": ["Kommentar {n}: Samde", "Kommentar {n}: merke fjerna"]},
    "en": {"what": "Content", "text": "Text", "diamond": "1 Diamond ranking", "poster": "2 Group poster",
           "moves": ["Tillit → row 1", "Respekt → row 3", "Tillit → not placed", "Mot → not placed"],
           "marks": ["Comment {n}: Agreed", "Comment {n}: mark removed"]},
}


@pytest.mark.parametrize("language", ["nb", "nn", "en"])
def test_the_log_reads_in_the_workshops_language(client, auth, language):
    made = workshop(client, auth, language)
    words = READABLE[language]
    marks = [m.format(n=made["comment"]) for m in words["marks"]]
    delimiter = "," if language == "en" else ";"

    assert column(csv_text(client, auth, made["diamond"]), words["what"], delimiter) == words["moves"]
    poster_log = column(csv_text(client, auth, made["poster"]), words["text"], delimiter)
    assert poster_log == ["Vi lytter.", "Hvordan?", *marks]  # typed text as typed, marks in words

    r = client.get(f"/api/v1/workshops/{made['wid']}/export.xlsx", headers=auth)
    assert r.status_code == 200
    book = load_workbook(io.BytesIO(r.content))
    assert log_column(book, words["diamond"], words["what"]) == words["moves"]
    assert log_column(book, words["poster"], words["text"]) == ["Vi lytter.", "Hvordan?", *marks]


def test_bokmal_csv_parses_in_norwegian_excel(client, auth):
    """The readable log is still a ';' CSV Norwegian Excel splits into the same columns."""
    made = workshop(client, auth, "nb")
    rows = list(csv.reader(io.StringIO(csv_text(client, auth, made["diamond"])), dialect=NorwegianExcel))
    assert rows[0] == ["Løpenr.", "Deltaker", "Tidspunkt", "Type", "Gruppe", "Innhold", "Skjult"]
    assert [r[3:6] for r in rows[1:]] == [["Flytting", "Gygrene", "Tillit → rad 1"],
                                          ["Flytting", "Gygrene", "Respekt → rad 3"],
                                          ["Flytting", "Gygrene", "Tillit → ikke plassert"],
                                          ["Lagt til", "Stjernelaget", "Mot → ikke plassert"]]


def test_raw_csv_keeps_the_machine_text(client, auth):
    """`?format=raw` is unchanged for scripts: the slot index (None: back to the list), the mark's key."""
    made = workshop(client, auth, "nb")
    raw = csv_text(client, auth, made["diamond"], "?format=raw")
    assert column(raw, "what", ",") == ["Tillit -> 0", "Respekt -> 4", "Tillit -> None", "Mot -> "]
    assert column(raw, "type", ",") == ["move", "move", "move", "add"]
    raw = csv_text(client, auth, made["poster"], "?format=raw")
    n = made["comment"]
    assert column(raw, "text", ",") == ["Vi lytter.", "Hvordan?", f"#{n}: agreed", f"#{n}: -"]
    dump = client.get(f"/api/v1/workshops/{made['wid']}/export.json", headers=auth).json()
    poster = next(a for a in dump["activities"] if a["id"] == made["poster"])
    assert [e["payload"].get("mark") for e in poster["entries"]][-2:] == ["agreed", ""]
