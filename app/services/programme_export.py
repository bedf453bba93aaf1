"""Exports of a whole programme: an XLSX workbook (an overview, the leaders as pseudonyms with counts, one sheet per
workshop), a JSON dump, and the report's comparison of the questions asked on several days (the evaluation above all).

No private text leaves the server here either: journals appear only as counts, private kinds only as their anonymous
results (app/services/exports.py), and leaders only as pseudonyms drawn afresh for each export."""
import io
from dataclasses import dataclass
from typing import Any

from openpyxl import Workbook
from openpyxl.styles import Font
from sqlalchemy import func
from sqlmodel import col, select

from app.db import Database
from app.i18n import N_, pick_language
from app.local_conventions import long_date
from app.models import JournalEntry, Participant, Programme, ProgrammeGroup, ProgrammeMember, Workshop, id_of
from app.services import exports
from app.services.access import owned_programme
from app.services.exports import Reader
from app.services.passes import programme_group_of
from app.services.programmes import workshops_of
from app.services.report import workshop_day
from app.text import question_key

STATUS = {"draft": N_("draft"), "live": N_("live"), "ended": N_("ended"), "template": N_("template")}


@dataclass
class Day:
    """One workshop of the programme with its exported activities (as app/services/exports.py collects them)."""

    workshop: Workshop
    parts: list[dict[str, Any]]
    joined: int


@dataclass
class ProgrammeExport:
    """Everything a programme export shows."""

    programme: Programme
    workshops: list[Workshop]
    days: list[Day]  # each workshop's export parts (empty when not asked for)
    members: list[dict[str, Any]]  # pseudonym, network group, workshops joined, journal entries


def collect(db: Database, *, facilitator_id: int, programme_id: int, with_days: bool = True) -> ProgrammeExport:
    """The programme, its workshops in order (with each one's export parts unless `with_days` is false), and its
    leaders as counts under fresh pseudonyms."""
    with db.read() as s:
        programme = owned_programme(s, facilitator_id, programme_id)
        workshops = workshops_of(s, programme_id)
        groups = {id_of(g): g.name for g in s.exec(select(ProgrammeGroup)
                                                   .where(ProgrammeGroup.programme_id == programme_id))}
        members = s.exec(select(ProgrammeMember).where(ProgrammeMember.programme_id == programme_id)
                         .order_by(col(ProgrammeMember.id))).all()
        ids = [id_of(m) for m in members]
        joined = dict(s.exec(select(Participant.programme_member_id, func.count())
                             .where(col(Participant.programme_member_id).in_(ids))
                             .group_by(col(Participant.programme_member_id))).all())
        written = dict(s.exec(select(JournalEntry.programme_member_id, func.count())
                              .where(col(JournalEntry.programme_member_id).in_(ids))
                              .group_by(col(JournalEntry.programme_member_id))).all())
        # The network group as the programme page shows it: the one the leader was last in.
        rows = [{"leader": f"L{i}", "group": groups.get(programme_group_of(s, m) or 0),
                 "workshops": joined.get(id_of(m), 0), "journal_entries": written.get(id_of(m), 0)}
                for i, m in enumerate(members, start=1)]
    days = [Day(w, *exports.collect(db, facilitator_id, id_of(w))[1:]) for w in workshops] if with_days else []
    return ProgrammeExport(programme, workshops, days, rows)


def compared(export: ProgrammeExport) -> list[dict[str, Any]]:
    """The questions asked on two or more days (the same kind and wording, whatever the case): each day's result as
    the room saw it, in the programme's order. The end-of-day evaluation is the usual one."""
    asked: dict[tuple[str, str], dict[str, Any]] = {}
    for day in export.days:
        for part in day.parts:
            a, kind = part["activity"], part["kind"]
            found = asked.setdefault((a.kind, question_key(a.prompt)), {"kind": kind, "prompt": a.prompt, "days": []})
            found["days"].append({"workshop": day.workshop, "part": part,
                                  "table": kind.report_table(part["results"])})
    return [x for x in asked.values() if len({id_of(d["workshop"]) for d in x["days"]}) > 1]


def _bold_row(ws, values: list[Any]) -> None:
    ws.append([exports.safe_cell(v) for v in values])
    for c in ws[ws.max_row]:
        c.font = Font(bold=True)


def workbook(db: Database, *, facilitator_id: int, programme_id: int) -> tuple[str, bytes]:
    """(filename, XLSX bytes) in the programme's language: an overview of its workshops, its leaders (pseudonyms
    and counts, never journal text), and a sheet per workshop with each activity's result."""
    export = collect(db, facilitator_id=facilitator_id, programme_id=programme_id)
    reader = Reader(pick_language(export.programme.language))
    book = Workbook()
    overview = book.active
    overview.title = reader(N_("Overview"))
    overview.append([reader(N_("Programme")), exports.safe_cell(export.programme.title)])
    overview.append([])
    _bold_row(overview, ["#", reader(N_("Sheet")), reader(N_("Workshop")), reader(N_("Date")), reader(N_("Status")),
                         reader(N_("Participants")), reader(N_("Activities"))])
    sheets = []
    for i, day in enumerate(export.days, start=1):
        name = exports.sheet_name(i, day.workshop.title)
        sheets.append(name)
        overview.append([i, name, exports.safe_cell(day.workshop.title),
                         long_date(workshop_day(day.workshop, day.parts), reader.language),
                         reader(STATUS.get(day.workshop.status, day.workshop.status)), day.joined, len(day.parts)])
    exports.fit_columns(overview)

    leaders = book.create_sheet(reader(N_("Leaders")))
    leaders.append([reader(N_("Each leader under a pseudonym of this export. Journals are private: only how many "
                              "entries each leader wrote."))])
    _bold_row(leaders, [reader(N_("Leader")), reader(N_("Network group")), reader(N_("Workshops joined")),
                        reader(N_("Journal entries"))])
    for m in export.members:
        leaders.append([m["leader"], exports.safe_cell(m["group"] or ""), m["workshops"], m["journal_entries"]])
    exports.fit_columns(leaders)

    for name, day in zip(sheets, export.days):
        ws = book.create_sheet(name)
        ws.append([exports.safe_cell(day.workshop.title)])
        ws["A1"].font = Font(bold=True, size=13)
        row = 3
        for i, part in enumerate(day.parts, start=1):
            kind = part["kind"]
            ws.cell(row=row, column=1, value=exports.safe_cell(f"{i}. {reader(kind.label)}: {part['activity'].prompt}")
                    ).font = Font(bold=True, size=12)
            table = part["result_table"] or kind.report_table(part["results"])
            row = exports.write_table(ws, Reader(reader.language, part["groups"], kind).table(table), row + 1,
                                      exports.time_cell(reader.language)) + 1
        exports.fit_columns(ws)
    buf = io.BytesIO()
    book.save(buf)
    return f"samling-program-{export.programme.id}.xlsx", buf.getvalue()


def dump(db: Database, *, facilitator_id: int, programme_id: int) -> dict[str, Any]:
    """The programme as JSON: its workshops each as its workshop export, its network groups, and its leaders as
    pseudonyms with counts."""
    export = collect(db, facilitator_id=facilitator_id, programme_id=programme_id, with_days=False)
    p = export.programme
    return {
        "format": "samling.programme.v1",
        "programme": {"id": p.id, "title": p.title, "language": p.language, "created_at": p.created_at.isoformat(),
                      "retention_days": p.retention_days},
        "leaders": export.members,
        "workshops": [exports.dump(db, facilitator_id, id_of(w)) for w in export.workshops],
    }
