"""Phones that drop off the network or reload keep their answers and never count one twice."""
import httpx
from playwright.sync_api import expect

from tests.browser.conftest import PHONE, shot
from tests.browser.test_accessibility import live_workshop


def joined_phone(browser, server, code):
    page = browser.new_context(**PHONE).new_page()
    page.goto(f"{server.base}/{code}")
    page.click("button[type=submit]")
    expect(page.locator("#status")).to_have_attribute("data-state", "open")
    expect(page.locator("#prompt")).to_be_visible()
    return page


def entries(server, headers, workshop_id):
    with httpx.Client(base_url=server.base, headers=headers) as api:
        dump = api.get(f"/api/v1/workshops/{workshop_id}/export.json").json()
    return [e["payload"]["text"] for a in dump["activities"] for e in a["entries"]]


def test_reload_brings_back_own_answers(browser, server):
    """After a reload the phone shows the current question and its own saved answers."""
    headers, workshop_id, code, _wall = live_workshop(server.base)
    page = joined_phone(browser, server, code)
    page.fill("textarea", "Ledere som er trygge i leiarrolla.")
    page.click("button[type=submit]")
    expect(page.locator(".mine .state:not(.pending)")).to_have_count(1)
    page.reload()
    expect(page.locator("#prompt")).to_contain_text("kommentarer")
    expect(page.locator(".mine li")).to_have_count(1)
    expect(page.locator(".mine")).to_contain_text("trygge i leiarrolla")
    assert entries(server, headers, workshop_id) == ["Ledere som er trygge i leiarrolla."]


def test_answer_sent_offline_arrives_once_when_back(browser, server):
    """An answer given while offline waits on the phone, is sent on reconnect, and is stored once."""
    headers, workshop_id, code, _wall = live_workshop(server.base)
    page = joined_phone(browser, server, code)
    page.context.set_offline(True)
    page.evaluate("window.dispatchEvent(new Event('offline'))")
    page.fill("textarea", "Svar skrevet i heisen uten dekning.")
    page.click("button[type=submit]")
    expect(page.locator(".mine .state.pending")).to_have_count(1)
    page.wait_for_timeout(1500)  # still unsent: the phone really is cut off
    expect(page.locator(".mine .state.pending")).to_have_count(1)
    assert entries(server, headers, workshop_id) == []
    shot(page, "phone-offline-pending")
    page.context.set_offline(False)
    expect(page.locator(".mine .state:not(.pending)")).to_have_count(1, timeout=20000)
    page.reload()
    expect(page.locator(".mine li")).to_have_count(1)
    assert entries(server, headers, workshop_id) == ["Svar skrevet i heisen uten dekning."]
