"""The account and administration pages pass axe, and log-out in the browser ends the session on the server."""
import httpx
from playwright.sync_api import expect

from tests.browser.conftest import LAPTOP, axe_violations, shot
from tests.conftest import PASSWORD


def test_account_and_admin_pages_pass_axe_and_logout_ends_the_session(browser, server):
    with httpx.Client(base_url=server.base, trust_env=False) as api:
        assert api.post("/api/v1/auth/signup", json={"name": "Fasilitator", "email": "konto@example.no",
                                                     "password": PASSWORD}).status_code == 201
    page = browser.new_context(**LAPTOP).new_page()
    page.goto(server.base + "/facilitator/login")
    page.fill("#email", "konto@example.no")
    page.fill("#password", PASSWORD)
    page.press("#password", "Enter")
    page.wait_for_url(server.base + "/facilitator")
    page.get_by_role("link", name="Kontoen din", exact=True).click()
    expect(page.get_by_role("heading", name="Kontoen din")).to_be_visible()
    problems = axe_violations(page)
    shot(page, "account")
    assert problems == [], problems
    page.get_by_role("link", name="Administrasjon").click()
    page.get_by_role("button", name="Lag invitasjonslenke").click()
    expect(page.locator("code")).to_contain_text("/facilitator/invite/")
    problems = axe_violations(page)
    shot(page, "admin")
    assert problems == [], problems
    cookie = next(c for c in page.context.cookies() if c["name"] == "samling_session")["value"]
    page.get_by_role("button", name="Logg ut").click()
    page.wait_for_url("**/facilitator/login")
    r = httpx.get(server.base + "/api/v1/workshops", cookies={"samling_session": cookie}, trust_env=False)
    assert r.status_code == 401  # the copied cookie is dead
