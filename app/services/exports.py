"""Exports of a workshop: CSV per activity, one XLSX workbook, a JSON dump."""
import csv
import io
from typing import Any

from openpyxl import Workbook
from openpyxl.styles import Font
from openpyxl.utils import get_column_letter
from sqlmodel import select

from app.activities import get_kind
from app.activities.base import Table, validated_settings
from app.db import Database
from app.models import Activity, Participant, Workshop
from app.services.entries import stored_entries
from app.services.errors import NotFound
from app.services.groups import groups_of
from app.services.access import agenda, owned_workshop


def _activity_export(s, a: Activity) -> dict[str, Any]:
    kind = get_kind(a.kind)
    entries = stored_entries(s, a.id)
    names = {g.id: g.name for g in groups_of(s, a.workshop_id)}
    results = kind.tally(validated_settings(kind, a.settings), entries, a.moderation, names)
    return {"activity": a, "kind": kind, "entries": entries, "results": results,
            "entry_table": kind.entry_table(entries, a.moderation), "result_table": kind.result_table(results)}


def collect(db: Database, owner_id: int, workshop_id: int) -> tuple[Workshop, list[dict[str, Any]], int]:
    """The workshop, every activity's entries, tables and results, and the participant count."""
    with db.read() as s:
        w = owned_workshop(s, owner_id, workshop_id)
        parts = [_activity_export(s, a) for a in agenda(s, workshop_id)]
        joined = len(s.exec(select(Participant.id).where(Participant.workshop_id == workshop_id)).all())
    return w, parts, joined


def activity_csv(db: Database, owner_id: int, activity_id: int) -> tuple[str, str]:
    """(filename, CSV text) of one activity's raw entries, hidden ones marked."""
    with db.read() as s:
        a = s.get(Activity, activity_id)
        if a is None:
            raise NotFound("No such activity.", "activity")
        owned_workshop(s, owner_id, a.workshop_id)
        part = _activity_export(s, a)
    buf = io.StringIO()
    writer = csv.writer(buf)
    writer.writerow(part["entry_table"].headers)
    writer.writerows([_cell(v) for v in row] for row in part["entry_table"].rows)
    return f"activity-{a.position + 1}-{a.kind}.csv", "\ufeff" + buf.getvalue()  # BOM: Excel reads UTF-8


def _cell(value: Any) -> Any:
    """Booleans as yes/no words spreadsheets show plainly; formulas never (CSV/XLSX injection)."""
    if isinstance(value, bool):
        return "yes" if value else "no"
    if isinstance(value, str) and value[:1] in ("=", "+", "-", "@", "\t", "\r"):
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
    overview.append(["Workshop", w.title])
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
                "moderation": p["activity"].moderation,
                "entries": [{"id": e.id, "participant": f"P{e.participant_id}", "created_at": e.created_at.isoformat(),
                             "payload": e.payload, "hidden": e.hidden} for e in p["entries"]],
                "results": p["results"],
            }
            for p in parts
        ],
    }
