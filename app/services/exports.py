"""Exports of a workshop: CSV per activity, one XLSX workbook, a JSON dump (and the printable report's data).

No export carries a database id of a participant: each export names participants by pseudonyms
drawn afresh for it (the same person has the same pseudonym across the activities of one export,
and a different one in the next export). A private kind's answers (a self-assessment, a journal round) are not
exported one by one at all: only their anonymous result (a leader's own scores are theirs alone, over a programme's
days too)."""
import csv
import dataclasses
import io
import re
import secrets
from datetime import datetime
from typing import Any

from openpyxl import Workbook
from openpyxl.cell.cell import ILLEGAL_CHARACTERS_RE
from openpyxl.styles import Font
from openpyxl.utils import get_column_letter
from sqlmodel import select

from app.activities import get_kind
from app.activities.base import ActivityKind, Label, Phrase, StoredEntry, Table, validated_settings
from app.db import Database
from app.i18n import N_, pick_language, translate_to
from app.local_conventions import in_oslo
from app.models import Activity, Participant, Workshop, id_of
from app.services.entries import stored_entries
from app.services.errors import NotFound
from app.services.groups import groups_of
from app.services.access import agenda, owned_workshop


# Where the workshops happen: exports for people show local time (the raw CSV and the JSON keep UTC).

# Column key (what the tables and the raw CSV use) -> the heading people read, a msgid: the columns every kind
# shares; a kind names its own (ActivityKind.column_labels, value_labels, group_columns).
COLUMN_LABELS = {
    "entry_id": N_("Entry no."), "participant": N_("Participant"), "created_at": N_("Time"),
    "type": N_("Type"), "group": N_("Group"), "hidden": N_("Hidden"), "item": N_("Item"), "points": N_("Points"),
    "counted": N_("Counted"), "rank": N_("Rank"), "people": N_("People"),
}
STATUS_LABELS = {"draft": N_("Draft"), "live": N_("Live"), "ended": N_("Ended")}
# What Excel in each language opens with a double-click: Norwegian Excel splits on ';' (the
# comma is its decimal sign) and reads day.month.year.
_CSV_DELIMITER = {"nb": ";", "nn": ";", "en": ","}
_DECIMAL_COMMA = {"nb", "nn"}
_TIME_TEXT = {"nb": "%d.%m.%Y %H:%M:%S", "nn": "%d.%m.%Y %H:%M:%S", "en": "%Y-%m-%d %H:%M:%S"}
_TIME_CELL = {"nb": "dd.mm.yyyy hh:mm:ss", "nn": "dd.mm.yyyy hh:mm:ss", "en": "yyyy-mm-dd hh:mm:ss"}
_SHEET_NAME_BAD = re.compile(r"[\[\]:*?/\\]")  # characters Excel refuses in a sheet name


# Consonants only: a pseudonym is never a number (a database id) and never spells a word.
_LETTERS = "bcdfghjkmnpqrstvwxz"


class Pseudonyms:
    """Participant pseudonyms for one export: random, drawn when a participant first appears."""

    def __init__(self):
        self._of: dict[int | str, str] = {}

    def __call__(self, participant_id: int | str) -> str:
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
    # The places a kind keeps participant ids outside its entries: a gallery walk's hosts, peer coaching's owners.
    walk = moderation.get("walk")
    if isinstance(walk, dict) and isinstance(walk.get("hosts"), dict):
        hosts = {group: names(pid) for group, pid in walk["hosts"].items()}
        moderation = {**moderation, "walk": {**walk, "hosts": hosts}}
    if isinstance(moderation.get("owners"), dict):
        moderation = {**moderation, "owners": {group: names(pid) for group, pid in moderation["owners"].items()}}
    return moderation


def _activity_export(s, a: Activity, names: Pseudonyms) -> dict[str, Any]:
    kind = get_kind(a.kind)
    entries = _pseudonymised(stored_entries(s, id_of(a)), names)
    moderation = _pseudonymised_moderation(a.moderation, names)
    groups = {id_of(g): g.name for g in groups_of(s, a.workshop_id)}
    results = kind.staff_results(kind.tally(validated_settings(kind, a.settings), entries, moderation, groups))
    table = kind.entry_table(entries, moderation)
    return {"activity": a, "kind": kind, "entries": entries, "results": results, "moderation": moderation,
            # A private kind's log keeps its columns and no rows: no individual answer leaves the server.
            "entry_table": Table(table.headers, []) if kind.private else table,
            "result_table": kind.result_table(results), "groups": groups}


def collect(db: Database, owner_id: int, workshop_id: int) -> tuple[Workshop, list[dict[str, Any]], int]:
    """The workshop, every activity's entries (pseudonymised), tables and results, and the participant count."""
    names = Pseudonyms()
    with db.read() as s:
        w = owned_workshop(s, owner_id, workshop_id)
        parts = [_activity_export(s, a, names) for a in agenda(s, workshop_id)]
        joined = len(s.exec(select(Participant.id).where(Participant.workshop_id == workshop_id)).all())
    return w, parts, joined


@dataclasses.dataclass(frozen=True)
class Reader:
    """Who reads an export: the workshop's language and its groups (id -> name)."""

    language: str
    groups: dict[int, str] = dataclasses.field(default_factory=dict)
    kind: ActivityKind | None = None  # whose tables: its own columns and words

    def __call__(self, msgid: str, **params: Any) -> str:
        """A msgid in the workshop's language."""
        return translate_to(self.language, msgid, **params)

    def heading(self, key: str) -> str:
        """A column key as the heading people read."""
        if isinstance(key, Phrase):
            return self.value("", key, False)
        labels = {**COLUMN_LABELS, **(self.kind.column_labels if self.kind else {})}
        return self(labels[key]) if key in labels else key

    def value(self, key: str, value: Any, log: bool) -> Any:
        """A cell as people read it: yes/no words, group names (in the entry log), the kinds' own
        words and phrases translated, times in local time (a naive datetime: spreadsheets have no zones)."""
        if isinstance(value, Phrase):
            return self(value.msgid, **{name: self.value("", v, log) for name, v in value.params.items()})
        if isinstance(value, Label):
            return self(value) if value else ""
        if isinstance(value, bool):
            return self(N_("yes") if value else N_("no"))
        if isinstance(value, datetime):
            return local_time(value)
        group_columns = self.kind.group_columns if self.kind else {"group"}
        if log and key in group_columns and isinstance(value, int) and value in self.groups:
            return self.groups[value]
        words = self.kind.value_labels.get(key, {}) if self.kind else {}
        if isinstance(value, str) and value in words:
            return self(words[value])
        return value

    def table(self, table: Table, log: bool = False) -> Table:
        """A table with headings and cells in the workshop's language."""
        return Table([self.heading(h) for h in table.headers],
                     [[self.value(h, v, log) for h, v in zip(table.headers, row)] for row in table.rows])


def local_time(value: datetime) -> datetime:
    """A stored time as naive Oslo time, to the second (spreadsheets know no zones)."""
    return in_oslo(value).replace(tzinfo=None, microsecond=0)


def activity_csv(db: Database, owner_id: int, activity_id: int, raw: bool = False) -> tuple[str, str]:
    """(filename, CSV text) of one activity's raw entries, hidden ones marked. By default what a
    spreadsheet in the workshop's language opens with a double-click; `raw`: for scripts (comma,
    column keys, yes/no, UTC ISO times, group ids)."""
    with db.read() as s:
        a = s.get(Activity, activity_id)
        if a is None:
            raise NotFound("No such activity.", "activity")
        w = owned_workshop(s, owner_id, a.workshop_id)
        part = _activity_export(s, a, Pseudonyms())
    buf = io.StringIO()
    # A private kind's CSV is its anonymous result (its answers are not exported one by one).
    private = part["kind"].private and part["result_table"] is not None
    source = part["result_table"] if private else part["entry_table"]
    if raw:
        writer = csv.writer(buf)
        writer.writerow(source.headers)
        writer.writerows([safe_cell(_raw(v)) for v in row] for row in source.rows)
        return f"activity-{a.position + 1}-{a.kind}-raw.csv", "\ufeff" + buf.getvalue()
    language = pick_language(w.language)
    table = Reader(language, part["groups"], part["kind"]).table(source, log=not private)
    writer = csv.writer(buf, delimiter=_CSV_DELIMITER[language])
    writer.writerow([safe_cell(h) for h in table.headers])
    writer.writerows([safe_cell(_text(v, language)) for v in row] for row in table.rows)
    return f"activity-{a.position + 1}-{a.kind}.csv", "\ufeff" + buf.getvalue()  # BOM: Excel reads UTF-8


def _raw(value: Any) -> Any:
    """A cell of the raw CSV: booleans as yes/no, times as ISO 8601 in UTC (as the JSON export)."""
    if isinstance(value, bool):
        return "yes" if value else "no"
    if isinstance(value, datetime):
        return value.isoformat()
    return value


def _text(value: Any, language: str) -> Any:
    """A translated cell as CSV text the language's spreadsheets parse: local date order, decimal comma."""
    if isinstance(value, datetime):
        return value.strftime(_TIME_TEXT[language])
    if isinstance(value, float) and language in _DECIMAL_COMMA:
        return f"{value:g}".replace(".", ",")
    return value


def safe_cell(value: Any) -> Any:
    """No formulas (CSV/XLSX injection) and no control characters (an XLSX cannot hold them: one in a
    title would fail the whole workbook)."""
    if isinstance(value, str):
        value = ILLEGAL_CHARACTERS_RE.sub("", value)
        if value[:1] in ("=", "+", "-", "@", "\t", "\r"):
            return "'" + value
    return value


def write_table(ws, table: Table, start_row: int, time_format: str) -> int:
    """Headings in bold, then the rows; times as real date cells. The next free row."""
    bold = Font(bold=True)
    for col, header in enumerate(table.headers, start=1):
        ws.cell(row=start_row, column=col, value=safe_cell(header)).font = bold
    for r, row in enumerate(table.rows, start=start_row + 1):
        for col, value in enumerate(row, start=1):
            cell = ws.cell(row=r, column=col, value=safe_cell(value))
            if isinstance(value, datetime):
                cell.number_format = time_format
    return start_row + len(table.rows) + 1


def fit_columns(ws) -> None:
    """Columns as wide as their longest cell (a heading too), within reason; times need 19."""
    widths: dict[int, int] = {}
    for row in ws.iter_rows(min_row=2):
        for cell in row:
            if cell.value is not None:
                size = 19 if isinstance(cell.value, datetime) else len(str(cell.value))
                widths[cell.column] = max(widths.get(cell.column, 8), size + 2)
    for col, width in widths.items():
        ws.column_dimensions[get_column_letter(col)].width = min(width, 60)


def time_cell(language: str) -> str:
    """The number format of a time cell in the language's spreadsheets."""
    return _TIME_CELL[language]


def sheet_name(position: int, label: str) -> str:
    """An activity's sheet name: its place and kind, without the characters Excel refuses, 31 at most."""
    return _SHEET_NAME_BAD.sub("", f"{position} {label}")[:31].strip()


def _activity_sheet(book: Workbook, name: str, part: dict[str, Any], reader: Reader) -> None:
    """The question, the result table first, then every entry (the log), hidden ones marked."""
    time_format = _TIME_CELL[reader.language]
    ws = book.create_sheet(name)
    ws.append([safe_cell(part["activity"].prompt)])
    ws["A1"].font = Font(bold=True, size=13)
    row = 3
    if part["result_table"] is not None:
        ws.cell(row=row, column=1, value=reader(N_("Result"))).font = Font(bold=True, size=12)
        row = write_table(ws, reader.table(part["result_table"]), row + 1, time_format) + 1
    if part["kind"].private:
        ws.cell(row=row, column=1, value=reader(N_("The answers are private: only the result above is exported.")))
    else:
        ws.cell(row=row, column=1, value=reader(N_("Every answer"))).font = Font(bold=True, size=12)
        write_table(ws, reader.table(part["entry_table"], log=True), row + 1, time_format)
    fit_columns(ws)


def workbook(db: Database, owner_id: int, workshop_id: int) -> tuple[str, bytes]:
    """(filename, XLSX bytes) in the workshop's language: an overview sheet plus one sheet per activity."""
    w, parts, joined = collect(db, owner_id, workshop_id)
    reader = Reader(pick_language(w.language))
    book = Workbook()
    overview = book.active
    overview.title = reader(N_("Overview"))
    overview.append([reader(N_("Workshop")), safe_cell(w.title)])
    overview.append([reader(N_("Status")), reader(STATUS_LABELS.get(w.status, w.status))])
    overview.append([reader(N_("Participants")), joined])
    overview.append([])
    overview.append(["#", reader(N_("Sheet")), reader(N_("Activity")), reader(N_("Question")), reader(N_("Answers")),
                     reader(N_("Participants")), reader(N_("Hidden answers"))])
    for cell in overview[5]:
        cell.font = Font(bold=True)
    for i, part in enumerate(parts, start=1):
        a, entries = part["activity"], part["entries"]
        label = reader(part["kind"].label)
        name = sheet_name(i, label)
        overview.append([i, name, label, safe_cell(a.prompt), len(entries),
                         len({e.participant_id for e in entries}), sum(e.hidden for e in entries)])
        _activity_sheet(book, name, part, Reader(reader.language, part["groups"], part["kind"]))
    fit_columns(overview)
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
                "moderation": {} if p["kind"].private else p["moderation"],  # (a private round's says who did what)
                # A private kind's answers stay on the server: how many there are, not what they say.
                "entries": [] if p["kind"].private else [
                    {"id": e.id, "participant": f"P{e.participant_id}", "created_at": e.created_at.isoformat(),
                     "payload": p["kind"].export_payload(e.payload), "hidden": e.hidden} for e in p["entries"]],
                "answers": len(p["entries"]),
                "results": p["results"],
            }
            for p in parts
        ],
    }
