"""Issue 12: two facilitators, the owner and a co-facilitator, steer one live workshop from two consoles;
each one's steering shows on the other's console, and both see the phone's answer."""
import re

import httpx
from playwright.sync_api import expect

from tests.browser.conftest import PHONE, shot, signed_in
from tests.conftest import PASSWORD
from tests.test_live import Facilitator

KOLLEGA = "kollega@example.no"


def invite_colleague(fac: Facilitator, base: str) -> None:
    """A second facilitator of the installation, through an invitation link and its form."""
    url = fac.http.post("/api/v1/invitations").json()["url"]
    with httpx.Client(base_url=base, timeout=30, trust_env=False) as http:
        csrf = re.search(r'name="csrf" value="([^"]+)"', http.get(url).text).group(1)
        r = http.post(url, data={"name": "Kollega", "email": KOLLEGA, "password": PASSWORD, "csrf": csrf})
        assert r.status_code in (200, 303), r.text


def console_of(browser, base: str, wid: int, email: str):
    page = signed_in(browser, base, f"/facilitator/workshops/{wid}/console", email=email)
    expect(page.locator("#status")).to_have_attribute("data-state", "open")
    return page


def test_owner_and_co_facilitator_steer_one_workshop(browser, server):
    fac = Facilitator(server)
    wid, code, _ids = fac.live_workshop(("open_text", "Hva fungerer godt i enheten din?", {}),
                                        ("open_text", "Hva trenger dere fra oss?", {}))
    invite_colleague(fac, server.base)
    r = fac.http.post(f"/api/v1/workshops/{wid}/facilitators", json={"email": KOLLEGA})
    assert r.status_code == 201, r.text

    phone = browser.new_context(**PHONE).new_page()
    phone.goto(f"{server.base}/{code}")
    phone.click("button[type=submit]")
    expect(phone.locator("#status")).to_have_attribute("data-state", "open")
    owner = console_of(browser, server.base, wid, "fasilitator@example.no")
    colleague = console_of(browser, server.base, wid, KOLLEGA)

    # The owner presses Next: the colleague's console (and the phone) show the first question.
    owner.click("#next")
    for page in (owner, colleague):
        expect(page.locator("#current-prompt")).to_have_text("Hva fungerer godt i enheten din?")
    expect(phone.locator("#prompt")).to_contain_text("Hva fungerer godt")

    # The phone answers: both consoles count it.
    phone.fill("textarea", "Vi hjelper hverandre")
    phone.click("button[type=submit]")
    for page in (owner, colleague):
        expect(page.locator("#counts")).to_contain_text("1 har svart")

    # The colleague locks answers: the owner's console shows it locked.
    colleague.click("#lock")
    for page in (owner, colleague):
        expect(page.locator("#lock")).to_have_attribute("aria-pressed", "true")
        expect(page.locator("#lock")).to_have_text("Åpne for svar")
    shot(owner, "two-consoles-owner")
    shot(colleague, "two-consoles-colleague")

    # The colleague moves on: the owner follows.
    colleague.click("#next")
    expect(owner.locator("#current-prompt")).to_have_text("Hva trenger dere fra oss?")

    # In the editor the owner manages the team; the colleague sees it but cannot delete or add.
    owner.goto(f"{server.base}/facilitator/workshops/{wid}#co-facilitators")
    team = owner.locator("#co-facilitators")
    expect(team).to_contain_text(KOLLEGA)
    expect(team.locator("button")).to_have_count(1)  # remove the colleague (nobody left to add)
    team.scroll_into_view_if_needed()
    shot(owner, "two-consoles-editor-owner")
    colleague.goto(f"{server.base}/facilitator/workshops/{wid}#co-facilitators")
    expect(colleague.locator("#co-facilitators")).to_contain_text("fasilitator@example.no")
    expect(colleague.locator("#co-facilitators button")).to_have_count(0)
    expect(colleague.locator(f"form[data-api='/api/v1/workshops/{wid}'][data-method=DELETE]")).to_have_count(0)
    for page in (owner, colleague, phone):
        page.context.close()
