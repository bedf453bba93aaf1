"""Text clean-up shared by every kind that takes typed text."""
import re
import unicodedata

_CONTROL = re.compile(r"[\x00-\x08\x0b-\x1f\x7f-\x9f]")
_SPACES = re.compile(r"[ \t\u00a0\u2000-\u200a\u202f\u205f\u3000]+")
_ANY_SPACE = re.compile(r"\s+")
_EDGE_PUNCT = ".,;:!?\"'«»()[]{}“”‘’-–—…*#"
# Bidi controls: an override (U+202E) turns the rest of a text around on the projector, and marks and
# isolates hide inside words. Nobody types them on purpose; the page isolates each text instead (CSS).
_BIDI = "\u061c\u200e\u200f\u202a-\u202e\u2066-\u2069"
# Invisible characters that split a word without showing (zero-width space, word joiner, BOM, soft
# hyphen, invisible operators, Mongolian vowel separator).
_INVISIBLE = re.compile(f"[{_BIDI}\u00ad\u180e\u200b\u2060-\u2064\ufeff]")
# ZWNJ and ZWJ are part of spelling between non-Latin letters (Persian, Indic) and build emoji (👩‍💻);
# between ASCII letters, at an edge or next to a space they only hide a word from moderation.
_STRAY_JOINER = re.compile(r"(?:(?<=[\x00-\x7f])|^)[\u200c\u200d]+|[\u200c\u200d]+(?=[\x00-\x7f]|$)", re.M)
# What a key leaves out: every format character (category Cf: the above, joiners, tags), variation
# selectors and the combining grapheme joiner, so "❤️" and "❤" or "h\u200date" and "hate" are one word.
_KEY_IGNORED = re.compile(r"[\u034f\ufe00-\ufe0f]")


_ANY_CONTROL = re.compile(r"[\x00-\x1f\x7f-\x9f]")


def has_control(text: str) -> bool:
    """Whether `text` holds any C0 or C1 control character (line breaks and tabs included): for
    one-line values such as emails, names and tokens, which are refused rather than cleaned."""
    return _ANY_CONTROL.search(text) is not None


def strip_controls(text: str) -> str:
    """`text` without control characters except line breaks and tabs (for multi-line texts kept as typed)."""
    return _CONTROL.sub("", text)


def strip_invisible(text: str) -> str:
    """`text` without bidi controls and characters that only hide a word (joiners inside emoji kept)."""
    return _STRAY_JOINER.sub("", _INVISIBLE.sub("", text))


def clean_text(raw: str) -> str:
    """NFC-normalised text without control, bidi or invisible characters, runs of spaces or blank edges."""
    text = unicodedata.normalize("NFC", raw)
    text = _CONTROL.sub("", text.replace("\r\n", "\n").replace("\r", "\n"))
    text = strip_invisible(text)
    text = _SPACES.sub(" ", text)
    text = re.sub(r"\n{3,}", "\n\n", text)
    return "\n".join(line.strip() for line in text.split("\n")).strip()


def question_key(prompt: str) -> str:
    """The form under which the same question asked on several days of a programme is one (case and spacing aside)."""
    return " ".join(prompt.casefold().split())


def word_key(raw: str) -> str:
    """The form under which equal words from different people count together."""
    text = unicodedata.normalize("NFKC", raw).casefold()
    text = "".join(ch for ch in _KEY_IGNORED.sub("", text) if unicodedata.category(ch) != "Cf")
    text = _ANY_SPACE.sub(" ", text).strip(" " + _EDGE_PUNCT)
    return text
