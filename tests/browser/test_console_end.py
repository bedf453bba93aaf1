"""The console (issue 12): a refused command is said once, in the server's words, under the controls that
sent it (a new one replaces it, a success clears it); the workshop is ended from the console after a
confirm step in the page, which then offers the report and exports, and the phones see the end."""
import re

from playwright.sync_api import expect

from tests.browser.conftest import PHONE, axe_violations, shot
from tests.browser.test_phase_timer import signed_in_console
from tests.test_live import Facilitator

POSTER = "Lag en plakat: Slik vil vi lede med verdiene våre"
WALK_REFUSED = "en gallerivandring trenger minst to grupper med medlemmer"
DUPLICATE = "Det finnes allerede en gruppe som heter Gygrene."
ERRORS = ".console-error:not(:empty)"


def below(page, control: str, message: str) -> float:
    """How far under the control's bottom edge the message starts (px)."""
    top = page.locator(ERRORS, has_text=message).bounding_box()["y"]
    box = page.locator(control).bounding_box()
    return top - (box["y"] + box["height"])


def test_refusals_show_once_under_their_control_and_the_console_ends_the_workshop(browser, server):
    fac = Facilitator(server)
    wid, code, _ids = fac.live_workshop(("poster", POSTER, {}))
    fac.command(wid, "next")
    phone = browser.new_context(**PHONE).new_page()
    phone.goto(f"{server.base}/{code}")
    phone.click("button[type=submit]")
    expect(phone.locator("#status")).to_have_attribute("data-state", "open")
    console = signed_in_console(browser, server.base, wid)
    console.locator("#groups-card summary").click()

    # One group only: the gallery walk is refused, in the server's words, under the walk's form.
    console.fill("#new-group", "Gygrene")
    console.get_by_role("button", name="Legg til gruppe").click()
    expect(console.locator(".group-tile h3", has_text="Gygrene")).to_be_visible()
    console.click("#walk-start")
    expect(console.locator(ERRORS)).to_have_count(1)
    refusal = console.locator("#moderation-error")
    expect(refusal).to_contain_text(WALK_REFUSED)
    assert refusal.inner_text().count(WALK_REFUSED) == 1
    expect(console.get_by_text(WALK_REFUSED)).to_have_count(1)
    expect(console.locator("body")).not_to_contain_text("Kommandoen mislyktes")
    expect(console.locator("#status")).not_to_contain_text(WALK_REFUSED)  # the status line is the connection's
    assert 0 <= -below(console, "#walk-start", WALK_REFUSED) < 400  # just above the walk's form, in view
    shot(console, "console-end-walk-refused")

    # A second refusal replaces the first, under the group form this time, and repeating it adds nothing.
    for _ in range(2):
        console.fill("#new-group", "Gygrene")
        console.get_by_role("button", name="Legg til gruppe").click()
        expect(console.locator("#groups-error")).to_have_text(DUPLICATE)
        expect(console.locator(ERRORS)).to_have_count(1)
    expect(console.get_by_text(WALK_REFUSED)).to_have_count(0)
    assert 0 <= below(console, "#split", DUPLICATE) < 80
    shot(console, "console-end-duplicate-group")

    # A success clears it.
    console.fill("#new-group", "Trollene")
    console.get_by_role("button", name="Legg til gruppe").click()
    expect(console.locator(".group-tile h3", has_text="Trollene")).to_be_visible()
    expect(console.locator(ERRORS)).to_have_count(0)

    # Ending asks first, in the page; cancelling changes nothing.
    console.get_by_role("button", name="Avslutt samlingen").click()
    expect(console.locator("#end-confirm")).to_be_visible()
    expect(console.locator("#end-question")).to_be_visible()
    assert console.evaluate("document.activeElement.id") == "end-yes"
    assert axe_violations(console) == []
    shot(console, "console-end-confirm")
    console.locator("#end-cancel").click()
    expect(console.locator("#end-confirm")).to_be_hidden()
    assert console.evaluate("document.activeElement.id") == "end-workshop"
    expect(phone.get_by_text("Samlingen er avsluttet. Takk for innsatsen!")).to_have_count(0)

    console.get_by_role("button", name="Avslutt samlingen").click()
    console.locator("#end-yes").click()
    expect(console.locator("#end-done")).to_be_visible()
    expect(console.locator("#end-ask")).to_be_hidden()
    expect(console.locator("#end-done a", has_text="Rapport for utskrift")).to_have_attribute(
        "href", f"/facilitator/workshops/{wid}/report")
    expect(console.locator("#end-done a[href$='export.xlsx']")).to_be_visible()
    assert console.evaluate("document.activeElement.id") == "end-notice"
    expect(phone.get_by_text("Samlingen er avsluttet. Takk for innsatsen!")).to_be_visible()
    shot(console, "console-end-ended")
    assert fac.http.get(f"/api/v1/workshops/{wid}").json()["status"] == "ended"

    # Opened again later, the console still says so.
    console.reload()
    expect(console.locator("#end-done")).to_be_visible()
    expect(console.locator("#end-ask")).to_be_hidden()
    assert re.search("avsluttet", console.locator("#end-notice").inner_text())
