"""Reading a workshop, activity or programme on behalf of its owner or a co-facilitator, and counting changes the
screens render."""
from typing import Literal

from sqlalchemy import update
from sqlmodel import Session, col, select

from app.db import Database
from app.i18n import N_
from app.models import Activity, Programme, ProgrammeFacilitator, Workshop, WorkshopFacilitator
from app.services.errors import DomainError, NotFound


class OwnerOnly(DomainError):
    """A co-facilitator asked for what only the owner may do (delete the workshop, add or remove people)."""

    status = 403


def bump(s: Session, workshop: Workshop) -> None:
    """Count one more change of what the screens render (atomic, no read-modify-write)."""
    s.execute(update(Workshop).where(col(Workshop.id) == workshop.id).values(state_version=Workshop.state_version + 1))


def runs(s: Session, facilitator_id: int, w: Workshop) -> bool:
    """Whether `facilitator_id` runs the workshop: its owner, a co-facilitator the owner added, or (for a workshop
    of a programme) the programme's owner or one of its co-facilitators."""
    if w.owner_id == facilitator_id:
        return True
    added = select(WorkshopFacilitator.id).where(WorkshopFacilitator.workshop_id == w.id,
                                                 WorkshopFacilitator.facilitator_id == facilitator_id)
    if s.exec(added).first() is not None:
        return True
    if w.programme_id is None:
        return False
    programme = s.get(Programme, w.programme_id)
    return programme is not None and runs_programme(s, facilitator_id, programme)


def runs_programme(s: Session, facilitator_id: int, programme: Programme) -> bool:
    """Whether `facilitator_id` runs the programme: its owner, or a co-facilitator the owner added."""
    if programme.owner_id == facilitator_id:
        return True
    added = select(ProgrammeFacilitator.id).where(ProgrammeFacilitator.programme_id == programme.id,
                                                  ProgrammeFacilitator.facilitator_id == facilitator_id)
    return s.exec(added).first() is not None


def owned_programme(s: Session, facilitator_id: int, programme_id: int) -> Programme:
    """The programme if `facilitator_id` runs it (owner or co-facilitator); NotFound otherwise (never reveal others')."""
    programme = s.get(Programme, programme_id)
    if programme is None or not runs_programme(s, facilitator_id, programme):
        raise NotFound(N_("No such programme."), "programme")
    return programme


def owner_programme(s: Session, facilitator_id: int, programme_id: int) -> Programme:
    """The programme if `facilitator_id` owns it; OwnerOnly for a co-facilitator, NotFound for anyone else."""
    programme = owned_programme(s, facilitator_id, programme_id)
    if programme.owner_id != facilitator_id:
        raise OwnerOnly(N_("Only the programme's owner can do this."), "not_owner")
    return programme


def standing(db: Database, facilitator_id: int, workshop_id: int) -> Literal["runs", "gone", "not_running"]:
    """Whether the facilitator runs the workshop now (owner or co-facilitator), or why not: the workshop
    is gone, or they do not run it (never did, or were taken off). A live staff screen asks this again and again."""
    with db.read() as s:
        w = s.get(Workshop, workshop_id)
        if w is None:
            return "gone"
        return "runs" if runs(s, facilitator_id, w) else "not_running"


def owned_workshop(s: Session, owner_id: int, workshop_id: int) -> Workshop:
    """The workshop if `owner_id` runs it, as its owner or a co-facilitator; NotFound otherwise (never reveal others').

    Every service reads through here, so a co-facilitator prepares, steers, moderates and exports like the owner;
    what only the owner may do goes through `owner_workshop`."""
    w = s.get(Workshop, workshop_id)
    if w is None or not runs(s, owner_id, w):
        raise NotFound("No such workshop.", "workshop")
    return w


def owner_workshop(s: Session, owner_id: int, workshop_id: int) -> Workshop:
    """The workshop if `owner_id` owns it; OwnerOnly for a co-facilitator, NotFound for anyone else."""
    w = owned_workshop(s, owner_id, workshop_id)
    if w.owner_id != owner_id:
        raise OwnerOnly(N_("Only the workshop's owner can do this."), "not_owner")
    return w


def owned_activity(s: Session, owner_id: int, activity_id: int) -> tuple[Workshop, Activity]:
    """An activity with its workshop, if `owner_id` runs the workshop (owner or co-facilitator)."""
    a = s.get(Activity, activity_id)
    if a is None:
        raise NotFound("No such activity.", "activity")
    return owned_workshop(s, owner_id, a.workshop_id), a


def agenda(s: Session, workshop_id: int) -> list[Activity]:
    """Activities in agenda order."""
    return list(s.exec(select(Activity).where(Activity.workshop_id == workshop_id)
                       .order_by(col(Activity.position), col(Activity.id))).all())


def earlier_workshops(s: Session, w: Workshop) -> list[Workshop]:
    """The workshops before `w` in its programme, in order (none outside a programme)."""
    if w.programme_id is None or w.programme_position is None:
        return []
    return list(s.exec(select(Workshop).where(Workshop.programme_id == w.programme_id,
                                              col(Workshop.programme_position) < w.programme_position)
                       .order_by(col(Workshop.programme_position), col(Workshop.id))).all())
