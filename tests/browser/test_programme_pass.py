"""Issue 14, the programme pass on a real phone browser: the notice for a pass that did not open the programme, the
personal link with its QR code, and the link opened on another device."""
import re

from playwright.sync_api import expect

from tests.browser.conftest import PHONE, axe_violations, shot
from tests.test_live import Facilitator
from tests.test_programmes import NOTICE, PASS_COOKIE, programme_workshop


def test_phone_shows_the_notice_once_and_its_personal_link(server, browser):
    fac = Facilitator(server)
    try:
        programme = fac.http.post("/api/v1/programmes", json={"title": "Lederutvikling Seljord"}).json()
        assert fac.http.post(f"/api/v1/programmes/{programme['id']}/groups", json={"name": "Gygrene"}).status_code == 201
        _wid, code = programme_workshop(fac, programme["id"], "Samling 2")
        context = browser.new_context(**PHONE)
        context.add_cookies([{"name": PASS_COOKIE, "value": "not-a-genuine-pass", "url": server.base}])
        phone = context.new_page()
        phone.goto(f"{server.base}/{code}?lang=en")
        phone.fill("#name", "Kari")
        phone.click("button[type=submit]")
        notice = phone.get_by_role("alert")
        expect(notice).to_have_text(NOTICE)
        expect(phone.locator("#status")).to_have_attribute("data-state", "open")
        phone.locator(".programme-pass summary").click()
        link = phone.locator(".programme-pass a[rel=nofollow]")
        expect(link).to_contain_text("/p/")
        expect(phone.locator(".programme-pass img")).to_have_js_property("complete", True)
        expect(phone.locator("#personal-code")).to_have_text(re.compile(r"^[A-Z2-9]{4} [A-Z2-9]{4}$"))
        assert phone.locator(".programme-pass img").evaluate("img => img.naturalWidth") > 0
        assert axe_violations(phone) == []
        shot(phone, "programme-pass-phone")
        phone.reload()
        expect(phone.locator(".programme-pass")).to_be_visible()
        expect(phone.get_by_role("alert")).to_have_count(0)  # said once

        other = browser.new_context(**PHONE).new_page()
        other.goto(link.get_attribute("href"))
        expect(other.locator(".notice")).to_contain_text("Lederutvikling Seljord")
        assert axe_violations(other) == []
        shot(other, "programme-pass-link-opened")
        assert any(c["name"] == PASS_COOKIE and c["httpOnly"] for c in other.context.cookies())
        context.close()
        other.context.close()
    finally:
        fac.close()
