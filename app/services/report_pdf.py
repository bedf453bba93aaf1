"""The printable report as a PDF: the rendered report page through WeasyPrint, offline, with our own static files."""
import logging
import mimetypes
import re
import threading
import unicodedata
from datetime import date
from pathlib import Path
from urllib.parse import unquote, urlsplit

from app.activities import kind_assets

# What a Debian or Ubuntu machine needs for WeasyPrint to load (the Dockerfile and scripts/serve.sh install it).
SYSTEM_PACKAGES = "libpango-1.0-0 libpangoft2-1.0-0 fonts-dejavu-core"

# One PDF at a time per process: Pango and cairo have crashed under concurrent WeasyPrint renders in threads
# (Kozea/WeasyPrint#1402, #167), and a crash here would end every live workshop this process serves.
_RENDERING = threading.Lock()


class PdfUnavailable(Exception):
    """WeasyPrint or the system libraries it loads (Pango, HarfBuzz, fontconfig) are missing on this server."""


def _weasyprint():
    """The weasyprint module, imported on first use: the service starts and serves HTML without Pango."""
    try:
        import weasyprint
        from weasyprint import urls
    except (ImportError, OSError) as e:  # OSError: cffi could not dlopen libpango / libgobject
        raise PdfUnavailable(str(e)) from e
    # Errors only: the page's screen stylesheet makes two dozen "ignored property" warnings on every PDF.
    logging.getLogger("weasyprint").setLevel(logging.ERROR)
    return weasyprint, urls


def static_only_fetcher(urls, base_url: str, static_dir: Path):
    """A URL fetcher that serves this site's /static files from disk and refuses every other URL (no network)."""
    root = static_dir.resolve()
    kinds = kind_assets()  # the kinds' own styles, served from their folders
    origin = urlsplit(base_url)[:2]

    class StaticOnly(urls.URLFetcher):
        def fetch(self, url, headers=None):
            parts = urlsplit(url)
            if parts[:2] != origin or not parts.path.startswith("/static/"):
                raise ValueError(f"the report PDF fetches only its own static files, not {url}")
            rel = unquote(parts.path.removeprefix("/static/"))
            path = kinds.get(rel) or (root / rel).resolve()
            if not (rel in kinds or path.is_relative_to(root)) or not path.is_file():
                raise ValueError(f"no static file at {url}")
            mime = mimetypes.guess_type(path.name)[0] or "application/octet-stream"
            return urls.URLFetcherResponse(url, path.read_bytes(), {"Content-Type": mime})

    return StaticOnly()


def chart_style(css: str) -> str:
    """The stylesheet's rules for what is inside a `.report-chart`, with its custom properties resolved (the svg
    box itself is laid out by the page's CSS)."""
    root = dict(re.findall(r"(--[\w-]+)\s*:\s*([^;}]+)", css[css.index(":root"):css.index("}", css.index(":root"))]))
    rules = "".join(re.findall(r"^\.report-chart [^{@\s][^{@]*\{[^}]*\}", css, re.M))
    return re.sub(r"var\((--[\w-]+)\)", lambda m: root.get(m[1], "currentColor").strip(), rules)


def with_chart_styles(html: str, css: str) -> str:
    """Each chart svg with the charts' rules inside it: WeasyPrint styles an inline svg only from its own <style>."""
    style = f"<style>{chart_style(css)}</style>"
    return re.sub(r'(<svg class="report-chart"[^>]*>)', lambda m: m[1] + style, html)


def pdf_bytes(html: str, base_url: str, static_dir: Path) -> bytes:
    """The report page as PDF bytes, laid out for print (@page, print media), fetching only /static files."""
    weasyprint, urls = _weasyprint()
    fetcher = static_only_fetcher(urls, base_url, static_dir)
    html = with_chart_styles(html, (static_dir / "css/app.css").read_text(encoding="utf-8"))
    with _RENDERING:
        return weasyprint.HTML(string=html, base_url=base_url, url_fetcher=fetcher, media_type="print").write_pdf()


# Letters that Unicode decomposition (NFKD) does not turn into ASCII.
_ASCII_LETTERS: dict[str, str | int | None] = {"æ": "ae", "ø": "o", "å": "a", "ß": "ss", "đ": "d", "ł": "l"}


def slug(text: str) -> str:
    """A file-name-safe ASCII slug of a title: 'Samling 3 – Gygrene' -> 'samling-3-gygrene', 'Økt på Ærø' -> 'okt-pa-aero'."""
    text = text.lower().translate(str.maketrans(_ASCII_LETTERS))
    text = unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode()
    return re.sub(r"[^a-z0-9]+", "-", text).strip("-")[:60].rstrip("-") or "rapport"


def filename(title: str, day: date) -> str:
    """The download's name: the workshop title's slug and the day it was held, '<slug>-2026-11-30.pdf'."""
    return f"{slug(title)}-{day.isoformat()}.pdf"
