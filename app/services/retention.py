"""Retention: an ended workshop is deleted with all its answers a set number of days after it ends.

The installation's default is `Settings.retention_days` (90); a facilitator may set another period
per workshop (`Workshop.retention_days`). The clock starts at `Workshop.ended_at`; going live again
stops it, and it starts over at the next end. Draft and live workshops are never purged."""
import asyncio
import logging
from datetime import datetime, timedelta

from babel.dates import format_date

from sqlalchemy import func
from sqlmodel import col, select
from starlette.concurrency import run_in_threadpool

from app.db import Database
from app.local_conventions import as_utc, in_oslo
from app.models import JournalEntry, Programme, ProgrammeMember, Workshop, id_of, utcnow
from app.services.access import owned_workshop
from app.services.errors import Invalid
from app.services.events import STATE, Bus, NullBus
from app.services.agenda import delete_workshop_rows
from app.services.programmes import forget_members, workshops_of

log = logging.getLogger(__name__)
MAX_DAYS = 3650  # ten years: longer is no retention period at all
# Norwegian dates read "30. november 2026"; English "30 November 2026".
DATE_FORMATS = {"nb": "d. MMMM y", "nn": "d. MMMM y", "en": "d MMMM y"}


def days_for(w: Workshop, default_days: int) -> int:
    """The workshop's retention period in days (0: kept until deleted by hand)."""
    return w.retention_days if w.retention_days is not None else default_days


def deletion_time(w: Workshop, default_days: int) -> datetime | None:
    """When the workshop is due for deletion, or None while it is not ended (or kept indefinitely)."""
    days = days_for(w, default_days)
    if w.status != "ended" or w.ended_at is None or days <= 0:
        return None
    return as_utc(w.ended_at) + timedelta(days=days)


def deletion_date_text(w: Workshop, default_days: int, language: str) -> str | None:
    """The deletion date as people write it, in Oslo time: '30. november 2026'."""
    due = deletion_time(w, default_days)
    if due is None:
        return None
    return format_date(in_oslo(due).date(), DATE_FORMATS.get(language, DATE_FORMATS["nb"]), locale=language)


def set_retention(db: Database, owner_id: int, workshop_id: int, days: int | None) -> Workshop:
    """Give a workshop its own retention period in days, or None for the installation's default."""
    if days is not None and (isinstance(days, bool) or not isinstance(days, int) or not 1 <= days <= MAX_DAYS):
        raise Invalid("The retention period is 1 to %(max)s days.", "retention_days", max=MAX_DAYS)
    with db.write() as s:
        w = owned_workshop(s, owner_id, workshop_id)
        w.retention_days = days
        s.add(w)
    return w


def purge_expired(db: Database, now: datetime | None = None, default_days: int | None = None,
                  bus: Bus | None = None) -> list[int]:
    """Delete every ended workshop whose retention period is over; returns their ids.

    Safe to run in several processes at once: each deletion re-checks its workshop inside a write
    transaction that locks the row (SQLite: the database), so a workshop is deleted once, and one
    that went live again in the meantime is left alone."""
    if default_days is None:
        from app.config import get_settings

        default_days = get_settings().retention_days
    now = now or utcnow()
    bus = bus or NullBus()
    with db.read() as s:
        ended = s.exec(select(Workshop).where(Workshop.status == "ended")).all()
        # A programme's workshops stay while its leaders are kept: their journals and own scores over the days are
        # read from them (the programme's own retention forgets the leaders first).
        kept = set(s.exec(select(ProgrammeMember.programme_id)).all())
    due = [id_of(w) for w in ended if (at := deletion_time(w, default_days)) is not None and at <= now
           and w.programme_id not in kept]
    deleted: list[int] = []
    for workshop_id in due:
        with db.write() as s:
            s.execute(select(Workshop.id).where(Workshop.id == workshop_id).with_for_update())
            w = s.get(Workshop, workshop_id)
            at = deletion_time(w, default_days) if w is not None else None
            if w is None or at is None or at > now:
                continue  # another process got there first, or it went live again
            delete_workshop_rows(s, w)
        deleted.append(workshop_id)
        log.info("workshop %s deleted: its retention period ended", workshop_id)
    if deleted:
        db.after_delete()
        for workshop_id in deleted:
            bus.publish(workshop_id, STATE)  # screens still open learn that it is gone
    return deleted


def programme_deletion_time(programme: Programme, workshops: list[Workshop], default_days: int,
                            last_seen: datetime | None = None) -> datetime | None:
    """When a programme's leaders' identities and journals are due for deletion: its retention period after its
    last workshop ended (or, with none ended left, after its leaders were last seen: joined or wrote); None while a
    workshop of it is live, or when it keeps them indefinitely. A draft not yet run holds nothing up."""
    days = programme.retention_days if programme.retention_days is not None else default_days
    if days <= 0 or any(w.status == "live" for w in workshops):
        return None
    anchors = [as_utc(w.ended_at) for w in workshops if w.status == "ended" and w.ended_at is not None]
    if last_seen is not None:
        anchors.append(as_utc(last_seen))
    return max(anchors) + timedelta(days=days) if anchors else None


def purge_programme_members(db: Database, now: datetime | None = None, default_days: int | None = None) -> list[int]:
    """Forget the leaders (their programme identities and journals) of every programme whose retention period is
    over; returns the programmes' ids. The programme, its groups and its workshops stay (each workshop has its own
    retention)."""
    if default_days is None:
        from app.config import get_settings

        default_days = get_settings().retention_days
    now = now or utcnow()
    forgotten: list[int] = []
    with db.read() as s:
        with_members = s.exec(select(Programme).where(
            col(Programme.id).in_(select(ProgrammeMember.programme_id)))).all()
    for programme in with_members:
        with db.write() as s:
            s.execute(select(Programme.id).where(Programme.id == programme.id).with_for_update())
            fresh = s.get(Programme, programme.id)
            if fresh is None:
                continue
            members = select(ProgrammeMember.id).where(ProgrammeMember.programme_id == fresh.id)
            last_seen = max((t for t in (
                s.exec(select(func.max(ProgrammeMember.created_at)).where(ProgrammeMember.programme_id == fresh.id)
                       ).one(),
                s.exec(select(func.max(JournalEntry.updated_at)).where(
                    col(JournalEntry.programme_member_id).in_(members))).one()) if t is not None),
                key=as_utc, default=None)
            at = programme_deletion_time(fresh, workshops_of(s, id_of(fresh)), default_days, last_seen)
            if at is None or at > now or not forget_members(s, id_of(fresh)):
                continue
        forgotten.append(id_of(programme))
        log.info("programme %s: its leaders' identities deleted, its retention period ended", programme.id)
    if forgotten:
        db.after_delete()
    return forgotten


async def run_purges(db: Database, bus: Bus, default_days: int, interval: float) -> None:
    """Purge at once and then every `interval` seconds, until cancelled; a failure waits for the next run."""
    while True:
        try:
            await run_in_threadpool(purge_expired, db, utcnow(), default_days, bus)
            await run_in_threadpool(purge_programme_members, db, utcnow(), default_days)
        except Exception:
            log.exception("retention purge failed")
        await asyncio.sleep(interval)
