"""A phone downloads only what its day needs: no drag-and-drop library in a workshop without diamonds."""
import re

from playwright.sync_api import expect

from tests.browser.conftest import PHONE
from tests.test_live import Facilitator


def _phone_requests(browser, server, code: str) -> list[str]:
    """Every URL a phone fetches while joining and opening the current round."""
    context = browser.new_context(**PHONE)
    page = context.new_page()
    urls: list[str] = []
    page.on("request", lambda request: urls.append(request.url))
    page.goto(f"{server.base}/{code}")
    page.fill("#name", "")
    page.click("button[type=submit]")
    expect(page.locator("#status")).to_have_attribute("data-state", "open")
    expect(page.locator("#activity")).to_be_visible()
    page.wait_for_load_state("networkidle")
    context.close()
    return urls


def test_a_word_cloud_phone_loads_no_sortablejs(browser, server):
    fac = Facilitator(server)
    wid, code, _ids = fac.live_workshop(("word_cloud", "Hva skal til for at et slikt program blir nyttig for deg?", {}),
                                        ("points", "Fordel 100 poeng", {"items": ["Tillit", "Respekt"]}))
    fac.command(wid, "next")
    urls = _phone_requests(browser, server, code)
    assert any("/static/js/kinds/word_cloud.js" in u for u in urls), urls
    assert any("/static/js/kinds/points.js" in u for u in urls), urls  # the day's later round, for offline
    assert not any("sortable" in u.lower() or "kinds/diamond.js" in u for u in urls), urls
    # Every static file, module imports included, is fetched by its versioned URL (kept by the phone).
    static = [u for u in urls if "/static/" in u]
    assert static and all(re.search(r"\?v=[0-9a-f]{12}$", u) for u in static), static


def test_a_day_with_a_diamond_preloads_it(browser, server):
    """The same phone in a workshop whose agenda has a diamond fetches it ahead (offline-ish rooms)."""
    fac = Facilitator(server)
    wid, code, _ids = fac.live_workshop(("word_cloud", "Hva skal til?", {}),
                                        ("diamond", "Prioriter verdiene", {}))
    fac.command(wid, "next")
    urls = _phone_requests(browser, server, code)
    assert any("kinds/diamond.js" in u for u in urls) and any("sortable" in u.lower() for u in urls), urls
