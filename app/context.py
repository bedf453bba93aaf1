"""The per-process services every router reaches through `request.app.state.ctx`."""
from dataclasses import dataclass

from app.config import Settings
from app.db import Database
from app.live.broker import Broker
from app.live.hub import Hub
from app.security import Signer
from app.services.entry_writer import EntryWriter
from app.throttle import FailureThrottle, JoinThrottle


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
    # Wrong passwords per email address: slows guessing without locking the owner out for long.
    login_throttle: FailureThrottle
