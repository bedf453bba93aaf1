"""Carries change notices from where they are committed to every process's hub."""
import asyncio
import threading
from typing import Protocol

from app.live.attachment import HubSide


class Broker(Protocol):
    """Carries committed-change notices to the hubs of every process serving a workshop."""

    async def start(self) -> None:
        """Connect and start listening."""

    async def stop(self) -> None:
        """Release what start took."""

    def publish(self, workshop_id: int, topic: str) -> None:
        """Announce a committed change; safe to call from worker threads."""


def make_broker(hub: HubSide, redis_url: str | None, redis_prefix: str = "samling") -> Broker:
    """Redis when configured (several processes or hosts), else the in-process default."""
    if not redis_url:
        return LocalBroker(hub)
    from app.live.redis_broker import RedisBroker  # only scale-out needs the Redis client

    return RedisBroker(hub, redis_url, redis_prefix)


class LocalBroker:
    """The embedded default: one process, notices go straight to its hub (from any thread)."""

    def __init__(self, hub: HubSide):
        self.hub = hub
        self._loop: asyncio.AbstractEventLoop | None = None
        self._loop_thread: int | None = None

    async def start(self) -> None:
        """Remember the event loop the hub lives on."""
        self._loop = asyncio.get_running_loop()
        self._loop_thread = threading.get_ident()

    async def stop(self) -> None:
        """Nothing to release."""

    def publish(self, workshop_id: int, topic: str) -> None:
        """Announce a committed change; safe to call from worker threads."""
        if self._loop is None or self._loop.is_closed():
            return
        if threading.get_ident() == self._loop_thread:
            self.hub.notify(workshop_id, topic)
        else:
            self._loop.call_soon_threadsafe(self.hub.notify, workshop_id, topic)
