"""Facilitator accounts: sign-up, log-in, passwords, invitations, administration and deletion."""
import re
from datetime import timedelta
from functools import lru_cache
from pathlib import Path

from sqlalchemy import and_, func, or_, update
from sqlalchemy.exc import IntegrityError
from sqlmodel import col, delete, select

from app.db import Database
from app.i18n import N_
from app.models import AuthSession, Facilitator, Invitation, ServerSecret, WorkshopFacilitator, id_of, utcnow
from app.security import hash_password, new_token, verify_nothing, verify_password
from app.services import agenda, auth_sessions, programmes
from app.services.errors import Conflict, DomainError, Invalid, NotFound
from app.services.events import ACCESS, Bus
from app.text import has_control

MIN_PASSWORD = 10
_EMAIL = re.compile(r"^[^@\s]+@[^@\s]+\.[^@\s]+$")
# Control characters (C0, DEL, C1): never part of a name or address; PostgreSQL refuses NUL outright.
COMMON_PASSWORDS = Path(__file__).resolve().parent.parent / "common_passwords.txt"
# Invitations made before they had an expiry date count as expired this long after creation.
LEGACY_INVITATION_AGE = timedelta(days=7)


class Forbidden(DomainError):
    """Signed in, but not allowed to do this."""

    status = 403


class WrongPassword(Forbidden):
    """The password given to confirm an account change is wrong (counts as a failed log-in)."""

    def __init__(self):
        super().__init__(N_("The password is wrong."), "wrong_password")


@lru_cache(maxsize=1)
def common_passwords() -> frozenset[str]:
    """The shipped list of passwords too common to accept (lower case)."""
    lines = COMMON_PASSWORDS.read_text(encoding="utf-8").splitlines()
    return frozenset(line.strip().lower() for line in lines if line.strip() and not line.startswith("#"))


def check_password(password: str) -> None:
    """Refuse short, blank and common passwords."""
    if len(password) < MIN_PASSWORD or len(password) > 1000:
        raise Invalid("The password must have at least %(min)s characters.", "password", min=MIN_PASSWORD)
    if not password.strip():
        raise Invalid(N_("The password cannot be only spaces."), "password")
    if password.strip().lower() in common_passwords():
        raise Invalid(N_("This password is one of the most common ones. Please choose another."), "password_common")


def clean_email(email: str) -> str | None:
    """The address in its stored form (trimmed, lower case), or None if no account can have it."""
    email = email.strip().lower()
    if len(email) > 254 or has_control(email) or not _EMAIL.match(email):
        return None
    return email


def has_any(db: Database) -> bool:
    """Whether a facilitator exists yet (the first visit signs one up)."""
    with db.read() as s:
        return (s.exec(select(func.count()).select_from(Facilitator)).one() or 0) > 0


def _validated(name: str, email: str, password: str) -> tuple[str, str]:
    name, address = name.strip(), clean_email(email)
    if not name or len(name) > 120 or has_control(name):
        raise Invalid("Please give your name.", "name")
    if address is None:
        raise Invalid("Please give a valid email address.", "email")
    check_password(password)
    return name, address


def _insert(s, name: str, email: str, password_hash: str, is_admin: bool = False) -> Facilitator:
    facilitator = Facilitator(name=name, email=email, password_hash=password_hash, is_admin=is_admin)
    s.add(facilitator)
    try:
        s.flush()
    except IntegrityError:
        raise Conflict("That email address already has an account.", "email_taken")
    return facilitator


def sign_up_first(db: Database, name: str, email: str, password: str) -> Facilitator:
    """Create the first facilitator, the administrator; refused once any exists (later ones need an invitation)."""
    name, email = _validated(name, email, password)
    refused = Conflict("Samling already has a facilitator. Ask for an invitation.", "not_first")
    if has_any(db):
        raise refused  # before hashing: a refused sign-up costs no hash
    # Hashed outside the transaction: SQLite's one write lock is never held for a 64 MiB hash.
    password_hash = hash_password(password)
    try:
        with db.write() as s:
            if s.exec(select(func.count()).select_from(Facilitator)).one():
                raise refused
            # A unique marker row: of two racing first sign-ups (PostgreSQL does not serialise the
            # count above) only one can insert it.
            s.add(ServerSecret(name="first-facilitator", value=email))
            s.flush()
            return _insert(s, name, email, password_hash, is_admin=True)
    except IntegrityError:
        raise refused


def authenticate(db: Database, email: str, password: str) -> Facilitator | None:
    """The facilitator with these credentials, or None; Forbidden for a deactivated account."""
    address = clean_email(email)
    if address is None:
        return None  # no account can have it (and PostgreSQL would refuse a NUL in the query)
    with db.read() as s:
        f = s.exec(select(Facilitator).where(Facilitator.email == address)).first()
    if f is None:
        verify_nothing(password)  # one hash, as for a known email: timing tells nothing
        return None
    if not verify_password(f.password_hash, password):
        return None
    if not f.active:
        raise Forbidden(N_("This account has been deactivated. Ask the administrator."), "deactivated")
    return f


def get(db: Database, facilitator_id: int) -> Facilitator | None:
    """A facilitator by id."""
    with db.read() as s:
        return s.get(Facilitator, facilitator_id)


def _admin(s, admin_id: int) -> Facilitator:
    f = s.get(Facilitator, admin_id)
    if f is None or not f.is_admin or not f.active:
        raise Forbidden(N_("Only the administrator can do this."), "not_admin")
    return f


def invite(db: Database, inviter_id: int, days: int = 7) -> Invitation:
    """A one-time sign-up token, valid for `days`; only the administrator may make them."""
    with db.write() as s:
        _admin(s, inviter_id)
        inv = Invitation(token=new_token(24), invited_by=inviter_id, expires_at=utcnow() + timedelta(days=days))
        s.add(inv)
        return inv


def _open(now):
    """SQL condition: the invitation can still be used."""
    return and_(col(Invitation.used_by).is_(None), col(Invitation.revoked_at).is_(None),
                or_(col(Invitation.expires_at) > now,
                    and_(col(Invitation.expires_at).is_(None), col(Invitation.created_at) > now - LEGACY_INVITATION_AGE)))


def invitation_open(db: Database, token: str) -> bool:
    """Whether `token` is an unused, unexpired, unrevoked invitation."""
    if has_control(token):
        return False
    with db.read() as s:
        return s.exec(select(Invitation.token).where(Invitation.token == token[:64], _open(utcnow()))).first() is not None


def invitation_status(inv: Invitation, now=None) -> str:
    """open | used | revoked | expired."""
    now = now or utcnow()
    if inv.used_by is not None:
        return "used"
    if inv.revoked_at is not None:
        return "revoked"
    expires = inv.expires_at or inv.created_at + LEGACY_INVITATION_AGE
    return "open" if expires > now else "expired"


def list_invitations(db: Database, admin_id: int, limit: int = 200) -> list[Invitation]:
    """The installation's invitations, newest first (administrator only)."""
    with db.read() as s:
        _admin(s, admin_id)
        return list(s.exec(select(Invitation).order_by(col(Invitation.created_at).desc()).limit(limit)).all())


def revoke_invitation(db: Database, admin_id: int, token: str) -> None:
    """Make an unused invitation unusable (administrator only)."""
    if has_control(token):
        raise NotFound(N_("No such open invitation."), "invitation")
    with db.write() as s:
        _admin(s, admin_id)
        done = s.exec(update(Invitation).where(col(Invitation.token) == token[:64], col(Invitation.used_by).is_(None),
                                               col(Invitation.revoked_at).is_(None))
                         .values(revoked_at=utcnow())).rowcount
    if done != 1:
        raise NotFound(N_("No such open invitation."), "invitation")


def accept_invitation(db: Database, token: str, name: str, email: str, password: str) -> Facilitator:
    """Sign up through an invitation, using it up."""
    name, email = _validated(name, email, password)
    used_up = NotFound("This invitation is not valid any more.", "invitation")
    if has_control(token) or not invitation_open(db, token):
        raise used_up  # before hashing (the claim below decides races)
    password_hash = hash_password(password)  # outside the write transaction
    with db.write() as s:
        f = _insert(s, name, email, password_hash)
        # Claim the invitation with a conditional UPDATE: of racing uses only one matches a row.
        claimed = s.exec(update(Invitation).where(col(Invitation.token) == token[:64], _open(utcnow()))
                         .values(used_by=f.id)).rowcount
        if claimed != 1:
            raise used_up
        return f


def change_password(db: Database, facilitator_id: int, current: str, new: str, keep_session: str | None) -> None:
    """Set a new password; every other session and token of the account ends."""
    f = get(db, facilitator_id)
    if f is None or not verify_password(f.password_hash, current):
        raise WrongPassword()
    check_password(new)
    new_hash = hash_password(new)
    with db.write() as s:
        s.exec(update(Facilitator).where(col(Facilitator.id) == facilitator_id).values(password_hash=new_hash))
        auth_sessions.revoke_all_in(s, facilitator_id, keep=keep_session)


def list_facilitators(db: Database, admin_id: int) -> list[Facilitator]:
    """Every facilitator, oldest first (administrator only)."""
    with db.read() as s:
        _admin(s, admin_id)
        return list(s.exec(select(Facilitator).order_by(col(Facilitator.id))).all())


def set_active(db: Database, admin_id: int, facilitator_id: int, active: bool) -> Facilitator:
    """Deactivate (sessions and tokens end at once, log-in refused) or reactivate a facilitator."""
    with db.write() as s:
        _admin(s, admin_id)
        if facilitator_id == admin_id:
            raise Conflict(N_("You cannot deactivate your own account."), "self")
        f = s.get(Facilitator, facilitator_id)
        if f is None:
            raise NotFound()
        f.active = active
        s.add(f)
        if not active:
            auth_sessions.revoke_all_in(s, facilitator_id)
        return f


def make_admin(db: Database, admin_id: int, facilitator_id: int) -> Facilitator:
    """Make another active facilitator an administrator too."""
    with db.write() as s:
        _admin(s, admin_id)
        f = s.get(Facilitator, facilitator_id)
        if f is None:
            raise NotFound()
        if not f.active:
            raise Conflict(N_("Reactivate the facilitator first."), "inactive")
        f.is_admin = True
        s.add(f)
        return f


def delete_account(db: Database, bus: Bus, facilitator_id: int, password: str) -> None:
    """Delete the account with its workshops (and all their answers), sessions, tokens and invitations.

    The last administrator cannot leave while other facilitators remain (nobody could invite or
    deactivate any more)."""
    f = get(db, facilitator_id)
    if f is None or not verify_password(f.password_hash, password):
        raise WrongPassword()
    fid = id_of(f)
    with db.read() as s:
        others = s.exec(select(func.count()).select_from(Facilitator).where(Facilitator.id != fid)).one()
        admins = s.exec(select(func.count()).select_from(Facilitator).where(
            Facilitator.id != fid, col(Facilitator.is_admin).is_(True), col(Facilitator.active).is_(True))).one()
    if f.is_admin and others and not admins:
        raise Conflict(N_("You are the only administrator. Make another facilitator an administrator "
                          "(Administration page) before you delete your account."), "last_admin")
    auth_sessions.revoke_all(db, fid)  # first: no request of this account starts anything new
    for _attempt in range(3):
        shared: list[int] = []
        for w in agenda.list_workshops(db, facilitator_id=fid):
            if w.owner_id != fid:
                shared.append(id_of(w))
                continue  # co-facilitated: stays with its owner (the membership goes below)
            try:
                agenda.delete_workshop(db, bus, facilitator_id=fid, workshop_id=id_of(w))
            except NotFound:
                pass  # deleted meanwhile
        programmes.delete_programmes_of(db, bus, fid)  # its programmes go; their other owners' workshops stay
        try:
            with db.write() as s:
                s.exec(delete(AuthSession).where(col(AuthSession.facilitator_id) == fid))
                s.exec(delete(WorkshopFacilitator).where(col(WorkshopFacilitator.facilitator_id) == fid))
                s.exec(delete(Invitation).where(or_(col(Invitation.invited_by) == fid, col(Invitation.used_by) == fid)))
                s.exec(delete(Facilitator).where(col(Facilitator.id) == fid))
                if not s.exec(select(func.count()).select_from(Facilitator)).one():
                    # The installation is empty again: the next visitor may sign up as its first facilitator.
                    s.exec(delete(ServerSecret).where(col(ServerSecret.name) == "first-facilitator"))
            db.after_delete()  # the name, email and hash must not linger in the SQLite WAL
            for workshop_id in shared:
                bus.publish(workshop_id, ACCESS)  # its screens on the owners' workshops close at once
            return
        except IntegrityError:
            continue  # a workshop appeared meanwhile (a request that started before the revocation)
    raise Conflict(N_("The account is in use just now. Please try again."), "busy")
