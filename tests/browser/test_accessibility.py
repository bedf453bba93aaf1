"""axe-core finds no serious or critical problems on any page, and the core flows work by keyboard alone."""
import httpx
from playwright.sync_api import expect

from tests.browser.conftest import LAPTOP, PHONE, PROJECTOR, axe_violations, shot
from tests.conftest import PASSWORD


def live_workshop(base: str) -> tuple[dict, int, str, int]:
    """Over the API: a facilitator, a live workshop with both kinds on screen one after another."""
    with httpx.Client(base_url=base) as api:
        token = api.post("/api/v1/auth/signup", json={"name": "Fasilitator", "email": "a11y@example.no",
                                                      "password": PASSWORD}).json()["token"]
        h = {"Authorization": f"Bearer {token}"}
        w = api.post("/api/v1/workshops", json={"title": "Samling 2: Mestringsorientert ledelse"}, headers=h).json()
        wall = api.post(f"/api/v1/workshops/{w['id']}/activities", headers=h,
                        json={"kind": "open_text", "prompt": "Hvilke kommentarer har dere til dagens samling?"}).json()
        api.post(f"/api/v1/workshops/{w['id']}/activities", headers=h,
                 json={"kind": "word_cloud", "prompt": "Hva skal til for at et slikt program blir nyttig for deg?"})
        code = api.post(f"/api/v1/workshops/{w['id']}/live", headers=h).json()["join_code"]
        api.post(f"/api/v1/workshops/{w['id']}/commands", headers=h, json={"command": "next"})
    return h, w["id"], code, wall["id"]


def log_in(page, base):
    page.goto(base + "/facilitator/login")
    page.fill("#email", "a11y@example.no")
    page.fill("#password", PASSWORD)
    page.press("#password", "Enter")
    page.wait_for_url(base + "/facilitator")


def tab_to(page, check: str, limit: int = 15) -> None:
    """Press Tab until `check` (a JS expression on document.activeElement as `e`) holds."""
    for _ in range(limit):
        if page.evaluate(f"(e => {check})(document.activeElement)"):
            return
        page.keyboard.press("Tab")
    raise AssertionError(f"Tab never reached an element where {check}")


def assert_clean(page, name):
    problems = axe_violations(page)
    shot(page, f"a11y-{name}")
    assert problems == [], f"{name}: {problems}"


def test_pages_pass_axe(browser, server):
    """Join, name, phone, presenter, console, editor, dashboard, sign-in pages: no serious/critical violations."""
    _h, workshop_id, code, _wall = live_workshop(server.base)
    phone = browser.new_context(**PHONE).new_page()
    phone.goto(server.base + "/")
    assert_clean(phone, "join")
    phone.goto(server.base + "/?code=0000 0000")
    assert_clean(phone, "join-wrong-code")
    phone.goto(f"{server.base}/{code}")
    assert_clean(phone, "name")
    phone.click("button[type=submit]")
    expect(phone.locator("textarea")).to_be_visible()
    assert_clean(phone, "phone-live")

    fac = browser.new_context(**LAPTOP)
    page = fac.new_page()
    page.goto(server.base + "/facilitator/login")
    assert_clean(page, "login")
    log_in(page, server.base)
    assert_clean(page, "dashboard")
    page.goto(f"{server.base}/facilitator/workshops/{workshop_id}")
    assert_clean(page, "editor")
    page.goto(f"{server.base}/facilitator/workshops/{workshop_id}/console")
    expect(page.locator("#status")).to_have_attribute("data-state", "open")
    assert_clean(page, "console")
    presenter = fac.new_page()
    presenter.set_viewport_size(PROJECTOR["viewport"])
    presenter.goto(f"{server.base}/facilitator/workshops/{workshop_id}/present")
    expect(presenter.locator(".stage-prompt")).to_be_visible()
    assert_clean(presenter, "presenter")


def test_phone_works_by_keyboard(browser, server):
    """Join and answer with the keyboard only: Tab to fields, type, Enter."""
    _h, _workshop_id, code, _wall = live_workshop(server.base)
    page = browser.new_context(**PHONE).new_page()
    page.goto(server.base + "/")
    tab_to(page, "e.id === 'code'")
    page.keyboard.type(code)
    page.keyboard.press("Enter")
    page.wait_for_url(f"{server.base}/{code}")
    tab_to(page, "e.id === 'name'")
    page.keyboard.type("Gygrene")
    page.keyboard.press("Enter")
    expect(page.locator("#status")).to_have_attribute("data-state", "open")
    tab_to(page, "e.tagName === 'TEXTAREA'")
    page.keyboard.type("Mer tid til refleksjon i nettverksgruppene.")
    page.keyboard.press("Tab")
    assert page.evaluate("document.activeElement.textContent") in ("Send",)
    page.keyboard.press("Enter")
    expect(page.locator(".mine li")).to_have_count(1)
    expect(page.locator(".mine .state:not(.pending)")).to_have_count(1)


def test_presenter_keyboard_shortcuts(browser, server):
    """Right arrow moves on, L locks, R hides results: the presenter and console follow."""
    _h, workshop_id, _code, _wall = live_workshop(server.base)
    fac = browser.new_context(**LAPTOP)
    page = fac.new_page()
    log_in(page, server.base)
    presenter = fac.new_page()
    presenter.goto(f"{server.base}/facilitator/workshops/{workshop_id}/present")
    expect(presenter.locator(".stage-prompt")).to_contain_text("kommentarer")
    presenter.keyboard.press("l")
    expect(presenter.locator("#foot-flags")).not_to_be_empty()
    presenter.keyboard.press("r")
    expect(presenter.locator(".hidden-results")).to_be_visible()
    presenter.keyboard.press("ArrowRight")
    expect(presenter.locator(".stage-prompt")).to_contain_text("nyttig for deg")
    presenter.keyboard.press("ArrowLeft")
    expect(presenter.locator(".stage-prompt")).to_contain_text("kommentarer")
    expect(presenter.locator(".hidden-results")).to_be_visible()
