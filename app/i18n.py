"""Bokmål, nynorsk and English: Babel catalogues compiled in memory, chosen per request."""
from contextvars import ContextVar
from functools import lru_cache
from io import BytesIO
from pathlib import Path

from babel.messages.mofile import write_mo
from babel.messages.pofile import read_po
from babel.support import NullTranslations, Translations

LOCALE_DIR = Path(__file__).resolve().parent / "locale"
LANGUAGES = {"nb": "Bokmål", "nn": "Nynorsk", "en": "English"}
DEFAULT_LANGUAGE = "nb"

_current: ContextVar[str] = ContextVar("language", default=DEFAULT_LANGUAGE)


def pick_language(*candidates: str | None) -> str:
    """The first supported language among the candidates, else bokmål."""
    for code in candidates:
        if code in LANGUAGES:
            return code
    return DEFAULT_LANGUAGE


@lru_cache
def translations(language: str) -> NullTranslations:
    """The compiled catalogue of `language` (English msgids need none)."""
    po = LOCALE_DIR / language / "LC_MESSAGES" / "messages.po"
    if not po.exists():
        return NullTranslations()
    with po.open("rb") as f:
        catalog = read_po(f, locale=language)
    buf = BytesIO()
    write_mo(buf, catalog)
    buf.seek(0)
    return Translations(fp=buf)


def N_(message: str) -> str:
    """Mark a msgid for extraction; translated later where it is shown."""
    return message


def set_language(language: str) -> None:
    """Make `language` the one gettext uses in this context (request or websocket)."""
    _current.set(pick_language(language))


def current_language() -> str:
    """The language of this context."""
    return _current.get()


def gettext(message: str, **params) -> str:
    """`message` in the current language, with %(name)s params filled in."""
    text = translations(_current.get()).gettext(message)
    return text % params if params else text


def ngettext(singular: str, plural: str, n: int, **params) -> str:
    """Plural-aware gettext."""
    text = translations(_current.get()).ngettext(singular, plural, n)
    params.setdefault("num", n)
    return text % params


def translate_to(language: str, message: str, **params) -> str:
    """`message` in a given language, whatever the context's."""
    text = translations(pick_language(language)).gettext(message)
    return text % params if params else text


def P_(singular: str, plural: str) -> tuple[str, str]:
    """Mark a plural msgid pair for extraction (scripts pick the form by the number they show)."""
    return singular, plural


def catalog_for_js(language: str, messages: list[str | tuple[str, str]]) -> dict[str, str | list[str]]:
    """The given msgids translated, for a page's scripts. A plural pair is keyed by its plural msgid
    (what the scripts ask for) and gives [form for 1, form for other numbers]: bokmål, nynorsk and
    English all use one form for 1 and another for the rest (static/js/live.js translator)."""
    t = translations(pick_language(language))
    strings: dict[str, str | list[str]] = {}
    for m in messages:
        if isinstance(m, tuple):
            strings[m[1]] = [t.ngettext(m[0], m[1], 1), t.ngettext(m[0], m[1], 2)]
        else:
            strings[m] = t.gettext(m)
    return strings
