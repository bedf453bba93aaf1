"""Settings read once from the environment (prefix SAMLING_, plus DATABASE_URL and REDIS_URL)."""
from functools import lru_cache
from pathlib import Path

from pydantic import AliasChoices, Field
from pydantic_settings import BaseSettings, SettingsConfigDict

ROOT = Path(__file__).resolve().parent.parent


class Settings(BaseSettings):
    """Everything a deployment may change; nothing here builds a client."""

    model_config = SettingsConfigDict(env_prefix="SAMLING_", extra="ignore")

    database_url: str = Field(
        default="sqlite:///samling.db",
        validation_alias=AliasChoices("DATABASE_URL", "SAMLING_DATABASE_URL"),
    )
    redis_url: str | None = Field(default=None, validation_alias=AliasChoices("REDIS_URL", "SAMLING_REDIS_URL"))
    # Channel and key prefix, so several Samling installations can share one Redis.
    redis_prefix: str = "samling"
    # Where the join link and QR code point; derived from the request when unset.
    public_url: str | None = None
    # Secret for cookies; when unset one is generated once and kept in the database.
    secret_key: str | None = None
    static_dir: Path = ROOT / "static"
    # Websocket frames larger than this are closed with 1009 by the server.
    ws_max_frame: int = 64 * 1024
    # Messages larger than this get an error reply but keep the connection.
    ws_max_message: int = 16 * 1024
    # Messages queued for one connection before it counts as stalled and is dropped.
    ws_send_queue: int = 256
    # Seconds a send may wait on a full socket buffer before the connection counts as stalled.
    ws_stall_seconds: float = 15.0
    # Seconds between coalesced result updates to presenters.
    results_interval: float = 0.1
    # Allowed websocket Origins besides the request's own host (comma separated).
    allowed_origins: str = ""
    # HTTP request bodies larger than this get 413 unread (the largest legitimate one, an activity's
    # settings or a form post, is a few KiB; the reverse proxy has its own limit in deploy/nginx.conf).
    max_body_bytes: int = 1024 * 1024
    # Strict-Transport-Security max-age in seconds; 0 sends none. It goes on responses that arrived
    # over https (the proxy's X-Forwarded-Proto counts), or on every response with hsts_always.
    hsts_seconds: int = 0
    hsts_always: bool = False
    # Days after a workshop ends before it is deleted with all its answers (a facilitator may choose
    # otherwise per workshop). 90 leaves a quarter to export and report; 0 turns automatic deletion off.
    retention_days: int = Field(default=90, ge=0, le=3650)
    # Seconds between two runs of the retention purge (it also runs once at start-up).
    retention_check_seconds: float = 3600.0
    # Password hashes (Argon2, 64 MiB each) computed at once; more log-ins wait in a queue of
    # hash_queue, beyond which they get 503 with Retry-After. Bounds memory under a log-in flood.
    hash_concurrency: int = Field(default=2, ge=1, le=64)
    hash_queue: int = Field(default=8, ge=0, le=1000)
    # Seconds between re-checks of an open presenter or console socket's session (ends it once revoked).
    staff_recheck_seconds: float = Field(default=30.0, gt=0)
    # Days an invitation link stays valid.
    invitation_days: int = Field(default=7, ge=1, le=365)
    # Join codes (app/throttle.py): wrong guesses an address makes in a minute before every further
    # guess from it needs a proof of work; the proof's work in bits at first (14: ~16,000 hashes, some
    # hundredths of a second on a phone) and at most (21: ~2,000,000 hashes, one to a few seconds on a
    # phone, only while a guesser keeps paying), reached as paid wrong guesses go on (one more bit per
    # 2 of them in a minute, so the cap holds from 14 a minute on); see docs/benchmarks.md for a guesser
    # that solves the proofs.
    join_free_wrong_per_address: int = Field(default=20, ge=1, le=100_000)
    join_proof_bits: int = Field(default=14, ge=1, le=32)
    join_proof_max_bits: int = Field(default=21, ge=1, le=32)
    # Put client addresses in the access log (off: a participant's address is personal data).
    log_client_address: bool = False


@lru_cache
def get_settings() -> Settings:
    """The process-wide settings."""
    return Settings()
