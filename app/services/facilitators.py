"""Facilitator accounts: the first sign-up, log-in and invitations."""
import re

from sqlalchemy import func, update
from sqlalchemy.exc import IntegrityError
from sqlmodel import select

from app.db import Database
from app.models import Facilitator, Invitation, ServerSecret
from app.security import hash_password, new_token, verify_password
from app.services.errors import Conflict, Invalid, NotFound

MIN_PASSWORD = 10
_EMAIL = re.compile(r"^[^@\s]+@[^@\s]+\.[^@\s]+$")


def has_any(db: Database) -> bool:
    """Whether a facilitator exists yet (the first visit signs one up)."""
    with db.read() as s:
        return (s.exec(select(func.count()).select_from(Facilitator)).one() or 0) > 0


def _validated(name: str, email: str, password: str) -> tuple[str, str]:
    name, email = name.strip(), email.strip().lower()
    if not name or len(name) > 120:
        raise Invalid("Please give your name.", "name")
    if not _EMAIL.match(email) or len(email) > 254:
        raise Invalid("Please give a valid email address.", "email")
    if len(password) < MIN_PASSWORD or len(password) > 1000:
        raise Invalid("The password must have at least %(min)s characters.", "password", min=MIN_PASSWORD)
    return name, email


def _insert(s, name: str, email: str, password: str) -> Facilitator:
    facilitator = Facilitator(name=name, email=email, password_hash=hash_password(password))
    s.add(facilitator)
    try:
        s.flush()
    except IntegrityError:
        raise Conflict("That email address already has an account.", "email_taken")
    return facilitator


def sign_up_first(db: Database, name: str, email: str, password: str) -> Facilitator:
    """Create the first facilitator; refused once any exists (later ones need an invitation)."""
    name, email = _validated(name, email, password)
    refused = Conflict("Samling already has a facilitator. Ask for an invitation.", "not_first")
    try:
        with db.write() as s:
            if s.exec(select(func.count()).select_from(Facilitator)).one():
                raise refused
            # A unique marker row: of two racing first sign-ups (PostgreSQL does not serialise the
            # count above) only one can insert it.
            s.add(ServerSecret(name="first-facilitator", value=email))
            s.flush()
            return _insert(s, name, email, password)
    except IntegrityError:
        raise refused


def authenticate(db: Database, email: str, password: str) -> Facilitator | None:
    """The facilitator with these credentials, or None."""
    with db.read() as s:
        f = s.exec(select(Facilitator).where(Facilitator.email == email.strip().lower())).first()
    if f is None:
        verify_password(hash_password("timing"), password)  # same work for unknown emails
        return None
    return f if verify_password(f.password_hash, password) else None


def get(db: Database, facilitator_id: int) -> Facilitator | None:
    """A facilitator by id."""
    with db.read() as s:
        return s.get(Facilitator, facilitator_id)


def invite(db: Database, inviter_id: int) -> Invitation:
    """A one-time sign-up token."""
    with db.write() as s:
        inv = Invitation(token=new_token(24), invited_by=inviter_id)
        s.add(inv)
        return inv


def invitation_open(db: Database, token: str) -> bool:
    """Whether `token` is an unused invitation."""
    with db.read() as s:
        inv = s.get(Invitation, token[:64])
        return inv is not None and inv.used_by is None


def accept_invitation(db: Database, token: str, name: str, email: str, password: str) -> Facilitator:
    """Sign up through an invitation, using it up."""
    name, email = _validated(name, email, password)
    used_up = NotFound("This invitation is not valid any more.", "invitation")
    with db.write() as s:
        f = _insert(s, name, email, password)
        # Claim the invitation with a conditional UPDATE: of racing uses only one matches a row.
        claimed = s.execute(update(Invitation).where(Invitation.token == token[:64], Invitation.used_by.is_(None))
                            .values(used_by=f.id)).rowcount
        if claimed != 1:
            raise used_up
        return f
