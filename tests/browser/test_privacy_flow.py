"""A phone deletes its own answers (button, confirm step, gone from the phone and the results); the
privacy notice and accessibility statement are reachable from the join page and pass axe."""
from playwright.sync_api import expect

from tests.browser.conftest import PHONE, axe_violations, shot
from tests.test_live import Facilitator


def test_a_phone_deletes_its_answers_by_keyboard(browser, server):
    fac = Facilitator(server)
    wid, code, (qid,) = fac.live_workshop(("open_text", "Hva tar du med deg?", {"max_answers": 3}))
    fac.command(wid, "next")
    page = browser.new_context(**PHONE).new_page()
    page.goto(f"{server.base}/{code}")
    page.fill("#name", "")
    page.click("button[type=submit]")
    expect(page.locator("#status")).to_have_attribute("data-state", "open")
    page.locator("form.answer-form textarea, form.answer-form input").first.fill("Mitt hemmelige svar")
    page.keyboard.press("Enter") if page.locator("form.answer-form input").count() else \
        page.locator("form.answer-form button[type=submit]").click()
    expect(page.locator("#erase-open")).to_be_visible()
    assert fac.results(wid)["counts"]["entries"] == 1
    page.locator("#erase-open").focus()
    page.keyboard.press("Enter")
    expect(page.locator("#erase-question")).to_be_focused()
    assert axe_violations(page) == []
    shot(page, "phone-delete-confirm")
    page.get_by_role("button", name="Bare dette spørsmålet").click()
    expect(page.locator("#erase [role=status]")).to_have_text("Svarene dine er slettet.")
    expect(page.locator("#activity")).not_to_contain_text("Mitt hemmelige svar")
    assert fac.results(wid)["counts"]["entries"] == 0
    assert fac.exported_entries(wid) == [[]]


def test_notice_pages_are_linked_and_accessible(browser, server):
    page = browser.new_context(**PHONE).new_page()
    page.goto(server.base + "/?lang=nb")
    page.get_by_role("link", name="Personvernerklæring").click()
    expect(page.locator("h1")).to_have_text("Personvernerklæring for Samling")
    assert axe_violations(page) == []
    page.goto(server.base + "/")
    page.get_by_role("link", name="Tilgjengelighetserklæring").click()
    expect(page.locator("h1")).to_have_text("Tilgjengelighetserklæring for Samling")
    assert axe_violations(page) == []
    shot(page, "accessibility-statement")
    for path in ("/tilgjengelighet", "/personvern", "/tilgjengelighet?lang=nn", "/accessibility"):
        page.set_viewport_size({"width": 320, "height": 568})
        page.goto(server.base + path)
        # The long compound in the title fits whole: nothing sticks out sideways on a small phone.
        assert page.evaluate("document.documentElement.scrollWidth <= document.documentElement.clientWidth"), path
    shot(page, "accessibility-statement-320")
