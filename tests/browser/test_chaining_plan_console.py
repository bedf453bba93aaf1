"""The console plans a round's list from an earlier round; its phones are told where the list comes from."""
from playwright.sync_api import expect

from tests.browser.conftest import shot
from tests.browser.test_group_flow import join_group
from tests.browser.test_phase_timer import signed_in_console
from tests.test_live import Facilitator

DIAMOND = "Bli enige om 9 verdier"


def test_the_console_saves_a_plan_and_the_phone_says_where_the_list_comes_from(browser, server):
    fac = Facilitator(server)
    wid, code, (diamond, vote) = fac.live_workshop(
        ("diamond", DIAMOND, {"items": [], "mode": "group"}),
        ("points", "Prioriter verdiene: fordel 100 poeng", {}))
    assert fac.http.post(f"/api/v1/workshops/{wid}/groups", json={"name": "Gygrene"}).status_code == 201
    console = signed_in_console(browser, server.base, wid)
    phone = join_group(browser, server.base, code, "Leder 1", "Gygrene")
    console.click("#next")
    console.click("#next")  # the 100-point round, its list empty, nobody has built a diamond yet
    expect(phone.locator("#prompt")).to_contain_text("fordel 100 poeng")  # the phone is on the new round
    waiting = phone.locator(".waiting")
    expect(waiting).to_be_visible()
    on_its_way = waiting.inner_text()  # in the workshop's language
    console.locator("details.chain summary").click()
    expect(console.locator("#chain-save-plan-%d" % vote)).to_be_enabled()
    expect(console.locator("#chain-drop-%d" % vote)).to_be_hidden()
    console.fill("#chain-n-%d" % vote, "3")
    console.click("#chain-save-plan-%d" % vote)
    plan = console.locator("#chain-plan-%d" % vote)
    expect(plan).to_contain_text(f"«{DIAMOND}»")
    expect(plan).to_contain_text("3")
    expect(console.locator("#chain-drop-%d" % vote)).to_be_visible()
    # Nothing to pool yet: the list stays empty and the phone is told where it will come from.
    expect(waiting).not_to_have_text(on_its_way)
    expect(waiting).to_be_visible()
    shot(console, "chaining-plan-console")
    shot(phone, "chaining-plan-phone")
    assert fac.http.get(f"/api/v1/workshops/{wid}").json()["activities"][1]["settings"]["feed"] == \
        {"source_id": diamond, "n": 3}
    console.click("#chain-drop-%d" % vote)
    expect(plan).to_have_text("")
    expect(waiting).to_have_text(on_its_way)
