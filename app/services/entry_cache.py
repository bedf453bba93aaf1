"""Entries kept between results rebuilds, so a live activity's results cost what changed, not its size."""
import dataclasses
import threading
from collections import OrderedDict
from datetime import datetime

from sqlalchemy import func
from sqlmodel import Session, col, select

from app.activities.base import StoredEntry
from app.models import Entry
from app.services.entries import stored_entries


@dataclasses.dataclass
class _Cached:
    entries: list[StoredEntry]
    last_id: int
    hidden: frozenset[int]
    newest: datetime | None  # the latest created_at: an activity deleted and replaced under a reused id differs here


class EntryCache:
    """An activity's entries as of the last rebuild. Each rebuild reads the rows added since, the ids
    of hidden entries (moderation changes them in place), and the count and latest time, which catch
    anything else (an activity deleted and its id, even its entries' ids, reused): then it reads
    everything again."""

    def __init__(self, activities: int = 32):
        self.activities = activities
        self._cache: OrderedDict[int, _Cached] = OrderedDict()
        self._lock = threading.Lock()

    def entries(self, s: Session, activity_id: int) -> list[StoredEntry]:
        """The activity's entries in id order, as `entries.stored_entries` would read them."""
        with self._lock:
            cached = self._cache.pop(activity_id, None)
        cached = self._refresh(s, activity_id, cached) if cached else None
        if cached is None:
            rows = stored_entries(s, activity_id)
            cached = _Cached(rows, rows[-1].id if rows else 0, frozenset(e.id for e in rows if e.hidden),
                             max((e.created_at for e in rows), default=None))
        with self._lock:
            self._cache[activity_id] = cached
            while len(self._cache) > self.activities:
                self._cache.popitem(last=False)
        return cached.entries

    @staticmethod
    def _refresh(s: Session, activity_id: int, cached: _Cached) -> _Cached | None:
        """The cached entries brought up to date, or None when only a full read will do."""
        new = stored_entries(s, activity_id, after=cached.last_id)
        hidden = frozenset(i for i in s.exec(select(Entry.id).where(Entry.activity_id == activity_id,
                                                                    col(Entry.hidden).is_(True))).all()
                           if i is not None)  # (a stored row's id never is)
        total, newest = s.exec(select(func.count(), func.max(Entry.created_at))
                               .where(Entry.activity_id == activity_id)).one()
        entries = cached.entries
        if hidden != cached.hidden:
            entries = [e if (e.id in hidden) == e.hidden else dataclasses.replace(e, hidden=e.id in hidden)
                       for e in entries]
        entries = entries + new if new else entries
        known: list[datetime] = [e.created_at for e in new] + ([cached.newest] if cached.newest is not None else [])
        if len(entries) != total or newest != max(known, default=None):
            return None
        return _Cached(entries, new[-1].id if new else cached.last_id, hidden, newest)

