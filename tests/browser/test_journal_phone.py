"""Issue 14, the leader's journal on a real phone browser: the journal round in a workshop (answers kept across a
reload, the room sees only a count), the journal page between the days (timeline, sharing), and its small screen."""
from playwright.sync_api import expect

from tests.browser.conftest import PHONE, axe_violations, presenter_window, shot, signed_in
from tests.browser.layout_checks import layout_problems, prompt_on_first_screen
from tests.test_journal import new_programme, programme_day
from tests.test_live import Facilitator

SMALL = {**PHONE, "viewport": {"width": 320, "height": 568}}


def test_journal_round_and_journal_page(server, browser):
    fac = Facilitator(server)
    try:
        programme = new_programme(fac, "Lederutviklingsprogrammet Midt-Telemark")
        wid, code, [journal_round] = programme_day(fac, programme, "Samling 1: Oppstart",
                                                   ("journal", "Oppstart aksjonslæringsprosjekt", {}))
        context = browser.new_context(**SMALL)
        phone = context.new_page()
        phone.goto(f"{server.base}/{code}?lang=nb")
        phone.fill("#name", "Kari Medarbeiderinvolvering")
        phone.click("button[type=submit]")
        expect(phone.locator("#status")).to_have_attribute("data-state", "open")
        fac.command(wid, "goto", activity_id=journal_round)

        first = phone.locator(".journal-question textarea").first
        expect(first).to_be_visible()
        expect(phone.locator(".journal-question label").first).to_have_text("Hva ønsker du skal kjennetegne ditt lederskap?")
        assert prompt_on_first_screen(phone)
        first.fill("Trygg, tydelig og tilstede – med tid til medarbeiderinvolvering.")
        phone.locator(".journal-question").first.get_by_role("button").click()
        expect(phone.locator(".journal-question").first.locator(".counter")).to_contain_text("Lagret")
        second = phone.locator(".journal-question textarea").nth(1)
        second.fill("Gi konkrete tilbakemeldinger")  # a draft, not saved
        problems = layout_problems(phone, "#activity", vertical=True)
        assert problems == [], problems
        shot(phone, "journal-round-phone-320")

        # A reload keeps the saved answer and the unsaved draft.
        phone.reload()
        expect(phone.locator(".journal-question textarea").first).to_have_value(
            "Trygg, tydelig og tilstede – med tid til medarbeiderinvolvering.")
        expect(phone.locator(".journal-question textarea").nth(1)).to_have_value("Gi konkrete tilbakemeldinger")

        # The room sees how many have written, never what.
        console = signed_in(browser, server.base, f"/facilitator/workshops/{wid}/console")
        screen = presenter_window(console, server.base, wid)
        expect(screen.locator(".journal-writers")).to_contain_text("1")
        assert "medarbeiderinvolvering" not in screen.content()
        expect(console.locator(".journal-counts")).to_be_visible()
        assert "medarbeiderinvolvering" not in console.content()
        shot(screen, "journal-round-presenter")

        # Between the days: the journal page from the pass, with the timeline.
        phone.goto(f"{server.base}/journal/{programme}")
        expect(phone.locator(".journal-entry")).to_have_count(1)
        expect(phone.locator(".journal-entry .journal-meta")).to_contain_text("Samling 1: Oppstart")
        expect(phone.locator(".journal-entry .journal-meta")).to_contain_text("2026")
        phone.locator(".journal-write summary").click()  # with entries, the journal opens on its timeline
        free = phone.locator(".journal-write textarea").first
        free.fill("Har testet ukentlige en-til-en-samtaler med alle i teamet.")
        phone.locator(".journal-write .journal-question").first.get_by_role("button").click()
        expect(phone.locator(".journal-entry")).to_have_count(2)
        expect(phone.locator(".journal-entry").first).to_contain_text("Mellom samlingene")
        phone.locator(".journal-entry").first.get_by_label("Del med nettverksgruppa mi").check()
        problems = layout_problems(phone, "#journal", vertical=True)
        assert problems == [], problems
        assert axe_violations(phone) == []
        shot(phone, "journal-page-phone-320")
        phone.set_viewport_size({"width": 390, "height": 844})
        phone.locator(".journal-history").scroll_into_view_if_needed()
        shot(phone, "journal-timeline-phone")

        # Another device without the pass: nothing.
        stranger = browser.new_context(**PHONE).new_page()
        stranger.goto(f"{server.base}/journal/{programme}")
        expect(stranger.get_by_role("alert")).to_be_visible()
        assert "en-til-en" not in stranger.content()
        stranger.context.close()
        context.close()
        console.context.close()
    finally:
        fac.close()
