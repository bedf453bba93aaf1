"""The per-process services every router reaches through `request.app.state.ctx`."""
from dataclasses import dataclass

from app.config import Settings
from app.db import Database
from app.live.broker import Broker
from app.live.hub import Hub
from app.login_throttle import LoginThrottle
from app.security import HashGate, Signer
from app.services.entry_writer import EntryWriter
from app.throttle import JoinThrottle


@dataclass
class AppContext:
    """Built once in the lifespan."""

    settings: Settings
    db: Database
    hub: Hub
    broker: Broker
    signer: Signer
    writer: EntryWriter
    throttle: JoinThrottle
    # Wrong passwords per (email, address), per address and per email: slows guessing, never locks the owner out.
    login_throttle: LoginThrottle
    # Bounds the concurrent Argon2 hashes (64 MiB each) of log-ins, sign-ups and password changes.
    hash_gate: HashGate
