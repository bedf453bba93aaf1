"""Every kind of result a recap is likely to show (a self-assessment, a word cloud, an answer wall, a poll) drawn by
its own view inside the recap on a real projector: beside the summary at 1920x1080 where it fits half the screen (else
alone, paged), alone at 1280x720, nothing overflowing and no word broken; a summary as long as allowed fits too."""
import re

import pytest
from playwright.sync_api import expect

from tests.browser.conftest import PROJECTOR, shot, signed_in
from tests.browser.layout_checks import layout_problems
from tests.browser.test_phone_real_size import SE, join
from tests.browser.test_presenter_real_size_rounds import ANSWERS, LONG, POLL, answer, scale_of
from tests.test_live import Facilitator, join_all, run

ROOM = 12
WORDS = ["tillit", "respekt", "medarbeiderinvolvering", "åpenhet", "tilstedeværelse", "mot", "raushet"]
SUMMARY = "Dette tok vi med oss:\n- Vi må snakke mer sammen på tvers\n- Tillit kommer før alt annet\nNeste steg: i dag."
ROUNDS = [
    ("scale", "Hvor godt gjør du dette som leder i dag? (1 = i liten grad, 6 = i stor grad)", {"items": LONG[:6]},
     lambda i: scale_of(i, LONG[:6])),
    ("word_cloud", "Hvilke verdier er viktigst i samarbeidet mellom sektorene?", {"words_per_participant": 3},
     lambda i: {"text": WORDS[i % len(WORDS)]}),
    ("open_text", "Hva skal til for at et slikt program blir nyttig for deg?", {"max_answers": 3},
     lambda i: {"text": ANSWERS[i % len(ANSWERS)]}),
    ("poll", "Hvilken verdi bør vi jobbe mest med neste halvår?", {"items": POLL},
     lambda i: {"choices": [POLL[i % len(POLL)]]}),
]


def ok(r, status: int = 200):
    assert r.status_code == status, (r.status_code, r.text)
    return r.json()


@pytest.mark.parametrize("kind", [r[0] for r in ROUNDS])
def test_a_recap_draws_each_kind_with_its_own_view(browser, server, kind):
    fac = Facilitator(server)
    http = fac.http
    programme = ok(http.post("/api/v1/programmes", json={"title": "Lederutvikling", "language": "nb"}), 201)
    first, second = (ok(http.post(f"/api/v1/programmes/{programme['id']}/workshops", json={"title": title}), 201)
                     for title in ("Samling 1", "Samling 2"))
    _kind, prompt, settings, payload = next(r for r in ROUNDS if r[0] == kind)
    source = ok(http.post(f"/api/v1/workshops/{first['id']}/activities",
                          json={"kind": kind, "prompt": prompt, "settings": settings}), 201)
    code = ok(http.post(f"/api/v1/workshops/{first['id']}/live"))["join_code"]
    fac.command(first["id"], "next")
    answer(server, run(join_all(server, code, ROOM)), source["id"], [payload(i) for i in range(ROOM)])
    ok(http.post(f"/api/v1/workshops/{first['id']}/end"))
    ok(http.post(f"/api/v1/workshops/{second['id']}/activities", json={
        "kind": "recap", "prompt": "Oppsummering fra samling 1",
        "settings": {"sources": [source["id"]], "summary": SUMMARY}}), 201)
    ok(http.post(f"/api/v1/workshops/{second['id']}/live"))
    fac.command(second["id"], "next")

    screen = signed_in(browser, server.base, f"/facilitator/workshops/{second['id']}/present", PROJECTOR)
    page = screen.locator(f".recap-source[data-kind='{kind}']")
    expect(page.locator(".recap-body > *").first).to_be_visible()
    expect(page.locator(".recap-body > .hidden-results")).to_have_count(0)  # drawn by its kind, not the fallback
    for width, height in ((1920, 1080), (1280, 720)):
        screen.set_viewport_size({"width": width, "height": height})
        screen.wait_for_timeout(800)
        expect(page).to_be_visible()
        side_by_side = screen.locator(".recap-summary-page").is_visible()
        if not side_by_side:  # a view that does not fit half the screen is shown alone
            expect(screen.locator(".recap-view > .pager-indicator")).to_have_text(re.compile("^1/2$"))
        assert not (side_by_side and width < 1600), (kind, width)  # two side by side only on a wide screen
        shot(screen, f"recap-kind-{kind}-{width}x{height}")
        assert layout_problems(screen, "#presenter") == [], (kind, width)
    fac.close()


def test_a_summary_as_long_as_allowed_fits_the_projector_and_reads_on_a_phone(browser, server):
    fac = Facilitator(server)
    http = fac.http
    programme = ok(http.post("/api/v1/programmes", json={"title": "Lederutvikling", "language": "nb"}), 201)
    ok(http.post(f"/api/v1/programmes/{programme['id']}/workshops", json={"title": "Samling 1"}), 201)
    second = ok(http.post(f"/api/v1/programmes/{programme['id']}/workshops", json={"title": "Samling 2"}), 201)
    lines = ["Oppsummering av innspillene fra samling 1, slik gruppene la dem fram i plenum:"]
    point = "- Medarbeiderinvolvering og tilstedeværelse i hverdagen, også når det er krevende i tjenestene"
    while len("\n".join(lines + [point])) <= 1960:
        lines.append(point)
    lines.append("Vi bygger videre i dag.")
    summary = "\n".join(lines)
    assert 1900 < len(summary) <= 2000
    ok(http.post(f"/api/v1/workshops/{second['id']}/activities", json={
        "kind": "recap", "prompt": "Oppsummering fra samling 1", "settings": {"summary": summary}}), 201)
    code = ok(http.post(f"/api/v1/workshops/{second['id']}/live"))["join_code"]
    fac.command(second["id"], "next")
    screen = signed_in(browser, server.base, f"/facilitator/workshops/{second['id']}/present", PROJECTOR)
    expect(screen.locator(".recap-summary li")).to_have_count(len(lines) - 2)
    for width, height in ((1920, 1080), (1280, 720)):
        screen.set_viewport_size({"width": width, "height": height})
        screen.wait_for_timeout(600)
        shot(screen, f"recap-long-summary-{width}x{height}")
        assert layout_problems(screen, "#presenter") == [], width
    phone = join(browser, server.base, code, SE)
    expect(phone.locator(".recap-summary li")).to_have_count(len(lines) - 2)
    assert layout_problems(phone, "#phone", vertical=True) == []
    shot(phone, "recap-long-summary-phone-320x568")
    fac.close()
