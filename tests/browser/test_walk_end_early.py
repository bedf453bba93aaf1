"""The gallery walk at its real size: ended early every screen lets go of it; six groups fit the projector."""
import re
import time

import httpx
from playwright.sync_api import expect

from tests.browser.conftest import PROJECTOR, presenter_window, shot
from tests.browser.test_group_flow import join_group, visitors_and_hosts
from tests.browser.test_phase_timer import signed_in_console
from tests.conftest import PASSWORD
from tests.test_live import Facilitator, Phone, run

GROUPS = ["Gygrene", "Stjernelaget", "Blåveis"]
SMALL = {"width": 1280, "height": 720}

# Words that a line break split without a hyphen: each word (or hyphenated part) of the visible text
# under `selector` whose Range spans more than one line.
BROKEN_WORDS = """(selector) => {
  const broken = [];
  for (const root of document.querySelectorAll(selector)) {
    const walker = document.createTreeWalker(root, NodeFilter.SHOW_TEXT);
    for (let node = walker.nextNode(); node; node = walker.nextNode()) {
      for (const m of node.data.matchAll(/[^\\s\\-\\u2010\\u2013]+[\\-\\u2010\\u2013]?/g)) {
        const range = document.createRange();
        range.setStart(node, m.index);
        range.setEnd(node, m.index + m[0].length);
        const lines = new Set([...range.getClientRects()].filter((r) => r.width > 0).map((r) => Math.round(r.top)));
        if (lines.size > 1) broken.push(m[0]);
      }
    }
  }
  return broken;
}"""

# Elements under `selector` that reach past the viewport, past the footer, or are cut by their box.
OUT_OF_VIEW = """(selector) => {
  const foot = document.querySelector(".stage-foot").getBoundingClientRect().top;
  const out = [];
  for (const node of document.querySelectorAll(selector)) {
    const r = node.getBoundingClientRect();
    if (r.left < -1 || r.top < -1 || r.right > innerWidth + 1 || r.bottom > foot + 1) out.push([node.className || node.tagName, r.right, r.bottom]);
    if (node.scrollWidth > node.clientWidth + 1 || node.scrollHeight > node.clientHeight + 1) out.push([node.className, "cut"]);
  }
  return out;
}"""


def group_ids(fac, wid) -> dict[int, str]:
    """Group id -> name."""
    return {g["id"]: g["name"] for g in fac.http.get(f"/api/v1/workshops/{wid}/groups").json()["groups"]
            if g["id"] is not None}


def test_ending_the_walk_at_stop_2_stops_every_timer_and_brings_phones_back_with_their_feedback(browser, server):
    fac = Facilitator(server)
    wid, code, (poster,) = fac.live_workshop(("poster", "Lag en plakat: Slik vil vi lede med verdiene våre", {}))
    for name in GROUPS:
        assert fac.http.post(f"/api/v1/workshops/{wid}/groups", json={"name": name}).status_code == 201
    console = signed_in_console(browser, server.base, wid)
    screen = presenter_window(console, server.base, wid)
    phones, group_of = [], {}
    for i in range(6):
        page = join_group(browser, server.base, code, f"Leder {i + 1}", GROUPS[i % 3])
        phones.append(page)
        group_of[page] = GROUPS[i % 3]
    names = group_ids(fac, wid)
    console.click("#next")
    for page in phones[:3]:
        page.fill("textarea.poster-text", f"{group_of[page]}: Vi lover å lytte før vi bestemmer.")
        page.locator("textarea.poster-text").blur()
    expect(screen.locator(".posters .poster-card")).to_have_count(3)

    console.get_by_role("button", name="Start gallerivandringen").click()
    feedback: dict[str, dict[str, str]] = {g: {} for g in GROUPS}  # poster's group -> comment -> mark
    for stop in (1, 2):
        if stop == 2:
            console.click("#phase-skip")
        console.click("#phase-skip")  # the host presents -> comments
        for page in phones:
            expect(page.locator(".stop-banner")).to_have_attribute("data-stop", str(stop))
        visitors, hosts = visitors_and_hosts(phones)
        for page in visitors:
            at = names[int(page.locator(".stop-banner").get_attribute("data-at"))]
            text = f"Stopp {stop}: hva betyr dette i praksis? ({group_of[page]})"
            page.fill("textarea[id^=comment-]", text)
            page.click(".answer-form button[type=submit]")
            expect(page.locator(".live-comments li")).to_have_count(1)
            feedback[at][text] = ""
        for page in hosts:  # every host marks this stop's comment: agreed at stop 1, to discuss at stop 2
            expect(page.locator(".live-comments li")).to_have_count(stop)
            mark, value = ("Enige", "agreed") if stop == 1 else ("Diskuteres", "discuss")
            newest = page.locator(".live-comments li").last
            newest.get_by_role("button", name=mark).click()
            expect(newest).to_have_attribute("data-mark", value)
            feedback[group_of[page]][newest.locator(".comment-text").inner_text()] = value
    expect(screen.locator(".phase-timer .phase-label")).to_have_text("Stopp 2: kommentarer")
    # The console lists the walk's phases read only, translated, with no field to break them in.
    console.click("#phases-heading ~ details summary")
    expect(console.locator(".walk-phases li")).to_have_count(5)
    expect(console.locator(".walk-phases li[aria-current=step]")).to_contain_text("Stopp 2: kommentarer")
    expect(console.locator("#ph-label-0")).to_have_count(0)
    assert "walk:" not in console.inner_text("body")
    shot(console, "walk-console-during-walk")

    console.get_by_role("button", name="Avslutt gallerivandringen").click()
    # No countdown anywhere: not on the projector, not in the console, not on any phone, and it stays so.
    for page in [screen, console, *phones]:
        expect(page.locator(".phase-timer")).to_be_hidden()
    time.sleep(1.5)
    for page in [screen, console, *phones]:
        expect(page.locator(".phase-timer")).to_be_hidden()
        assert "Stopp 3" not in page.inner_text("body")
    # Every phone is back at its own poster with the comments made on it, the host's marks included.
    for page in phones:
        group = group_of[page]
        expect(page.locator(".stop-banner")).to_contain_text("Tilbake i gruppa")
        expect(page.locator("textarea.poster-text")).to_have_value(re.compile(re.escape(f"{group}: Vi lover")))
        items = page.locator(".feedback li")
        expect(items).to_have_count(len(feedback[group]))
        for text, mark in feedback[group].items():
            expect(items.filter(has_text=text)).to_have_attribute("data-mark", mark)
    phones[0].locator(".feedback").scroll_into_view_if_needed()
    shot(phones[0], "walk-end-phone-back-with-feedback")
    # The projector shows the posters, with no banner over them and nothing run off the screen.
    expect(screen.locator("table.rotation")).to_have_count(0)
    expect(screen.locator(".posters .poster-card")).to_have_count(3)
    for size in (PROJECTOR["viewport"], SMALL):
        screen.set_viewport_size(size)
        screen.wait_for_timeout(200)
        assert screen.evaluate(OUT_OF_VIEW, ".posters, .poster-card > *") == []
        assert screen.evaluate(BROKEN_WORDS, ".posters") == []
        shot(screen, f"walk-end-presenter-posters-{size['width']}")
    # The console offers a new walk, not the ended one's buttons, and plans phases by hand again.
    expect(console.get_by_role("button", name="Avslutt gallerivandringen")).to_have_count(0)
    expect(console.locator("#walk-start")).to_have_text("Start gallerivandringen")
    expect(console.locator("#ph-label-0")).to_have_value("Individuelt")
    shot(console, "walk-end-console")
    console.get_by_role("button", name="Lagre fasene").click()  # the translated names are stored as keys
    expect(console.locator(".phase-timer")).to_be_visible()
    clock = fac.http.get(f"/api/v1/workshops/{wid}/live-view").json()["state"]["activity"]["clock"]
    assert [p["label"] for p in clock["phases"]] == ["individual", "group", "plenary"]
    fac.close()


# --- six groups of seven on the projector -----------------------------------------------------------

BIG_GROUPS = ["Kvalitetsforbedrerne", "Medarbeiderdialogen", "Tilstedeværelsene", "Brobyggerne i nord",
              "Tjenesteutviklerne", "Samhandlingsgruppa"]  # up to 20 characters, long compounds
FIRST = ["Kari", "Ingeborg", "Ole-Martin", "Solveig", "Per Christian", "Marianne", "Torbjørn"]
LAST = ["Nordmann-Hansen", "Kristiansen", "Sæbøvik", "Haugland", "Aasen"]


def member_name(group: int, i: int) -> str:
    """A display name of up to 20 characters ("Kari Nordmann-Hansen"); the sixth group stays anonymous."""
    if group == 5:
        return ""
    name = f"{FIRST[i]} {LAST[group]}"
    return name if len(name) <= 20 else f"{FIRST[i]} {LAST[group][0]}."
POSTERS = ["Vi skal:\n- lytte før vi bestemmer\n- gi tillit først\n- Medarbeiderinvolvering i alt vi gjør",
           "Tilstedeværelse og respekt: vi møter opp forberedt og holder avtaler.",
           "Åpenhet om beslutninger – vi forklarer hvorfor, ikke bare hva.\nVi deler det vi lærer.",
           "Samarbeid på tvers av sektorer.\nVi spør før vi antar.",
           "Tjenesteutvikling sammen med innbyggerne.\nVi prøver i det små først.",
           "Vi feirer små seire.\nVi gir ærlige tilbakemeldinger."]


def six_groups_of_seven(fac, server, wid, code) -> tuple[list[str], list[int]]:
    """42 participants joined over the API, moved into the six groups (the last group anonymous); one
    token per group (its first member) and the group ids."""
    gids = [fac.http.post(f"/api/v1/workshops/{wid}/groups", json={"name": n}).json()["id"] for n in BIG_GROUPS]
    tokens = []
    with httpx.Client(base_url=server.base, timeout=30, trust_env=False) as http:
        for g, gid in enumerate(gids):
            for i in range(7):
                r = http.post("/api/v1/join", json={"code": code, "name": member_name(g, i), "language": "nb"})
                assert r.status_code == 201, r.text
                moved = fac.http.post(f"/api/v1/workshops/{wid}/groups/move",
                                      json={"participant_id": r.json()["participant_id"], "group_id": gid})
                assert moved.status_code == 204, moved.text
                if i == 0:
                    tokens.append(r.json()["participant_token"])
    return tokens, gids


def write_posters(server, poster, tokens):
    """One member of each group saves the group's poster over the socket."""
    async def scenario():
        for i, token in enumerate(tokens):
            phone = Phone(server, token)
            await phone.open()
            await phone.send({"type": "submit", "client_id": f"poster-{i:06d}", "activity_id": poster,
                              "payload": {"type": "edit", "base": 0, "text": POSTERS[i]}})
            assert (await phone.reply())["type"] == "ack"
            await phone.close()
    run(scenario())


def check_fits(screen, selector: str, words: str, name: str):
    """At both projector sizes: everything under `selector` on screen, uncut, no word split mid-word."""
    for size in (PROJECTOR["viewport"], SMALL):
        screen.set_viewport_size(size)
        screen.wait_for_timeout(250)
        assert screen.evaluate(OUT_OF_VIEW, selector) == [], size
        assert screen.evaluate(BROKEN_WORDS, words) == [], size
        shot(screen, f"{name}-{size['width']}")


def test_six_groups_of_seven_fit_the_projector_during_and_after_the_walk(browser, server):
    fac = Facilitator(server)
    wid, code, (poster,) = fac.live_workshop(("poster", "Lag en plakat: Slik vil vi lede med verdiene våre", {}))
    tokens, gids = six_groups_of_seven(fac, server, wid, code)
    fac.command(wid, "next")
    write_posters(server, poster, tokens)
    screen = browser.new_context(viewport=PROJECTOR["viewport"]).new_page()
    screen.goto(f"{server.base}/facilitator/login")
    screen.fill("#email", "fasilitator@example.no")
    screen.fill("#password", PASSWORD)
    screen.click("button[type=submit]")
    screen.goto(f"{server.base}/facilitator/workshops/{wid}/present")
    expect(screen.locator(".posters .poster-card")).to_have_count(6)
    expect(screen.locator(".posters .poster-card").first).to_contain_text("Medarbeiderinvolvering")
    check_fits(screen, ".posters, .poster-card > *", ".posters", "walk-presenter-six-posters")

    fac.command(wid, "walk_start", present_seconds=60, comment_seconds=180, return_seconds=300)
    expect(screen.locator("table.rotation tbody tr")).to_have_count(5)
    timer = screen.locator(".phase-timer")
    expect(timer).to_have_attribute("data-state", "running")
    expect(timer.locator(".phase-progress")).to_have_text(re.compile(r"^Stop(p)? 1 (av|of) 5$"))
    # The stop is named once on the screen (the countdown), not also by a chip and a line above the table.
    assert screen.inner_text("body").count("Stopp 1: verten presenterer") == 1
    assert timer.locator(".phase-steps li").all_inner_texts() == [""] * 11
    heads = screen.locator("table.rotation thead th").all_inner_texts()
    assert "—" not in " ".join(heads)
    anonymous = screen.locator("table.rotation thead th", has_text=BIG_GROUPS[5])
    expect(anonymous.locator(".host")).to_have_count(0)  # an anonymous host: no "Vert: —"
    named = screen.locator("table.rotation thead th", has_text=BIG_GROUPS[0]).locator(".host")
    expect(named).to_have_text(re.compile(r"^Vert: \S"))
    check_fits(screen, "#stage-timer .phase-timer, .rotation-fit, table.rotation", "table.rotation, .phase-timer",
               "walk-presenter-six-groups")
    size = screen.evaluate("parseFloat(getComputedStyle(document.querySelector('table.rotation td')).fontSize)")
    print("rotation table font at 1280x720:", size)
    assert size >= 14, size  # still readable from the back of the room at 1280x720

    fac.command(wid, "phase_skip")
    fac.command(wid, "phase_skip")
    expect(screen.locator("table.rotation tr.now")).to_have_attribute("data-stop", "2")
    fac.command(wid, "walk_end")
    expect(timer).to_be_hidden()
    expect(screen.locator(".posters .poster-card")).to_have_count(6)
    check_fits(screen, ".posters, .poster-card > *", ".posters", "walk-presenter-six-posters-after")
    # Phases of one's own, all over: a thin neutral line above the posters, not a red banner of struck chips.
    plan = [{"label": label, "seconds": 60} for label in ("individual", "group", "plenary", "individual", "plenary")]
    assert fac.http.put(f"/api/v1/activities/{poster}/phases", json={"phases": plan}).status_code == 200
    fac.command(wid, "phase_start")
    expect(timer).to_have_attribute("data-state", "running")
    expect(timer.locator(".phase-progress")).to_have_text(re.compile(r"^(Fase|Phase) 1 (av|of) 5$"))
    fac.command(wid, "phase_end")
    expect(timer).to_have_attribute("data-state", "over")
    screen.wait_for_timeout(2600)  # past the end-of-phase flash
    box = timer.bounding_box()
    assert box["height"] <= 0.06 * SMALL["height"], box
    assert screen.evaluate("getComputedStyle(document.querySelector('.phase-timer')).backgroundColor") == "rgb(243, 245, 249)"
    check_fits(screen, ".posters, .poster-card > *", ".posters", "walk-presenter-phases-over")
    fac.close()
