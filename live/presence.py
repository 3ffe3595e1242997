"""Who has a board open now, and which card each of them is editing.

A presence entry belongs to one live stream (one browser tab): it is written
when the stream opens, refreshed at every heartbeat, removed when the stream
closes, and expires by itself if its process dies. With `REDIS_URL` the entries
live in Redis (a hash per board, each entry carrying its expiry time), otherwise
in this process's memory.

Entries are keyed "<user id>:<tab id>", so a user can only ever change their
own. `people()` folds them into one row per user, for the avatars on the board.
"""

import json
import threading
import time
from dataclasses import asdict, dataclass, field

from django.conf import settings

from core.users import display_name

from .broker import shielded

# Avatar colours with white initials on them: each at least 4.5:1 (WCAG AA) against white.
PALETTE = ("#7f56d9", "#107569", "#9e165f", "#3538cd", "#b93815", "#4e5ba6", "#087443", "#c11574")


@dataclass
class Presence:
    user: int
    name: str
    initials: str
    color: str
    editing: int | None = None
    expires: float = 0.0
    # A visitor with no account (a share link's guest): each browser shows its own word for "Guest".
    guest: bool = False

    @classmethod
    def for_user(cls, user) -> "Presence":
        name = display_name(user)
        initials = "".join(part[0] for part in name.split()[:2]).upper() or "?"
        return cls(user=user.pk, name=name, initials=initials, color=PALETTE[user.pk % len(PALETTE)])

    @classmethod
    def for_guest(cls, key: int) -> "Presence":
        """A guest, under `key` (an id below 0, which no user has): the guests of one key show as one."""
        return cls(user=key, name="Guest", initials="", color=PALETTE[key % len(PALETTE)], guest=True)


@dataclass
class Person:
    """One user on the board, however many tabs they have open."""

    user: int
    name: str
    initials: str
    color: str
    editing: list[int] = field(default_factory=list)
    guest: bool = False


def people(entries: list[Presence]) -> list[dict]:
    by_user: dict[int, Person] = {}
    for entry in sorted(entries, key=lambda e: (e.guest, e.name.lower(), e.user)):
        person = by_user.setdefault(
            entry.user, Person(entry.user, entry.name, entry.initials, entry.color, guest=entry.guest)
        )
        if entry.editing is not None and entry.editing not in person.editing:
            person.editing.append(entry.editing)
    return [asdict(person) for person in by_user.values()]


def without_names(shown: list[dict]) -> list[dict]:
    """The people on a board as someone who is not a member sees them: guests as they are, members
    without their name, initials or id (each browser shows its own word for "Team member")."""
    return [
        person if person["guest"] else {**person, "user": f"member-{index}", "name": "", "initials": ""}
        for index, person in enumerate(shown)
    ]


def entry_key(user_id: int, client: str) -> str:
    return f"{user_id}:{client}"


def ttl() -> float:
    return 3 * getattr(settings, "LIVE_HEARTBEAT_SECONDS", 15) + 5


class InProcessPresence:
    def __init__(self):
        self._lock = threading.Lock()
        self._boards: dict[int, dict[str, Presence]] = {}

    async def join(self, journey_id: int, key: str, entry: Presence) -> None:
        """Add or refresh a tab's entry; keeps what it is editing."""
        with self._lock:
            board = self._boards.setdefault(journey_id, {})
            old = board.get(key)
            if old is not None and entry.editing is None:
                entry.editing = old.editing
            entry.expires = time.time() + ttl()
            board[key] = entry

    async def set_editing(self, journey_id: int, key: str, entry: Presence) -> None:
        with self._lock:
            entry.expires = time.time() + ttl()
            self._boards.setdefault(journey_id, {})[key] = entry

    async def leave(self, journey_id: int, key: str) -> None:
        with self._lock:
            board = self._boards.get(journey_id, {})
            board.pop(key, None)
            if not board:
                self._boards.pop(journey_id, None)

    async def entries(self, journey_id: int) -> list[Presence]:
        now = time.time()
        with self._lock:
            board = self._boards.get(journey_id, {})
            for key in [key for key, entry in board.items() if entry.expires < now]:
                del board[key]
            return list(board.values())


class RedisPresence:
    def __init__(self, broker):
        self.broker = broker

    def _key(self, journey_id: int) -> str:
        return f"{self.broker.prefix}{{{journey_id}}}:presence"

    @shielded
    async def join(self, journey_id: int, key: str, entry: Presence) -> None:
        client = self.broker.async_client()
        if entry.editing is None:
            old = await client.hget(self._key(journey_id), key)
            if old:
                entry.editing = json.loads(old).get("editing")
        await self.set_editing(journey_id, key, entry)

    @shielded
    async def set_editing(self, journey_id: int, key: str, entry: Presence) -> None:
        entry.expires = time.time() + ttl()
        async with self.broker.async_client().pipeline(transaction=True) as pipe:
            pipe.hset(self._key(journey_id), key, json.dumps(asdict(entry)))
            pipe.expire(self._key(journey_id), int(ttl()) * 2)
            await pipe.execute()

    @shielded
    async def leave(self, journey_id: int, key: str) -> None:
        await self.broker.async_client().hdel(self._key(journey_id), key)

    @shielded
    async def entries(self, journey_id: int) -> list[Presence]:
        client = self.broker.async_client()
        now = time.time()
        live, expired = [], []
        for key, value in (await client.hgetall(self._key(journey_id))).items():
            entry = Presence(**json.loads(value))
            (live if entry.expires >= now else expired).append((key, entry))
        if expired:
            await client.hdel(self._key(journey_id), *[key for key, _ in expired])
        return [entry for _, entry in live]


_store = None
_store_lock = threading.Lock()


def get_presence():
    global _store
    if _store is None:
        with _store_lock:
            if _store is None:
                from .broker import RedisBroker, get_broker

                broker = get_broker()
                _store = RedisPresence(broker) if isinstance(broker, RedisBroker) else InProcessPresence()
    return _store


def reset_presence() -> None:
    global _store
    with _store_lock:
        _store = None
