"""What domain functions announce after a successful commit."""
from typing import Protocol

# The topics are part of the wire contract; re-exported here for the services that announce them.
from app.contract import ACCESS, RESULTS, STATE

__all__ = ["ACCESS", "RESULTS", "STATE", "Bus", "NullBus", "RecordingBus"]


class Bus(Protocol):
    """Receives change notices; implementations must be safe to call from worker threads."""

    def publish(self, workshop_id: int, topic: str) -> None:
        """Announce that `topic` of a workshop changed."""


class NullBus:
    """A bus for scripts and tests that nobody listens to."""

    def publish(self, workshop_id: int, topic: str) -> None:
        """Drop the notice."""


class RecordingBus:
    """A bus that remembers what was published (for tests and the CLI)."""

    def __init__(self):
        self.events: list[tuple[int, str]] = []

    def publish(self, workshop_id: int, topic: str) -> None:
        """Remember the notice."""
        self.events.append((workshop_id, topic))
