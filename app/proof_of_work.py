"""A small proof of work for joining by code while an address is under guessing pressure.

A challenge is a short random salt and a number of bits. The proof is a decimal nonce such that
SHA-256 of the ASCII text `"<salt>:<nonce>"` starts with at least that many zero bits. Solving takes
about 2**bits hashes; checking takes one. static/js/proof_of_work.js is the same algorithm for the
join page (search nonces 0, 1, 2, ... in order), and tests solve with `solve` below exactly as a
phone does. The salt fits one SHA-256 block with any nonce, which keeps the JavaScript fast.
"""
import hashlib
import secrets

# The salt is this many URL-safe characters: with ":" and a nonce below 10**20 it stays under 55 bytes.
SALT_LENGTH = 22


def new_salt() -> str:
    """A random salt for one challenge."""
    return secrets.token_urlsafe(16)[:SALT_LENGTH]


def leading_zero_bits(digest: bytes) -> int:
    """How many leading bits of `digest` are zero."""
    bits = 0
    for byte in digest:
        if byte:
            return bits + 8 - byte.bit_length()
        bits += 8
    return bits


def is_solution(salt: str, bits: int, nonce: str) -> bool:
    """Whether `nonce` (decimal digits) proves `bits` of work for `salt`."""
    if not (0 < len(nonce) <= 20 and nonce.isascii() and nonce.isdigit()):
        return False
    return leading_zero_bits(hashlib.sha256(f"{salt}:{nonce}".encode()).digest()) >= bits


def solve(salt: str, bits: int) -> str:
    """The first nonce that proves `bits` of work for `salt` (what the join page computes)."""
    prefix = hashlib.sha256(f"{salt}:".encode())
    # A digest starts with `bits` zero bits exactly when it is below this bound.
    bound = 1 << (256 - bits)
    nonce = 0
    while True:
        h = prefix.copy()
        h.update(str(nonce).encode())
        if int.from_bytes(h.digest(), "big") < bound:
            return str(nonce)
        nonce += 1


# --- challenges ----------------------------------------------------------------------------------
# A challenge is signed with the server's secret and names the address it was issued to (as a hash),
# so it cannot be forged, eased, or fetched from a quiet address for use at a busy one. The proof a
# client sends back is "<challenge>:<nonce>".

PURPOSE = "join-proof"


def address_tag(address: str) -> str:
    """A short stand-in for a client address (no address in tokens that may reach a log)."""
    return hashlib.sha256(address.encode()).hexdigest()[:16]


def issue(signer, address: str, bits: int) -> dict:
    """A new challenge for `address`: what a client needs to solve it and send the proof back."""
    salt = new_salt()
    token = signer.sign(PURPOSE, {"s": salt, "b": bits, "a": address_tag(address)})
    return {"challenge": token, "salt": salt, "bits": bits}


def verify(signer, proof: str | None, address: str, min_bits: int, max_age: int) -> str | None:
    """The salt of the challenge `proof` solves, if it is genuine, fresh, for this address and shows at
    least `min_bits` of work; else None. The caller makes sure each salt pays for one guess only."""
    if not proof or len(proof) > 400:
        return None
    challenge, _, nonce = proof.rpartition(":")
    data = signer.unsign(PURPOSE, challenge, max_age)
    if not isinstance(data, dict):
        return None
    salt, bits = data.get("s"), data.get("b")
    if not isinstance(salt, str) or not isinstance(bits, int) or data.get("a") != address_tag(address):
        return None
    return salt if bits >= min_bits and is_solution(salt, bits, nonce) else None


def prove(challenge: dict) -> str:
    """The proof for an issued challenge, as a client sends it (solved the join page's way)."""
    return f"{challenge['challenge']}:{solve(challenge['salt'], challenge['bits'])}"
