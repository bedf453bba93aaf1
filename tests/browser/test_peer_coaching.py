"""Peer coaching as the room lives it: two network groups of three phones, each group's owner shares a problem, the
console starts the steps, advice written on a consultant's phone appears on the owner's phone, the owner reflects;
the other group's phones and the projector never see a group's texts."""
import json

import httpx
from playwright.sync_api import expect

from tests.browser.conftest import PHONE, presenter_window, shot
from tests.browser.test_group_flow import join_group
from tests.browser.test_phase_timer import signed_in_console
from tests.test_live import Facilitator

PROMPT = "Problemstilling til kollegaveiledning"
GROUPS = ["Gygrene", "Stjernelaget", "Godt og blandet", "Blåveis", "Einingsleiarane", "RLG"]
CASES = {"Gygrene": "Hvordan får jeg teamet til å ta ansvar for egne mål uten at jeg mister oversikten?",
         "Stjernelaget": "Korleis kan eg gi tydelege tilbakemeldingar til ein medarbeidar som er usikker?"}
ADVICE = ["Start med ett felles mål og la teamet eie det.", "Spør teamet hva de trenger fra deg for å lykkes."]
REFLECTION = "Jeg tar med meg at jeg må tåle at ting gjøres annerledes enn jeg ville gjort dem."
SMALL = {"width": 320, "height": 568}


def on_first_screen(page, selector):
    """Whether the element's top part is inside the viewport without scrolling."""
    box = page.locator(selector).first.bounding_box()
    return box is not None and box["y"] >= 0 and box["y"] + min(box["height"], 40) <= page.viewport_size["height"]


def stage_of(page):
    return page.locator(".pc-task")


def test_two_groups_share_advise_and_reflect_and_keep_their_texts_to_themselves(browser, server):
    fac = Facilitator(server)
    wid, code, (coaching,) = fac.live_workshop(("peer_coaching", PROMPT, {"advice_minutes": 10}))
    ids = {}
    for name in GROUPS:
        r = fac.http.post(f"/api/v1/workshops/{wid}/groups", json={"name": name})
        assert r.status_code == 201, r.text
        ids[name] = r.json()["id"]
    console = signed_in_console(browser, server.base, wid)
    screen = presenter_window(console, server.base, wid)
    gygrene = [join_group(browser, server.base, code, name, "Gygrene") for name in ("Kari", "Ola", "")]
    stjerne = [join_group(browser, server.base, code, name, "Stjernelaget") for name in ("Per", "Medarbeiderinvolvering", "Anne")]
    # The four other groups have one leader each (joined without a browser), so the projector shows six groups.
    with httpx.Client(base_url=server.base, trust_env=False) as phone_api:
        for name in GROUPS[2:]:
            r = phone_api.post("/api/v1/join", json={"code": code, "name": "", "language": "nb"})
            assert r.status_code == 201, r.text
            r = fac.http.post(f"/api/v1/workshops/{wid}/groups/move",
                              json={"participant_id": r.json()["participant_id"], "group_id": ids[name]})
            assert r.status_code == 204, r.text
    console.click("#next")
    case_field = f"#pc-case-{coaching}"
    for phone in gygrene + stjerne:
        expect(phone.locator("#prompt")).to_have_text(PROMPT)
        expect(phone.locator(case_field)).to_be_visible()  # nobody owns a case yet: everyone may share
    owner, consultants = gygrene[0], gygrene[1:]
    owner.set_viewport_size(SMALL)
    assert on_first_screen(owner, "#prompt") and on_first_screen(owner, case_field)  # the task on the first screen
    shot(owner, "peer-coaching-share-320")
    owner.set_viewport_size(PHONE["viewport"])
    owner.fill(case_field, CASES["Gygrene"])
    owner.locator(".pc-case-form button[type=submit]").click()
    stjerne[1].fill(case_field, CASES["Stjernelaget"])
    stjerne[1].locator(".pc-case-form button[type=submit]").click()
    expect(stage_of(owner)).to_have_attribute("data-role", "owner")
    expect(owner.locator(".pc-case-text")).to_have_text(CASES["Gygrene"])
    for phone in consultants:
        expect(stage_of(phone)).to_have_attribute("data-role", "consultant")
        expect(phone.locator(".pc-case-text")).to_have_text(CASES["Gygrene"])
    expect(consultants[0].locator(".pc-case .hint")).to_contain_text("Kari")
    expect(stage_of(stjerne[1])).to_have_attribute("data-role", "owner")
    expect(stjerne[0].locator(".pc-case-text")).to_have_text(CASES["Stjernelaget"])
    group_card = screen.locator(f".pc-group[data-group='{ids['Gygrene']}']")
    expect(group_card).to_have_attribute("data-owner", "true")

    console.click("#coaching-start")
    for phone in gygrene + stjerne:
        expect(stage_of(phone)).to_have_attribute("data-stage", "present")
        expect(phone.locator(".phase-timer")).to_be_visible()
    expect(screen.locator(".pc-steps li[data-step=present]")).to_have_class("now")
    fac.command(wid, "phase_skip")  # to the clarifying questions
    expect(stage_of(consultants[0])).to_have_attribute("data-stage", "questions")
    fac.command(wid, "phase_skip")  # to the advice
    for phone in gygrene:
        expect(stage_of(phone)).to_have_attribute("data-stage", "advice")
        # Advice goes round the consultants (the case owner listens): Ola first, then the member with no name.
        expect(phone.locator(".phase-turn")).to_contain_text("Ola (1 av 2)")
    advice_field = f"#pc-advice-{coaching}"
    for phone, text in zip(consultants, ADVICE):
        phone.fill(advice_field, text)
        phone.locator(".pc-advice-form button[type=submit]").click()
    advice = owner.locator(".pc-advice-list li")
    expect(advice).to_have_count(2)
    expect(advice.nth(0)).to_contain_text(ADVICE[0])
    expect(advice.nth(1)).to_contain_text(ADVICE[1])
    expect(consultants[0].locator(".pc-slot-mine li")).to_have_count(1)  # a consultant sees their own advice only
    expect(consultants[0].locator(".pc-slot-mine")).not_to_contain_text(ADVICE[1])
    expect(group_card).to_have_attribute("data-advice", "2")
    expect(screen.locator(".pc-steps li[data-step=advice]")).to_have_class("now")
    expect(screen.locator(".pc-group")).to_have_count(6)
    shot(owner, "peer-coaching-owner")
    shot(consultants[0], "peer-coaching-consultant")
    owner.set_viewport_size(SMALL)
    consultants[0].set_viewport_size(SMALL)
    assert on_first_screen(owner, ".pc-task") and on_first_screen(owner, ".pc-advice-list li")
    assert on_first_screen(consultants[0], ".pc-task") and on_first_screen(consultants[0], advice_field)
    shot(owner, "peer-coaching-owner-320")
    shot(consultants[0], "peer-coaching-consultant-320")
    for page in (owner, consultants[0]):
        assert page.evaluate("document.documentElement.scrollWidth <= innerWidth"), "the phone scrolls sideways"
    shot(screen, "peer-coaching-presenter-1920")
    screen.set_viewport_size({"width": 1280, "height": 720})
    expect(screen.locator(".pc-group")).to_have_count(6)
    screen.wait_for_timeout(300)  # the resize observer's next turn fits the cards again
    assert screen.evaluate("""() => [...document.querySelectorAll('.pc-group')].every((card) =>
        card.scrollWidth <= card.clientWidth + 1 && card.scrollHeight <= card.clientHeight + 1)"""), "a card spills"
    shot(screen, "peer-coaching-presenter-1280")

    fac.command(wid, "phase_skip")  # to the owner's reflection
    reflection_field = f"#pc-reflection-{coaching}"
    expect(owner.locator(reflection_field)).to_be_visible()
    owner.fill(reflection_field, REFLECTION)
    owner.locator(".pc-reflection-form button[type=submit]").click()
    expect(owner.locator(".pc-reflection-form .counter")).to_contain_text("✓")
    expect(group_card).to_have_attribute("data-reflection", "true")
    expect(stage_of(consultants[1])).to_have_attribute("data-stage", "reflection")

    # The other group's phones, the projector and the console never carry Gygrene's texts.
    secrets = [CASES["Gygrene"], *ADVICE, REFLECTION]
    for page in (*stjerne, screen, console):
        html = page.content()
        assert not any(s in html for s in secrets), page.url
    assert CASES["Stjernelaget"] not in "".join(p.content() for p in gygrene)
    live = json.dumps(fac.results(wid), ensure_ascii=False)
    assert not any(s in live for s in secrets) and '"advice": 2' in live
    console.locator("#moderation").scroll_into_view_if_needed()
    shot(console, "peer-coaching-console")
    fac.close()


def test_the_owner_may_take_the_problem_from_their_journal(browser, server):
    fac = Facilitator(server)
    wid, code, (coaching,) = fac.live_workshop(("peer_coaching", PROMPT, {}))
    r = fac.http.post("/api/v1/programmes", json={"title": "Lederutviklingsprogram 2026"})
    assert r.status_code == 201, r.text
    programme = r.json()["id"]
    r = fac.http.post(f"/api/v1/programmes/{programme}/workshops", json={"workshop_id": wid})
    assert r.status_code in (200, 201), r.text
    r = fac.http.post(f"/api/v1/workshops/{wid}/groups", json={"name": "Gygrene"})
    assert r.status_code == 201, r.text
    phone = join_group(browser, server.base, code, "Kari", "Gygrene")
    journal = {"entries": [
        {"id": 1, "question": "Hva har du testet ut?", "body": "Ukentlige en-til-en-samtaler.", "shared": False,
         "created_at": "2026-09-01T10:00:00+00:00"},
        {"id": 2, "question": "Problemstilling til kollegaveiledning", "body": CASES["Gygrene"], "shared": False,
         "created_at": "2026-06-01T10:00:00+00:00"}]}
    phone.route(f"**/api/v1/journal/{programme}", lambda route: route.fulfill(json=journal))
    fac.command(wid, "next")
    picker = phone.locator(f"#pc-journal-{coaching}")
    expect(picker.locator("option")).to_have_count(3)
    # The answer to the journal's peer-coaching question first, though older.
    expect(picker.locator("option").nth(1)).to_have_attribute("title", "Problemstilling til kollegaveiledning")
    picker.select_option("0")
    expect(phone.locator(f"#pc-case-{coaching}")).to_have_value(CASES["Gygrene"])
    phone.set_viewport_size(SMALL)
    shot(phone, "peer-coaching-journal-320")
    fac.close()
