"""Throttling of wrong passwords: slows a guesser without locking the owner out.

Three sliding windows of failures:
- per (email, address): the owner's own typos, or one guesser aiming at one account;
- per address: one guesser trying many emails (a municipal NAT has few facilitators, so the
  allowance can be modest);
- per email from every address: a guesser spreading over many addresses. This window alone
  could let strangers lock the owner out, so it is generous and it does not apply from an address
  where this email signed in successfully before (kept in memory, per process).
"""
import time
from collections import OrderedDict

from app.throttle import FailureThrottle


class LoginThrottle:
    """Wrong passwords per (email, address), per address and per email."""

    def __init__(self, per_pair: int = 10, per_address: int = 30, per_email: int = 100, window: float = 300.0,
                 trust_seconds: float = 30 * 24 * 3600, max_trusted: int = 50_000):
        self.pair = FailureThrottle(per_pair, window)
        self.address = FailureThrottle(per_address, window)
        self.email = FailureThrottle(per_email, window)
        self.trust_seconds = trust_seconds
        self.max_trusted = max_trusted
        self._trusted: OrderedDict[tuple[str, str], float] = OrderedDict()

    def _is_trusted(self, email: str, address: str, now: float) -> bool:
        since = self._trusted.get((email, address))
        return since is not None and now - since < self.trust_seconds

    def retry_after(self, email: str, address: str, now: float | None = None) -> float:
        """Seconds before this email may be tried from this address again; 0 when it may now."""
        now = time.monotonic() if now is None else now
        waits = [self.pair.retry_after(f"{email}\n{address}", now), self.address.retry_after(address, now)]
        if not self._is_trusted(email, address, now):
            waits.append(self.email.retry_after(email, now))
        return max(waits)

    def fail(self, email: str, address: str, now: float | None = None) -> None:
        """Record one wrong password (or unknown email)."""
        now = time.monotonic() if now is None else now
        self.pair.fail(f"{email}\n{address}", now)
        self.address.fail(address, now)
        self.email.fail(email, now)

    def succeeded(self, email: str, address: str, now: float | None = None) -> None:
        """Remember that the owner signs in from here: strangers elsewhere cannot lock this address out."""
        now = time.monotonic() if now is None else now
        self._trusted[(email, address)] = now
        self._trusted.move_to_end((email, address))
        while len(self._trusted) > self.max_trusted:
            self._trusted.popitem(last=False)
