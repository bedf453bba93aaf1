"""A whole day 3 prepared in the compact editor of a draft (activities added by kind, six named groups, roles,
phases on three activities, a diamond feeding a 100-point round, reordered without a reload, previewed), then run
live: the groups, roles and phases are there, and the fed round opens with the pooled list."""
import re

from playwright.sync_api import expect

from app.activities import KINDS
from tests.browser.conftest import axe_violations, shot, signed_in
from tests.browser.test_group_flow import join_group
from tests.browser.test_prepare_in_editor import GROUPS, open_activity, plan_phases
from tests.browser.test_rounds_flow import VALUES, chip, slot
from tests.test_live import Facilitator

CLOUD = "Hva er god ledelse for deg?"
DIAMOND = "Bli enige om 9 verdier og prioriter dem i diamanten"
VOTE = "Prioriter verdiene som er viktigst for lederskapet: fordel 100 poeng"
SCALE = "Hvor godt gjør du dette som leder i dag? Medarbeiderinvolvering"
BOARDS = {"Gygrene": ["Tillit", "Respekt", "Åpenhet"], "Stjernelaget": ["Mot", "Tillit", "Likeverd"]}


def add_activity(page, kind: str, prompt: str, count: int, items: list[str] | None = None) -> int:
    """Add an activity through the kind chooser; the editor comes back with it open. Its id."""
    card = page.locator(f".kind-card[data-kind='{kind}']")
    expect(card.locator(".kind-description")).not_to_be_empty()
    card.click()
    page.fill(f"#new-{kind}", prompt)
    if items:
        page.fill(f"#new-{kind}-items", "\n".join(items))
    page.locator(f"#add-{kind} button[type=submit]").click()
    expect(page.locator(".agenda-item")).to_have_count(count)
    opened = page.locator(".agenda-item.open")
    expect(opened).to_have_count(1)
    expect(opened.locator(".agenda-prompt")).to_have_text(prompt)
    return int(opened.get_attribute("data-activity"))


def drag(page, handle, target) -> None:
    """Drag with the mouse, in small steps, from a handle to the upper part of a target line."""
    box, goal = handle.bounding_box(), target.bounding_box()
    page.mouse.move(box["x"] + box["width"] / 2, box["y"] + box["height"] / 2)
    page.mouse.down()
    x, y = goal["x"] + 40, goal["y"] + goal["height"] / 4
    page.mouse.move(x, y, steps=20)
    page.wait_for_timeout(200)
    page.mouse.move(x, y - 2, steps=2)
    page.mouse.up()


def order(fac, wid) -> list[str]:
    return [a["prompt"] for a in fac.http.get(f"/api/v1/workshops/{wid}").json()["activities"]]


def test_a_whole_day_prepared_in_the_draft_editor_runs_live(browser, server):
    fac = Facilitator(server)
    wid = fac.http.post("/api/v1/workshops", json={"title": "Samling 3: Verdier og ledelse", "language": "nb"}).json()["id"]
    page = signed_in(browser, server.base, f"/facilitator/workshops/{wid}")

    # The agenda, added kind by kind (each kind says what the room does).
    expect(page.locator(".kind-card")).to_have_count(len(KINDS))
    cloud = add_activity(page, "word_cloud", CLOUD, 1)
    diamond = add_activity(page, "diamond", DIAMOND, 2, VALUES)
    scale = add_activity(page, "scale", SCALE, 3)
    vote = add_activity(page, "points", VOTE, 4)  # its list left empty: the diamond will fill it
    assert order(fac, wid) == [CLOUD, DIAMOND, SCALE, VOTE]

    # The newcomer is told where an empty list can come from, and plans it.
    expect(page.locator(f"#fed-hint-{vote}")).to_be_visible()
    page.locator(f"#activity-{vote} details.chain > summary").click()
    expect(page.locator(f"#chain-source-{vote} option")).to_have_count(2)  # the cloud and the diamond can feed it
    page.select_option(f"#chain-source-{vote}", label=DIAMOND)
    page.fill(f"#chain-n-{vote}", "3")
    page.click(f"#chain-save-plan-{vote}")
    expect(page.locator(f"#chain-plan-{vote}")).to_contain_text(f"«{DIAMOND}»")
    expect(page.locator(f"#activity-{vote} .feed-badge")).to_be_visible()

    # Reordering: the arrows and a drag, without a reload (the page keeps a mark of its own).
    page.evaluate("window.sameDocument = true")
    page.locator(f"#activity-{vote} button.move[data-step='-1']").click()
    expect(page.locator(f"#activity-{vote} .agenda-number")).to_have_text("3")
    expect(page.locator(f"#activity-{vote} button.move[data-step='-1']")).to_be_focused()
    for _ in range(50):
        if order(fac, wid) == [CLOUD, DIAMOND, VOTE, SCALE]:
            break
        page.wait_for_timeout(100)
    assert order(fac, wid) == [CLOUD, DIAMOND, VOTE, SCALE]
    page.locator(f"#activity-{vote} .agenda-open").click()  # closed again: the whole agenda in view
    drag(page, page.locator(f"#activity-{scale} .drag-handle"), page.locator(f"#activity-{cloud} .agenda-line"))
    expect(page.locator(f"#activity-{scale} .agenda-number")).to_have_text("1")
    for _ in range(50):
        if order(fac, wid)[0] == SCALE:
            break
        page.wait_for_timeout(100)
    assert order(fac, wid) == [SCALE, CLOUD, DIAMOND, VOTE]
    assert page.evaluate("window.sameDocument") is True

    # Groups and roles, then phases on three activities.
    page.locator("#prep-groups > summary").click()
    for i, name in enumerate(GROUPS):
        page.fill("#prep-new-group", name)
        page.press("#prep-new-group", "Enter")
        expect(page.locator(".prep-group")).to_have_count(i + 1)
    page.click("#prep-preset-roles")
    expect(page.locator("#prep-role-name-2")).to_have_value("Sekretær")
    for activity in (cloud, diamond, scale):
        plan_phases(page, activity)

    # The compact agenda: one line each; the open one previews what the phone and the projector will show.
    page.reload()
    open_activity(page, diamond)
    phone_preview = page.frame_locator(f"#activity-{diamond} .preview-phone iframe")
    expect(phone_preview.locator("#prompt")).to_have_text(DIAMOND)
    expect(phone_preview.locator(".group-name")).to_contain_text(GROUPS[0])  # a phone of the first group
    screen_preview = page.frame_locator(f"#activity-{diamond} .preview-presenter iframe")
    expect(screen_preview.locator(".stage-prompt")).to_have_text(DIAMOND)
    page.locator("#agenda-heading").scroll_into_view_if_needed()
    shot(page, "editor-compact-open-diamond")
    page.locator(f"#activity-{diamond} .agenda-open").click()  # closes it
    expect(page.locator(".agenda-item.open")).to_have_count(0)
    lines = page.locator(".agenda-item").evaluate_all("(items) => items.map((i) => i.getBoundingClientRect().height)")
    assert len(lines) == 4 and max(lines) < 70, lines  # one line per activity, not a form each
    for activity in (scale, cloud, diamond):
        expect(page.locator(f"#activity-{activity} .phases-badge")).to_have_text("3 faser, 28:00")
    expect(page.locator(f"#activity-{vote} .phases-badge")).to_be_hidden()
    shot(page, "editor-compact-agenda")
    assert axe_violations(page) == []
    w = fac.http.get(f"/api/v1/workshops/{wid}").json()
    assert w["status"] == "draft" and w["join_code"] is None  # all of it without going live

    # Live: the groups, roles and phases are there.
    page.get_by_role("button", name="Start samlingen").click()
    page.wait_for_url(re.compile(r"/console$"))
    console = page
    expect(console.locator("#status")).to_have_attribute("data-state", "open")
    code = fac.http.get(f"/api/v1/workshops/{wid}").json()["join_code"]
    phones = {name: join_group(browser, server.base, code, f"Leder i {name}", name) for name in BOARDS}
    console.locator("#groups-card > summary").click()
    expect(console.locator(".group-tile h3")).to_have_count(6)
    console.click("#draw-roles")
    for phone in phones.values():
        expect(phone.locator(".role-name")).to_have_text(re.compile("Ordstyrer og tidtaker|Viddevakt|Sekretær"))
    console.click("#next")
    expect(console.locator("#current-prompt")).to_have_text(SCALE)
    expect(console.locator("#phase-timer .phase-steps li")).to_have_text(["Individuelt · 3:00", "Gruppe · 15:00", "Plenum · 10:00"])
    console.click("#next")
    console.click("#next")
    expect(console.locator("#current-prompt")).to_have_text(DIAMOND)
    expect(console.locator("#phase-start")).to_be_enabled()

    # Each group puts its top three on its shared board (tap a value, then a place).
    for name, top in BOARDS.items():
        phone = phones[name]
        expect(phone.locator("#prompt")).to_have_text(DIAMOND)
        for k, item in enumerate(top):
            chip(phone, item).tap()
            slot(phone, k).locator("button").tap()
            expect(slot(phone, k).locator(".chip")).to_have_attribute("data-item", item)

    # The fed round opens with the pooled top three of both diamonds, on the console and the phones.
    console.click("#next")
    expect(console.locator("#current-prompt")).to_have_text(VOTE)
    pooled = ["Tillit", "Respekt", "Åpenhet", "Mot", "Likeverd"]
    for phone in phones.values():
        expect(phone.locator("#prompt")).to_have_text(VOTE)
        expect(phone.locator(".points-form [data-item]")).to_have_count(len(pooled))
        for item in pooled:
            expect(phone.locator(f".points-form [data-item='{item}']")).to_have_count(1)
    stored = fac.http.get(f"/api/v1/workshops/{wid}").json()["activities"][3]["settings"]["items"]
    assert sorted(stored) == sorted(pooled)
    shot(phones["Gygrene"], "day-prepared-fed-round-phone")
    shot(console, "day-prepared-fed-round-console")
    fac.close()
