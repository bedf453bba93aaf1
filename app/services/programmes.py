"""Programmes: a series of workshops in order, run by the same facilitators, with network groups defined once and
reused by every workshop of the programme (each workshop's group is linked to its programme group)."""
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from typing import Any

from sqlalchemy import func, or_, update
from sqlalchemy.exc import IntegrityError
from sqlmodel import Session, col, delete, select

from app.db import Database
from app.i18n import N_
from app.ids import is_row_id
from app.activities import KINDS
from app.models import (Activity, Entry, Facilitator, JournalEntry, Participant, Programme, ProgrammeFacilitator, ProgrammeGroup,
                        ProgrammeMember, WorkGroup, Workshop, id_of)
from app.services.agenda import clean_language, clean_title
from app.services.access import OwnerOnly, bump, owned_programme, owner_programme, owner_workshop, runs_programme
from app.services.errors import Conflict, Invalid, NotFound
from app.services.events import ACCESS, STATE, Bus
from app.services.groups import MAX_GROUPS, groups_of
from app.services.journal_counts import entry_counts
from app.services.passes import programme_group_of
from app.text import clean_text

MAX_WORKSHOPS = 50
MAX_RETENTION_DAYS = 3650
# "Leave as it is" for the optional arguments where None means something (the installation's default).
UNCHANGED: Any = object()


@dataclass
class ProgrammeDetail:
    """A programme with its workshops (in order) and its network groups (in order)."""

    programme: Programme
    workshops: list[Workshop]
    groups: list[ProgrammeGroup]


@dataclass
class ProgrammeChange:
    """A change of a programme in progress: its session, the programme, and the workshops whose screens are told
    once it is committed (their versions count on)."""

    s: Session
    programme: Programme
    touched: dict[int, Workshop] = field(default_factory=dict)

    def touch(self, w: Workshop) -> None:
        """The screens of `w` render something this change alters."""
        self.touched[id_of(w)] = w


@contextmanager
def changing_programme(db: Database, bus: Bus, *, facilitator_id: int, programme_id: int, owner_only: bool = False,
                       topic: str = STATE) -> Iterator[ProgrammeChange]:
    """Change a programme `facilitator_id` runs (`owner_only`: owns) in one write transaction; every workshop the
    change touched counts one more version, and is told `topic` once the change is committed."""
    with db.write() as s:
        programme = (owner_programme if owner_only else owned_programme)(s, facilitator_id, programme_id)
        change = ProgrammeChange(s, programme)
        yield change
        if topic == STATE:
            for w in change.touched.values():
                bump(s, w)
    for workshop_id in change.touched:
        bus.publish(workshop_id, topic)


# --- cleaning ----------------------------------------------------------------------------------

def _clean_retention(days: int | None) -> int | None:
    if days is not None and (not isinstance(days, int) or not 1 <= days <= MAX_RETENTION_DAYS):
        raise Invalid("The retention period is 1 to %(max)s days.", "retention_days", max=MAX_RETENTION_DAYS)
    return days


def _clean_group_name(name: Any) -> str:
    name = " ".join(clean_text(str(name or "")).split())
    if not name or len(name) > 60:
        raise Invalid("A group needs a name of at most 60 characters.", "name")
    return name


# --- programmes --------------------------------------------------------------------------------

def create_programme(db: Database, *, facilitator_id: int, title: str, language: str = "nb",
                     retention_days: int | None = None) -> Programme:
    """A new programme without workshops, owned by `facilitator_id`."""
    with db.write() as s:
        programme = Programme(owner_id=facilitator_id, title=clean_title(title), language=clean_language(language),
                              retention_days=_clean_retention(retention_days))
        s.add(programme)
        s.flush()
        return programme


def list_programmes(db: Database, *, facilitator_id: int) -> list[Programme]:
    """The programmes `facilitator_id` owns or co-facilitates, newest first."""
    shared = select(ProgrammeFacilitator.programme_id).where(ProgrammeFacilitator.facilitator_id == facilitator_id)
    with db.read() as s:
        return list(s.exec(select(Programme).where(or_(col(Programme.owner_id) == facilitator_id,
                                                       col(Programme.id).in_(shared)))
                           .order_by(col(Programme.id).desc())).all())


def workshops_of(s: Session, programme_id: int) -> list[Workshop]:
    """A programme's workshops in their order."""
    return list(s.exec(select(Workshop).where(Workshop.programme_id == programme_id)
                       .order_by(col(Workshop.programme_position), col(Workshop.id))).all())


def programme_groups_of(s: Session, programme_id: int) -> list[ProgrammeGroup]:
    """A programme's network groups in their order."""
    return list(s.exec(select(ProgrammeGroup).where(ProgrammeGroup.programme_id == programme_id)
                       .order_by(col(ProgrammeGroup.position), col(ProgrammeGroup.id))).all())


def get_programme(db: Database, *, facilitator_id: int, programme_id: int) -> ProgrammeDetail:
    """A programme with its workshops and network groups."""
    with db.read() as s:
        programme = owned_programme(s, facilitator_id, programme_id)
        return ProgrammeDetail(programme, workshops_of(s, programme_id), programme_groups_of(s, programme_id))


def update_programme(db: Database, *, facilitator_id: int, programme_id: int, title: str | None = None,
                     language: str | None = None, retention_days: Any = UNCHANGED) -> Programme:
    """Change title, language or retention period (None: the installation's default)."""
    with db.write() as s:
        programme = owned_programme(s, facilitator_id, programme_id)
        if title is not None:
            programme.title = clean_title(title)
        if language is not None:
            programme.language = clean_language(language)
        if retention_days is not UNCHANGED:
            programme.retention_days = _clean_retention(retention_days)
        s.add(programme)
        return programme


def delete_programme(db: Database, bus: Bus, *, facilitator_id: int, programme_id: int) -> None:
    """Delete a programme with its leaders' identities, its network groups and co-facilitators (owner only).

    Its workshops stay, with their answers and groups, as workshops of no programme (their owners keep them)."""
    with changing_programme(db, bus, facilitator_id=facilitator_id, programme_id=programme_id, owner_only=True,
                            topic=ACCESS) as change:
        for w in workshops_of(change.s, programme_id):
            change.touch(w)  # the programme's co-facilitators may have had it open: their screens re-check
        delete_programme_rows(change.s, change.programme)
    db.after_delete()  # the leaders' names must not linger in the SQLite WAL


def delete_programme_rows(s: Session, programme: Programme) -> None:
    """Delete a programme's own rows and detach its workshops, in `s`'s transaction."""
    pid = id_of(programme)
    groups = select(ProgrammeGroup.id).where(ProgrammeGroup.programme_id == pid)
    forget_members(s, pid)
    s.execute(update(WorkGroup).where(col(WorkGroup.programme_group_id).in_(groups)).values(programme_group_id=None))
    s.execute(update(Workshop).where(col(Workshop.programme_id) == pid).values(programme_id=None,
                                                                                programme_position=None))
    s.exec(delete(ProgrammeGroup).where(col(ProgrammeGroup.programme_id) == pid))
    s.exec(delete(ProgrammeFacilitator).where(col(ProgrammeFacilitator.programme_id) == pid))
    s.delete(programme)


def forget_members(s: Session, programme_id: int) -> int:
    """Delete a programme's leaders' identities with their journals, in `s`'s transaction: their answers stay in
    each workshop, as anyone's without a pass. The number of identities deleted."""
    members = select(ProgrammeMember.id).where(ProgrammeMember.programme_id == programme_id)
    s.execute(update(Participant).where(col(Participant.programme_member_id).in_(members))
              .values(programme_member_id=None))
    s.exec(delete(JournalEntry).where(col(JournalEntry.programme_member_id).in_(members)))
    return s.exec(delete(ProgrammeMember).where(col(ProgrammeMember.programme_id) == programme_id)).rowcount


def delete_programmes_of(db: Database, bus: Bus, facilitator_id: int) -> None:
    """Before an account is deleted: its programmes go (their workshops stay with their owners), and it
    co-facilitates no programme any more."""
    touched: list[int] = []
    with db.write() as s:
        for programme in s.exec(select(Programme).where(Programme.owner_id == facilitator_id)).all():
            touched += [id_of(w) for w in workshops_of(s, id_of(programme))]
            delete_programme_rows(s, programme)
        shared = select(ProgrammeFacilitator.programme_id).where(ProgrammeFacilitator.facilitator_id == facilitator_id)
        touched += [wid for wid in s.exec(select(Workshop.id).where(col(Workshop.programme_id).in_(shared)))
                    if wid is not None]
        s.exec(delete(ProgrammeFacilitator).where(col(ProgrammeFacilitator.facilitator_id) == facilitator_id))
    for workshop_id in touched:
        bus.publish(workshop_id, ACCESS)


# --- workshops of a programme ------------------------------------------------------------------

def _renumber_workshops(s: Session, workshops: list[Workshop]) -> None:
    for i, w in enumerate(workshops):
        if w.programme_position != i:
            w.programme_position = i
            s.add(w)


def _place(s: Session, programme_id: int, w: Workshop, position: int | None) -> None:
    """Put `w` at `position` (None: last) among the programme's workshops."""
    others = [x for x in workshops_of(s, programme_id) if x.id != w.id]
    if len(others) >= MAX_WORKSHOPS:
        raise Conflict(N_("A programme holds at most %(n)s workshops."), "too_many", n=MAX_WORKSHOPS)
    others.insert(len(others) if position is None else max(0, min(position, len(others))), w)
    _renumber_workshops(s, others)


def _link_groups(s: Session, programme_id: int, w: Workshop) -> None:
    """Give the workshop a group linked to each programme group: its own group of the same name (whatever the
    case) becomes the linked one, else a new group is made; linked groups come first, in the programme's order."""
    own = groups_of(s, id_of(w))
    by_name = {g.name.casefold(): g for g in own if g.programme_group_id is None}
    ordered: list[WorkGroup] = []
    for pg in programme_groups_of(s, programme_id):
        g = next((x for x in own if x.programme_group_id == pg.id), None) or by_name.pop(pg.name.casefold(), None)
        if g is None:
            g = WorkGroup(workshop_id=id_of(w), name=pg.name)
        g.programme_group_id = pg.id
        ordered.append(g)
    linked = {id(g) for g in ordered}
    ordered += [g for g in own if id(g) not in linked]
    if len(ordered) > MAX_GROUPS:
        raise Conflict("A workshop holds at most %(n)s groups.", "too_many", n=MAX_GROUPS)
    for i, g in enumerate(ordered):
        g.position = i
        s.add(g)
    s.flush()


def add_workshop(db: Database, bus: Bus, *, facilitator_id: int, programme_id: int, workshop_id: int,
                 position: int | None = None) -> Workshop:
    """Make a workshop the caller owns a day of the programme (at `position`, else last); its groups are linked to
    the programme's network groups (made where missing). The programme's facilitators run it from now on."""
    with changing_programme(db, bus, facilitator_id=facilitator_id, programme_id=programme_id) as change:
        s = change.s
        w = owner_workshop(s, facilitator_id, workshop_id)
        if w.programme_id is not None and w.programme_id != programme_id:
            raise Conflict(N_("This workshop belongs to another programme already."), "in_programme")
        w.programme_id = programme_id
        _place(s, programme_id, w, position)
        _link_groups(s, programme_id, w)
        change.touch(w)
    return w


def create_workshop(db: Database, bus: Bus, *, facilitator_id: int, programme_id: int, title: str,
                    language: str | None = None, position: int | None = None) -> Workshop:
    """A new draft workshop owned by `facilitator_id`, in the programme (at `position`, else last), with the
    programme's network groups (and its language unless another is given)."""
    with changing_programme(db, bus, facilitator_id=facilitator_id, programme_id=programme_id) as change:
        s, programme = change.s, change.programme
        w = Workshop(owner_id=facilitator_id, title=clean_title(title),
                     language=clean_language(language or programme.language), programme_id=programme_id)
        s.add(w)
        s.flush()
        _place(s, programme_id, w, position)
        _link_groups(s, programme_id, w)
    return w


def remove_workshop(db: Database, bus: Bus, *, facilitator_id: int, programme_id: int, workshop_id: int) -> None:
    """Take a workshop out of the programme (it stays, with its answers and groups, as a workshop of no programme);
    its participants are no longer anyone's programme identity."""
    with changing_programme(db, bus, facilitator_id=facilitator_id, programme_id=programme_id,
                            topic=ACCESS) as change:
        s = change.s
        w = s.get(Workshop, workshop_id)
        if w is None or w.programme_id != programme_id:
            raise NotFound("No such workshop.", "workshop")
        if w.owner_id != facilitator_id and change.programme.owner_id != facilitator_id:
            raise OwnerOnly(N_("Only the workshop's owner can do this."), "not_owner")  # or the programme's owner
        s.execute(update(Participant).where(col(Participant.workshop_id) == workshop_id)
                  .values(programme_member_id=None))
        s.execute(update(WorkGroup).where(col(WorkGroup.workshop_id) == workshop_id).values(programme_group_id=None))
        w.programme_id, w.programme_position = None, None
        s.add(w)
        s.flush()
        _renumber_workshops(s, workshops_of(s, programme_id))
        change.touch(w)  # the programme's co-facilitators no longer run it: their screens re-check


def reorder_workshops(db: Database, bus: Bus, *, facilitator_id: int, programme_id: int,
                      workshop_ids: list[int]) -> list[Workshop]:
    """Put the programme's workshops in this order (every one of them, each once)."""
    with changing_programme(db, bus, facilitator_id=facilitator_id, programme_id=programme_id) as change:
        workshops = workshops_of(change.s, programme_id)
        by_id = {id_of(w): w for w in workshops}
        if sorted(workshop_ids) != sorted(by_id) or len(set(workshop_ids)) != len(workshop_ids):
            raise Invalid(N_("Give every workshop of the programme once, in the new order."), "order")
        ordered = [by_id[i] for i in workshop_ids]
        _renumber_workshops(change.s, ordered)
    return ordered


# --- network groups ----------------------------------------------------------------------------

def _programme_group(s: Session, programme_id: int, group_id: Any) -> ProgrammeGroup:
    g = s.get(ProgrammeGroup, group_id) if is_row_id(group_id) else None
    if g is None or g.programme_id != programme_id:
        raise NotFound("No such group.", "group")
    return g


def _check_unique(existing: list[ProgrammeGroup], name: str, keep: int | None = None) -> None:
    if any(g.name.casefold() == name.casefold() and g.id != keep for g in existing):
        raise Conflict("There is already a group called %(name)s.", "duplicate", name=name)


def list_groups(db: Database, *, facilitator_id: int, programme_id: int) -> list[ProgrammeGroup]:
    """The programme's network groups in their order."""
    with db.read() as s:
        owned_programme(s, facilitator_id, programme_id)
        return programme_groups_of(s, programme_id)


def create_group(db: Database, bus: Bus, *, facilitator_id: int, programme_id: int, name: str) -> ProgrammeGroup:
    """A new network group at the end; every workshop of the programme gets it too (a group of the same name it
    has already becomes the linked one)."""
    name = _clean_group_name(name)
    with changing_programme(db, bus, facilitator_id=facilitator_id, programme_id=programme_id) as change:
        s = change.s
        existing = programme_groups_of(s, programme_id)
        if len(existing) >= MAX_GROUPS:
            raise Conflict("A workshop holds at most %(n)s groups.", "too_many", n=MAX_GROUPS)
        _check_unique(existing, name)
        g = ProgrammeGroup(programme_id=programme_id, name=name, position=len(existing))
        s.add(g)
        s.flush()
        for w in workshops_of(s, programme_id):
            _link_groups(s, programme_id, w)
            change.touch(w)
    return g


def update_group(db: Database, bus: Bus, *, facilitator_id: int, programme_id: int, group_id: int,
                 name: str | None = None, position: int | None = None) -> ProgrammeGroup:
    """Rename a network group or move it in the order; its group in every workshop of the programme follows."""
    clean = _clean_group_name(name) if name is not None else None
    with changing_programme(db, bus, facilitator_id=facilitator_id, programme_id=programme_id) as change:
        s = change.s
        g = _programme_group(s, programme_id, group_id)
        existing = programme_groups_of(s, programme_id)
        if clean is not None:
            _check_unique(existing, clean, keep=g.id)
            g.name = clean
        if position is not None:
            existing = [x for x in existing if x.id != g.id]
            existing.insert(max(0, min(position, len(existing))), g)
        for i, x in enumerate(existing):
            x.position = i
            s.add(x)
        s.flush()
        for w in workshops_of(s, programme_id):
            if clean is not None:
                linked = s.exec(select(WorkGroup).where(WorkGroup.workshop_id == w.id,
                                                        WorkGroup.programme_group_id == g.id)).first()
                others = [x for x in groups_of(s, id_of(w)) if x is not linked]
                if any(x.name.casefold() == clean.casefold() for x in others):
                    raise Conflict("There is already a group called %(name)s.", "duplicate", name=clean)
                if linked is not None:
                    linked.name = clean
                    s.add(linked)
            _link_groups(s, programme_id, w)
            change.touch(w)
    return g


def delete_group(db: Database, bus: Bus, *, facilitator_id: int, programme_id: int, group_id: int) -> None:
    """Remove a network group and its group in every workshop of the programme; their members are in no group
    afterwards (their answers stay)."""
    with changing_programme(db, bus, facilitator_id=facilitator_id, programme_id=programme_id) as change:
        s = change.s
        g = _programme_group(s, programme_id, group_id)
        linked = select(WorkGroup.id).where(WorkGroup.programme_group_id == g.id)
        s.execute(update(Participant).where(col(Participant.group_id).in_(linked)).values(group_id=None, role=None))
        s.execute(update(ProgrammeMember).where(col(ProgrammeMember.programme_group_id) == g.id)
                  .values(programme_group_id=None))
        for w in workshops_of(s, programme_id):
            change.touch(w)
        s.exec(delete(WorkGroup).where(col(WorkGroup.programme_group_id) == g.id))
        s.delete(g)
        s.flush()
        for i, x in enumerate(programme_groups_of(s, programme_id)):
            x.position = i
            s.add(x)


# --- co-facilitators ---------------------------------------------------------------------------

def _person(f: Facilitator) -> dict[str, Any]:
    return {"id": f.id, "name": f.name, "email": f.email}


def team(db: Database, *, facilitator_id: int, programme_id: int) -> dict[str, Any]:
    """The owner and co-facilitators of the programme, as any of them sees them."""
    with db.read() as s:
        programme = owned_programme(s, facilitator_id, programme_id)
        owner = s.get(Facilitator, programme.owner_id)
        assert owner is not None  # a foreign key: the owner exists
        rows = s.exec(select(Facilitator).join(ProgrammeFacilitator,
                                               col(ProgrammeFacilitator.facilitator_id) == Facilitator.id)
                      .where(ProgrammeFacilitator.programme_id == programme_id)
                      .order_by(col(ProgrammeFacilitator.id))).all()
        return {"owner": _person(owner), "co_facilitators": [_person(f) for f in rows]}


def add_facilitator(db: Database, *, owner_id: int, programme_id: int, facilitator_id: int | None = None,
                    email: str | None = None) -> Facilitator:
    """Add an active facilitator of this installation (by id or email) as co-facilitator of the programme: they run
    every workshop of it. Owner only; adding twice changes nothing."""
    def find(s: Session) -> Facilitator | None:
        if facilitator_id is not None:
            return s.get(Facilitator, facilitator_id)
        return s.exec(select(Facilitator).where(Facilitator.email == (email or "").strip().lower())).first()

    try:
        with db.write() as s:
            programme = owner_programme(s, owner_id, programme_id)
            f = find(s)
            if f is None or not f.active:
                raise NotFound(N_("No active facilitator of this installation has that email address."), "facilitator")
            if f.id == programme.owner_id:
                raise Conflict(N_("You own this programme already."), "owner")
            if s.exec(select(ProgrammeFacilitator.id).where(ProgrammeFacilitator.programme_id == programme_id,
                                                            ProgrammeFacilitator.facilitator_id == f.id)).first():
                return f
            s.add(ProgrammeFacilitator(programme_id=programme_id, facilitator_id=id_of(f)))
            return f
    except IntegrityError:
        # The same colleague added from two tabs at once: the unique pair keeps one row.
        with db.read() as s:
            added = find(s)
        assert added is not None  # the other tab's row that clashed with ours: it is there
        return added


def remove_facilitator(db: Database, bus: Bus, *, owner_id: int, programme_id: int, facilitator_id: int) -> None:
    """Take a co-facilitator off the programme (owner only); their open screens of its workshops re-check their
    access at once and close unless they still run the workshop another way."""
    with changing_programme(db, bus, facilitator_id=owner_id, programme_id=programme_id, owner_only=True,
                            topic=ACCESS) as change:
        gone = change.s.exec(delete(ProgrammeFacilitator).where(
            col(ProgrammeFacilitator.programme_id) == programme_id,
            col(ProgrammeFacilitator.facilitator_id) == facilitator_id))
        if not gone.rowcount:
            raise NotFound(N_("That facilitator does not co-facilitate this programme."), "facilitator")
        for w in workshops_of(change.s, programme_id):
            change.touch(w)



# --- where a workshop stands in its programme ----------------------------------------------------

@dataclass(frozen=True)
class ProgrammePlace:
    """A workshop's programme as its staff screens name it: title, the workshop's number in the order, and whether
    the viewer runs the programme (a colleague added to one workshop only gets no link to the programme's page)."""

    programme_id: int
    title: str
    number: int
    total: int
    runs: bool


def place_of(db: Database, *, facilitator_id: int, workshop: Workshop) -> ProgrammePlace | None:
    """The programme `workshop` (one the caller runs) is a day of, or None."""
    if workshop.programme_id is None:
        return None
    with db.read() as s:
        programme = s.get(Programme, workshop.programme_id)
        if programme is None:
            return None
        order = [id_of(w) for w in workshops_of(s, id_of(programme))]
        number = order.index(id_of(workshop)) + 1 if workshop.id in order else 0
        return ProgrammePlace(id_of(programme), programme.title, number, len(order),
                              runs_programme(s, facilitator_id, programme))


def titles_of(db: Database, programme_ids: set[int]) -> dict[int, str]:
    """Programme titles by id (for naming the programme of workshops the caller runs already)."""
    if not programme_ids:
        return {}
    with db.read() as s:
        return {id_of(p): p.title for p in s.exec(select(Programme).where(col(Programme.id).in_(programme_ids)))}


# --- members: the leaders' identities ------------------------------------------------------------

@dataclass(frozen=True)
class MemberSummary:
    """A leader of the programme as its facilitators see them: counts only, never what they wrote."""

    id: int
    number: int  # 1-based place among the programme's members, oldest first: the anonymous label ("Member 3")
    name: str  # the name they gave, "" if none
    group_id: int | None
    group: str | None
    workshops: int  # the programme's workshops they joined
    journal_entries: int


def _member(s: Session, programme_id: int, member_id: Any) -> ProgrammeMember:
    m = s.get(ProgrammeMember, member_id) if is_row_id(member_id) else None
    if m is None or m.programme_id != programme_id:
        raise NotFound(N_("No such leader in this programme."), "member")
    return m


def _summaries(s: Session, programme_id: int) -> list[MemberSummary]:
    """Every member of the programme with their network group and counts, oldest first."""
    members = s.exec(select(ProgrammeMember).where(ProgrammeMember.programme_id == programme_id)
                     .order_by(col(ProgrammeMember.id))).all()
    groups = {id_of(g): g.name for g in programme_groups_of(s, programme_id)}
    days = select(Workshop.id).where(Workshop.programme_id == programme_id)
    joined = dict(s.exec(select(Participant.programme_member_id, func.count(func.distinct(Participant.workshop_id)))
                         .where(col(Participant.workshop_id).in_(days),
                                col(Participant.programme_member_id).is_not(None))
                         .group_by(col(Participant.programme_member_id))).all())
    entries = entry_counts(s, programme_id)
    out = []
    for number, m in enumerate(members, 1):
        group_id = programme_group_of(s, m)
        group_id = group_id if group_id in groups else None
        out.append(MemberSummary(id=id_of(m), number=number, name=m.display_name, group_id=group_id,
                                 group=groups[group_id] if group_id is not None else None,
                                 workshops=joined.get(id_of(m), 0), journal_entries=entries.get(id_of(m), 0)))
    return out


def list_members(db: Database, *, facilitator_id: int, programme_id: int) -> list[MemberSummary]:
    """The programme's leaders, oldest first, with their network group, how many of its workshops they joined and
    how many journal entries they wrote."""
    with db.read() as s:
        owned_programme(s, facilitator_id, programme_id)
        return _summaries(s, programme_id)


def _has_private_history(s: Session, member_id: int) -> bool:
    """Whether a leader's identity holds anything only they may read: journal entries, or answers in a private
    round (a self-assessment, peer coaching) of one of their workshops."""
    if s.exec(select(JournalEntry.id).where(JournalEntry.programme_member_id == member_id).limit(1)).first():
        return True
    private = [name for name, kind in KINDS.items() if kind.private]
    return s.exec(select(Entry.id).join(Participant, col(Entry.participant_id) == Participant.id)
                  .join(Activity, col(Entry.activity_id) == Activity.id)
                  .where(Participant.programme_member_id == member_id, col(Activity.kind).in_(private))
                  .limit(1)).first() is not None


def merge_members(db: Database, bus: Bus, *, facilitator_id: int, programme_id: int, keep_id: int,
                  merge_id: int) -> MemberSummary:
    """One leader, two identities (they lost their pass and joined as new): `merge_id`'s workshops move to
    `keep_id`, the identity whose pass they hold now, which takes `merge_id`'s name and network group where it has
    none; `merge_id` is deleted. Only ever asked for by a facilitator.

    Refused (`same_workshop`) where both took part in the same workshop: then they are two people; and
    (`private_history`) where `merge_id` has anything private (a journal, own self-assessments, peer coaching):
    a facilitator's merge must never hand a leader's private history to whoever holds the other pass. The leader
    takes it along themselves, with their personal code or link on the new device."""
    if keep_id == merge_id:
        raise Invalid(N_("Choose two different leaders to merge."), "same_member")
    with changing_programme(db, bus, facilitator_id=facilitator_id, programme_id=programme_id) as change:
        s = change.s
        keep, merge = _member(s, programme_id, keep_id), _member(s, programme_id, merge_id)
        kept_days = set(s.exec(select(Participant.workshop_id).where(Participant.programme_member_id == keep_id)))
        moved_days = set(s.exec(select(Participant.workshop_id).where(Participant.programme_member_id == merge_id)))
        if kept_days & moved_days:
            raise Conflict(N_("These two took part in the same workshop, so they are two different leaders: "
                              "they cannot be merged."), "same_workshop")
        if _has_private_history(s, merge_id):
            raise Conflict(N_("The old identity has a private history (a journal, own scores, peer coaching), which "
                              "only the leader may take along: ask them to type their old personal code when they "
                              "join, or to open their old personal link, on the new device."), "private_history")
        s.execute(update(Participant).where(col(Participant.programme_member_id) == merge_id)
                  .values(programme_member_id=keep_id))
        if not keep.display_name:
            keep.display_name = merge.display_name
        if keep.programme_group_id is None:
            keep.programme_group_id = merge.programme_group_id
        s.add(keep)
        s.delete(merge)
        s.flush()
        for w in s.exec(select(Workshop).where(col(Workshop.id).in_(kept_days | moved_days))):
            change.touch(w)  # the staff screens name the workshop's people
        return next(m for m in _summaries(s, programme_id) if m.id == keep_id)
