"""How a broker attaches to the hub: what the hub offers it, and the two things it may plug in.

A broker never patches the hub or reads its rooms: it uses `HubSide` and attaches `RoomWatcher`s
(told when a workshop's room opens and closes here) and at most one `Presence` (who is online
across processes). Notices (what changed) and presence (who is here) stay separate concerns."""
from typing import Protocol


class RoomWatcher(Protocol):
    """Told when this process opens or closes a workshop's room (a broker subscribes, forgets its counts)."""

    async def room_opened(self, workshop_id: int) -> None:
        """The first screen of a workshop connected here; called while the hub holds its lock: never wait."""

    async def room_closed(self, workshop_id: int) -> None:
        """The last screen of a workshop left here."""


class Presence(Protocol):
    """Counts the phones online in a workshop."""

    async def online(self, workshop_id: int, local: int) -> int:
        """Phones online in the workshop, given the `local` ones connected to this process."""


class HubSide(Protocol):
    """What the hub offers a broker."""

    def notify(self, workshop_id: int, topic: str) -> None:
        """A change (a topic of app.contract) was committed somewhere: this process's screens follow."""

    def open_rooms(self) -> list[int]:
        """The workshops with a room in this process now."""

    def is_open(self, workshop_id: int) -> bool:
        """Whether the workshop has a room in this process now."""

    def online_here(self, workshop_id: int) -> int:
        """Phones of the workshop connected to this process."""

    def attach(self, *watchers: RoomWatcher, presence: Presence | None = None) -> None:
        """Add room watchers (told in the order given) and replace how phones online are counted."""


class LocalPresence:
    """One process: the phones online are the ones connected here."""

    async def online(self, workshop_id: int, local: int) -> int:
        """Just this process's phones."""
        return local
