"""The agenda: workshops and their activities, prepared, gone live, ended, copied and deleted."""
from copy import deepcopy
from enum import Enum
from typing import Any

from pydantic import ValidationError
from sqlalchemy import or_, update
from sqlalchemy.exc import IntegrityError
from sqlmodel import Session, col, select

from app.activities import KINDS, get_kind
from app.activities.base import ActivityKind
from app.db import Database
from app.i18n import LANGUAGES, N_, translate_to
from app.joincode import new_code
from app.models import (Activity, Entry, JournalEntry, Programme, ProgrammeFacilitator, WorkGroup, Workshop,
                        WorkshopFacilitator, id_of, table_of, utcnow)
from app.services.access import agenda, owned_activity, owned_workshop, owner_workshop
from app.services.errors import Conflict, Invalid
from app.services import chaining, phase_clock, recap, schedule
from app.services.events import RESULTS, STATE, Bus
from app.services.groups import groups_of
from app.services.unit_of_work import changing
from app.text import clean_text

MAX_ACTIVITIES = 200


class Keep(Enum):
    """An argument not given: the stored value stays (where None means "clear it")."""

    KEEP = "keep"


KEEP = Keep.KEEP


def clean_title(title: str) -> str:
    """A workshop's or programme's title: one line, 1-200 characters."""
    title = " ".join(clean_text(title or "").split())  # one line, no control, bidi or invisible characters
    if not title or len(title) > 200:
        raise Invalid("Please give a title (at most 200 characters).", "title")
    return title


def clean_language(language: str) -> str:
    """One of the languages the product speaks."""
    if language not in LANGUAGES:
        raise Invalid("Unknown language.", "language")
    return language


# --- workshops -------------------------------------------------------------------------------

def list_workshops(db: Database, *, facilitator_id: int) -> list[Workshop]:
    """The workshops `facilitator_id` owns or co-facilitates (added to the workshop, or running its programme), newest
    first (shared ones: another's `owner_id`)."""
    shared = select(WorkshopFacilitator.workshop_id).where(WorkshopFacilitator.facilitator_id == facilitator_id)
    programmes = select(Programme.id).where(or_(col(Programme.owner_id) == facilitator_id, col(Programme.id).in_(
        select(ProgrammeFacilitator.programme_id).where(ProgrammeFacilitator.facilitator_id == facilitator_id))))
    with db.read() as s:
        return list(s.exec(select(Workshop).where(or_(col(Workshop.owner_id) == facilitator_id, col(Workshop.id).in_(shared),
                                                      col(Workshop.programme_id).in_(programmes)))
                           .order_by(col(Workshop.id).desc())).all())


def create_workshop(db: Database, *, facilitator_id: int, title: str, language: str = "nb") -> Workshop:
    """A new draft workshop with an empty agenda, owned by `facilitator_id`."""
    with db.write() as s:
        w = Workshop(owner_id=facilitator_id, title=clean_title(title), language=clean_language(language))
        s.add(w)
        s.flush()
        return w


def get_workshop(db: Database, *, facilitator_id: int, workshop_id: int) -> tuple[Workshop, list[Activity]]:
    """A workshop with its agenda."""
    with db.read() as s:
        w = owned_workshop(s, facilitator_id, workshop_id)
        return w, agenda(s, workshop_id)


def agenda_kinds(db: Database, *, workshop_id: int) -> list[str]:
    """The kinds a workshop's agenda uses, in agenda order (what a phone preloads: no more)."""
    with db.read() as s:
        return list(dict.fromkeys(a.kind for a in agenda(s, workshop_id)))


def get_activity(db: Database, *, facilitator_id: int, activity_id: int) -> Activity:
    """An activity of a workshop `facilitator_id` runs."""
    with db.read() as s:
        return owned_activity(s, facilitator_id, activity_id)[1]


def update_workshop(db: Database, bus: Bus, *, facilitator_id: int, workshop_id: int,
                    title: str | None = None, language: str | None = None) -> Workshop:
    """Change title or language."""
    with changing(db, bus, facilitator_id=facilitator_id, workshop_id=workshop_id) as change:
        w = change.workshop
        if title is not None:
            w.title = clean_title(title)
        if language is not None:
            w.language = clean_language(language)
        change.s.add(w)
    return w


def delete_workshop(db: Database, bus: Bus, *, facilitator_id: int, workshop_id: int) -> None:
    """Delete a workshop and everything in it (its owner only, not a co-facilitator)."""
    # Not a `changing`: there is no row left to count a version on, and the WAL is emptied before the notice.
    with db.write() as s:
        w = owner_workshop(s, facilitator_id, workshop_id)
        delete_workshop_rows(s, w)
    db.after_delete()  # the deleted answers must not linger in the SQLite WAL
    bus.publish(workshop_id, STATE)


def delete_workshop_rows(s: Session, w: Workshop) -> None:
    """Delete a workshop's rows (entries, activities, participants, groups, itself) in `s`'s transaction."""
    from app.models import Participant  # local: only deletion needs it

    activity_ids = select(Activity.id).where(Activity.workshop_id == w.id)
    # A leader's journal is theirs over the programme: their entries outlive the workshop they were written in.
    s.execute(update(JournalEntry).where(col(JournalEntry.workshop_id) == w.id).values(workshop_id=None,
                                                                                        activity_id=None))
    s.execute(table_of(Entry).delete().where(col(Entry.activity_id).in_(activity_ids)))
    s.execute(table_of(Activity).delete().where(col(Activity.workshop_id) == w.id))
    s.execute(table_of(Participant).delete().where(col(Participant.workshop_id) == w.id))
    s.execute(table_of(WorkGroup).delete().where(col(WorkGroup.workshop_id) == w.id))
    s.execute(table_of(WorkshopFacilitator).delete().where(col(WorkshopFacilitator.workshop_id) == w.id))
    s.delete(w)


def duplicate_workshop(db: Database, *, facilitator_id: int, workshop_id: int) -> Workshop:
    """A draft copy for the next cohort: agenda, phase plans, groups and roles; no people, answers or moderation.

    The copy is `facilitator_id`'s own (a co-facilitator's copy too); nothing changes on the original's screens."""
    with db.write() as s:
        old = owned_workshop(s, facilitator_id, workshop_id)
        w = Workshop(owner_id=facilitator_id, title=_copy_title(old), language=old.language, group_choice=old.group_choice,
                     roles=deepcopy(old.roles), retention_days=old.retention_days)
        s.add(w)
        s.flush()
        copies: dict[int, Activity] = {}
        for i, a in enumerate(agenda(s, id_of(old))):
            kind = get_kind(a.kind)
            copies[id_of(a)] = Activity(workshop_id=id_of(w), position=i, kind=a.kind, prompt=a.prompt,
                                    settings=deepcopy(a.settings), clock=_plan_only(kind, a.clock),
                                    planned_start=a.planned_start,
                                    results_visible=kind.results_visible_at_start(kind.settings(a.settings)))
            s.add(copies[id_of(a)])
        s.flush()
        _refeed(s, copies)
        for copy in copies.values():  # the copy is in no programme: a recap's earlier results are not carried over
            recap.resolve_recap(s, copy, strict=False)
        for i, g in enumerate(groups_of(s, id_of(old))):
            s.add(WorkGroup(workshop_id=id_of(w), name=g.name, position=i))  # empty: the new cohort joins anew
        s.flush()
        return w


def _copy_title(w: Workshop) -> str:
    """The title with "(copy)" in the workshop's language, the original shortened to stay within 200 characters."""
    suffix_length = len(translate_to(w.language, N_("%(title)s (copy)"), title=""))
    return translate_to(w.language, N_("%(title)s (copy)"), title=w.title[:200 - suffix_length].rstrip())


def _refeed(s: Session, copies: dict[int, Activity]) -> None:
    """Point a copied feed plan (services/chaining.py) at the copy of its source, its list empty again:
    the list the old day's answers filled in is filled anew from the new cohort's."""
    for a in copies.values():
        feed = (a.settings or {}).get("feed")
        if isinstance(feed, dict) and feed.get("source_id") in copies:
            a.settings = {**a.settings, "feed": {**feed, "source_id": copies[feed["source_id"]].id}, "items": []}
            s.add(a)


def _plan_only(kind: ActivityKind, clock: dict[str, Any]) -> dict[str, Any]:
    """A stored clock's phases as a plan not started; none for phases the kind set itself (a walk's stops)."""
    planned = [tuple(p) for p in (clock or {}).get("phases") or []]
    if not planned or kind.owns_phases([p[0] for p in planned]):
        return {}
    return phase_clock.to_dict(phase_clock.plan(planned))


def go_live(db: Database, bus: Bus, *, facilitator_id: int, workshop_id: int) -> Workshop:
    """Open the workshop for joining under a fresh code, unique among live workshops."""
    for _attempt in range(20):
        try:
            with changing(db, bus, facilitator_id=facilitator_id, workshop_id=workshop_id) as change:
                w = change.workshop
                if w.status == "live":
                    change.nothing_changed()
                    return w
                w.status = "live"
                w.join_code = new_code()
                w.ended_at = None  # live again: the retention period starts over when it ends
                change.s.add(w)
                current = change.s.get(Activity, w.current_activity_id) if w.current_activity_id else None
                if current is not None:  # left on screen by a rehearsal: it opens for the room now
                    schedule.mark_opened(w, current)
                change.s.flush()  # a code another live workshop holds fails here, before anything is told
            return w
        except IntegrityError:
            continue  # the code is taken by another live workshop: draw again
    raise Conflict("Could not find a free join code; try again.", "code")


def end_workshop(db: Database, bus: Bus, *, facilitator_id: int, workshop_id: int) -> Workshop:
    """Close the workshop: phones are told, the code is released, the data stays for export."""
    with changing(db, bus, facilitator_id=facilitator_id, workshop_id=workshop_id) as change:
        w = change.workshop
        if w.status != "ended" or w.ended_at is None:  # ending twice does not move the deletion date
            w.ended_at = utcnow()  # retention counts from here (app/services/retention.py)
        w.status = "ended"
        w.join_code = None
        change.s.add(w)
    return w


def live_workshop_by_code(db: Database, *, code: str) -> Workshop | None:
    """The live workshop with this join code."""
    with db.read() as s:
        return s.exec(select(Workshop).where(Workshop.join_code == code, Workshop.status == "live")).first()


# --- activities ------------------------------------------------------------------------------

def _settings_dict(kind_name: str, raw: dict[str, Any] | None) -> dict[str, Any]:
    kind = get_kind(kind_name)
    merged = {**kind.default_settings(), **(raw or {})}
    try:
        return kind.settings(merged).model_dump()
    except ValidationError as e:
        first = e.errors()[0]
        raise Invalid("Invalid setting %(field)s: %(problem)s", "settings",
                      field=".".join(str(p) for p in first["loc"]), problem=first["msg"])


def _clean_prompt(prompt: str) -> str:
    prompt = clean_text(prompt or "")
    if not prompt or len(prompt) > 500:
        raise Invalid("Please write the question (at most 500 characters).", "prompt")
    return prompt


def add_activity(db: Database, bus: Bus, *, facilitator_id: int, workshop_id: int, kind: str, prompt: str,
                 settings: dict[str, Any] | None = None, position: int | None = None,
                 planned_start: str | None = None) -> Activity:
    """Append (or insert at `position`) an activity of `kind`, planned to start at `planned_start` ("09:00")."""
    if kind not in KINDS:
        raise Invalid("Unknown activity kind.", "kind")
    with changing(db, bus, facilitator_id=facilitator_id, workshop_id=workshop_id) as change:
        s = change.s
        items = agenda(s, workshop_id)
        if len(items) >= MAX_ACTIVITIES:
            raise Conflict("A workshop holds at most %(n)s activities.", "too_many", n=MAX_ACTIVITIES)
        clean = _settings_dict(kind, settings)
        a = Activity(workshop_id=workshop_id, kind=kind, prompt=_clean_prompt(prompt), settings=clean,
                     planned_start=schedule.clean_planned_start(planned_start),
                     results_visible=get_kind(kind).results_visible_at_start(get_kind(kind).settings(clean)))
        s.add(a)
        s.flush()
        where = len(items) if position is None else max(0, min(position, len(items)))
        items.insert(where, a)
        chaining.check_feed(items, a)  # a plan's source must come earlier, also for a copy
        recap.check_recap(s, a, facilitator_id)  # a recap's sources: earlier workshops of the programme
        recap.resolve_recap(s, a)
        _renumber(s, items)
    return a


def _renumber(s: Session, items: list[Activity]) -> None:
    for i, item in enumerate(items):
        if item.position != i:
            item.position = i
            s.add(item)


def update_activity(db: Database, bus: Bus, *, facilitator_id: int, activity_id: int, prompt: str | None = None,
                    settings: dict[str, Any] | None = None, planned_start: str | None | Keep = KEEP) -> Activity:
    """Edit the question, settings or planned start (None clears it), also during the day (entries stay)."""
    with changing(db, bus, facilitator_id=facilitator_id, activity_id=activity_id, topics=(STATE, RESULTS)) as change:
        s, w, a = change.s, change.workshop, change.subject
        if prompt is not None:
            a.prompt = _clean_prompt(prompt)
        if planned_start is not KEEP:
            a.planned_start = schedule.clean_planned_start(planned_start)
        if settings is not None:
            kind = get_kind(a.kind)
            before = kind.results_visible_at_start(kind.settings(a.settings))
            a.settings = _settings_dict(a.kind, {**a.settings, **settings})
            if settings.get("feed"):  # only a new plan: reordering later just leaves a stale plan unresolved
                chaining.check_feed(agenda(s, id_of(w)), a)
                if w.current_activity_id == a.id:  # planned while the round is open: it opens with the list now
                    chaining.resolve_feed(s, agenda(s, id_of(w)), a)
            recap.check_recap(s, a, facilitator_id)  # a recap's snapshot follows its sources (never a client's)
            recap.resolve_recap(s, a)
            after = kind.results_visible_at_start(kind.settings(a.settings))
            if after != before:  # e.g. a poll switched to or from "show the results live"
                a.results_visible = after
        s.add(a)
    return a


def move_activity(db: Database, bus: Bus, *, facilitator_id: int, activity_id: int, position: int) -> list[Activity]:
    """Put an activity at `position` in the agenda."""
    with changing(db, bus, facilitator_id=facilitator_id, activity_id=activity_id) as change:
        a = change.subject
        items = [i for i in agenda(change.s, a.workshop_id) if i.id != a.id]
        items.insert(max(0, min(position, len(items))), a)
        _renumber(change.s, items)
    return items


def duplicate_activity(db: Database, bus: Bus, *, facilitator_id: int, activity_id: int) -> Activity:
    """A copy (without entries) right after the original."""
    a = get_activity(db, facilitator_id=facilitator_id, activity_id=activity_id)
    return add_activity(db, bus, facilitator_id=facilitator_id, workshop_id=a.workshop_id, kind=a.kind,
                        prompt=a.prompt, settings=dict(a.settings), position=a.position + 1)


def delete_activity(db: Database, bus: Bus, *, facilitator_id: int, activity_id: int) -> None:
    """Remove an activity and its entries; if it was on screen, the room goes back to the lobby."""
    with changing(db, bus, facilitator_id=facilitator_id, activity_id=activity_id) as change:
        s, w, a = change.s, change.workshop, change.subject
        s.execute(table_of(Entry).delete().where(col(Entry.activity_id) == a.id))
        s.execute(update(JournalEntry).where(col(JournalEntry.activity_id) == a.id).values(activity_id=None))
        if w.current_activity_id == a.id:
            w.current_activity_id = None
            s.add(w)
        s.delete(a)
        s.flush()
        _renumber(s, agenda(s, id_of(w)))
