"""Scale-out presence: the phones online in a workshop, counted across processes in one Redis hash."""
import asyncio
import logging
import time
from collections.abc import Callable

import redis.asyncio as redis
from redis.exceptions import RedisError

from app.contract import RESULTS
from app.live.attachment import HubSide

log = logging.getLogger(__name__)

# Each process rewrites its online counts this often; a count older than ONLINE_TTL is ignored
# (the process that wrote it is gone), so a crashed process's phones leave the total within it.
HEARTBEAT = 5.0
ONLINE_TTL = 15.0


def _text(reply: bytes | str) -> str:
    """A reply as text (the client does not decode responses: bytes)."""
    return reply.decode() if isinstance(reply, bytes) else reply


class RedisPresence:
    """Each process writes only its own field of a workshop's hash (never read-modify-write), with the
    time it wrote it; a total sums the fresh fields."""

    def __init__(self, hub: HubSide, client: redis.Redis, prefix: str, origin: str,
                 tell_others: Callable[[int, str], None]):
        self.hub = hub
        self._redis = client
        self.prefix = prefix
        self.origin = origin
        # Announces a change to the other processes only (this one's rooms already know).
        self._tell_others = tell_others
        self._written: dict[int, tuple[int, float]] = {}
        self._task: asyncio.Task | None = None

    def _key(self, workshop_id: int) -> str:
        return f"{self.prefix}:online:{workshop_id}"

    def start(self) -> None:
        """Start refreshing this process's counts."""
        self._task = asyncio.create_task(self._heartbeat())

    async def stop(self) -> None:
        """Stop refreshing (the counts are forgotten with `forget`)."""
        if self._task is not None:
            self._task.cancel()
            await asyncio.gather(self._task, return_exceptions=True)

    def counted(self) -> list[int]:
        """The workshops this process has written a count for."""
        return list(self._written)

    async def online(self, workshop_id: int, local: int) -> int:
        """Phones connected to this workshop across every process."""
        try:
            written = self._written.get(workshop_id)
            if written is None or written[0] != local:
                await self._write(workshop_id, local)
                self._tell_others(workshop_id, RESULTS)  # the others' totals changed
            now, total = time.time(), local
            for origin, value in (await self._redis.hgetall(self._key(workshop_id))).items():
                count, _, stamp = _text(value).partition(" ")
                if _text(origin) != self.origin and now - float(stamp) < ONLINE_TTL:
                    total += int(count)
            return total
        except (RedisError, OSError, ValueError) as e:
            log.warning("online count from Redis failed: %s", e)
            return local

    async def room_opened(self, workshop_id: int) -> None:
        """Nothing to do: the first results of the room write the count."""

    async def room_closed(self, workshop_id: int) -> None:
        """This process has no phones of the workshop any more: the others' totals drop now."""
        if await self.forget(workshop_id):
            self._tell_others(workshop_id, RESULTS)

    async def _write(self, workshop_id: int, local: int) -> None:
        now = time.time()
        key = self._key(workshop_id)
        async with self._redis.pipeline(transaction=False) as pipe:
            pipe.hset(key, self.origin, f"{local} {now:.3f}")
            pipe.expire(key, int(ONLINE_TTL * 4))
            await pipe.execute()
        self._written[workshop_id] = (local, now)

    async def _heartbeat(self) -> None:
        """Keep this process's counts fresh, and let every room notice counts that went stale."""
        while True:
            await asyncio.sleep(HEARTBEAT)
            for workshop_id in self.hub.open_rooms():
                try:
                    await self._write(workshop_id, self.hub.online_here(workshop_id))
                except (RedisError, OSError) as e:
                    log.warning("refreshing the online count failed: %s", e)
                    break
                self.hub.notify(workshop_id, RESULTS)  # unchanged results are not sent again

    async def forget(self, workshop_id: int) -> bool:
        """Remove this process's count of a workshop; whether there was one."""
        if self._written.pop(workshop_id, None) is None:
            return False
        try:
            await self._redis.hdel(self._key(workshop_id), self.origin)
        except (RedisError, OSError) as e:
            log.warning("clearing the online count failed: %s", e)
        return True
