"""The report as a PDF (issue 12): the same cover, charts and Norwegian formats as the printable page, made by
WeasyPrint offline; the pages are saved as test-artifacts/screenshots/report-pdf-*.png to look at."""
import re
import subprocess
import sys
from datetime import datetime, timezone
from pathlib import Path
from zoneinfo import ZoneInfo

import pytest
from PIL import Image
from sqlmodel import select

from app.models import Entry
from app.services import entries, participants, report_pdf
from app.services.events import NullBus
from tests.conftest import ARTIFACTS, ROOT, sign_up
from tests.test_accounts import html_log_in, invite
from tests.test_api import add, command, go_live, make_workshop
from tests.test_report import MONTHS_NB, POSTER, STATEMENTS, VALUES, group
from tests.test_retention import cookie_login

TITLE = "Samling 3 – Gygrene «Ledere ≥ 2026»"
SHOTS = ARTIFACTS / "screenshots"
ACCENT = (0x0B, 0x5C, 0xAD)  # the charts' bars, words and slots (--accent in static/css/app.css)
CHARTED = ["Fordel poengene", "Hvilken dag?", "Mestringsorientert leder", "Ett ord", "Prioriter verdiene"]


def build_workshop(client) -> tuple[dict, int, datetime]:
    """A bokmål workshop with every kind answered (scale median 3.5, a poster written over three lines): the
    owner's bearer header, its id, and the day it was held (Oslo time)."""
    auth = sign_up(client, name="Kari Nordmann")
    db, bus = client.app.state.ctx.db, NullBus()
    wid = make_workshop(client, auth, TITLE)
    acts = {
        "points": add(client, auth, wid, "points", "Fordel poengene", settings={"items": ["Tillit", "Respekt"]}),
        "poll": add(client, auth, wid, "poll", "Hvilken dag?", settings={"items": ["Mandag", "Fredag"]}),
        "scale": add(client, auth, wid, "scale", "Mestringsorientert leder",
                     settings={"items": STATEMENTS, "min_count": 2}),
        "cloud": add(client, auth, wid, "word_cloud", "Ett ord"),
        "diamond": add(client, auth, wid, "diamond", "Prioriter verdiene", settings={"mode": "group", "items": VALUES}),
        "open": add(client, auth, wid, "open_text", "Hva tar du med deg?"),
        "poster": add(client, auth, wid, "poster", "VERDI: Som leder skal jeg …"),
    }
    go_live(client, auth, wid)
    people = [participants.join(db, wid, f"Leder {i}") for i in range(5)]
    gygrene = group(client, auth, wid, "Gygrene", people[:3])
    group(client, auth, wid, "Stjernelaget", people[3:])
    n = iter(range(1000))

    def send(p, key, payload):
        command(client, auth, wid, "goto", activity_id=acts[key]["id"])
        return entries.submit(db, bus, p.id, acts[key]["id"], f"c-{next(n):06d}", payload).entry

    for p, tillit in zip(people, (70, 60, 50, 40, 30)):
        send(p, "points", {"points": {"Tillit": tillit + 10, "Respekt": 90 - tillit}})
    for p, day in zip(people, ("Mandag", "Mandag", "Fredag", "Fredag", "Fredag")):
        send(p, "poll", {"choices": [day]})
    for p, score in zip(people[:2], (3, 4)):  # median 3,5
        send(p, "scale", {"answers": {"Ser ansatte": {"score": score, "reason": ""}}})
    for p, word in zip(people, ("Tillit", "tillit", "Medarbeiderinvolvering", "Åpenhet", "Tillit")):
        send(p, "cloud", {"text": word})
    for slot, value in enumerate(VALUES):
        send(people[slot % 3], "diamond", {"type": "move", "item": value, "slot": slot})
    send(people[0], "open", {"text": "Mer tillit – og færre møter"})
    send(people[0], "poster", {"type": "edit", "base": 0, "text": POSTER})
    agreed = send(people[3], "poster", {"type": "comment", "poster": gygrene, "text": "Konkret og godt"})
    send(people[1], "poster", {"type": "mark", "comment": agreed["id"], "mark": "agreed"})

    with db.read() as s:
        first = min(e.created_at for e in s.exec(select(Entry)).all())
    day = (first if first.tzinfo else first.replace(tzinfo=timezone.utc)).astimezone(ZoneInfo("Europe/Oslo"))
    return auth, wid, day


def pdf_text(path: Path, page: int | None = None) -> str:
    """The PDF's text as poppler reads it (one page if given), lines kept."""
    pages = ["-f", str(page), "-l", str(page)] if page else []
    return subprocess.run(["pdftotext", *pages, str(path), "-"], check=True, capture_output=True, text=True).stdout


def accent_pixels(png: Path) -> int:
    """How many pixels of a page image are the charts' blue (anti-aliasing allowed for)."""
    rgb = Image.open(png).convert("RGB").tobytes()
    return sum(1 for i in range(0, len(rgb), 3)
               if all(abs(rgb[i + c] - ACCENT[c]) < 40 for c in range(3)))


def test_the_report_downloads_as_a_pdf_with_its_cover_charts_and_norwegian_formats(client):
    _auth, wid, day = build_workshop(client)
    cookie_login(client)
    page = client.get(f"/facilitator/workshops/{wid}/report").text
    assert f'href="/facilitator/workshops/{wid}/report.pdf"' in page

    r = client.get(f"/facilitator/workshops/{wid}/report.pdf")
    assert r.status_code == 200, r.text[:500]
    assert r.headers["content-type"] == "application/pdf" and r.content.startswith(b"%PDF-")
    assert r.headers["content-disposition"] == (
        f'attachment; filename="samling-3-gygrene-ledere-2026-{day.date().isoformat()}.pdf"')
    assert r.headers["cache-control"] == "no-store"
    SHOTS.mkdir(parents=True, exist_ok=True)
    for old in SHOTS.glob("report-pdf-*.png"):
        old.unlink()
    pdf = SHOTS.parent / "report.pdf"
    pdf.write_bytes(r.content)

    text = pdf_text(pdf)
    lines = [line.strip() for line in text.splitlines()]
    # The cover: the title with its « » – ≥ intact, the day in bokmål, the facilitator and the people.
    assert TITLE in lines
    assert f"{day.day}. {MONTHS_NB[day.month - 1]} {day.year}" in lines
    assert "Fasilitator: Kari Nordmann · Deltakere: 5" in lines
    # Numbers with a decimal comma (the scale's median), percentages as the room saw them.
    assert re.search(r"(^|\s)3,5(\s|$)", text, re.M) and "3.5" not in text
    assert "40\u00a0%" in text or "40 %" in text
    # The poster as written: three lines, not one.
    for written in POSTER.split("\n"):
        assert any(line.startswith(written) for line in lines), written
    assert "Som leder skal jeg: lytte først" not in text
    # The buttons and the site's header do not print.
    assert "Last ned PDF" not in text and "Personvernerklæring" not in text

    subprocess.run(["pdftoppm", "-r", "60", "-png", str(pdf), str(SHOTS / "report-pdf")], check=True)
    pngs = sorted(SHOTS.glob("report-pdf-*.png"))
    assert len(pngs) >= 2
    # Every page that shows a charted activity draws its chart: the stylesheet reached the SVG (unstyled
    # shapes would be black) and nothing was cut away.
    for number, png in enumerate(pngs, start=1):
        on_page = [prompt for prompt in CHARTED if prompt in pdf_text(pdf, number)]
        if on_page:
            assert accent_pixels(png) > 300 * len(on_page), (png.name, on_page)
    assert sum(accent_pixels(png) for png in pngs) > 3000


def test_another_facilitator_gets_the_refusal_page_not_a_pdf(client):
    """An account of this installation that does not run the workshop: our own refusal page, as for the HTML report."""
    auth, wid, _day = build_workshop(client)
    invite(client, auth, "kollega@example.no")
    html_log_in(client, "kollega@example.no")
    for path in ("report", "report.pdf"):
        r = client.get(f"/facilitator/workshops/{wid}/{path}")
        assert r.status_code == 404 and r.headers["content-type"].startswith("text/html"), path
        assert not r.content.startswith(b"%PDF") and "Samlingen finnes ikke." in r.text


def test_without_pango_the_pdf_link_says_what_to_install(client, monkeypatch):
    """WeasyPrint cannot load (here: not importable, as when cffi cannot open libpango): the report page again,
    with what to install, never a traceback."""
    _auth, wid, _day = build_workshop(client)
    cookie_login(client)
    monkeypatch.setitem(sys.modules, "weasyprint", None)
    r = client.get(f"/facilitator/workshops/{wid}/report.pdf")
    assert r.status_code == 503 and r.headers["content-type"].startswith("text/html")
    assert f"apt-get install {report_pdf.SYSTEM_PACKAGES}" in r.text
    assert "Traceback" not in r.text and "Mestringsorientert leder" in r.text


def test_the_service_starts_without_weasyprint():
    """The import is lazy: the app is built without loading WeasyPrint (or Pango)."""
    code = ("import sys; from app.main import create_app; from app.config import Settings; "
            "create_app(Settings(database_url='sqlite://')); "
            "assert 'weasyprint' not in sys.modules, 'weasyprint imported at start'")
    subprocess.run([sys.executable, "-c", code], cwd=ROOT, check=True)


@pytest.mark.parametrize("url", ["https://example.org/font.woff2", "http://testserver/api/v1/workshops",
                                 "http://testserver/static/../pyproject.toml", "http://testserver/static/%2e%2e/README.md",
                                 "http://elsewhere/static/css/app.css",
                                 "file:///etc/passwd", "data:text/css,body{}"])
def test_the_pdf_fetches_only_its_own_static_files(url):
    """WeasyPrint gets our CSS from disk and nothing else: no network, no other files, no other host."""
    from weasyprint import urls

    fetch = report_pdf.static_only_fetcher(urls, "http://testserver/", ROOT / "static")
    css = fetch("http://testserver/static/css/app.css?v=123")
    assert css.content_type == "text/css" and b"@media print" in css.read()
    with pytest.raises(ValueError):
        fetch(url)


def test_the_file_is_named_after_the_title_and_the_day():
    from datetime import date

    assert report_pdf.filename("Økt på Ærø – «Ledere» ≥ 2", date(2026, 11, 30)) == "okt-pa-aero-ledere-2-2026-11-30.pdf"
    assert report_pdf.filename("«»", date(2026, 1, 2)) == "rapport-2026-01-02.pdf"
