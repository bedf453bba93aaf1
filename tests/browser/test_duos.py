"""A duo round as the room sees it: the console pairs people, each phone shows its duo number and partners with the
shared countdown, the projector the number of duos."""
from playwright.sync_api import expect

from tests.browser.conftest import presenter_window, shot
from tests.browser.test_group_flow import join_group
from tests.browser.test_phase_timer import signed_in_console
from tests.test_live import Facilitator

PROMPT = "Snakk sammen i duoer: hva har du testet ut siden sist? Husk å fordele tiden."


def test_the_console_pairs_people_and_every_phone_finds_its_duo(browser, server):
    fac = Facilitator(server)
    wid, code, (duos,) = fac.live_workshop(("duos", PROMPT, {"minutes": 7}))
    for name in ("Gygrene", "Stjernelaget"):
        assert fac.http.post(f"/api/v1/workshops/{wid}/groups", json={"name": name}).status_code == 201
    console = signed_in_console(browser, server.base, wid)
    screen = presenter_window(console, server.base, wid)
    phones = [join_group(browser, server.base, code, name, group)
              for name, group in (("Kari", "Gygrene"), ("Ola", "Gygrene"), ("Medarbeiderinvolvering", "Stjernelaget"),
                                  ("", "Stjernelaget"))]
    console.click("#next")
    for phone in phones:
        expect(phone.locator("#prompt")).to_have_text(PROMPT)
        expect(phone.locator(".waiting")).to_have_text("Fasilitatoren setter sammen duoene når runden starter.")
    expect(screen.locator(".duo-count")).to_have_text("Ingen er satt sammen ennå.")
    console.click("#duos-pair")
    expect(console.locator("#duos-pair")).to_have_text("Sett sammen på nytt")
    expect(screen.locator(".duo-count")).to_have_text("2 duoer")
    numbers = []
    for phone in phones:
        expect(phone.locator(".duo-number")).to_be_visible()
        numbers.append(phone.locator(".duo-card").get_attribute("data-duo"))
        expect(phone.locator(".phase-label")).to_have_text("Snakk sammen i duoer")
    assert numbers[0] == numbers[1] and numbers[2] == numbers[3] and numbers[0] != numbers[2]  # inside each group
    expect(phones[0].locator(".duo-partners")).to_have_text("Du snakker med Ola.")
    expect(phones[3].locator(".duo-partners")).to_have_text("Du snakker med Medarbeiderinvolvering.")
    # A partner without a name: find each other by the number.
    expect(phones[2].locator(".duo-partners")).to_have_text(f"Du snakker med de andre som har duo {numbers[2]}.")
    expect(screen.locator(".phase-label")).to_have_text("Snakk sammen i duoer")
    shot(phones[2], "duos-phone")
    shot(screen, "duos-presenter")
    shot(console, "duos-console")
    fac.close()
