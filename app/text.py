"""Text clean-up shared by every kind that takes typed text."""
import re
import unicodedata

_CONTROL = re.compile(r"[\x00-\x08\x0b-\x1f\x7f]")
_SPACES = re.compile(r"[ \t\u00a0\u2000-\u200b\u3000]+")
_ANY_SPACE = re.compile(r"\s+")
_EDGE_PUNCT = ".,;:!?\"'«»()[]{}“”‘’-–—…*#"


def clean_text(raw: str) -> str:
    """NFC-normalised text without control characters, runs of spaces or blank edges."""
    text = unicodedata.normalize("NFC", raw)
    text = _CONTROL.sub("", text.replace("\r\n", "\n").replace("\r", "\n"))
    text = _SPACES.sub(" ", text)
    text = re.sub(r"\n{3,}", "\n\n", text)
    return "\n".join(line.strip() for line in text.split("\n")).strip()


def word_key(raw: str) -> str:
    """The form under which equal words from different people count together."""
    text = unicodedata.normalize("NFKC", raw).casefold()
    text = _ANY_SPACE.sub(" ", text).strip(" " + _EDGE_PUNCT)
    return text
