"""One way to change a workshop: the write transaction, the right to run it, the screens' version and the
notices, published only once the change is committed."""
from collections.abc import Callable, Iterable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from typing import Any

from sqlalchemy.orm.attributes import set_committed_value
from sqlmodel import Session, select

from app.db import Database
from app.models import Activity, Workshop, id_of
from app.services.access import bump, owned_activity, owned_workshop, owner_workshop
from app.services.events import STATE, Bus


@dataclass
class Change:
    """A change in progress: its session, the workshop it is about (and the activity, group or participant in it,
    if any), and what the screens are told once it is committed, in that order. The screens' version counts one
    more when STATE is told."""

    s: Session
    workshop: Workshop
    subject: Any = None
    topics: list[str] = field(default_factory=list)

    def tell(self, *topics: str) -> None:
        """Also tell the screens about `topics` (each once, in the order first told)."""
        self.topics += [t for t in topics if t not in self.topics]

    def nothing_changed(self) -> None:
        """Nothing a screen renders changed after all: no new version, no notices (the transaction still commits)."""
        self.topics = []


@contextmanager
def changing(db: Database, bus: Bus, *, facilitator_id: int, workshop_id: int | None = None,
             activity_id: int | None = None, owner_only: bool = False, topics: Iterable[str] = (STATE,),
             in_turn: bool = False) -> Iterator[Change]:
    """Change a workshop (by `workshop_id`) or one of its activities (by `activity_id`: the change's subject) that
    `facilitator_id` runs (`owner_only`: owns); NotFound otherwise, OwnerOnly for a co-facilitator where only the
    owner may.

    With `in_turn`, changes of the same workshop wait for each other on its row (a read-modify-write of
    clocks and moderation from two consoles or two processes takes turns instead of losing one)."""
    if (workshop_id is None) == (activity_id is None):
        raise TypeError("changing() needs a workshop_id or an activity_id, not both.")
    if activity_id is not None and (owner_only or in_turn):
        raise TypeError("owner_only and in_turn go with a workshop_id.")

    def find(s: Session) -> tuple[Workshop, Activity | None]:
        if activity_id is not None:
            return owned_activity(s, facilitator_id, activity_id)
        if in_turn:
            s.execute(select(Workshop.id).where(Workshop.id == workshop_id).with_for_update())
        assert workshop_id is not None  # no activity_id, so a workshop_id (checked above)
        return (owner_workshop if owner_only else owned_workshop)(s, facilitator_id, workshop_id), None

    with committing(db, bus, find, topics) as change:
        yield change


@contextmanager
def committing(db: Database, bus: Bus, find: Callable[[Session], tuple[Workshop, Any]],
               topics: Iterable[str] = (STATE,)) -> Iterator[Change]:
    """The unit of work under `changing`, also for a change whose right to happen `find` checks itself (a group
    of the facilitator's, a phone's own): `find` reads the workshop and the change's subject in the write
    transaction (or refuses); the body changes them; then the version counts on if STATE is told, the
    transaction commits, and only then is each topic published."""
    with db.write() as s:
        workshop, subject = find(s)
        change = Change(s, workshop, subject, list(dict.fromkeys(topics)))
        yield change
        if STATE in change.topics:
            bump(s, workshop)
            # The committed version, for callers that answer with it (the bump is an SQL-side increment).
            version = s.exec(select(Workshop.state_version).where(Workshop.id == workshop.id)).one()
            set_committed_value(workshop, "state_version", version)
    for topic in change.topics:
        bus.publish(id_of(workshop), topic)
