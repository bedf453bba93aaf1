"""Joining a live workshop as an anonymous participant (in a programme's workshop: as the phone's pass says)."""
from dataclasses import dataclass

from sqlalchemy.exc import IntegrityError
from sqlmodel import Session, select

from app.db import Database
from app.i18n import N_, pick_language
from app.models import Participant, WorkGroup, Workshop, id_of
from app.services import passes as programme_passes
from app.services.errors import NotFound
from app.services.live_codes import LIVE_CODES
from app.services.events import STATE, Bus, NullBus
from app.services.passes import ProgrammePass
from app.services.unit_of_work import committing
from app.text import clean_text

MAX_NAME = 60
WRONG_CODE = N_("That personal code is not one of this programme's. Check it, or leave it empty to take part as "
                "someone new.")


@dataclass
class Joined:
    """Who a phone is after joining, and what it keeps for the workshop's programme."""

    participant: Participant
    # The pass the phone keeps for the workshop's programme (None: the workshop is in no programme, or no passes
    # were asked for).
    programme_pass: ProgrammePass | None = None
    # The phone brought a pass (or a damaged pass cookie) that did not open this programme: it joined as new.
    pass_refused: bool = False


def join(db: Database, workshop_id: int, display_name: str = "", language: str | None = None,
         bus: Bus | None = None) -> Participant:
    """A new participant of a live workshop (the consoles list newcomers of a grouped workshop)."""
    return enter(db, workshop_id, display_name, language, bus).participant


def join_by_code(db: Database, code: str, display_name: str = "", language: str | None = None,
                 bus: Bus | None = None) -> Participant | None:
    """A new participant of the live workshop with this join code; None if no live workshop has it."""
    for again in (False, True):
        if again:
            # Ended (or live again under a new code) since its code was remembered: ask the database, which knows
            # no such live workshop now (or, in the rarest case, a new workshop that was given the code since).
            LIVE_CODES.forget(db, code)
        workshop_id = LIVE_CODES.workshop_id(db, code)
        if workshop_id is None:
            return None
        try:
            return enter(db, workshop_id, display_name, language, bus, code=code).participant
        except NotFound as e:
            if e.code != "not_live" or again:
                raise
    raise AssertionError("unreachable")


def enter(db: Database, workshop_id: int, display_name: str = "", language: str | None = None,
          bus: Bus | None = None, *, passes: list[ProgrammePass] | None = None, damaged_pass: bool = False,
          personal_code: str = "", code: str | None = None) -> Joined:
    """Join a live workshop. With `passes` (the phone's, possibly none) and a workshop of a programme, the phone
    is the member its pass proves (same name if it gave none, same network group, and the same participant if
    it joined this workshop before), else the member whose short `personal_code` was typed (NotFound if it is
    no member's), else a new member with a new pass. With `code`, the workshop must still be live under it."""
    name = clean_text(display_name or "").replace("\n", " ")[:MAX_NAME]
    for attempt in range(2):
        try:
            with committing(db, bus or NullBus(), lambda s: (_live(s, workshop_id, code), None), topics=()) as change:
                s, w = change.s, change.workshop
                if w.programme_id is None or passes is None:
                    joined = Joined(Participant(workshop_id=workshop_id, display_name=name,
                                                language=pick_language(language, w.language)))
                else:
                    joined = _as_member(s, w, name, language, passes, damaged_pass, personal_code)
                s.add(joined.participant)
                s.flush()
                if s.exec(select(WorkGroup.id).where(WorkGroup.workshop_id == workshop_id).limit(1)).first() is not None:
                    change.tell(STATE)  # the consoles list the newcomer to place in a group
            return joined
        except IntegrityError:
            if attempt:
                raise
            # The same pass joined this workshop twice at once (two taps): the second finds the first's participant.
    raise AssertionError("unreachable")


def _as_member(s: Session, w: Workshop, name: str, language: str | None, passes: list[ProgrammePass],
               damaged_pass: bool, personal_code: str = "") -> Joined:
    """The phone's participant in a programme's workshop: the member its pass (or typed code) proves, else a new one."""
    assert w.programme_id is not None  # asked for a programme's workshop only
    if personal_code.strip():  # typed by the leader: it wins over any pass this device carries
        found = programme_passes.by_code(s, w.programme_id, personal_code)
        if found is None:
            raise NotFound(WRONG_CODE, "personal_code")
    else:
        found = programme_passes.recognise(s, w.programme_id, passes)
    if found is None:
        member, given = programme_passes.new_member(s, w.programme_id, name)
        refused = damaged_pass or bool(passes)
    else:
        (member, given), refused = found, False
        if name:
            member.display_name = name  # the leader renamed themselves: the next workshop knows them so
            s.add(member)
        name = member.display_name
        again = s.exec(select(Participant).where(Participant.workshop_id == w.id,
                                                 Participant.programme_member_id == member.id)).first()
        if again is not None:  # joined this workshop before (another device, a lost participant cookie)
            again.display_name = name
            return Joined(again, given, refused)
    p = Participant(workshop_id=id_of(w), display_name=name, language=pick_language(language, w.language),
                    programme_member_id=id_of(member), group_id=programme_passes.workshop_group_for(s, w, member))
    return Joined(p, given, refused)


def _live(s: Session, workshop_id: int, code: str | None = None) -> Workshop:
    w = s.get(Workshop, workshop_id)
    if w is None or w.status != "live" or (code is not None and w.join_code != code):
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
