"""Fan board events out to the live streams, in this process or across processes.

Two brokers with one interface:

- `RedisBroker` (when `REDIS_URL` is set): every web process publishes to and
  listens on Redis, so processes on different ports behave as one site. A Lua
  script gives each event its number, keeps it in a short per-board log and
  publishes it in one atomic step, so the log and the live messages agree.
- `InProcessBroker` (the embedded default): the same in memory, for a single
  `make run` process.

Each board has a sequence: event ids are 1, 2, 3... A stream that reconnects
with the last id it saw (`Last-Event-ID`, or `?after=` from the page) gets what
it missed from the log; if the log no longer reaches back that far (or the
sequence restarted), `since()` answers None and the browser re-reads the whole
board instead.

Publishing is synchronous (it runs in `transaction.on_commit`, often in a
worker thread); subscribing is asynchronous (the SSE view runs on the event
loop). Publishers in any thread reach subscribers through
`loop.call_soon_threadsafe`.
"""

import asyncio
import contextlib
import functools
import json
import logging
import threading
import weakref
from collections import defaultdict, deque
from contextlib import asynccontextmanager, suppress

from django.conf import settings

from .events import BoardEvent

logger = logging.getLogger(__name__)

# What a subscription's queue carries: (EVENT, BoardEvent), (PRESENCE, None) or
# (CLOSED, None) when the broker lost its connection and the stream should end.
EVENT, PRESENCE, CLOSED = "event", "presence", "closed"


def shielded(method):
    """Run a Redis call as a task of its own. redis-py's asyncio client can swallow the
    cancellation of the task that awaits it, and a stream whose browser has gone
    would then live on; shielded, the caller is cancelled at once and the call finishes
    by itself."""

    @functools.wraps(method)
    async def wrapper(*args, **kwargs):
        return await asyncio.shield(method(*args, **kwargs))

    return wrapper


def select_since(log: list[BoardEvent], current: int, after: str) -> list[BoardEvent] | None:
    """The events of `log` (oldest first) after id `after`, or None if the log cannot
    tell: the id is not ours, is ahead of the sequence (it restarted) or older than the log."""
    try:
        after_n = int(after)
    except (TypeError, ValueError):
        return None
    if after_n < 0 or after_n > current:
        return None
    if after_n == current:
        return []
    missed = [event for event in log if int(event.id) > after_n]
    if not missed or int(missed[0].id) != after_n + 1:
        return None
    return missed


class Subscription:
    """One live stream's view of a board: a queue filled from any thread."""

    def __init__(self, journey_id: int):
        self.journey_id = journey_id
        self.loop = asyncio.get_running_loop()
        self.queue: asyncio.Queue = asyncio.Queue()

    def deliver(self, item) -> None:
        """Thread-safe: hand an item to the stream's event loop."""
        with contextlib.suppress(RuntimeError):  # the loop has closed: the stream is gone
            self.loop.call_soon_threadsafe(self.queue.put_nowait, item)

    async def get(self):
        return await self.queue.get()


class InProcessBroker:
    """Events and their log in this process's memory."""

    def __init__(self, log_size: int = 200):
        self.log_size = log_size
        self._lock = threading.Lock()
        self._sequences: dict[int, int] = defaultdict(int)
        self._logs: dict[int, deque] = defaultdict(lambda: deque(maxlen=self.log_size))
        self._subscriptions: dict[int, set[Subscription]] = defaultdict(set)

    def publish(self, event: BoardEvent) -> str:
        with self._lock:
            self._sequences[event.journey] += 1
            event.id = str(self._sequences[event.journey])
            self._logs[event.journey].append(event)
            subscriptions = list(self._subscriptions.get(event.journey, ()))
        for subscription in subscriptions:
            subscription.deliver((EVENT, event))
        return event.id

    def publish_presence(self, journey_id: int) -> None:
        with self._lock:
            subscriptions = list(self._subscriptions.get(journey_id, ()))
        for subscription in subscriptions:
            subscription.deliver((PRESENCE, None))

    async def apublish_presence(self, journey_id: int) -> None:
        self.publish_presence(journey_id)

    def last_id(self, journey_id: int) -> str:
        with self._lock:
            return str(self._sequences.get(journey_id, 0))

    async def alast_id(self, journey_id: int) -> str:
        return self.last_id(journey_id)

    async def since(self, journey_id: int, after: str) -> list[BoardEvent] | None:
        with self._lock:
            current = self._sequences.get(journey_id, 0)
            log = list(self._logs.get(journey_id, ()))
        return select_since(log, current, after)

    @asynccontextmanager
    async def subscribe(self, journey_id: int):
        subscription = Subscription(journey_id)
        with self._lock:
            self._subscriptions[journey_id].add(subscription)
        try:
            yield subscription
        finally:
            with self._lock:
                self._subscriptions[journey_id].discard(subscription)
                if not self._subscriptions[journey_id]:
                    del self._subscriptions[journey_id]

    def subscriber_count(self, journey_id: int) -> int:
        with self._lock:
            return len(self._subscriptions.get(journey_id, ()))

    def close_streams(self) -> None:
        """End every stream of this process (the server is stopping)."""
        with self._lock:
            subscriptions = [sub for subs in self._subscriptions.values() for sub in subs]
        for subscription in subscriptions:
            subscription.deliver((CLOSED, None))


# KEYS: sequence, log, channel. ARGV: event JSON (without id), log size, TTL seconds.
# The message is "<id>\n<json>"; live messages start with "e" (event) or "p" (presence).
_PUBLISH_SCRIPT = """
local id = redis.call('INCR', KEYS[1])
local message = id .. '\\n' .. ARGV[1]
redis.call('LPUSH', KEYS[2], message)
redis.call('LTRIM', KEYS[2], 0, tonumber(ARGV[2]) - 1)
redis.call('EXPIRE', KEYS[1], tonumber(ARGV[3]))
redis.call('EXPIRE', KEYS[2], tonumber(ARGV[3]))
redis.call('PUBLISH', KEYS[3], 'e' .. message)
return id
"""


def _parse_message(message: str) -> BoardEvent:
    event_id, _, body = message.partition("\n")
    event = BoardEvent.from_dict(json.loads(body))
    event.id = event_id
    return event


class _RedisHub:
    """One pattern subscription per event loop, shared by all the streams on that loop."""

    def __init__(self, broker: "RedisBroker"):
        self.broker = broker
        self.subscriptions: dict[int, set[Subscription]] = defaultdict(set)
        self.ready = asyncio.Event()
        self.task: asyncio.Task | None = None
        self.failed = False
        self.stopped = False  # checked as well as cancelling: see `shielded`

    def start(self) -> None:
        self.task = asyncio.get_running_loop().create_task(self._run())

    async def _run(self) -> None:
        client = self.broker.async_client()
        pubsub = client.pubsub()
        prefix = self.broker.channel_prefix
        try:
            await pubsub.psubscribe(prefix + "*")
            idle = 0.0
            while not self.stopped:
                message = await pubsub.get_message(timeout=5.0)
                if message is None:
                    idle += 5.0
                    if idle >= 30.0:  # keep the connection honest while nothing happens
                        await pubsub.ping()
                        idle = 0.0
                    continue
                idle = 0.0
                if message["type"] == "psubscribe":
                    self.ready.set()
                    continue
                if message["type"] != "pmessage":
                    continue
                self._dispatch(message["channel"], message["data"])
        except asyncio.CancelledError:
            raise
        except Exception:
            logger.exception("Lost the Redis subscription for live boards")
        finally:
            self.failed = True
            self.ready.set()
            for subscriptions in list(self.subscriptions.values()):
                for subscription in list(subscriptions):
                    subscription.queue.put_nowait((CLOSED, None))
            with suppress(Exception):
                await pubsub.aclose()

    def _dispatch(self, channel, data) -> None:
        channel = channel.decode() if isinstance(channel, bytes) else channel
        data = data.decode() if isinstance(data, bytes) else data
        try:
            journey_id = int(channel[len(self.broker.channel_prefix) :])
        except ValueError:
            return
        subscriptions = self.subscriptions.get(journey_id)
        if not subscriptions:
            return
        if data.startswith("e"):
            item = (EVENT, _parse_message(data[1:]))
        elif data.startswith("p"):
            item = (PRESENCE, None)
        else:
            return
        for subscription in list(subscriptions):
            subscription.queue.put_nowait(item)


class RedisBroker:
    """Events through Redis: a sequence, a capped log and a pub/sub channel per board."""

    def __init__(self, url: str, *, prefix: str = "jb:live:", log_size: int = 200, ttl: int = 86400):
        import redis

        self.url = url
        self.prefix = prefix
        self.channel_prefix = f"{prefix}board:"
        self.log_size = log_size
        self.ttl = ttl
        self.client = redis.Redis.from_url(url, decode_responses=True, socket_timeout=5, socket_connect_timeout=5)
        self._publish = self.client.register_script(_PUBLISH_SCRIPT)
        self._async_clients: weakref.WeakKeyDictionary = weakref.WeakKeyDictionary()
        self._hubs: weakref.WeakKeyDictionary = weakref.WeakKeyDictionary()

    # Keys carry the board in braces, so a cluster keeps a board's keys on one node.
    def _sequence_key(self, journey_id: int) -> str:
        return f"{self.prefix}{{{journey_id}}}:seq"

    def _log_key(self, journey_id: int) -> str:
        return f"{self.prefix}{{{journey_id}}}:log"

    def channel(self, journey_id: int) -> str:
        return f"{self.channel_prefix}{journey_id}"

    def async_client(self):
        """A redis.asyncio client for the running loop (their connections belong to one loop)."""
        import redis.asyncio

        loop = asyncio.get_running_loop()
        client = self._async_clients.get(loop)
        if client is None:
            client = redis.asyncio.Redis.from_url(self.url, decode_responses=True, socket_connect_timeout=5)
            self._async_clients[loop] = client
        return client

    def publish(self, event: BoardEvent) -> str:
        payload = event.as_dict()
        payload.pop("id", None)
        keys = [self._sequence_key(event.journey), self._log_key(event.journey), self.channel(event.journey)]
        event.id = str(self._publish(keys=keys, args=[json.dumps(payload), self.log_size, self.ttl]))
        return event.id

    def publish_presence(self, journey_id: int) -> None:
        self.client.publish(self.channel(journey_id), "p")

    @shielded
    async def apublish_presence(self, journey_id: int) -> None:
        await self.async_client().publish(self.channel(journey_id), "p")

    def last_id(self, journey_id: int) -> str:
        return str(self.client.get(self._sequence_key(journey_id)) or 0)

    @shielded
    async def alast_id(self, journey_id: int) -> str:
        return str(await self.async_client().get(self._sequence_key(journey_id)) or 0)

    @shielded
    async def since(self, journey_id: int, after: str) -> list[BoardEvent] | None:
        async with self.async_client().pipeline(transaction=True) as pipe:
            pipe.get(self._sequence_key(journey_id))
            pipe.lrange(self._log_key(journey_id), 0, -1)
            current, messages = await pipe.execute()
        log = [_parse_message(message) for message in reversed(messages)]
        return select_since(log, int(current or 0), after)

    @asynccontextmanager
    async def subscribe(self, journey_id: int):
        loop = asyncio.get_running_loop()
        hub = self._hubs.get(loop)
        if hub is None or hub.failed:
            hub = _RedisHub(self)
            self._hubs[loop] = hub
            hub.start()
        subscription = Subscription(journey_id)
        hub.subscriptions[journey_id].add(subscription)
        try:
            async with asyncio.timeout(5):
                await hub.ready.wait()
            if hub.failed:
                raise ConnectionError("The live boards' Redis subscription failed")
            yield subscription
        finally:
            subscriptions = hub.subscriptions.get(journey_id)
            if subscriptions is not None:
                subscriptions.discard(subscription)
                if not subscriptions:
                    del hub.subscriptions[journey_id]
            if not hub.subscriptions and hub.task is not None and self._hubs.get(loop) is hub:
                # Nobody listens on this loop any more: let the connection go.
                del self._hubs[loop]
                hub.stopped = True
                hub.task.cancel()

    def close_streams(self) -> None:
        """End every stream of this process (the server is stopping)."""
        for hub in list(self._hubs.values()):
            for subscriptions in list(hub.subscriptions.values()):
                for subscription in list(subscriptions):
                    subscription.deliver((CLOSED, None))

    def subscriber_count(self, journey_id: int) -> int:
        try:
            loop = asyncio.get_running_loop()
        except RuntimeError:
            return 0
        hub = self._hubs.get(loop)
        return len(hub.subscriptions.get(journey_id, ())) if hub else 0


_broker = None
_broker_lock = threading.Lock()


def get_broker():
    """The broker for the current settings (Redis when REDIS_URL is set)."""
    global _broker
    if _broker is None:
        with _broker_lock:
            if _broker is None:
                _broker = make_broker()
    return _broker


def make_broker():
    log_size = getattr(settings, "LIVE_LOG_SIZE", 200)
    if getattr(settings, "REDIS_URL", ""):
        return RedisBroker(
            settings.REDIS_URL, prefix=getattr(settings, "LIVE_KEY_PREFIX", "jb:live:"), log_size=log_size
        )
    return InProcessBroker(log_size=log_size)


def reset_broker() -> None:
    """Forget the broker (tests that change REDIS_URL)."""
    global _broker
    with _broker_lock:
        _broker = None
