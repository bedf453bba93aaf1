"""Server-side browser sessions and API tokens: created at log-in, checked on every request, revocable.

The cookie or token carries (signed) the facilitator id and a random secret; the database keeps
only sha256(secret) as the row id, so a database dump reveals no usable token, and the id that the
API lists and revokes is never the secret itself."""
import re
from datetime import datetime, timedelta

from sqlalchemy import or_, update
from sqlmodel import Session, col, delete, select

from app.db import Database
from app.models import AuthSession, Facilitator, utcnow
from app.security import digest, new_token
from app.text import clean_text

KINDS = ("session", "api")
# last_used_at is written at most this often per session: one small write a minute, not one a request.
TOUCH_EVERY = timedelta(seconds=60)
# Revoked and expired rows are kept this long (visible to nobody), then purged at the next log-in.
KEEP_ENDED = timedelta(days=30)
_SESSION_ID = re.compile(r"[0-9a-f]{64}")


def create(db: Database, facilitator_id: int, kind: str, max_age: int, label: str = "") -> str:
    """A new session or token; returns the secret (shown once, never stored)."""
    assert kind in KINDS
    secret = new_token(32)
    now = utcnow()
    with db.write() as s:
        # Each log-in tidies up the facilitator's own long-ended rows: the table stays small.
        s.exec(delete(AuthSession).where(col(AuthSession.facilitator_id) == facilitator_id,
                                         or_(col(AuthSession.expires_at) < now - KEEP_ENDED,
                                             col(AuthSession.revoked_at) < now - KEEP_ENDED)))
        s.add(AuthSession(id=digest(secret), facilitator_id=facilitator_id, kind=kind,
                          label=clean_text(label).replace("\n", " ")[:100],
                          created_at=now, expires_at=now + timedelta(seconds=max_age)))
    return secret


def resolve(db: Database, kind: str, facilitator_id: int, secret: str) -> tuple[Facilitator, str] | None:
    """The active facilitator and session id behind a secret, if the session is live."""
    if not secret or len(secret) > 100:
        return None
    session_id, now = digest(secret), utcnow()
    with db.read() as s:
        row = s.exec(select(AuthSession, Facilitator).join(Facilitator, col(Facilitator.id) == AuthSession.facilitator_id)
                     .where(AuthSession.id == session_id, AuthSession.kind == kind,
                            AuthSession.facilitator_id == facilitator_id, col(AuthSession.revoked_at).is_(None),
                            AuthSession.expires_at > now, col(Facilitator.active).is_(True))).first()
    if row is None:
        return None
    session, facilitator = row
    if session.last_used_at is None or now - session.last_used_at > TOUCH_EVERY:
        _touch(db, session_id, now)
    return facilitator, session_id


def _touch(db: Database, session_id: str, now: datetime) -> None:
    # Conditional: of several requests in the same second only one writes.
    with db.write() as s:
        s.exec(update(AuthSession).where(col(AuthSession.id) == session_id,
                                         or_(col(AuthSession.last_used_at).is_(None),
                                             col(AuthSession.last_used_at) < now - TOUCH_EVERY))
                  .values(last_used_at=now))


def session_id_of(secret: str) -> str:
    """The row id of a secret (for revoking the session a cookie names)."""
    return digest(secret)


def revoke(db: Database, facilitator_id: int, session_id: str) -> bool:
    """End one of the facilitator's sessions or tokens; whether there was a live one."""
    if not _SESSION_ID.fullmatch(session_id or ""):
        return False
    with db.write() as s:
        return s.exec(update(AuthSession).where(col(AuthSession.id) == session_id[:64],
                                                col(AuthSession.facilitator_id) == facilitator_id,
                                                col(AuthSession.revoked_at).is_(None))
                         .values(revoked_at=utcnow())).rowcount == 1


def revoke_all(db: Database, facilitator_id: int, keep: str | None = None) -> int:
    """End every session and token of the facilitator except `keep`; how many were live."""
    with db.write() as s:
        return revoke_all_in(s, facilitator_id, keep)


def revoke_all_in(s: Session, facilitator_id: int, keep: str | None = None) -> int:
    """revoke_all inside the caller's transaction."""
    query = update(AuthSession).where(col(AuthSession.facilitator_id) == facilitator_id,
                                      col(AuthSession.revoked_at).is_(None))
    if keep:
        query = query.where(col(AuthSession.id) != keep)
    return s.exec(query.values(revoked_at=utcnow())).rowcount


def list_live(db: Database, facilitator_id: int, kind: str) -> list[AuthSession]:
    """The facilitator's live sessions or tokens of one kind, newest first."""
    with db.read() as s:
        return list(s.exec(select(AuthSession).where(AuthSession.facilitator_id == facilitator_id,
                                                     AuthSession.kind == kind, col(AuthSession.revoked_at).is_(None),
                                                     AuthSession.expires_at > utcnow())
                           .order_by(col(AuthSession.created_at).desc())).all())
