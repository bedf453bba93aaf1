"""Database engine, SQLite pragmas, sessions and migrations."""
from collections.abc import Iterator
import logging
import threading
from contextlib import contextmanager, nullcontext
from pathlib import Path

from sqlalchemy import event, text
from sqlalchemy.engine import Engine
from sqlmodel import Session, create_engine

MIGRATIONS = Path(__file__).resolve().parent / "migrations"
log = logging.getLogger(__name__)
# Seconds within which a deletion a phone asked for reaches the database file (app/services/own_answers.py).
CHECKPOINT_DELAY = 2.0


def normalise_url(url: str) -> str:
    """Accept the common postgres:// spellings and pick the psycopg 3 driver."""
    for prefix in ("postgres://", "postgresql://"):
        if url.startswith(prefix):
            return "postgresql+psycopg://" + url[len(prefix):]
    return url


def make_engine(url: str) -> Engine:
    """An engine with WAL, a busy timeout and BEGIN IMMEDIATE for writes on SQLite."""
    url = normalise_url(url)
    if not url.startswith("sqlite"):
        return create_engine(url, pool_size=20, max_overflow=20, pool_pre_ping=True)
    engine = create_engine(url, connect_args={"check_same_thread": False, "timeout": 30}, pool_size=20, max_overflow=20)

    @event.listens_for(engine, "connect")
    def _on_connect(dbapi_conn, _record):
        # Take transaction control from pysqlite so that we can issue BEGIN IMMEDIATE ourselves.
        dbapi_conn.isolation_level = None
        cur = dbapi_conn.cursor()
        cur.execute("PRAGMA journal_mode=WAL")
        # NORMAL in WAL mode: a power loss may drop the last commits, never corrupts (docs/deployment.md).
        cur.execute("PRAGMA synchronous=NORMAL")
        cur.execute("PRAGMA busy_timeout=30000")
        cur.execute("PRAGMA foreign_keys=ON")
        # Deleted rows are overwritten with zeros, not just unlinked: a deleted answer must not
        # linger in the file's free space (the WAL is cleared by Database.after_delete).
        cur.execute("PRAGMA secure_delete=ON")
        cur.close()

    @event.listens_for(engine, "begin")
    def _on_begin(conn):
        # A deferred read-then-write fails at once under WAL whatever the busy timeout; writers
        # take the write lock up front and queue on busy_timeout instead.
        mode = conn.get_execution_options().get("sqlite_begin", "DEFERRED")
        conn.exec_driver_sql(f"BEGIN {mode}")

    return engine


class Database:
    """The engine pair of one deployment: plain sessions for reads, immediate ones for writes."""

    def __init__(self, url: str):
        self.url = normalise_url(url)
        self.engine = make_engine(self.url)
        self.is_sqlite = self.url.startswith("sqlite")
        self._write_engine = self.engine.execution_options(sqlite_begin="IMMEDIATE")
        # SQLite has one writer at a time; its busy handler waits by sleeping in growing steps (up to
        # 100 ms), so threads of one process queue on a lock that wakes the next one at once instead.
        self._write_lock = threading.Lock() if self.is_sqlite else nullcontext()
        self._checkpoint_guard = threading.Lock()
        self._checkpoint_timer: threading.Timer | None = None

    @contextmanager
    def read(self) -> Iterator[Session]:
        """A session for reading."""
        with Session(self.engine, expire_on_commit=False) as session:
            yield session

    @contextmanager
    def write(self) -> Iterator[Session]:
        """A session whose transaction holds the write lock from its start and commits on exit."""
        with self._write_lock, Session(self._write_engine, expire_on_commit=False) as session:
            yield session
            session.commit()

    def after_delete(self, soon: bool = False) -> None:
        """Call after deleting personal data: moves everything into the database file and empties
        the SQLite WAL, where the deleted rows' old pages would otherwise linger (PostgreSQL: nothing
        to do here; autovacuum reclaims dead rows). With `soon`, for deletions a phone can ask for,
        the checkpoint runs within CHECKPOINT_DELAY seconds, at most one per delay, so a phone that
        deletes in a loop cannot keep the write lock from everyone else's answers."""
        if not self.is_sqlite:
            return
        if not soon:
            self._checkpoint()
            return
        with self._checkpoint_guard:
            if self._checkpoint_timer is not None:
                return  # one is already on its way and will cover this deletion too
            self._checkpoint_timer = threading.Timer(CHECKPOINT_DELAY, self._deferred_checkpoint)
            self._checkpoint_timer.daemon = True
            self._checkpoint_timer.start()

    def _deferred_checkpoint(self) -> None:
        with self._checkpoint_guard:
            self._checkpoint_timer = None
        self._checkpoint()

    def _checkpoint(self) -> None:
        # TRUNCATE waits (busy_timeout) for writers and old readers, then cuts the WAL to 0 bytes.
        with self._write_lock:
            raw = self.engine.raw_connection()
            try:
                cur = raw.cursor()
                busy, _frames, _done = cur.execute("PRAGMA wal_checkpoint(TRUNCATE)").fetchone()
                cur.close()
            finally:
                raw.close()
        if busy:
            log.warning("WAL checkpoint after a deletion could not finish; it completes at the next one")

    def migrate(self) -> None:
        """Bring the schema to the newest Alembic revision."""
        from alembic import command
        from alembic.config import Config

        cfg = Config()
        cfg.set_main_option("script_location", str(MIGRATIONS))
        cfg.set_main_option("sqlalchemy.url", self.url.replace("%", "%%"))
        # Several processes or hosts may start at once: one migrates, the others wait and then find
        # nothing to do. SQLite: BEGIN IMMEDIATE queues them on the write lock; PostgreSQL: a lock.
        with self._write_engine.begin() as conn:
            if conn.dialect.name == "postgresql":
                conn.execute(text("SELECT pg_advisory_xact_lock(7410236)"))
            cfg.attributes["connection"] = conn
            command.upgrade(cfg, "head")

    def dispose(self) -> None:
        """Close every pooled connection (after a checkpoint still waiting to run)."""
        with self._checkpoint_guard:
            pending, self._checkpoint_timer = self._checkpoint_timer, None
        if pending is not None:
            pending.cancel()
            self._checkpoint()
        self.engine.dispose()
