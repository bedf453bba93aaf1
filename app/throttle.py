"""Throttling of wrong join codes, keyed per device and, generously, per network address."""
import time
from collections import OrderedDict


class FailureThrottle:
    """Sliding-window failure counts; a key over its limit is told to wait."""

    def __init__(self, limit: int, window: float, max_keys: int = 50_000):
        self.limit = limit
        self.window = window
        self.max_keys = max_keys
        self._hits: OrderedDict[str, list[float]] = OrderedDict()

    def _recent(self, key: str, now: float) -> list[float]:
        hits = [t for t in self._hits.get(key, []) if now - t < self.window]
        if hits:
            self._hits[key] = hits
            self._hits.move_to_end(key)
        else:
            self._hits.pop(key, None)
        return hits

    def retry_after(self, key: str, now: float | None = None) -> float:
        """Seconds `key` must wait before trying again; 0 when it may try now."""
        now = time.monotonic() if now is None else now
        hits = self._recent(key, now)
        if len(hits) < self.limit:
            return 0.0
        return max(0.0, self.window - (now - hits[-self.limit]))

    def fail(self, key: str, now: float | None = None) -> None:
        """Record one failure for `key`."""
        now = time.monotonic() if now is None else now
        self._recent(key, now)
        self._hits.setdefault(key, []).append(now)
        self._hits.move_to_end(key)
        while len(self._hits) > self.max_keys:
            self._hits.popitem(last=False)


class JoinThrottle:
    """A device may mistype a few times a minute; a whole municipal NAT gets a far larger allowance."""

    def __init__(self, per_device: int = 8, per_address: int = 300, window: float = 60.0):
        self.device = FailureThrottle(per_device, window)
        self.address = FailureThrottle(per_address, window)

    def retry_after(self, device: str, address: str, now: float | None = None) -> float:
        """Seconds to wait before the next guess is even looked at."""
        return max(self.device.retry_after(device, now), self.address.retry_after(address, now))

    def fail(self, device: str, address: str, now: float | None = None) -> None:
        """Record one wrong code."""
        self.device.fail(device, now)
        self.address.fail(address, now)
