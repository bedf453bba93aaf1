"""Co-facilitation: the owner adds colleagues of this installation who then run the workshop with them."""
from typing import Any

from sqlalchemy.exc import IntegrityError
from sqlmodel import col, delete, select

from app.db import Database
from app.i18n import N_
from app.models import Facilitator, WorkshopFacilitator, id_of
from app.services.access import owned_workshop, owner_workshop
from app.services.errors import Conflict, NotFound
from app.services.events import ACCESS, Bus
from app.services.unit_of_work import changing


def _person(f: Facilitator) -> dict[str, Any]:
    return {"id": f.id, "name": f.name, "email": f.email}


def team(db: Database, facilitator_id: int, workshop_id: int) -> dict[str, Any]:
    """The owner and co-facilitators, as any of them sees them."""
    with db.read() as s:
        w = owned_workshop(s, facilitator_id, workshop_id)
        owner = s.get(Facilitator, w.owner_id)
        assert owner is not None  # a foreign key: the owner exists
        rows = s.exec(select(Facilitator).join(WorkshopFacilitator, col(WorkshopFacilitator.facilitator_id) == Facilitator.id)
                      .where(WorkshopFacilitator.workshop_id == w.id).order_by(col(WorkshopFacilitator.id))).all()
        return {"owner": _person(owner), "co_facilitators": [_person(f) for f in rows]}


def candidates(db: Database, owner_id: int, workshop_id: int) -> list[Facilitator]:
    """Active facilitators of this installation the owner could still add."""
    with db.read() as s:
        w = owner_workshop(s, owner_id, workshop_id)
        added = select(WorkshopFacilitator.facilitator_id).where(WorkshopFacilitator.workshop_id == w.id)
        return list(s.exec(select(Facilitator).where(col(Facilitator.active).is_(True), Facilitator.id != w.owner_id,
                                                     col(Facilitator.id).not_in(added))
                           .order_by(col(Facilitator.name), col(Facilitator.id))).all())


def add(db: Database, owner_id: int, workshop_id: int, facilitator_id: int | None = None,
        email: str | None = None) -> Facilitator:
    """Add an active facilitator of this installation (by id or email) as co-facilitator; owner only."""
    try:
        with db.write() as s:
            w = owner_workshop(s, owner_id, workshop_id)
            if facilitator_id is not None:
                f = s.get(Facilitator, facilitator_id)
            else:
                f = s.exec(select(Facilitator).where(Facilitator.email == (email or "").strip().lower())).first()
            if f is None or not f.active:
                raise NotFound(N_("No active facilitator of this installation has that email address."), "facilitator")
            if f.id == w.owner_id:
                raise Conflict(N_("You own this workshop already."), "owner")
            if s.exec(select(WorkshopFacilitator.id).where(WorkshopFacilitator.workshop_id == w.id,
                                                           WorkshopFacilitator.facilitator_id == f.id)).first():
                return f  # already added: adding twice changes nothing
            s.add(WorkshopFacilitator(workshop_id=id_of(w), facilitator_id=id_of(f)))
            return f
    except IntegrityError:
        # The same colleague added from two tabs at once: the unique pair keeps one row.
        with db.read() as s:
            added = s.get(Facilitator, facilitator_id) if facilitator_id is not None else \
                s.exec(select(Facilitator).where(Facilitator.email == (email or "").strip().lower())).one()
        assert added is not None  # the other tab's row that clashed with ours: it is there
        return added


def remove(db: Database, bus: Bus, owner_id: int, workshop_id: int, facilitator_id: int) -> None:
    """Take a co-facilitator off the workshop; owner only. Their open console and presenter screens
    close at once (every process's screens re-check their access)."""
    with changing(db, bus, facilitator_id=owner_id, workshop_id=workshop_id, owner_only=True,
                  topics=(ACCESS,)) as change:
        gone = change.s.exec(delete(WorkshopFacilitator).where(col(WorkshopFacilitator.workshop_id) == workshop_id,
                                                               col(WorkshopFacilitator.facilitator_id) == facilitator_id))
        if not gone.rowcount:
            raise NotFound(N_("That facilitator does not co-facilitate this workshop."), "facilitator")
