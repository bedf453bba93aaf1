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


@lru_cache
def get_settings() -> Settings:
    """The process-wide settings."""
    return Settings()
