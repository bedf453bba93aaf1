"""The programme pass: a leader keeps one identity across a programme's workshops without an account.

A pass is (programme id, member id, random secret). The phone keeps its passes in a signed cookie
(app/routers/joining.py) and may copy one to another device with its personal link (`/p/<member>.<secret>`);
the database keeps only the secret's sha256. A pass opens its own programme's member and nothing else.

A leader may also type their short personal code ("K7QM 2XPA") when they join on another device: the server then
gives that device a pass whose secret is derived from the member's stored hash and code, so both devices work, and
a new code (or none) ends the passes made from the old one."""
import base64
import hashlib
import hmac
import re
import secrets
from dataclasses import dataclass
from typing import Any

from sqlalchemy.exc import IntegrityError
from sqlmodel import Session, col, select

from app.db import Database
from app.models import Participant, Programme, ProgrammeMember, WorkGroup, Workshop, id_of
from app.security import digest, new_token

# The personal link's token: the member id, a dot, the secret (new_token(24): 32 URL-safe characters).
LINK_TOKEN = re.compile(r"([1-9][0-9]{0,9})\.([A-Za-z0-9_-]{20,64})")
# A short personal code: 8 characters without the look-alikes 0/O and 1/I (40 bits; wrong guesses are throttled).
CODE_ALPHABET = "ABCDEFGHJKLMNPQRSTUVWXYZ23456789"
CODE_LENGTH = 8


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


def _code_secret(member: ProgrammeMember) -> str:
    """The secret of the passes a member's short code gives (derived: nothing more is stored)."""
    raw = hashlib.sha256(f"code-pass:{member.secret_hash}:{member.short_code}".encode()).digest()
    return base64.urlsafe_b64encode(raw).decode().rstrip("=")[:32]


def _opens(member: ProgrammeMember | None, programme_id: int, secret: str) -> bool:
    if member is None or member.programme_id != programme_id:
        return False
    if hmac.compare_digest(member.secret_hash, digest(secret)):
        return True
    return member.short_code is not None and hmac.compare_digest(_code_secret(member), secret)


def normalised_code(typed: str) -> str | None:
    """A typed personal code as stored ("k7qm 2xpa" -> "K7QM2XPA"), or None if it cannot be one."""
    code = re.sub(r"[\s-]", "", typed or "").upper()
    if len(code) != CODE_LENGTH or any(c not in CODE_ALPHABET for c in code):
        return None
    return code


def shown_code(code: str) -> str:
    """A personal code as the phone shows it: two groups of four."""
    return f"{code[:4]} {code[4:]}"


def personal_code(db: Database, held: ProgrammePass) -> str | None:
    """The short personal code of the member a pass proves, made the first time it is asked for (None: the pass
    opens no member)."""
    with db.read() as s:  # (asked on every render of the phone page: a write only the first time)
        member = s.get(ProgrammeMember, held.member_id)
        if member is None or not _opens(member, held.programme_id, held.secret):
            return None
        if member.short_code is not None:
            return member.short_code
    for _attempt in range(5):
        try:
            with db.write() as s:
                member = s.get(ProgrammeMember, held.member_id)
                if member is None or not _opens(member, held.programme_id, held.secret):
                    return None
                if member.short_code is None:
                    member.short_code = "".join(secrets.choice(CODE_ALPHABET) for _ in range(CODE_LENGTH))
                    s.add(member)
                return member.short_code
        except IntegrityError:
            continue  # the same code drawn twice in one programme (rare): draw again
    raise RuntimeError("no free personal code")


def code_opens(db: Database, programme_id: int, typed: str) -> bool:
    """Whether a typed personal code is one of the programme's (a read: a wrong guess never waits for a write)."""
    with db.read() as s:
        return by_code(s, programme_id, typed) is not None


def by_code(s: Session, programme_id: int, typed: str) -> tuple[ProgrammeMember, ProgrammePass] | None:
    """The member whose short personal code was typed, and the pass it gives this device; None for a wrong code."""
    code = normalised_code(typed)
    if code is None:
        return None
    member = s.exec(select(ProgrammeMember).where(ProgrammeMember.programme_id == programme_id,
                                                  ProgrammeMember.short_code == code)).first()
    if member is None:
        return None
    return member, ProgrammePass(programme_id, id_of(member), _code_secret(member))


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
