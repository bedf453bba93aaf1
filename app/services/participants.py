"""Joining a live workshop as an anonymous participant."""
from sqlmodel import Session, select

from app.db import Database
from app.i18n import pick_language
from app.models import Participant, WorkGroup, Workshop
from app.services.errors import NotFound
from app.services.events import STATE, Bus, NullBus
from app.services.unit_of_work import committing
from app.text import clean_text

MAX_NAME = 60


def join(db: Database, workshop_id: int, display_name: str = "", language: str | None = None,
         bus: Bus | None = None) -> Participant:
    """A new participant of a live workshop (the consoles list newcomers of a grouped workshop)."""
    name = clean_text(display_name or "").replace("\n", " ")[:MAX_NAME]
    with committing(db, bus or NullBus(), lambda s: (_live(s, workshop_id), None), topics=()) as change:
        s, w = change.s, change.workshop
        p = Participant(workshop_id=workshop_id, display_name=name, language=pick_language(language, w.language))
        s.add(p)
        s.flush()
        if s.exec(select(WorkGroup.id).where(WorkGroup.workshop_id == workshop_id).limit(1)).first() is not None:
            change.tell(STATE)  # the consoles list the newcomer to place in a group
    return p


def _live(s: Session, workshop_id: int) -> Workshop:
    w = s.get(Workshop, workshop_id)
    if w is None or w.status != "live":
        raise NotFound("This workshop is not open for joining.", "not_live")
    return w


def get(db: Database, participant_id: int) -> Participant | None:
    """A participant by id."""
    with db.read() as s:
        return s.get(Participant, participant_id)


def stamp(p: Participant) -> int:
    """A fingerprint of when the participant joined, carried in their token.

    SQLite reuses the ids of deleted rows, so an id alone could let an old token speak for a new
    participant. Seconds and microseconds only: unlike the hour, they survive any time-zone shift
    a database applies to the stored timestamp.
    """
    return p.created_at.second * 1_000_000 + p.created_at.microsecond


def identify(db: Database, participant_id: int, workshop_id: int, joined: int) -> Participant | None:
    """The participant a token names, only if it is still the same person in the same workshop."""
    p = get(db, participant_id)
    if p is None or p.workshop_id != workshop_id or stamp(p) != joined:
        return None
    return p


def set_language(db: Database, participant_id: int, language: str) -> None:
    """Remember the participant's language choice."""
    with db.write() as s:
        p = s.get(Participant, participant_id)
        if p is not None:
            p.language = pick_language(language)
            s.add(p)
