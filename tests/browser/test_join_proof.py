"""The join page in Chromium while many wrong codes come from its network: it solves the proof of work
(static/js/proof_of_work.js, the same algorithm the server checks with) and the phone joins."""
import random
import re
import time

import httpx
from playwright.sync_api import expect

from app import proof_of_work
from tests.browser.conftest import PHONE, axe_violations
from tests.test_join_throttle import FREE_WRONG, live_code, wrong_code


def pressure(server, code: str) -> None:
    """Wrong guesses from this address (127.0.0.1, the browser's too) past the free allowance."""
    rng = random.Random(1)
    with httpx.Client(base_url=server.base, timeout=30, trust_env=False) as http:
        for _ in range(FREE_WRONG):
            http.post("/api/v1/join", json={"code": wrong_code(code, rng)})
        r = http.post("/api/v1/join", json={"code": code})
        assert r.status_code == 429 and r.json()["detail"]["code"] == "proof_required"


def test_join_page_solves_the_proof_and_joins_under_pressure(browser, server):
    """Typed code and scanned QR link both get through; the page's JavaScript finds the same nonce as
    the Python reference for the same salts."""
    _wid, code = live_code(server)
    pressure(server, code)
    phone = browser.new_context(**PHONE).new_page()
    phone.goto(server.base + "/")
    form = phone.locator("form[data-proof-salt]")
    expect(form).to_have_count(1)
    assert axe_violations(phone) == []
    salts = [proof_of_work.new_salt() for _ in range(5)]
    found = phone.evaluate("""async (salts) => {
        const pow = await import('/static/js/proof_of_work.js');
        const started = performance.now();
        const nonces = [];
        for (const salt of salts) nonces.push(await pow.solve(salt, 16));
        return {nonces, ms: (performance.now() - started) / salts.length};
    }""", salts)
    assert found["nonces"] == [proof_of_work.solve(s, 16) for s in salts]
    print(f"Chromium solves 16 bits in {found['ms']:.0f} ms on average")

    phone.fill("#code", f"{code[:4]} {code[4:]}")
    started = time.monotonic()
    phone.click("button[type=submit]")
    phone.wait_for_url(re.compile(rf"/{code}$"))
    phone.fill("#name", "Kari")
    phone.click("button[type=submit]")
    expect(phone.locator("#status")).to_have_attribute("data-state", "open")  # in the room, connected
    assert time.monotonic() - started < 10

    scanned = browser.new_context(**PHONE).new_page()  # another phone opens the QR link directly
    scanned.goto(f"{server.base}/{code}")
    scanned.wait_for_selector("#name")  # the page solved, sent itself again and reached the name step
    assert scanned.url.endswith(f"/{code}")
    scanned.click("button[type=submit]")
    expect(scanned.locator("#status")).to_have_attribute("data-state", "open")
