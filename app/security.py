"""Password hashing (bounded), signed tokens and CSRF tokens."""
import asyncio
import hashlib
import hmac
import json
import secrets
from functools import lru_cache

from argon2 import PasswordHasher
from argon2.exceptions import InvalidHashError, VerificationError
from itsdangerous import BadSignature, URLSafeTimedSerializer
from itsdangerous.encoding import base64_encode
from starlette.concurrency import run_in_threadpool

from app.i18n import N_
from app.services.errors import DomainError

# argon2-cffi's defaults (RFC 9106's second recommendation: 64 MiB, 3 passes, 4 lanes). The memory
# is what a log-in flood exhausts; HashGate bounds how many hashes run at once instead of weakening each.
_hasher = PasswordHasher()

SESSION_MAX_AGE = 14 * 24 * 3600
PARTICIPANT_MAX_AGE = 60 * 24 * 3600


def hash_password(password: str) -> str:
    """An Argon2id hash."""
    return _hasher.hash(password)


def verify_password(stored_hash: str, password: str) -> bool:
    """Whether `password` matches; never raises on a malformed hash."""
    try:
        return _hasher.verify(stored_hash, password)
    except (VerificationError, InvalidHashError):
        return False


@lru_cache(maxsize=1)
def _dummy_hash() -> str:
    """A hash of a random password with our parameters, made once per process."""
    return _hasher.hash(secrets.token_urlsafe(16))


def verify_nothing(password: str) -> bool:
    """The work of checking a real account's password, for an email without one; always False.

    One verify against a hash with the same parameters: known and unknown emails cost the same."""
    verify_password(_dummy_hash(), password)
    return False


def warm_up() -> None:
    """Make the dummy hash now, so the first unknown email is not slower than the rest."""
    _dummy_hash()


class Busy(DomainError):
    """Too many password checks at once; the caller may retry after `retry_after` seconds."""

    status = 503
    retry_after = 2


class HashGate:
    """At most `slots` password hashes at once, `queue` more waiting; beyond that refused at once.

    Waiting happens on the event loop, not on a worker thread, so a flood of log-ins holds neither
    memory (64 MiB per running hash) nor the thread pool the rest of the app needs."""

    def __init__(self, slots: int = 2, queue: int = 8, wait: float = 10.0):
        self.limit = max(1, slots) + max(0, queue)
        self.wait = wait
        self._slots = asyncio.Semaphore(max(1, slots))
        self._admitted = 0  # running plus waiting

    async def run(self, fn, *args):
        """`fn(*args)` on a worker thread once a slot is free; Busy when too many wait already."""
        if self._admitted >= self.limit:
            raise Busy(N_("Too many log-ins at once. Please try again in a moment."), "busy")
        self._admitted += 1
        try:
            try:
                async with asyncio.timeout(self.wait):
                    await self._slots.acquire()
            except TimeoutError:
                raise Busy(N_("Too many log-ins at once. Please try again in a moment."), "busy") from None
            # The slot is freed when the hash is done, even if the request is cancelled meanwhile.
            work = asyncio.ensure_future(run_in_threadpool(fn, *args))
            work.add_done_callback(lambda _: self._slots.release())
            return await asyncio.shield(work)
        finally:
            self._admitted -= 1


def digest(secret: str) -> str:
    """The sha256 hex of a random secret: what the database keeps instead of the secret."""
    return hashlib.sha256(secret.encode()).hexdigest()


class _ShortPayloadSerializer(URLSafeTimedSerializer):
    """Leaves short payloads uncompressed: zlib never shrinks a token like a participant's, and trying costs
    more than the rest of signing it (a join's token). Both forms still load."""

    def dump_payload(self, obj) -> bytes:
        compact = json.dumps(obj, separators=(",", ":")).encode()
        return base64_encode(compact) if len(compact) < 100 else super().dump_payload(obj)


class Signer:
    """Signs the small JSON values we keep in cookies and bearer tokens."""

    def __init__(self, secret: str):
        self._secret = secret
        # One serializer per purpose, built once (itsdangerous still derives the key on every token).
        self._serializers: dict[str, URLSafeTimedSerializer] = {}

    def _serializer(self, purpose: str) -> URLSafeTimedSerializer:
        found = self._serializers.get(purpose)
        if found is None:
            found = self._serializers[purpose] = _ShortPayloadSerializer(self._secret, salt=f"samling.{purpose}")
        return found

    def sign(self, purpose: str, value) -> str:
        """A token carrying `value` for `purpose`."""
        return self._serializer(purpose).dumps(value)

    def unsign(self, purpose: str, token: str | None, max_age: int):
        """The value in `token`, or None if it is missing, forged, expired or for another purpose."""
        if not token or len(token) > 1000:
            return None
        try:
            return self._serializer(purpose).loads(token, max_age=max_age)
        except BadSignature:
            return None


def new_token(nbytes: int = 24) -> str:
    """A random URL-safe token."""
    return secrets.token_urlsafe(nbytes)


def tokens_match(a: str | None, b: str | None) -> bool:
    """Constant-time comparison of two optional tokens."""
    if not a or not b:
        return False
    return hmac.compare_digest(a, b)
