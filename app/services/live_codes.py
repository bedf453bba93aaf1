"""Join codes of live workshops, remembered for a moment: a join storm looks each code up once a second, not once
per phone (the join itself then checks in its own transaction that the workshop is still live)."""
import threading
import time

from app.db import Database
from app.models import id_of
from app.services import agenda

TTL_SECONDS = 1.0


class LiveCodes:
    """Live workshop ids by (database, code), found within the last `ttl` seconds; misses are never kept, so a
    wrong code always reaches the database (and the throttle)."""

    def __init__(self, ttl: float = TTL_SECONDS):
        self.ttl = ttl
        self._found: dict[tuple[str, str], tuple[float, int]] = {}
        self._lock = threading.Lock()

    def workshop_id(self, db: Database, code: str) -> int | None:
        """The id of the live workshop with this code, from memory if it was found just now."""
        key, now = (db.url, code), time.monotonic()
        with self._lock:
            hit = self._found.get(key)
        if hit is not None and now - hit[0] < self.ttl:
            return hit[1]
        workshop = agenda.live_workshop_by_code(db, code=code)
        if workshop is None:
            return None
        with self._lock:
            if len(self._found) > 10_000:  # codes of many workshops: start over rather than grow
                self._found.clear()
            self._found[key] = (now, id_of(workshop))
        return id_of(workshop)

    def forget(self, db: Database, code: str) -> None:
        """Look this code up in the database next time."""
        with self._lock:
            self._found.pop((db.url, code), None)


LIVE_CODES = LiveCodes()
