"""Exports of a workshop: CSV per activity, one XLSX workbook, a JSON dump (and the printable report's data).

No export carries a database id of a participant: each export names participants by pseudonyms
drawn afresh for it (the same person has the same pseudonym across the activities of one export,
and a different one in the next export), and a private kind's answers (a self-assessment) carry
no participant key at all, so nothing in an export joins them to the names in the groups list."""
import csv
import dataclasses
import io
import secrets
from typing import Any

from openpyxl import Workbook
from openpyxl.cell.cell import ILLEGAL_CHARACTERS_RE
from openpyxl.styles import Font
from openpyxl.utils import get_column_letter
from sqlmodel import select

from app.activities import get_kind
from app.activities.base import StoredEntry, Table, validated_settings
from app.db import Database
from app.models import Activity, Participant, Workshop
from app.services.entries import stored_entries
from app.services.errors import NotFound
from app.services.groups import groups_of
from app.services.access import agenda, owned_workshop


# Consonants only: a pseudonym is never a number (a database id) and never spells a word.
_LETTERS = "bcdfghjkmnpqrstvwxz"


class Pseudonyms:
    """Participant pseudonyms for one export: random, drawn when a participant first appears."""

    def __init__(self):
        self._of: dict[int, str] = {}

    def __call__(self, participant_id: int) -> str:
        """The pseudonym of a participant in this export (the kinds print it as P<pseudonym>)."""
        if participant_id not in self._of:
            taken = set(self._of.values())
            while (name := "".join(secrets.choice(_LETTERS) for _ in range(6))) in taken:
                pass
            self._of[participant_id] = name
        return self._of[participant_id]


def _pseudonymised(entries: list[StoredEntry], names: Pseudonyms) -> list[StoredEntry]:
    # The kinds build tables and results from these, so no database id reaches the export.
    return [dataclasses.replace(e, participant_id=names(e.participant_id)) for e in entries]


def _pseudonymised_moderation(moderation: dict[str, Any], names: Pseudonyms) -> dict[str, Any]:
    # The one place a kind keeps participant ids outside its entries: a gallery walk's hosts.
    walk = moderation.get("walk")
    if isinstance(walk, dict) and isinstance(walk.get("hosts"), dict):
        hosts = {group: names(pid) for group, pid in walk["hosts"].items()}
        return {**moderation, "walk": {**walk, "hosts": hosts}}
    return moderation


def _without_participant(table: Table) -> Table:
    """A private kind's table without the participant column: nothing joins its rows to a person."""
    if "participant" not in table.headers:
        return table
    drop = table.headers.index("participant")
    return Table([h for i, h in enumerate(table.headers) if i != drop],
                 [[v for i, v in enumerate(row) if i != drop] for row in table.rows])


def _activity_export(s, a: Activity, names: Pseudonyms) -> dict[str, Any]:
    kind = get_kind(a.kind)
    entries = _pseudonymised(stored_entries(s, a.id), names)
    moderation = _pseudonymised_moderation(a.moderation, names)
    groups = {g.id: g.name for g in groups_of(s, a.workshop_id)}
    results = kind.tally(validated_settings(kind, a.settings), entries, moderation, groups)
    table = kind.entry_table(entries, moderation)
    return {"activity": a, "kind": kind, "entries": entries, "results": results, "moderation": moderation,
            "entry_table": _without_participant(table) if kind.private else table,
            "result_table": kind.result_table(results)}


def collect(db: Database, owner_id: int, workshop_id: int) -> tuple[Workshop, list[dict[str, Any]], int]:
    """The workshop, every activity's entries (pseudonymised), tables and results, and the participant count."""
    names = Pseudonyms()
    with db.read() as s:
        w = owned_workshop(s, owner_id, workshop_id)
        parts = [_activity_export(s, a, names) for a in agenda(s, workshop_id)]
        joined = len(s.exec(select(Participant.id).where(Participant.workshop_id == workshop_id)).all())
    return w, parts, joined


def activity_csv(db: Database, owner_id: int, activity_id: int) -> tuple[str, str]:
    """(filename, CSV text) of one activity's raw entries, hidden ones marked."""
    with db.read() as s:
        a = s.get(Activity, activity_id)
        if a is None:
            raise NotFound("No such activity.", "activity")
        owned_workshop(s, owner_id, a.workshop_id)
        part = _activity_export(s, a, Pseudonyms())
    buf = io.StringIO()
    writer = csv.writer(buf)
    writer.writerow(part["entry_table"].headers)
    writer.writerows([_cell(v) for v in row] for row in part["entry_table"].rows)
    return f"activity-{a.position + 1}-{a.kind}.csv", "\ufeff" + buf.getvalue()  # BOM: Excel reads UTF-8


def _cell(value: Any) -> Any:
    """Booleans as yes/no words spreadsheets show plainly; formulas never (CSV/XLSX injection); no
    control characters (an XLSX cannot hold them: one in a title would fail the whole workbook)."""
    if isinstance(value, bool):
        return "yes" if value else "no"
    if isinstance(value, str):
        value = ILLEGAL_CHARACTERS_RE.sub("", value)
        if value[:1] in ("=", "+", "-", "@", "\t", "\r"):
            return "'" + value
    return value


def _write_table(ws, table: Table, start_row: int) -> int:
    bold = Font(bold=True)
    for col, header in enumerate(table.headers, start=1):
        ws.cell(row=start_row, column=col, value=header).font = bold
    for r, row in enumerate(table.rows, start=start_row + 1):
        for col, value in enumerate(row, start=1):
            ws.cell(row=r, column=col, value=_cell(value))
    return start_row + len(table.rows) + 1


def workbook(db: Database, owner_id: int, workshop_id: int) -> tuple[str, bytes]:
    """(filename, XLSX bytes): an overview sheet plus one sheet per activity."""
    w, parts, joined = collect(db, owner_id, workshop_id)
    book = Workbook()
    overview = book.active
    overview.title = "Overview"
    overview.append(["Workshop", _cell(w.title)])
    overview.append(["Status", w.status])
    overview.append(["Participants", joined])
    overview.append([])
    overview.append(["#", "sheet", "kind", "question", "entries", "participants", "hidden entries"])
    for cell in overview[5]:
        cell.font = Font(bold=True)
    for i, part in enumerate(parts, start=1):
        a, entries = part["activity"], part["entries"]
        sheet_name = f"{i} {part['kind'].label}"[:31]
        overview.append([i, sheet_name, a.kind, _cell(a.prompt), len(entries),
                         len({e.participant_id for e in entries}), sum(e.hidden for e in entries)])
        ws = book.create_sheet(sheet_name)
        ws.append([_cell(a.prompt)])
        ws["A1"].font = Font(bold=True, size=13)
        row = _write_table(ws, part["entry_table"], 3)
        if part["result_table"] is not None:
            ws.cell(row=row + 1, column=1, value="Result").font = Font(bold=True, size=12)
            _write_table(ws, part["result_table"], row + 2)
        for col in range(1, len(part["entry_table"].headers) + 1):
            ws.column_dimensions[get_column_letter(col)].width = 60 if col == 4 else 16
    overview.column_dimensions["D"].width = 60
    buf = io.BytesIO()
    book.save(buf)
    return f"samling-{w.id}.xlsx", buf.getvalue()


def dump(db: Database, owner_id: int, workshop_id: int) -> dict[str, Any]:
    """The whole workshop as JSON: agenda, settings, moderation, every entry and every result."""
    w, parts, joined = collect(db, owner_id, workshop_id)
    return {
        "format": "samling.workshop.v1",
        "workshop": {"id": w.id, "title": w.title, "language": w.language, "status": w.status,
                     "created_at": w.created_at.isoformat(), "participants": joined},
        "activities": [
            {
                "id": p["activity"].id,
                "position": p["activity"].position,
                "kind": p["activity"].kind,
                "prompt": p["activity"].prompt,
                "settings": p["activity"].settings,
                "moderation": p["moderation"],
                "entries": [{"id": e.id, **({} if p["kind"].private else {"participant": f"P{e.participant_id}"}),
                             "created_at": e.created_at.isoformat(), "payload": e.payload, "hidden": e.hidden}
                            for e in p["entries"]],
                "results": p["results"],
            }
            for p in parts
        ],
    }
