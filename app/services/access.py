"""Reading a workshop or activity on behalf of its owner, and counting changes the screens render."""
from sqlalchemy import update
from sqlmodel import Session, col, select

from app.models import Activity, Workshop
from app.services.errors import NotFound


def bump(s: Session, workshop: Workshop) -> None:
    """Count one more change of what the screens render (atomic, no read-modify-write)."""
    s.execute(update(Workshop).where(Workshop.id == workshop.id).values(state_version=Workshop.state_version + 1))


def owned_workshop(s: Session, owner_id: int, workshop_id: int) -> Workshop:
    """The workshop if it belongs to `owner_id`; NotFound otherwise (never reveal others')."""
    w = s.get(Workshop, workshop_id)
    if w is None or w.owner_id != owner_id:
        raise NotFound("No such workshop.", "workshop")
    return w


def owned_activity(s: Session, owner_id: int, activity_id: int) -> tuple[Workshop, Activity]:
    """An activity with its workshop, if the workshop belongs to `owner_id`."""
    a = s.get(Activity, activity_id)
    if a is None:
        raise NotFound("No such activity.", "activity")
    return owned_workshop(s, owner_id, a.workshop_id), a


def agenda(s: Session, workshop_id: int) -> list[Activity]:
    """Activities in agenda order."""
    return list(s.exec(select(Activity).where(Activity.workshop_id == workshop_id)
                       .order_by(col(Activity.position), col(Activity.id))).all())
