"""Password hashing, signed tokens and CSRF tokens."""
import hmac
import secrets

from argon2 import PasswordHasher
from argon2.exceptions import InvalidHashError, VerificationError
from itsdangerous import BadSignature, URLSafeTimedSerializer

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


class Signer:
    """Signs the small JSON values we keep in cookies and bearer tokens."""

    def __init__(self, secret: str):
        self._secret = secret

    def _serializer(self, purpose: str) -> URLSafeTimedSerializer:
        return URLSafeTimedSerializer(self._secret, salt=f"samling.{purpose}")

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
    return bool(a) and bool(b) and hmac.compare_digest(a, b)
