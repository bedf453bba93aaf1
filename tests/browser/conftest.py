"""Real Debian Chromium driven by Playwright (no browser download), plus screenshot and axe helpers."""
import shutil
from collections.abc import Iterator
from pathlib import Path

import pytest
from playwright.sync_api import Browser, Page, sync_playwright

from tests.conftest import ARTIFACTS

CHROMIUM = shutil.which("chromium") or "/usr/bin/chromium"
SHOTS = ARTIFACTS / "screenshots"
PHONE = {"viewport": {"width": 390, "height": 844}, "device_scale_factor": 2, "is_mobile": True, "has_touch": True}
LAPTOP = {"viewport": {"width": 1366, "height": 900}}
PROJECTOR = {"viewport": {"width": 1920, "height": 1080}}


@pytest.fixture(scope="session")
def browser() -> Iterator[Browser]:
    """One headless Chromium for the session."""
    if not Path(CHROMIUM).exists():
        pytest.fail(f"Chromium not found at {CHROMIUM}: install it with `apt-get install -y chromium`")
    with sync_playwright() as p:
        b = p.chromium.launch(executable_path=CHROMIUM, args=[
            "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run", "--disable-background-networking",
            "--disable-component-update", "--disable-sync"])
        yield b
        b.close()


def signed_in(browser: Browser, base: str, path: str, context: dict | None = None,
              email: str = "fasilitator@example.no", password: str | None = None) -> Page:
    """A facilitator's window (signed in through the login form, by default as tests.test_live.Facilitator) at `path`."""
    from tests.conftest import PASSWORD

    page = browser.new_context(**(context or LAPTOP)).new_page()
    page.goto(f"{base}/facilitator/login")
    page.fill("#email", email)
    page.fill("#password", password or PASSWORD)
    page.click("button[type=submit]")
    page.goto(f"{base}{path}")
    return page


def presenter_window(console: Page, base: str, workshop_id: int, viewport: dict | None = None) -> Page:
    """The presenter screen opened from a signed-in console's window, at a projector's size."""
    screen = console.context.new_page()
    screen.set_viewport_size(viewport or PROJECTOR["viewport"])
    screen.goto(f"{base}/facilitator/workshops/{workshop_id}/present")
    return screen


def shot(page: Page, name: str) -> Path:
    """Save a screenshot under test-artifacts/screenshots/."""
    SHOTS.mkdir(parents=True, exist_ok=True)
    path = SHOTS / f"{name}.png"
    page.screenshot(path=str(path))
    return path


def axe_violations(page: Page) -> list[dict]:
    """Serious and critical axe-core violations of the page as it is now (axe is served from our own host)."""
    page.add_script_tag(url="/static/vendor/axe-core/axe.min.js")
    result = page.evaluate("""async () => {
        const r = await axe.run(document, {resultTypes: ['violations']});
        return r.violations.map(v => ({id: v.id, impact: v.impact, help: v.help,
                                       nodes: v.nodes.slice(0, 3).map(n => n.target.join(' '))}));
    }""")
    return [v for v in result if v["impact"] in ("serious", "critical")]


def pytest_collection_modifyitems(items):
    """Everything in this folder drives a browser (select with -m browser, skip with -m 'not browser')."""
    for item in items:
        if "tests/browser/" in str(item.path).replace("\\", "/"):
            item.add_marker(pytest.mark.browser)


@pytest.hookimpl(hookwrapper=True)
def pytest_runtest_makereport(item, call):
    """On a failed browser test, save a screenshot of every open page for the post-mortem."""
    outcome = yield
    report = outcome.get_result()
    if report.when == "call" and report.failed and "browser" in item.funcargs:
        for ci, context in enumerate(item.funcargs["browser"].contexts):
            for pi, page in enumerate(context.pages):
                try:
                    SHOTS.mkdir(parents=True, exist_ok=True)
                    page.screenshot(path=str(SHOTS / f"FAILED-{item.name}-{ci}-{pi}.png"))
                except Exception:
                    pass


@pytest.fixture(autouse=True)
def close_pages(request):
    """After each browser test, close its windows: pages left open keep sockets, timers and layouts busy
    for the rest of the session and slow every later test."""
    yield
    if "browser" in request.fixturenames:
        for context in list(request.getfixturevalue("browser").contexts):
            context.close()
