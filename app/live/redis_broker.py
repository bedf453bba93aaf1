"""Scale-out: change notices and online counts cross processes through Redis.

Notices: every process subscribes, on one pub/sub connection, to the channel of each live workshop
it has screens for (one subscription per process per workshop) and fans notices out in-process
through its hub. A process's own notices reach its own hub directly, without the round trip.
Presence (who is online) is app/live/redis_presence.py. Both attach to the hub through
app/live/attachment.py.
"""
import asyncio
import contextlib
import logging
import threading
import time
import uuid

import redis.asyncio as redis
from redis.asyncio.client import PubSub
from redis.exceptions import RedisError

from app.contract import RESULTS, STATE
from app.live.attachment import HubSide
from app.live.redis_presence import RedisPresence

log = logging.getLogger(__name__)

# The subscription polls this often, pings after two silent polls, and counts as lost after
# SUB_SILENCE seconds without a word (a Redis host that vanished sends no reset).
SUB_POLL = 5.0
SUB_SILENCE = 20.0


class RedisBroker:
    """The scale-out broker: notices over pub/sub (RedisNotices) and online counts (RedisPresence),
    attached to the hub side by side."""

    def __init__(self, hub: HubSide, url: str, prefix: str = "samling"):
        self.hub = hub
        self.url = url
        self.prefix = prefix
        self.origin = uuid.uuid4().hex[:12]  # this process, so it can skip its own notices
        self._redis: redis.Redis | None = None
        self._sub_redis: redis.Redis | None = None
        self.notices: RedisNotices | None = None
        self.presence: RedisPresence | None = None

    async def start(self) -> None:
        """Connect (failing fast if Redis is unreachable), attach to the hub, start listening and publishing."""
        # Commands time out rather than hold up a room's results loop when Redis stops answering;
        # the subscription has its own connection, checked by pings (a blocked read would time out).
        self._redis = redis.from_url(self.url, socket_connect_timeout=5, socket_timeout=2)
        self._sub_redis = redis.from_url(self.url, socket_connect_timeout=5)
        await self._redis.ping()
        notices = RedisNotices(self.hub, self._redis, self._sub_redis, self.prefix, self.origin)
        presence = RedisPresence(self.hub, self._redis, self.prefix, self.origin, notices.tell_others)
        # Presence first: a closing room's count is gone before its channel is left.
        self.hub.attach(presence, notices, presence=presence)
        notices.start()
        presence.start()
        self.notices, self.presence = notices, presence

    async def stop(self) -> None:
        """Stop listening, take this process's phones out of the counts, close the connections."""
        if self.notices is not None and self.presence is not None:  # (started together)
            await self.presence.stop()
            await self.notices.stop()
            for workshop_id in self.presence.counted():  # this process's phones are gone now
                await self.presence.forget(workshop_id)
                await self.notices.send_now((workshop_id, RESULTS))
        if self._redis is not None:
            await self._redis.aclose()
        if self._sub_redis is not None:
            await self._sub_redis.aclose()

    def publish(self, workshop_id: int, topic: str) -> None:
        """Announce a committed change; safe to call from worker threads."""
        if self.notices is not None:
            self.notices.publish(workshop_id, topic)


class RedisNotices:
    """Publishes committed changes to Redis and turns other processes' notices into hub marks."""

    def __init__(self, hub: HubSide, client: redis.Redis, sub_client: redis.Redis, prefix: str, origin: str):
        self.hub = hub
        self.prefix = prefix
        self.origin = origin
        self._redis = client
        self._sub_redis = sub_client
        self._pubsub: PubSub | None = None
        self._loop = asyncio.get_running_loop()
        self._loop_thread = threading.get_ident()
        self._pending: asyncio.Queue[tuple[int, str]] = asyncio.Queue()
        self._tasks: list[asyncio.Task] = []
        self._subscribing: set[asyncio.Task] = set()

    def channel(self, workshop_id: int) -> str:
        """The pub/sub channel of one workshop."""
        return f"{self.prefix}:workshop:{workshop_id}"

    def start(self) -> None:
        """Start listening and publishing."""
        self._tasks = [asyncio.create_task(self._listen()), asyncio.create_task(self._publish_loop())]

    async def stop(self) -> None:
        """Stop listening and publishing (notices still queued are dropped)."""
        for task in self._tasks:
            task.cancel()
        await asyncio.gather(*self._tasks, return_exceptions=True)
        if self._pubsub is not None:
            with contextlib.suppress(RedisError, OSError):
                await self._pubsub.aclose()

    def publish(self, workshop_id: int, topic: str) -> None:
        """Announce a committed change; safe to call from worker threads."""
        if self._loop.is_closed():
            return
        if threading.get_ident() == self._loop_thread:
            self._enqueue(workshop_id, topic)
        else:
            self._loop.call_soon_threadsafe(self._enqueue, workshop_id, topic)

    def _enqueue(self, workshop_id: int, topic: str) -> None:
        self.hub.notify(workshop_id, topic)  # this process's screens at once
        self._pending.put_nowait((workshop_id, topic))

    def tell_others(self, workshop_id: int, topic: str) -> None:
        """Announce a change to the other processes only (on the loop's thread)."""
        self._pending.put_nowait((workshop_id, topic))

    async def _publish_loop(self) -> None:
        while True:
            batch = {await self._pending.get()}
            while not self._pending.empty():  # a burst of answers becomes one notice per workshop
                batch.add(self._pending.get_nowait())
            if not await self.send_now(*batch):
                await asyncio.sleep(0.5)

    async def send_now(self, *notices: tuple[int, str]) -> bool:
        """Send notices in one round trip; False if Redis could not be reached."""
        try:
            async with self._redis.pipeline(transaction=False) as pipe:
                for workshop_id, topic in notices:
                    pipe.publish(self.channel(workshop_id), f"{self.origin} {topic}")
                await pipe.execute()
            return True
        except (RedisError, OSError) as e:
            # Other processes miss these notices; they resynchronise when their own
            # subscription comes back, and the next change reaches them anyway.
            log.warning("publishing to Redis failed: %s", e)
            return False

    async def room_opened(self, workshop_id: int) -> None:
        """Listen to the workshop's channel.

        The hub calls this while holding its lock: never make joins wait on Redis. The room
        rebuilds once the subscription is confirmed (see _receive), so nothing is missed."""
        task = asyncio.create_task(self._send_subscribe(workshop_id))
        self._subscribing.add(task)
        task.add_done_callback(self._subscribing.discard)

    async def _send_subscribe(self, workshop_id: int) -> None:
        if self._pubsub is not None and self.hub.is_open(workshop_id):  # not closed again meanwhile
            try:
                await self._pubsub.subscribe(self.channel(workshop_id))
            except (RedisError, OSError) as e:  # the listener subscribes again when it reconnects
                log.warning("subscribing to workshop %s failed: %s", workshop_id, e)

    async def room_closed(self, workshop_id: int) -> None:
        """Stop listening to the workshop's channel, unless a room opened again meanwhile."""
        if self._pubsub is not None and not self.hub.is_open(workshop_id):
            try:
                await self._pubsub.unsubscribe(self.channel(workshop_id))
            except (RedisError, OSError) as e:
                log.warning("unsubscribing from workshop %s failed: %s", workshop_id, e)

    async def _listen(self) -> None:
        """Receive notices; after a lost connection, subscribe again to every room's channel."""
        delay = 0.2
        while True:
            try:
                pubsub = self._sub_redis.pubsub()
                # Connected before anyone else may use it: a room opening meanwhile would otherwise
                # make redis-py take a second connection whose messages nobody reads.
                await pubsub.connect()
                self._pubsub = pubsub
                # A channel of its own keeps the connection subscribed while no workshop is live.
                await self._pubsub.subscribe(f"{self.prefix}:process:{self.origin}",
                                             *[self.channel(w) for w in self.hub.open_rooms()])
                delay, heard = 0.2, time.monotonic()
                while True:
                    message = await self._pubsub.get_message(timeout=SUB_POLL)
                    if message is not None:
                        heard = time.monotonic()
                        try:
                            self._receive(message)
                        except Exception:  # a malformed notice must not end the subscription
                            log.exception("ignoring a malformed notice from Redis")
                    elif time.monotonic() - heard > SUB_SILENCE:
                        raise ConnectionError("no answer to pings on the subscription")
                    elif time.monotonic() - heard > SUB_POLL * 2:
                        await self._pubsub.ping()  # its pong counts as hearing from Redis
            except asyncio.CancelledError:
                raise
            except (RedisError, OSError) as e:
                log.warning("Redis subscription lost (%s); again in %.1f s", e, delay)
                lost, self._pubsub = self._pubsub, None
                if lost is not None:
                    with contextlib.suppress(RedisError, OSError):
                        await lost.aclose()
                await asyncio.sleep(delay)
                delay = min(delay * 2, 5.0)

    def _receive(self, message: dict) -> None:
        channel = message.get("channel")
        if not isinstance(channel, bytes) or not channel.decode().startswith(f"{self.prefix}:workshop:"):
            return  # a pong, or this process's own channel
        channel = channel.decode()
        workshop_id = int(channel.rsplit(":", 1)[1])
        if message["type"] == "subscribe":
            # Changes committed before the subscription took effect were never heard here:
            # rebuild once now that every later one will be.
            self.hub.notify(workshop_id, STATE)
        elif message["type"] == "message":
            origin, _, topic = message["data"].decode().partition(" ")
            if origin != self.origin:
                self.hub.notify(workshop_id, topic)
