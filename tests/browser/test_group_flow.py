"""A group day as people run it: six phones in three groups, roles, I-G-P phases, posters, a gallery walk, export."""
import io
import re

from openpyxl import load_workbook
from playwright.sync_api import expect

from tests.browser.conftest import PHONE, axe_violations, presenter_window, shot
from tests.browser.test_phase_timer import signed_in_console
from tests.test_live import Facilitator

GROUPS = ["Gygrene", "Stjernelaget", "Blåveis"]
LINES = {"Gygrene": "VERDI: Tillit – som leder skal jeg gi ansvar", "Stjernelaget": "VERDI: Respekt – jeg lytter først",
         "Blåveis": "VERDI: Åpenhet – jeg deler det jeg vet"}


def join_group(browser, base, code, name, group):
    page = browser.new_context(**PHONE).new_page()
    page.goto(f"{base}/{code}")
    page.fill("#name", name)
    page.click("button[type=submit]")
    expect(page.locator("#status")).to_have_attribute("data-state", "open")
    page.get_by_role("button", name=re.compile(group)).click()
    expect(page.locator(".group-name")).to_contain_text(group)
    return page


def visitors_and_hosts(phones):
    """(visitor pages, host pages) at the current stop, read from what each phone shows."""
    for page in phones:
        expect(page.locator(".stop-banner")).to_be_visible()
    hosts = [p for p in phones if p.locator(".stop-banner").get_attribute("data-host") == "true"]
    visitors = [p for p in phones if p.locator(".stop-banner").get_attribute("data-host") == "false"]
    return visitors, hosts


def test_six_phones_three_groups_roles_phases_and_a_gallery_walk(browser, server):
    fac = Facilitator(server)
    wid, code, (reflection, poster) = fac.live_workshop(
        ("open_text", "Hva kjennetegner en leder som gir tillit?", {}),
        ("poster", "VERDI: Som leder skal jeg ...", {}))
    for name in GROUPS:
        assert fac.http.post(f"/api/v1/workshops/{wid}/groups", json={"name": name}).status_code == 201
    fac.http.put(f"/api/v1/activities/{reflection}/phases", json={"phases": [
        {"label": "individual", "seconds": 2}, {"label": "group", "seconds": 4, "turns": True},
        {"label": "plenary", "seconds": 2}]})
    console = signed_in_console(browser, server.base, wid)
    screen = presenter_window(console, server.base, wid)

    phones, group_of = [], {}
    for i in range(6):
        group = GROUPS[i % 3]
        page = join_group(browser, server.base, code, f"Leder {i + 1}", group)
        phones.append(page)
        group_of[page] = group
    expect(screen.locator(".groups-board .group-tile")).to_have_count(3)
    for name in GROUPS:
        expect(screen.locator(".group-tile", has_text=name).locator("li")).to_have_count(2)
    shot(screen, "presenter-groups")

    # Roles: the standard three, drawn in every group; each phone shows its own.
    console.click("#groups-card summary")
    console.get_by_role("button", name="Bruk standardrollene").click()
    expect(console.locator("#draw-roles")).to_be_enabled()
    console.click("#draw-roles")
    for page in phones:
        expect(page.locator(".role-name")).to_have_text(re.compile("Ordstyrer og tidtaker|Viddevakt|Sekretær"))
    shot(phones[0], "phone-group-and-role")
    shot(console, "console-groups-and-roles")
    assert axe_violations(phones[0]) == []
    assert axe_violations(console) == []

    # I-G-P: the phases run out by themselves on every phone; the group phase goes turn by turn.
    console.click("#next")
    console.click("#phase-start")
    expect(phones[0].locator(".phase-label")).to_have_text("Individuelt")
    expect(phones[0].locator(".phase-turn")).to_contain_text("Leder", timeout=6000)
    expect(screen.locator(".phase-label")).to_have_text("Plenum", timeout=8000)
    for page in phones:
        expect(page.locator(".phase-timer")).to_have_attribute("data-state", "over", timeout=8000)

    # Posters: one member of each group writes; the other sees it live.
    console.click("#next")
    writers = {}
    for page in phones:
        if group_of[page] not in writers:
            writers[group_of[page]] = page
            page.fill("textarea.poster-text", f"{LINES[group_of[page]]}\n")
            page.locator("textarea.poster-text").blur()
    for page in phones:
        expect(page.locator("textarea.poster-text")).to_have_value(re.compile(re.escape(LINES[group_of[page]])))
    expect(screen.locator(".posters .poster-card")).to_have_count(3)

    # The gallery walk: stop 1 and stop 2 (each visiting set sees both other posters), then back home.
    console.get_by_role("button", name="Start gallerivandringen").click()
    comments = 0
    for stop in (1, 2):
        if stop == 2:
            console.click("#phase-skip")
        console.click("#phase-skip")  # from "the host presents" to the comments
        expect(screen.locator("table.rotation tr.now")).to_have_attribute("data-stop", str(stop))
        for page in phones:
            expect(page.locator(".stop-banner")).to_have_attribute("data-stop", str(stop))
        visitors, hosts = visitors_and_hosts(phones)
        assert len(visitors) == 3 and len(hosts) == 3
        for page in visitors:
            at = page.locator(".stop-banner").get_attribute("data-at")
            page.fill("textarea[id^=comment-]", f"Stopp {stop}: konkret og godt ({group_of[page]})")
            page.click(".answer-form button[type=submit]")
            expect(page.locator(".live-comments li")).to_have_count(1)
            assert at is not None
            comments += 1
        if stop == 1:
            shot(visitors[0], "phone-gallery-walk-stop")
            shot(screen, "presenter-gallery-rotation")
            assert axe_violations(visitors[0]) == []
            assert axe_violations(screen) == []
        else:  # a visitor's phone reloads in the middle of the walk: same stop, same poster, own comment
            page = visitors[0]
            at = page.locator(".stop-banner").get_attribute("data-at")
            page.reload()
            expect(page.locator(".stop-banner")).to_have_attribute("data-stop", "2")
            expect(page.locator(".stop-banner")).to_have_attribute("data-at", at)
            expect(page.locator(".live-comments li")).to_have_count(1)
        for page in hosts:
            expect(page.locator(".live-comments li")).to_have_count(stop)
        # The host marks the newest comment: agreed at the first stop, to discuss at the second.
        mark, value = ("Enige", "agreed") if stop == 1 else ("Diskuteres", "discuss")
        hosts[0].locator(".live-comments li").last.get_by_role("button", name=mark).click()
        expect(hosts[0].locator(f".live-comments li[data-mark={value}]")).to_have_count(1)

    console.click("#phase-skip")  # the last comments end: everyone is back with the group
    for page in phones:
        expect(page.locator(".stop-banner")).to_contain_text("Tilbake i gruppa")
        expect(page.locator(".feedback li")).to_have_count(2)
    final = writers["Gygrene"]
    final.fill("textarea.poster-text", f"{LINES['Gygrene']}\nVi prøver dette før neste samling.")
    final.locator("textarea.poster-text").blur()
    other = next(p for p in phones if group_of[p] == "Gygrene" and p is not final)
    expect(other.locator("textarea.poster-text")).to_have_value(re.compile("før neste samling"))

    response = console.request.get(f"{server.base}/api/v1/workshops/{wid}/export.xlsx")
    assert response.ok
    book = load_workbook(io.BytesIO(response.body()))
    sheet = book[book.sheetnames[2]]
    cells = [str(c.value) for row in sheet.iter_rows() for c in row if c.value is not None]
    assert any("før neste samling" in c and LINES["Gygrene"] in c for c in cells)
    assert all(any(LINES[g] in c for c in cells) for g in GROUPS)
    assert sum(c.startswith("Stopp ") for c in cells) >= comments  # in the raw entries and the result table
    assert "Enige" in cells and "Diskuteres" in cells  # the host's marks, in the workshop's bokmål
    fac.close()
