"""Eight-digit join codes: generation, display and parsing of what people type."""
import re
import secrets

CODE_LENGTH = 8


def new_code() -> str:
    """A code from a cryptographic random source; the leading digit is never 0 (it reads better)."""
    return str(secrets.randbelow(9) + 1) + "".join(str(secrets.randbelow(10)) for _ in range(CODE_LENGTH - 1))


def format_code(code: str) -> str:
    """`35661019` as `3566 1019`."""
    return f"{code[:4]} {code[4:]}"


def parse_code(typed: str) -> str | None:
    """The code in what someone typed (spaces, dashes, dots ignored), or None if it is no code."""
    digits = re.sub(r"[\s\-.\u00a0]", "", typed or "")
    return digits if re.fullmatch(r"\d{8}", digits) else None
