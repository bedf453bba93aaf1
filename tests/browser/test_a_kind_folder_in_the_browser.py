"""Issue 13: the throwaway kind of tests/kinds/mood/ (registered only by SAMLING_KIND_PATHS) as people see it: the
phone draws it with the kind's own script and styles, the projector shows the tally."""
from playwright.sync_api import expect

from tests.browser.conftest import PHONE, presenter_window, shot, signed_in
from tests.kinds.test_a_kind_is_one_folder import MOOD
from app.activities import KIND_PATHS_ENV
from tests.conftest import Server
from tests.test_live import Facilitator


def test_the_phone_and_the_projector_draw_a_kind_from_its_folder(browser, database_url):
    server = Server(database_url, extra_env={KIND_PATHS_ENV: str(MOOD)}).start()
    try:
        fac = Facilitator(server)
        wid, code, _ids = fac.live_workshop(("mood", "Hvordan er været i gruppa i dag?", {}))
        fac.command(wid, "next")
        console = signed_in(browser, server.base, f"/facilitator/workshops/{wid}/console")
        screen = presenter_window(console, server.base, wid)
        phone = browser.new_context(**PHONE).new_page()
        phone.goto(f"{server.base}/{code}")
        phone.click("button[type=submit]")  # the optional-name step
        choice = phone.locator("button.mood[data-mood='regn']")
        expect(choice).to_be_visible()
        # The kind's own stylesheet is applied: its buttons sit in its grid.
        assert phone.locator(".mood-choices").evaluate("(n) => getComputedStyle(n).display") == "grid"
        choice.click()
        expect(phone.locator("button.mood.chosen")).to_have_attribute("data-mood", "regn")
        expect(screen.locator(".mood-tally li[data-mood='regn']")).to_have_text("☂ regn: 1")
        expect(console.locator(".mood-people")).to_have_text("1")
        shot(phone, "kind-folder-phone")
        shot(screen, "kind-folder-presenter")
        fac.close()
    finally:
        server.stop()
