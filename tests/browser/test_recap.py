"""A recap of workshop 1 at the start of workshop 2 of a programme, on real screens: chosen in the editor's setup
view, the 100-point ranking six phones gave on day 1 drawn by the points kind's own view on the projector (with the
summary beside it at 1920, paged at 1280), nothing overflowing; the phones read the summary at 320x568."""
import re

from playwright.sync_api import expect

from tests.browser.conftest import PROJECTOR, shot, signed_in
from tests.browser.layout_checks import layout_problems
from tests.browser.test_phone_real_size import SE, join
from tests.browser.test_presenter_real_size_rounds import answer
from tests.test_live import Facilitator, join_all, run

VALUES = ["Medarbeiderinvolvering", "Tilstedeværelse", "Tillit", "Respekt", "Åpenhet", "Likeverd", "Mot",
          "Kompetanseutvikling"]
VOTES = [{"Tillit": 50, "Medarbeiderinvolvering": 30, "Respekt": 20}, {"Tillit": 40, "Tilstedeværelse": 60},
         {"Respekt": 70, "Åpenhet": 30}, {"Medarbeiderinvolvering": 100}, {"Tillit": 30, "Mot": 20, "Likeverd": 50},
         {"Kompetanseutvikling": 10, "Tillit": 90}]
VOTE_PROMPT = "Prioriter de verdiene som er viktigst for lederskapet i kommunen: fordel 100 poeng"
SUMMARY = ("Dette tok vi med oss fra samling 1:\n- Tillit er viktigst for lederskapet\n"
           "- Medarbeiderinvolvering i endringsprosessene\n- Respekt og åpenhet på tvers av sektorene\n"
           "Vi bygger videre på dette i dag.")
SIZES = [(1920, 1080), (1280, 720)]


def ok(r, status: int = 200):
    assert r.status_code == status, (r.status_code, r.text)
    return r.json()


def test_a_recap_shows_workshop_ones_ranking_on_the_projector(browser, server):
    fac = Facilitator(server)
    http = fac.http
    programme = ok(http.post("/api/v1/programmes", json={"title": "Lederutvikling Seljord 2026", "language": "nb"}), 201)
    first, second = (ok(http.post(f"/api/v1/programmes/{programme['id']}/workshops", json={"title": title}), 201)
                     for title in ("Samling 1", "Samling 2"))

    # Day 1: six phones share their 100 points; the day ends.
    vote = ok(http.post(f"/api/v1/workshops/{first['id']}/activities",
                        json={"kind": "points", "prompt": VOTE_PROMPT, "settings": {"items": VALUES}}), 201)
    code = ok(http.post(f"/api/v1/workshops/{first['id']}/live"))["join_code"]
    fac.command(first["id"], "next")
    answer(server, run(join_all(server, code, len(VOTES))), vote["id"], [{"points": v} for v in VOTES])
    fac.command(first["id"], "show_results")
    ok(http.post(f"/api/v1/workshops/{first['id']}/end"))

    # Day 2 starts with a recap: the facilitator chooses the vote and writes the summary in the editor.
    rec = ok(http.post(f"/api/v1/workshops/{second['id']}/activities",
                       json={"kind": "recap", "prompt": "Oppsummering fra samling 1"}), 201)
    editor = signed_in(browser, server.base, f"/facilitator/workshops/{second['id']}")
    editor.locator(f"#activity-{rec['id']} .agenda-open").click()
    setup = editor.locator(f"#activity-{rec['id']} .recap-setup")
    expect(setup.locator("legend")).to_have_text(re.compile(r"^Samling 1 · \d{1,2}\. \w+ 20\d\d$"))
    setup.get_by_label(re.compile("100 poeng: Prioriter")).check()
    expect(setup.locator(".recap-order li")).to_have_count(1)
    setup.locator(f"#recap-summary-{rec['id']}").fill(SUMMARY)
    setup.locator(f"#recap-save-{rec['id']}").click()
    expect(setup.get_by_role("status")).to_have_text("Lagret.")
    stored = ok(http.get(f"/api/v1/workshops/{second['id']}"))["activities"][0]["settings"]
    assert stored["sources"] == [vote["id"]] and stored["summary"] == SUMMARY
    assert stored["snapshot"][0]["results"]["ranking"][0] == {"item": "Tillit", "score": 210, "rank": 1,
                                                               "tied": False, "people": 4}
    shot(editor, "recap-editor-setup")
    preview = editor.frame_locator(f"#activity-{rec['id']} .preview-presenter iframe")
    expect(preview.locator(f".recap-source[data-source='{vote['id']}'] .bars li")).to_have_count(len(VALUES))
    editor.locator(f"#activity-{rec['id']} .preview").scroll_into_view_if_needed()
    shot(editor, "recap-editor-preview")

    # Live: the recap opens on the projector; the points kind's own bars show day 1's ranking.
    code2 = ok(http.post(f"/api/v1/workshops/{second['id']}/live"))["join_code"]
    fac.command(second["id"], "next")
    screen = signed_in(browser, server.base, f"/facilitator/workshops/{second['id']}/present", PROJECTOR)
    source = screen.locator(f".recap-source[data-source='{vote['id']}']")
    expect(source.locator(".bars li")).to_have_count(len(VALUES))
    expect(source.locator(".recap-from")).to_have_text(re.compile(r"^Samling 1 · "))
    expect(source.locator(".bars li").first).to_have_attribute("data-item", "Tillit")
    for width, height in SIZES:
        screen.set_viewport_size({"width": width, "height": height})
        screen.wait_for_timeout(600)  # the stage fits itself to the new size
        if width == 1920:  # the ranking and the summary side by side, on one page
            expect(source).to_be_visible()
            expect(screen.locator(".recap-summary-page")).to_be_visible()
            expect(screen.locator(".recap-view > .pager-indicator")).to_be_hidden()
        else:  # one at a time: the ranking first, the summary on the next page
            expect(source).to_be_visible()
            expect(screen.locator(".recap-summary-page")).to_be_hidden()
            expect(screen.locator(".recap-view > .pager-indicator")).to_have_text("1/2")
        visible = screen.locator(f".recap-source[data-source='{vote['id']}'] .bars li:visible")
        assert visible.count() >= 3, width  # the top of the ranking is there (a long list may page by itself)
        assert layout_problems(screen, "#presenter") == [], width
        shot(screen, f"recap-presenter-{width}x{height}")

    # The summary's page comes next at 1280 (paged by itself); it fits too.
    expect(screen.locator(".recap-summary-page")).to_be_visible(timeout=20000)
    expect(screen.locator(".recap-summary-page li")).to_have_count(3)
    assert layout_problems(screen, "#presenter") == []
    shot(screen, "recap-presenter-summary-1280x720")

    # Results hidden (R): the room reads the summary alone.
    fac.command(second["id"], "hide_results")
    expect(screen.locator(".recap-source")).to_have_count(0)
    expect(screen.locator(".recap-summary li")).to_have_count(3)
    assert layout_problems(screen, "#presenter") == []
    fac.command(second["id"], "show_results")

    # A phone reads the recap's title and the summary at 320x568.
    phone = join(browser, server.base, code2, SE)
    expect(phone.locator("#prompt")).to_have_text("Oppsummering fra samling 1")
    expect(phone.locator(".recap-summary li")).to_have_count(3)
    assert layout_problems(phone, "#phone", vertical=True) == []
    shot(phone, "recap-phone-320x568")

    # The console lists what is shown and refreshes it.
    console = signed_in(browser, server.base, f"/facilitator/workshops/{second['id']}/console")
    expect(console.locator(".recap-chosen li")).to_have_count(1)
    console.locator(f"#recap-refresh-{rec['id']}").click()
    expect(console.locator(".recap-chosen li")).to_have_count(1)
    expect(console.locator("#moderation .console-error")).to_have_text("")
    shot(console, "recap-console")
    fac.close()
