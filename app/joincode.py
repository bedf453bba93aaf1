"""Eight-digit join codes: generation, display and parsing of what people type."""
import re
import secrets
import unicodedata

CODE_LENGTH = 8
# What parse_code skips between digits (CODE_INSIDE also takes "+", a space in a query string).
_SEPARATORS = r"\s\-.\u00a0"
# Eight digits with separators between them, inside a longer text (a logged URL).
CODE_INSIDE = re.compile(rf"(?<!\d)(?:\d[{_SEPARATORS}+]*){{{CODE_LENGTH - 1}}}\d(?!\d)")


def new_code() -> str:
    """A code from a cryptographic random source; the leading digit is never 0 (it reads better)."""
    return str(secrets.randbelow(9) + 1) + "".join(str(secrets.randbelow(10)) for _ in range(CODE_LENGTH - 1))


def format_code(code: str) -> str:
    """`35661019` as `3566 1019`."""
    return f"{code[:4]} {code[4:]}"


def parse_code(typed: str) -> str | None:
    """The code in what someone typed (spaces, dashes, dots ignored; full-width or other script
    digits read as 0-9), or None if it is no code."""
    text = "".join(str(unicodedata.digit(ch, ch)) for ch in (typed or "")[:40])
    digits = re.sub(rf"[{_SEPARATORS}]", "", text)
    return digits if re.fullmatch(r"[0-9]{8}", digits) else None
