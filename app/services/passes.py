"""The programme pass: a leader keeps one identity across a programme's workshops without an account.

A pass is (programme id, member id, random secret). The phone keeps its passes in a signed cookie
(app/routers/joining.py) and may copy one to another device with its personal link (`/p/<member>.<secret>`);
the database keeps only the secret's sha256. A pass opens its own programme's member and nothing else."""
import hmac
import re
from dataclasses import dataclass
from typing import Any

from sqlmodel import Session, col, select

from app.db import Database
from app.models import Participant, Programme, ProgrammeMember, WorkGroup, Workshop, id_of
from app.security import digest, new_token

# The personal link's token: the member id, a dot, the secret (new_token(24): 32 URL-safe characters).
LINK_TOKEN = re.compile(r"([1-9][0-9]{0,9})\.([A-Za-z0-9_-]{20,64})")


@dataclass(frozen=True)
class ProgrammePass:
    """What a phone carries for one programme: which member it is, and the secret that proves it."""

    programme_id: int
    member_id: int
    secret: str

    def link_token(self) -> str:
        """The token of the personal link that copies this pass to another device."""
        return f"{self.member_id}.{self.secret}"

    def as_list(self) -> list[Any]:
        """The compact form kept in the cookie."""
        return [self.programme_id, self.member_id, self.secret]

    @classmethod
    def from_list(cls, raw: Any) -> "ProgrammePass | None":
        """A pass from its cookie form, or None if it is not one."""
        if not (isinstance(raw, list) and len(raw) == 3 and all(isinstance(v, int) and not isinstance(v, bool)
                                                                  for v in raw[:2]) and isinstance(raw[2], str)):
            return None
        return cls(raw[0], raw[1], raw[2])


def new_member(s: Session, programme_id: int, display_name: str) -> tuple[ProgrammeMember, ProgrammePass]:
    """A new identity in the programme and the pass that carries it (the only time the secret is known)."""
    secret = new_token(24)
    member = ProgrammeMember(programme_id=programme_id, secret_hash=digest(secret), display_name=display_name)
    s.add(member)
    s.flush()
    return member, ProgrammePass(programme_id, id_of(member), secret)


def _opens(member: ProgrammeMember | None, programme_id: int, secret: str) -> bool:
    return member is not None and member.programme_id == programme_id and \
        hmac.compare_digest(member.secret_hash, digest(secret))


def recognise(s: Session, programme_id: int,
              passes: list[ProgrammePass]) -> tuple[ProgrammeMember, ProgrammePass] | None:
    """The member one of the phone's passes proves to be in this programme; passes of other programmes open nothing."""
    for p in passes:
        if p.programme_id == programme_id:
            member = s.get(ProgrammeMember, p.member_id)
            if member is not None and _opens(member, programme_id, p.secret):
                return member, p
    return None


def redeem_link(db: Database, token: str) -> tuple[ProgrammePass, Programme] | None:
    """The pass and programme a personal link's token proves, or None (malformed, unknown or wrong secret)."""
    found = LINK_TOKEN.fullmatch(token or "")
    if found is None:
        return None
    member_id, secret = int(found.group(1)), found.group(2)
    with db.read() as s:
        member = s.get(ProgrammeMember, member_id) if member_id <= 2 ** 31 - 1 else None
        if member is None or not _opens(member, member.programme_id, secret):
            return None
        programme = s.get(Programme, member.programme_id)
        if programme is None:
            return None
        return ProgrammePass(member.programme_id, member_id, secret), programme


def programme_group_of(s: Session, member: ProgrammeMember) -> int | None:
    """The member's network group: the programme group of the last workshop group they were in (picked on the
    phone or placed by the facilitator), else the one remembered on the member."""
    latest = s.exec(select(WorkGroup.programme_group_id)
                    .join(Participant, col(Participant.group_id) == WorkGroup.id)
                    .where(Participant.programme_member_id == member.id, col(WorkGroup.programme_group_id).is_not(None))
                    .order_by(col(Participant.created_at).desc(), col(Participant.id).desc()).limit(1)).first()
    return latest if latest is not None else member.programme_group_id


def workshop_group_for(s: Session, w: Workshop, member: ProgrammeMember) -> int | None:
    """The workshop's group linked to the member's network group (remembered on the member), if it has one."""
    programme_group_id = programme_group_of(s, member)
    if programme_group_id != member.programme_group_id:
        member.programme_group_id = programme_group_id
        s.add(member)
    if programme_group_id is None:
        return None
    return s.exec(select(WorkGroup.id).where(WorkGroup.workshop_id == w.id,
                                             WorkGroup.programme_group_id == programme_group_id)).first()


def programme_title(db: Database, programme_id: int) -> str:
    """The title of a programme the phone holds a pass of (for its pass page), or "" if it is gone."""
    with db.read() as s:
        programme = s.get(Programme, programme_id)
        return programme.title if programme is not None else ""
