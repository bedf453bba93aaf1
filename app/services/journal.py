"""A leader's private action-learning journal over a programme: answers written in a journal round or between the
days, what activities put in it (the advice of a peer-coaching round), and the leader's own self-assessments side by
side. Only the leader's programme pass opens it; facilitators get counts (app/services/journal_counts.py)."""
import re
from typing import Any

from sqlalchemy.exc import IntegrityError
from sqlmodel import Session, col, func, select

from app.activities import get_kind
from app.activities.base import ActivityKind, validated_settings
from app.activities.journal import JournalSettings, questions_of
from app.activities.journal.questions import START
from app.db import Database
from app.i18n import N_
from app.ids import is_row_id
from app.models import Activity, Entry, JournalEntry, Participant, ProgrammeMember, Workshop, id_of, utcnow
from app.services.entries import stored_entries
from app.services.errors import Conflict, Invalid, NotFound
from app.services.passes import ProgrammePass, programme_group_of, recognise
from app.text import clean_text, question_key

MAX_BODY = 4000
MAX_QUESTION = 500
MAX_ENTRIES = 1000  # per leader and programme: a journal, not a storage service
CLIENT_ID = re.compile(r"[A-Za-z0-9_-]{1,64}")
JOURNAL_KIND = "journal"


def member_of(db: Database, programme_id: int, carried: list[ProgrammePass]) -> ProgrammeMember | None:
    """The programme's member one of the phone's passes proves (passes of other programmes open nothing)."""
    with db.read() as s:
        found = recognise(s, programme_id, carried)
        return found[0] if found else None


def _programme_workshops(s: Session, programme_id: int) -> dict[int, Workshop]:
    rows = s.exec(select(Workshop).where(Workshop.programme_id == programme_id)
                  .order_by(col(Workshop.programme_position), col(Workshop.id))).all()
    return {id_of(w): w for w in rows}


def _round_of(s: Session, programme_id: int, activity_id: Any) -> Activity:
    """A journal round of one of the programme's workshops, or Invalid."""
    a = s.get(Activity, activity_id) if is_row_id(activity_id) else None
    w = s.get(Workshop, a.workshop_id) if a is not None else None
    if a is None or w is None or w.programme_id != programme_id or a.kind != JOURNAL_KIND:
        raise Invalid(N_("That is not a journal round of this programme."), "activity")
    return a


def _clean_body(body: Any) -> str:
    text = clean_text(body) if isinstance(body, str) else ""
    if not text:
        raise Invalid("The answer is empty.", "empty")
    if len(text) > MAX_BODY:
        raise Invalid("The answer is too long (at most %(limit)s characters).", "too_long", limit=MAX_BODY)
    return text


def _clean_question(question: Any) -> str:
    text = " ".join(clean_text(question).split()) if isinstance(question, str) else ""
    if len(text) > MAX_QUESTION:
        raise Invalid(N_("The question is too long."), "question")
    return text


def _own(s: Session, member_id: int, entry_id: Any) -> JournalEntry:
    e = s.get(JournalEntry, entry_id) if is_row_id(entry_id) else None
    if e is None or e.programme_member_id != member_id:
        raise NotFound(N_("No such journal entry."), "entry")
    return e


def _entry_view(e: JournalEntry, workshops: dict[int, Workshop]) -> dict[str, Any]:
    w = workshops.get(e.workshop_id) if e.workshop_id is not None else None
    return {"id": e.id, "question": e.question, "body": e.body, "shared": e.shared, "activity_id": e.activity_id,
            "workshop_id": e.workshop_id, "workshop": w.title if w else None,
            "created_at": e.created_at.isoformat(), "updated_at": e.updated_at.isoformat()}


def write(db: Database, *, programme_id: int, member_id: int, client_id: Any, question: Any, body: Any,
          activity_id: Any = None) -> dict[str, Any]:
    """Save an answer in the leader's journal. In a journal round one answer per question: writing it again
    revises it; a resend with the same client id changes nothing more."""
    if not isinstance(client_id, str) or CLIENT_ID.fullmatch(client_id) is None:
        raise Invalid("The request is not valid.", "client_id")
    text, asked = _clean_body(body), _clean_question(question)
    for attempt in range(2):
        try:
            with db.write() as s:
                workshops = _programme_workshops(s, programme_id)
                a = _round_of(s, programme_id, activity_id) if activity_id is not None else None
                e = s.exec(select(JournalEntry).where(JournalEntry.programme_member_id == member_id,
                                                      JournalEntry.client_id == client_id)).first()
                if e is None and a is not None:
                    e = s.exec(select(JournalEntry).where(JournalEntry.programme_member_id == member_id,
                                                          JournalEntry.activity_id == a.id,
                                                          JournalEntry.question == asked)).first()
                if e is None:
                    count = s.exec(select(func.count()).select_from(JournalEntry)
                                   .where(JournalEntry.programme_member_id == member_id)).one()
                    if count >= MAX_ENTRIES:
                        raise Conflict(N_("Your journal is full (%(n)s entries)."), "journal_full", n=MAX_ENTRIES)
                    e = JournalEntry(programme_member_id=member_id, client_id=client_id, question=asked, body=text,
                                     activity_id=a.id if a else None, workshop_id=a.workshop_id if a else None)
                elif e.body != text:
                    e.body, e.updated_at = text, utcnow()
                s.add(e)
                s.flush()
                return _entry_view(e, workshops)
        except IntegrityError:
            if attempt:  # the same client id from two tabs at once: the second finds the first's row
                raise
    raise AssertionError("unreachable")


def edit(db: Database, *, programme_id: int, member_id: int, entry_id: Any, body: Any = None,
         shared: Any = None) -> dict[str, Any]:
    """Revise an entry's text, or share it with the leader's network group (or stop sharing it)."""
    with db.write() as s:
        e = _own(s, member_id, entry_id)
        revised = body is not None
        if revised:
            e.body, e.updated_at = _clean_body(body), utcnow()
        if shared is not None:
            if not isinstance(shared, bool):
                raise Invalid("The request is not valid.", "shared")
            e.shared = shared
        s.add(e)
        s.flush()
        view = _entry_view(e, _programme_workshops(s, programme_id))
    if revised:
        db.after_delete()  # the earlier text must not linger in the SQLite WAL
    return view


def remove(db: Database, *, member_id: int, entry_id: Any) -> None:
    """Delete one of the leader's own entries."""
    with db.write() as s:
        s.delete(_own(s, member_id, entry_id))
    db.after_delete()  # a private text must not linger in the SQLite WAL


def _participants(s: Session, member_id: int, workshops: dict[int, Workshop]) -> list[Participant]:
    return [p for p in s.exec(select(Participant).where(Participant.programme_member_id == member_id)).all()
            if p.workshop_id in workshops]


def _kind_items(s: Session, people: list[Participant], workshops: dict[int, Workshop]) -> list[dict[str, Any]]:
    """What the activities of the leader's workshops put in their journal (advice their group gave them ...)."""
    items: list[dict[str, Any]] = []
    for p in people:
        for a in s.exec(select(Activity).where(Activity.workshop_id == p.workshop_id)).all():
            kind = get_kind(a.kind)
            if type(kind).journal_items is ActivityKind.journal_items:
                continue
            for item in kind.journal_items(validated_settings(kind, a.settings), stored_entries(s, id_of(a)),
                                           id_of(p)):
                items.append({"question": item.question, "body": item.body, "workshop_id": p.workshop_id,
                              "workshop": workshops[p.workshop_id].title, "activity_id": a.id,
                              "created_at": item.created_at.isoformat()})
    return items


def own_scores(s: Session, people: list[Participant], workshops: dict[int, Workshop]) -> list[dict[str, Any]]:
    """The leader's own self-assessments over the programme, the same question side by side day by day: one series
    per question (the same prompt, whatever its case), each day's last answer."""
    order = {wid: i for i, wid in enumerate(workshops)}
    series: dict[str, dict[str, Any]] = {}
    for p in sorted(people, key=lambda p: order[p.workshop_id]):
        rows = s.exec(select(Activity, Entry).join(Entry, col(Entry.activity_id) == Activity.id)
                      .where(Entry.participant_id == p.id, Activity.workshop_id == p.workshop_id)
                      .order_by(col(Activity.position), col(Entry.seq))).all()
        for a, e in rows:
            values = get_kind(a.kind).own_values(e.payload)
            if values is None:
                continue
            key = question_key(a.prompt)
            found = series.setdefault(key, {"prompt": a.prompt, "items": [], "days": {}})
            found["items"] += [item for item in values if item not in found["items"]]
            found["days"][a.id] = {"workshop_id": p.workshop_id, "workshop": workshops[p.workshop_id].title,
                                   "activity_id": a.id, "scores": values}  # the last answer counts
    return [{"prompt": x["prompt"], "items": x["items"], "days": list(x["days"].values())} for x in series.values()]


def _shared_by_group(s: Session, member: ProgrammeMember, workshops: dict[int, Workshop]) -> list[dict[str, Any]]:
    """What the others of the leader's network group chose to share with it."""
    group = programme_group_of(s, member)
    if group is None:
        return []
    fellows = {id_of(m): m for m in s.exec(select(ProgrammeMember).where(
        ProgrammeMember.programme_id == member.programme_id, ProgrammeMember.id != member.id)).all()
        if programme_group_of(s, m) == group}
    if not fellows:
        return []
    rows = s.exec(select(JournalEntry).where(col(JournalEntry.programme_member_id).in_(list(fellows)),
                                             col(JournalEntry.shared).is_(True))
                  .order_by(col(JournalEntry.created_at).desc())).all()
    return [{**_entry_view(e, workshops), "name": fellows[e.programme_member_id].display_name or None}
            for e in rows]


def questions_now(s: Session, workshops: dict[int, Workshop]) -> list[str]:
    """The questions the journal offers between the days: those of the programme's latest journal round."""
    latest: list[str] = list(START)
    for wid in workshops:
        for a in s.exec(select(Activity).where(Activity.workshop_id == wid, Activity.kind == JOURNAL_KIND)
                        .order_by(col(Activity.position))).all():
            settings = validated_settings(get_kind(JOURNAL_KIND), a.settings)
            assert isinstance(settings, JournalSettings)  # the journal kind's own
            latest = questions_of(settings)
    return latest


def journal_of(db: Database, *, programme_id: int, member: ProgrammeMember) -> dict[str, Any]:
    """Everything of the leader's journal: entries (newest first), what activities added, what the network
    group shared, the own self-assessments side by side, and the questions to write on between the days."""
    with db.read() as s:
        workshops = _programme_workshops(s, programme_id)
        people = _participants(s, id_of(member), workshops)
        entries = s.exec(select(JournalEntry).where(JournalEntry.programme_member_id == member.id)
                         .order_by(col(JournalEntry.created_at).desc(), col(JournalEntry.id).desc())).all()
        items = _kind_items(s, people, workshops)
        return {
            "member": {"id": member.id, "name": member.display_name or None},
            "workshops": [{"id": wid, "title": w.title, "status": w.status,
                           "date": (w.ended_at or w.created_at).isoformat()} for wid, w in workshops.items()],
            "entries": [_entry_view(e, workshops) for e in entries],
            "received": sorted(items, key=lambda i: i["created_at"], reverse=True),
            "shared": _shared_by_group(s, member, workshops),
            "scores": own_scores(s, people, workshops),
            "questions": questions_now(s, workshops),
        }

