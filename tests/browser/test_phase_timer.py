"""Every screen counts down to the same server deadline, whatever the device's own clock says."""
import re
import time

from playwright.sync_api import expect

from tests.browser.conftest import PHONE, PROJECTOR, shot, signed_in
from tests.test_live import Facilitator

SKEW_MS = 5 * 60 * 1000
# A device whose clock is minutes off: every Date.now() the page's scripts see is shifted.
SKEWED_CLOCK = """(() => { const real = Date.now.bind(Date); Date.now = () => real() + %d; })();"""


def remaining(page) -> int:
    """The seconds the page's countdown shows (its data-remaining, whole seconds rounded up)."""
    value = page.locator(".phase-timer").get_attribute("data-remaining")
    assert value, "the countdown shows no time"
    return int(value)


def phone_with_clock(browser, base, code, shift_ms):
    context = browser.new_context(**PHONE)
    context.add_init_script(SKEWED_CLOCK % shift_ms)
    page = context.new_page()
    page.goto(f"{base}/{code}")
    page.click("button[type=submit]")
    expect(page.locator("#status")).to_have_attribute("data-state", "open")
    return page


def signed_in_console(browser, base, workshop_id):
    page = signed_in(browser, base, f"/facilitator/workshops/{workshop_id}/console")
    expect(page.locator("#status")).to_have_attribute("data-state", "open")
    return page


def test_skewed_phones_show_the_same_remaining_time_and_follow_pause_resume_and_extra_minute(browser, server):
    fac = Facilitator(server)
    wid, code, (question,) = fac.live_workshop(("open_text", "Hva tar du med deg fra refleksjonen?", {}))
    r = fac.http.put(f"/api/v1/activities/{question}/phases", json={"phases": [
        {"label": "individual", "seconds": 180}, {"label": "group", "seconds": 900, "turns": True},
        {"label": "plenary", "seconds": 600}]})
    assert r.status_code == 200, r.text
    fac.command(wid, "next")
    ahead = phone_with_clock(browser, server.base, code, SKEW_MS)
    behind = phone_with_clock(browser, server.base, code, -SKEW_MS)
    assert abs(ahead.evaluate("Date.now()") - behind.evaluate("Date.now()") - 2 * SKEW_MS) < 5000
    console = signed_in_console(browser, server.base, wid)
    screen = console.context.new_page()
    screen.set_viewport_size(PROJECTOR["viewport"])
    screen.goto(f"{server.base}/facilitator/workshops/{wid}/present")
    pages = [ahead, behind, screen, console]

    console.click("#phase-start")
    for page in pages:
        expect(page.locator(".phase-timer")).to_have_attribute("data-state", "running")
    time.sleep(1.5)  # let the phones' first clock samples settle
    shown = [remaining(p) for p in pages]
    assert max(shown) - min(shown) <= 1, shown
    assert 170 <= min(shown) <= 180, shown
    expect(ahead.locator(".phase-label")).to_have_text("Individuelt")
    shot(ahead, "phone-phase-timer-skewed")
    shot(screen, "presenter-phase-timer")

    console.click("#phase-pause")
    for page in pages:
        expect(page.locator(".phase-timer")).to_have_attribute("data-state", "paused")
    frozen = [remaining(p) for p in pages]
    time.sleep(1.2)
    assert [remaining(p) for p in pages] == frozen and max(frozen) - min(frozen) <= 1, frozen

    console.click("#phase-add")
    for page, before in zip(pages, frozen):
        expect(page.locator(".phase-timer")).to_have_attribute("data-remaining", re.compile(
            "|".join(str(before + 60 + d) for d in (-1, 0, 1))))
    console.click("#phase-pause")  # now "Resume"
    for page in pages:
        expect(page.locator(".phase-timer")).to_have_attribute("data-state", "running")
    time.sleep(1.2)
    shown = [remaining(p) for p in pages]
    assert max(shown) - min(shown) <= 1 and min(shown) > 200, shown

    console.click("#phase-skip")
    for page in pages:  # every screen, the console too, has moved on before the times are compared
        expect(page.locator(".phase-timer .phase-label")).to_have_text("Gruppe")
    shown = [remaining(p) for p in pages]
    assert max(shown) - min(shown) <= 1 and 890 <= min(shown) <= 900, shown
    fac.close()
