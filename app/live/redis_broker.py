"""Scale-out: change notices and online counts cross processes through Redis.

Every process subscribes, on one pub/sub connection, to the channel of each live workshop it has
screens for (one subscription per process per workshop) and fans notices out in-process through
its hub. A process's own notices reach its own hub directly, without the round trip.
"""
import asyncio
import contextlib
import logging
import threading
import time
import uuid

import redis.asyncio as redis
from redis.exceptions import RedisError

from app.live.hub import RESULTS, STATE, Hub

log = logging.getLogger(__name__)

# Each process rewrites its online counts this often; a count older than ONLINE_TTL is ignored
# (the process that wrote it is gone), so a crashed process's phones leave the total within it.
HEARTBEAT = 5.0
ONLINE_TTL = 15.0
# The subscription polls this often, pings after two silent polls, and counts as lost after
# SUB_SILENCE seconds without a word (a Redis host that vanished sends no reset).
SUB_POLL = 5.0
SUB_SILENCE = 20.0


class RedisBroker:
    """Publishes committed changes to Redis and turns other processes' notices into hub marks."""

    def __init__(self, hub: Hub, url: str, prefix: str = "samling"):
        self.hub = hub
        self.url = url
        self.prefix = prefix
        self.origin = uuid.uuid4().hex[:12]  # this process, so it can skip its own notices
        self._redis: redis.Redis | None = None
        self._sub_redis: redis.Redis | None = None
        self._pubsub = None
        self._loop: asyncio.AbstractEventLoop | None = None
        self._loop_thread: int | None = None
        self._pending: asyncio.Queue[tuple[int, str]] = asyncio.Queue()
        self._tasks: list[asyncio.Task] = []
        self._subscribing: set[asyncio.Task] = set()
        self._online_written: dict[int, tuple[int, float]] = {}

    def channel(self, workshop_id: int) -> str:
        """The pub/sub channel of one workshop."""
        return f"{self.prefix}:workshop:{workshop_id}"

    def _online_key(self, workshop_id: int) -> str:
        return f"{self.prefix}:online:{workshop_id}"

    async def start(self) -> None:
        """Connect (failing fast if Redis is unreachable) and start listening and publishing."""
        self._loop = asyncio.get_running_loop()
        self._loop_thread = threading.get_ident()
        # Commands time out rather than hold up a room's results loop when Redis stops answering;
        # the subscription has its own connection, checked by pings (a blocked read would time out).
        self._redis = redis.from_url(self.url, socket_connect_timeout=5, socket_timeout=2)
        self._sub_redis = redis.from_url(self.url, socket_connect_timeout=5)
        await self._redis.ping()
        self.hub.on_room_opened = self._subscribe
        self.hub.on_room_closed = self._unsubscribe
        self.hub.count_online = self.online
        self._tasks = [asyncio.create_task(self._listen()), asyncio.create_task(self._publish_loop()),
                       asyncio.create_task(self._heartbeat())]

    async def stop(self) -> None:
        """Stop listening and close the connections."""
        for task in self._tasks:
            task.cancel()
        await asyncio.gather(*self._tasks, return_exceptions=True)
        if self._pubsub is not None:
            with contextlib.suppress(RedisError, OSError):
                await self._pubsub.aclose()
        if self._redis is not None:
            for workshop_id in list(self._online_written):  # this process's phones are gone now
                await self._forget_online(workshop_id)
                await self._publish_now((workshop_id, RESULTS))
            await self._redis.aclose()
            await self._sub_redis.aclose()

    def publish(self, workshop_id: int, topic: str) -> None:
        """Announce a committed change; safe to call from worker threads."""
        if self._loop is None or self._loop.is_closed():
            return
        if threading.get_ident() == self._loop_thread:
            self._enqueue(workshop_id, topic)
        else:
            self._loop.call_soon_threadsafe(self._enqueue, workshop_id, topic)

    def _enqueue(self, workshop_id: int, topic: str) -> None:
        self.hub.notify(workshop_id, topic)  # this process's screens at once
        self._pending.put_nowait((workshop_id, topic))

    async def _publish_loop(self) -> None:
        while True:
            batch = {await self._pending.get()}
            while not self._pending.empty():  # a burst of answers becomes one notice per workshop
                batch.add(self._pending.get_nowait())
            if not await self._publish_now(*batch):
                await asyncio.sleep(0.5)

    async def _publish_now(self, *notices: tuple[int, str]) -> bool:
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

    async def _subscribe(self, workshop_id: int) -> None:
        # The hub calls this while holding its lock: never make joins wait on Redis. The room
        # rebuilds once the subscription is confirmed (see _receive), so nothing is missed.
        task = asyncio.create_task(self._send_subscribe(workshop_id))
        self._subscribing.add(task)
        task.add_done_callback(self._subscribing.discard)

    async def _send_subscribe(self, workshop_id: int) -> None:
        if self._pubsub is not None and workshop_id in self.hub.rooms:  # not closed again meanwhile
            try:
                await self._pubsub.subscribe(self.channel(workshop_id))
            except (RedisError, OSError) as e:  # the listener subscribes again when it reconnects
                log.warning("subscribing to workshop %s failed: %s", workshop_id, e)

    async def _unsubscribe(self, workshop_id: int) -> None:
        if await self._forget_online(workshop_id):
            self._pending.put_nowait((workshop_id, RESULTS))
        if self._pubsub is not None and workshop_id not in self.hub.rooms:
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
                                             *[self.channel(w) for w in list(self.hub.rooms)])
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

    async def online(self, workshop_id: int, local: int) -> int:
        """Phones connected to this workshop across every process.

        Each process writes only its own field of the workshop's hash (never read-modify-write),
        with the time it wrote it; stale fields are not counted.
        """
        try:
            written = self._online_written.get(workshop_id)
            if written is None or written[0] != local:
                await self._write_online(workshop_id, local)
                self._pending.put_nowait((workshop_id, RESULTS))  # the others' totals changed
            now, total = time.time(), local
            for origin, value in (await self._redis.hgetall(self._online_key(workshop_id))).items():
                count, _, stamp = value.decode().partition(" ")
                if origin.decode() != self.origin and now - float(stamp) < ONLINE_TTL:
                    total += int(count)
            return total
        except (RedisError, OSError, ValueError) as e:
            log.warning("online count from Redis failed: %s", e)
            return local

    async def _write_online(self, workshop_id: int, local: int) -> None:
        now = time.time()
        key = self._online_key(workshop_id)
        async with self._redis.pipeline(transaction=False) as pipe:
            pipe.hset(key, self.origin, f"{local} {now:.3f}")
            pipe.expire(key, int(ONLINE_TTL * 4))
            await pipe.execute()
        self._online_written[workshop_id] = (local, now)

    async def _heartbeat(self) -> None:
        """Keep this process's counts fresh, and let every room notice counts that went stale."""
        while True:
            await asyncio.sleep(HEARTBEAT)
            for workshop_id, room in list(self.hub.rooms.items()):
                try:
                    await self._write_online(workshop_id, room.count("participant"))
                except (RedisError, OSError) as e:
                    log.warning("refreshing the online count failed: %s", e)
                    break
                self.hub.notify(workshop_id, RESULTS)  # unchanged results are not sent again

    async def _forget_online(self, workshop_id: int) -> bool:
        """Remove this process's count of a workshop; whether there was one."""
        if self._online_written.pop(workshop_id, None) is None:
            return False
        try:
            await self._redis.hdel(self._online_key(workshop_id), self.origin)
        except (RedisError, OSError) as e:
            log.warning("clearing the online count failed: %s", e)
        return True
