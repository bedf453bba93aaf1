"""Storing submissions exactly once, acknowledged only after commit."""
import logging
from dataclasses import dataclass
from typing import Any

from sqlalchemy import func, insert
from sqlalchemy.exc import DataError, IntegrityError
from sqlmodel import Session, col, select

from app.activities import get_kind
from app.activities.base import Author, EntryRejected, StoredEntry, validated_settings
from app.db import Database
from app.ids import is_client_id, is_row_id
from app.models import Activity, Entry, Participant, Workshop, id_of, utcnow
from app.services.errors import Conflict, DomainError, NotFound
from app.services.groups import role_of
from app.services.events import RESULTS, Bus

log = logging.getLogger(__name__)


@dataclass(frozen=True)
class Stored:
    """The outcome of a submission: the entry as stored, and whether it was a resend."""

    entry: dict[str, Any]
    duplicate: bool


def entry_view(e: Entry) -> dict[str, Any]:
    """What a phone sees of its own entry."""
    return {"id": e.id, "activity_id": e.activity_id, "client_id": e.client_id, "payload": e.payload}


def _existing(s: Session, participant_id: int, client_id: str) -> Entry | None:
    return s.exec(select(Entry).where(Entry.participant_id == participant_id, Entry.client_id == client_id)).first()


@dataclass(frozen=True)
class Submission:
    """One submit message as it arrived (fields not yet checked)."""

    participant_id: int
    activity_id: Any
    client_id: Any
    payload: Any


def check_shape(sub: Submission) -> None:
    """Refuse ids no database could take before they reach a query shared with other phones."""
    if not is_client_id(sub.client_id):
        raise EntryRejected("bad_client_id", "The message needs a client_id of 8 to 64 letters, digits or - _ . :")
    if not is_row_id(sub.activity_id):
        raise EntryRejected("bad_activity", "The message needs an activity_id.")


def submit(db: Database, bus: Bus, participant_id: int, activity_id: Any, client_id: Any, payload: Any) -> Stored:
    """Validate and store one entry; a resent client id returns the stored one, never a second copy."""
    outcome = submit_batch(db, bus, [Submission(participant_id, activity_id, client_id, payload)])[0]
    if isinstance(outcome, Exception):
        raise outcome
    return outcome


def submit_batch(db: Database, bus: Bus, subs: list[Submission]) -> list[Stored | Exception]:
    """Store many submissions in one write transaction (group commit), each in its own savepoint so
    that one refusal or clash leaves the others alone; the outcomes exist only once it is committed."""
    outcomes: list[Stored | Exception | None] = [None] * len(subs)
    todo = []
    for i, sub in enumerate(subs):
        try:
            check_shape(sub)
            todo.append(i)
        except EntryRejected as e:
            outcomes[i] = e
    # Two submissions racing for the same sequence place (other phones of the same participant,
    # or PostgreSQL's non-serialised transactions) make one of them try again.
    for _attempt in range(3):
        if not todo:
            break
        retry, workshops_changed = [], set()
        if _attempt == 0:
            try:
                with db.write() as s:
                    workshops_changed = _store_batch(s, subs, todo, outcomes)
            except IntegrityError:
                # A clash with a concurrent writer (another process, or PostgreSQL's parallel
                # transactions): nothing of the batch is stored; sort it out one by one below.
                pass
            except Exception as e:
                # Something in the batch the database would not take, or the database failed:
                # nothing of the batch is stored. One by one below, each in its own savepoint, so
                # that a poisoned submission costs only its own sender an error.
                log.warning("entry batch of %d failed (%s: %.200s); storing one by one", len(todo),
                            type(e).__name__, e)
            else:
                for workshop_id in workshops_changed:
                    bus.publish(workshop_id, RESULTS)
                return _settled(outcomes)
        try:
            with db.write() as s:
                for i in todo:
                    try:
                        with s.begin_nested():
                            stored_in, outcomes[i] = _store(s, subs[i])
                        if stored_in is not None:
                            workshops_changed.add(stored_in)
                    except IntegrityError:
                        retry.append(i)
                    except (EntryRejected, DomainError) as e:
                        outcomes[i] = e
                    except (DataError, OverflowError) as e:
                        # This one entry holds a value the database refuses (a failing database
                        # raises other errors, and those fail the batch: every phone then resends).
                        log.warning("submission refused by the database: %s", type(e).__name__)
                        outcomes[i] = EntryRejected("bad_message", "The answer could not be stored.")
        except Exception as e:  # the commit itself failed: nothing of this batch is stored
            for i in todo:
                outcomes[i] = e
            return _settled(outcomes)
        for workshop_id in workshops_changed:
            bus.publish(workshop_id, RESULTS)
        todo = retry
    for i in todo:
        outcomes[i] = Conflict("Another answer was stored at the same moment; please send again.", "retry")
    return _settled(outcomes)


def _settled(outcomes: list[Stored | Exception | None]) -> list[Stored | Exception]:
    """The outcomes once every submission has one (a gap here is a bug, not a phone's fault)."""
    settled = [o for o in outcomes if o is not None]
    if len(settled) != len(outcomes):
        raise RuntimeError("a submission of the batch got no outcome")
    return settled


def _store_batch(s: Session, subs: list[Submission], todo: list[int],
                 outcomes: list[Stored | Exception | None]) -> set[int]:
    """The fast path of a batch: a handful of set-wise reads, checks in Python, one multi-row insert.

    Fills `outcomes` and returns the workshops that got new entries; raises IntegrityError (and
    stores nothing) if a concurrent writer took a client id or sequence place first."""
    batch = [subs[i] for i in todo]
    pids = {sub.participant_id for sub in batch}
    cids = {sub.client_id for sub in batch}
    existing = {(e.participant_id, e.client_id): e for e in s.exec(
        select(Entry).where(col(Entry.participant_id).in_(pids), col(Entry.client_id).in_(cids)))}
    people = {p.id: p for p in s.exec(select(Participant).where(col(Participant.id).in_(pids)))}
    activities = {a.id: a for a in s.exec(select(Activity).where(
        col(Activity.id).in_({sub.activity_id for sub in batch})))}
    rooms = {w.id: w for w in s.exec(select(Workshop).where(
        col(Workshop.id).in_({p.workshop_id for p in people.values()})))}
    used = {(a, p): n for a, p, n in s.exec(
        select(Entry.activity_id, Entry.participant_id, func.count())
        .where(col(Entry.activity_id).in_(activities), col(Entry.participant_id).in_(pids))
        .group_by(col(Entry.activity_id), col(Entry.participant_id))).all()}
    rows: list[dict[str, Any]] = []
    owners: list[int] = []
    first_of: dict[tuple[int, Any], int] = {}  # (participant, client id) -> index of its first copy
    copies: dict[int, int] = {}  # index of a second copy within the batch -> index of its first
    changed: set[int] = set()
    for i in todo:
        sub = subs[i]
        key = (sub.participant_id, sub.client_id)
        if key in existing:  # a resend after a lost ack: answer from what is stored
            outcomes[i] = Stored(entry_view(existing[key]), True)
            continue
        if key in first_of:  # the same message twice in one batch: the second is its resend
            copies[i] = first_of[key]
            continue
        first_of[key] = i
        try:
            row = _checked_row(sub, people, activities, rooms, used)
        except (EntryRejected, DomainError) as e:
            outcomes[i] = e
            continue
        used[(row["activity_id"], sub.participant_id)] = row["seq"]
        rows.append(row)
        owners.append(i)
        changed.add(activities[row["activity_id"]].workshop_id)
    if rows:
        ids = s.execute(insert(Entry).returning(col(Entry.id), sort_by_parameter_order=True), rows).scalars().all()
        for i, row, entry_id in zip(owners, rows, ids):
            outcomes[i] = Stored({"id": entry_id, "activity_id": row["activity_id"], "client_id": row["client_id"],
                                  "payload": row["payload"]}, False)
    for i, first in copies.items():  # second copies within the batch follow their first
        outcome = outcomes[first]
        outcomes[i] = Stored(outcome.entry, True) if isinstance(outcome, Stored) else outcome
    return changed


def author_of(p: Participant, w: Workshop) -> Author:
    """The participant as a kind may check them: group, and whether their role writes for it."""
    return Author(id_of(p), p.group_id, bool((role_of(p, w.roles) or {}).get("writes")))


def _checked_row(sub: Submission, people: dict, activities: dict, rooms: dict,
                 used: dict[tuple[int, int], int]) -> dict[str, Any]:
    """The entry row a submission makes, after every check in the order docs/protocol.md gives
    (the participant, the activity, on screen, locked, the payload, the limit)."""
    participant = people.get(sub.participant_id)
    if participant is None:
        raise NotFound("Unknown participant.", "participant")
    activity = activities.get(sub.activity_id)
    if activity is None or activity.workshop_id != participant.workshop_id:
        raise EntryRejected("bad_activity", "This activity does not exist.")
    workshop = rooms[participant.workshop_id]
    if workshop.status != "live" or workshop.current_activity_id != activity.id:
        raise EntryRejected("not_current", "This question is no longer open.")
    if activity.locked:
        raise EntryRejected("locked", "Answers are locked.")
    kind = get_kind(activity.kind)
    settings = validated_settings(kind, activity.settings)
    payload = kind.parse_entry(settings, sub.payload, author_of(participant, workshop))
    count = used.get((activity.id, sub.participant_id), 0)
    limit = kind.entry_limit(settings)
    if count >= limit:
        raise EntryRejected("limit", "You have used all your answers (%(limit)s).", limit=limit)
    return {"activity_id": activity.id, "participant_id": sub.participant_id, "client_id": sub.client_id,
            "seq": count + 1, "payload": payload, "hidden": False, "created_at": utcnow()}


def _store(s: Session, sub: Submission) -> tuple[int | None, Stored]:
    """One submission on its own (the path for batches that clashed with a concurrent writer):
    (workshop id if something new was stored, outcome). IntegrityError on a unique clash."""
    # A resend after a lost ack: answer from what is stored, even if the activity has moved on.
    found = _existing(s, sub.participant_id, sub.client_id)
    if found is not None:
        return None, Stored(entry_view(found), True)
    participant = s.get(Participant, sub.participant_id)
    activity = s.get(Activity, sub.activity_id)
    used = s.exec(select(func.count()).select_from(Entry).where(
        Entry.activity_id == sub.activity_id, Entry.participant_id == sub.participant_id)).one()
    row = _checked_row(sub, {participant.id: participant} if participant else {},
                       {activity.id: activity} if activity else {},
                       {participant.workshop_id: s.get(Workshop, participant.workshop_id)} if participant else {},
                       {(sub.activity_id, sub.participant_id): used})
    # seq is unique per participant and activity, so two racing submissions cannot both
    # take the last free place even where the transaction does not serialise them.
    entry = Entry(**row)
    s.add(entry)
    s.flush()
    assert activity is not None  # _checked_row refused a missing one
    return activity.workshop_id, Stored(entry_view(entry), False)


def own_entries(db: Database, participant_id: int) -> dict[int, list[dict[str, Any]]]:
    """A participant's entries grouped by activity (what a returning phone gets back)."""
    with db.read() as s:
        rows = s.exec(select(Entry).where(Entry.participant_id == participant_id).order_by(col(Entry.id))).all()
    mine: dict[int, list[dict[str, Any]]] = {}
    for e in rows:
        mine.setdefault(e.activity_id, []).append(entry_view(e))
    return mine


def stored_entries(s: Session, activity_id: int, after: int = 0) -> list[StoredEntry]:
    """An activity's entries (those with an id above `after`) as plain values for the kinds."""
    # sqlmodel's select() has typed overloads for at most four columns; this one takes five.
    rows = s.exec(select(Entry.id, Entry.participant_id, Entry.payload, Entry.hidden,  # type: ignore[call-overload]
                         Entry.created_at)
                  .where(Entry.activity_id == activity_id, col(Entry.id) > after).order_by(col(Entry.id))).all()
    return [StoredEntry(*row) for row in rows]
