"""Throttling of wrong join codes: per device, and per network address by proof of work, never a lockout.

A whole room often shares one address (a municipal NAT), so an address is never refused outright:
once it has made more wrong guesses than a free allowance, each further guess from it must carry a
proof of work (app/proof_of_work.py) for a challenge used once. A phone solves one in well under a
second; a guesser pays for every guess, more the more of its paid guesses are wrong. Right codes
cost nothing extra, and a phone that has joined never comes through here again.
"""
import time
from collections import OrderedDict, deque


class FailureThrottle:
    """Sliding-window failure counts; a key over its limit is told to wait."""

    def __init__(self, limit: int, window: float, max_keys: int = 50_000):
        self.limit = limit
        self.window = window
        self.max_keys = max_keys
        # Only the latest `limit` failures of a key matter, so a flood costs neither memory nor time.
        self._hits: OrderedDict[str, deque[float]] = OrderedDict()

    def _recent(self, key: str, now: float) -> deque[float]:
        hits = deque((t for t in self._hits.get(key, ()) if now - t < self.window), maxlen=self.limit)
        if hits:
            self._hits[key] = hits
            self._hits.move_to_end(key)
        else:
            self._hits.pop(key, None)
        return hits

    def count(self, key: str, now: float | None = None) -> int:
        """Failures of `key` in the window (at most `limit`)."""
        return len(self._recent(key, time.monotonic() if now is None else now))

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
        self._hits.setdefault(key, deque(maxlen=self.limit)).append(now)
        self._hits.move_to_end(key)
        while len(self._hits) > self.max_keys:
            self._hits.popitem(last=False)


class JoinThrottle:
    """Wrong join codes: a device cookie may mistype a few times a minute; an address beyond its free
    allowance pays a proof of work per guess, harder as its paid guesses keep being wrong."""

    def __init__(self, per_device: int = 8, free_per_address: int = 20, proof_bits: int = 14,
                 max_proof_bits: int = 21, wrong_per_bit: int = 2, window: float = 60.0,
                 proof_ttl: float = 600.0, max_spent: int = 100_000):
        self.device = FailureThrottle(per_device, window)
        # Wrong guesses and unpaid attempts per address: at the limit, the address is under pressure.
        self.address = FailureThrottle(free_per_address, window)
        # Wrong guesses that came with a proof: every `wrong_per_bit` of them doubles the work.
        self.paid = FailureThrottle(max(1, wrong_per_bit * (max_proof_bits - proof_bits)), window)
        self.proof_bits = proof_bits
        self.max_proof_bits = max(proof_bits, max_proof_bits)
        self.wrong_per_bit = max(1, wrong_per_bit)
        self.proof_ttl = proof_ttl
        self.max_spent = max_spent
        self._spent: OrderedDict[str, float] = OrderedDict()

    def retry_after(self, device: str | None, now: float | None = None) -> float:
        """Seconds this device (cookie) must wait before its next guess is looked at."""
        return self.device.retry_after(device, now) if device else 0.0

    def needs_proof(self, address: str, now: float | None = None) -> bool:
        """Whether guesses from `address` must carry a proof of work now."""
        return self.address.retry_after(address, now) > 0

    def bits(self, address: str, now: float | None = None) -> int:
        """The work a proof from `address` must show now."""
        extra = self.paid.count(address, now) // self.wrong_per_bit
        return min(self.max_proof_bits, self.proof_bits + extra)

    def spend(self, salt: str, now: float | None = None) -> bool:
        """Use up the challenge with this salt; False if it was used before (each proof pays one guess)."""
        now = time.monotonic() if now is None else now
        while self._spent and (now - next(iter(self._spent.values())) > self.proof_ttl
                               or len(self._spent) >= self.max_spent):
            self._spent.popitem(last=False)  # challenges older than their lifetime are refused anyway
        if salt in self._spent:
            return False
        self._spent[salt] = now
        return True

    def unpaid(self, address: str, now: float | None = None) -> None:
        """Record an attempt refused for want of a proof: the address stays under pressure while it goes on."""
        self.address.fail(address, now)

    def fail(self, device: str | None, address: str, paid: bool = False, now: float | None = None) -> None:
        """Record one wrong code."""
        if device:
            self.device.fail(device, now)
        self.address.fail(address, now)
        if paid:
            self.paid.fail(address, now)
