"""The presenter, the console and the phones at the real size of a day: 35 people in six groups of 5-7
(names up to 20 characters, some anonymous) and a diamond of long Norwegian compounds, on a projector at
1920x1080 and 1280x720 and on phones 320 and 390 px wide. Nothing may fall off the screen, be cut or have a
word broken; what does not fit on one screen is paged with a visible "1/2"."""
import re

from playwright.sync_api import expect

from tests.browser.conftest import LAPTOP, PHONE, SHOTS, shot
from tests.browser.layout_checks import layout_problems
from tests.browser.test_phase_timer import signed_in_console
from tests.test_live import Facilitator, Phone, run

SIZES = [(1920, 1080), (1280, 720)]
PHONES = [(320, 568), (390, 844)]
PAGE_TURN_MS = 10_500  # the pager turns every 10 s
GROUPS = {"Einingsleiarane Nord": 7, "Rådmannens lederlag": 6, "Godt og blandet": 6, "Stjernelaget": 6,
          "Blåveisgjengen Vest": 5, "Tekniske tenester": 5}
# 33 people join over HTTP (six of them anonymous), two more on the phones in the browser: 35.
NAMES = ["Synnøve Bjørklund", "Håkon Rønningen", "", "Solveig Fossheim", "Eirik Aasen Tveit", "Vebjørn Hovland",
         "Gunnhild Ødegård", "", "Audun Skaar", "Tuva Nygård Haugen", "Sigurd Rustad", "Randi Solberg Myhre",
         "", "Leif Kleppe", "Marit Øvrebø Grønli", "Oddvar Sandvik", "Hege Fjeld", "", "Trygve Bøe",
         "Liv Magnhild Ruud", "Kjetil Bakken", "Åse Lie Vik", "", "Brynjar Kvamme", "Henny Solberg",
         "Asbjørn Haugen", "Tone Lunde Aasen", "Gaute Tveit", "", "Sissel Myhre", "Halvor Kleppe Skaar",
         "Borghild Fossheim", "Torstein Nygård"]
PHONE_NAMES = ["Kristoffer Sandvikås", ""]
ITEMS = ["Medarbeiderinvolvering", "Tilstedeværelse", "Ærlighet", "Samarbeid", "Nytenkning", "Tillit",
         "Rettferdighet", "Åpenhet", "Omsorg"]
PROMPT = "Hvilke verdier er viktigst for oss som ledere?"


def board_of(g: int) -> list[str]:
    """Group g's diamond, slot by slot: every group ranks differently; the first puts the three longest
    words side by side in the middle row."""
    if g == 0:
        return ["Tillit", "Ærlighet", "Samarbeid", "Medarbeiderinvolvering", "Tilstedeværelse", "Rettferdighet",
                "Åpenhet", "Omsorg", "Nytenkning"]
    return ITEMS[g:] + ITEMS[:g]


def rows_of(slots: list[str]) -> list[list[str]]:
    return [slots[0:1], slots[1:3], slots[3:6], slots[6:8], slots[8:9]]


def join(fac: Facilitator, code: str, name: str) -> tuple[int, str]:
    """One participant over HTTP: (participant id, token)."""
    r = fac.http.post("/api/v1/join", json={"code": code, "name": name, "language": "nb"})
    assert r.status_code == 201, r.text
    return r.json()["participant_id"], r.json()["participant_token"]


def phone_page(browser, base: str, code: str, name: str, size: tuple[int, int]):
    """A phone of this width that has joined (named or anonymous)."""
    context = browser.new_context(**{**PHONE, "viewport": {"width": size[0], "height": size[1]}})
    page = context.new_page()
    page.goto(f"{base}/{code}")
    page.fill("#name", name)
    page.click("button[type=submit]")
    expect(page.locator("#status")).to_have_attribute("data-state", "open")
    return page


def whole_page_shot(page, name: str) -> None:
    """A phone's whole page (it scrolls), under test-artifacts/screenshots/."""
    SHOTS.mkdir(parents=True, exist_ok=True)
    page.screenshot(path=str(SHOTS / f"{name}.png"), full_page=True)


def no_problems(page, root: str, where: str, vertical: bool = False) -> None:
    problems = layout_problems(page, root, vertical=vertical)
    assert problems == [], f"{where}: {problems}"


def shown(screen, item: str, attr: str) -> set[str]:
    """The `attr` of every `item` on the screen now (the pager hides those on other pages)."""
    return {n.get_attribute(attr) for n in screen.locator(f"{item}:visible").all()}


def pages_of(screen, item: str, attr: str, where: str) -> list[set[str]]:
    """The `attr` of every `item` shown, page by page (the pager turning them), each page checked for
    layout problems. With more than one page, the indicator reads 1/N, 2/N, ..."""
    indicator = screen.locator(".pager-indicator")
    first = shown(screen, item, attr)
    no_problems(screen, "#presenter", f"{where}, page 1")
    if not indicator.is_visible():
        return [first]
    match = re.fullmatch(r"1/(\d+)", indicator.inner_text().strip())
    assert match, indicator.inner_text()
    pages = [first]
    for n in range(2, int(match[1]) + 1):
        screen.clock.fast_forward(PAGE_TURN_MS)
        expect(indicator).to_have_text(f"{n}/{match[1]}")
        pages.append(shown(screen, item, attr))
        no_problems(screen, "#presenter", f"{where}, page {n}")
    screen.clock.fast_forward(PAGE_TURN_MS)
    expect(indicator).to_have_text(f"1/{match[1]}")  # and round again
    return pages


def at_sizes(screen, name: str, check) -> None:
    """Run `check(where)` with the presenter at each projector size; a screenshot of each."""
    for w, h in SIZES:
        screen.set_viewport_size({"width": w, "height": h})
        screen.wait_for_timeout(400)  # the pager measures again after a resize
        check(f"{name} at {w}x{h}")
        screen.wait_for_timeout(500)  # a page turned in the check has faded in
        shot(screen, f"presenter-real-{name}-{w}x{h}")


def test_a_real_day_fits_the_projector_the_console_and_the_phones(browser, server):
    fac = Facilitator(server)
    wid, code, (diamond, alone) = fac.live_workshop(
        ("diamond", PROMPT, {"items": ITEMS, "mode": "group"}),
        ("diamond", "Hvilke verdier er viktigst for deg?", {"items": ITEMS, "mode": "individual"}))
    group_ids = {}
    for name in GROUPS:
        r = fac.http.post(f"/api/v1/workshops/{wid}/groups", json={"name": name})
        assert r.status_code == 201, r.text
        group_ids[name] = r.json()["id"]
    people = [join(fac, code, name) for name in NAMES]
    phones = [phone_page(browser, server.base, code, name, size) for name, size in zip(PHONE_NAMES, PHONES)]
    members = fac.http.get(f"/api/v1/workshops/{wid}/groups").json()["groups"][-1]["members"]
    ids = sorted(m["id"] for m in members)
    assert len(ids) == 35
    tokens = dict(people)
    first_member = {}
    order = [gid for name, size in GROUPS.items() for gid in [group_ids[name]] * size]
    for pid, gid in zip(ids, order):
        r = fac.http.post(f"/api/v1/workshops/{wid}/groups/move", json={"participant_id": pid, "group_id": gid})
        assert r.status_code == 204, r.text
        first_member.setdefault(gid, pid)
    presets = fac.http.get(f"/api/v1/workshops/{wid}/roles/presets").json()
    assert fac.http.put(f"/api/v1/workshops/{wid}/roles", json={"roles": presets}).status_code == 200
    assert fac.http.post(f"/api/v1/workshops/{wid}/roles/draw").status_code == 204

    console = signed_in_console(browser, server.base, wid)
    screen = console.context.new_page()
    screen.clock.install()  # the pager's 10 s turns, fast-forwarded
    screen.goto(f"{server.base}/facilitator/workshops/{wid}/present")
    expect(screen.locator(".group-tile")).not_to_have_count(0)

    named = [n for n in NAMES + PHONE_NAMES if n]

    def every_group_and_name(where):
        pages = pages_of(screen, ".group-tile", "data-group", where)
        assert set().union(*pages) == {str(g) for g in group_ids.values()}, where
        text = screen.locator(".groups-board").text_content()  # the tiles on other pages too
        assert "•" not in text, where
        for name in named:
            assert name in text, (where, name)

    # The lobby before any activity: the code, the QR and all six groups with their members.
    at_sizes(screen, "lobby", lambda where: (every_group_and_name(where),
                                             expect(screen.locator(".big-code")).to_be_visible()))
    anonymous = screen.locator(".groups-board").text_content().count("Deltaker")
    assert anonymous == 7, anonymous  # six over HTTP and one phone, each numbered within their group

    # The G overlay.
    screen.keyboard.press("g")
    expect(screen.locator(".stage-prompt")).to_have_text("Grupper")
    at_sizes(screen, "lobby-groups-key-g", every_group_and_name)
    screen.keyboard.press("g")

    # The group diamond before anyone has moved a value: the nine values are on the screen.
    console.click("#next")
    expect(screen.locator(".stage-prompt")).to_have_text(PROMPT)

    def waiting(where):
        for item in ITEMS:
            expect(screen.locator(".diamond-values li", has_text=item)).to_be_visible()
        no_problems(screen, "#presenter", where)

    at_sizes(screen, "diamond-empty", waiting)
    for page, (w, _h) in zip(phones, PHONES):
        expect(page.locator(".pool .chip")).to_have_count(9)
        no_problems(page, "#phone", f"empty group diamond on a {w} px phone", vertical=True)
        whole_page_shot(page, f"presenter-real-diamond-phone-empty-{w}")

    # Every group fills its board by moves from a member's phone.
    async def fill():
        for g, gid in enumerate(group_ids.values()):
            phone = Phone(server, tokens[first_member[gid]])
            await phone.open()
            for k, item in enumerate(board_of(g)):
                await phone.send({"type": "submit", "client_id": f"move-{g}-{k:04d}", "activity_id": diamond,
                                  "payload": {"type": "move", "item": item, "slot": k}})
                assert (await phone.reply())["type"] == "ack"
            await phone.close()

    run(fill())
    expect(screen.locator(".mini-diamond")).to_have_count(6)

    def six_boards(where):
        expect(screen.locator(".diamond-legend")).to_be_visible()
        pages = pages_of(screen, ".mini-diamond", "data-board", where)
        assert set().union(*pages) == {str(g) for g in group_ids.values()}, where
        assert len(pages) > 1, f"{where}: six boards of long words on one screen would be unreadable"
        bars = screen.locator(".bars li")
        expect(bars).to_have_count(9)

    at_sizes(screen, "diamond-boards", six_boards)

    # A redraw (one more move, a results message) keeps the page the room is on, and the time of its turn.
    indicator = screen.locator(".pager-indicator")
    screen.clock.fast_forward(PAGE_TURN_MS)
    expect(indicator).to_have_text(re.compile(r"^2/\d+$"))
    on_page = shown(screen, ".mini-diamond", "data-board")
    screen.clock.fast_forward(6_000)
    first = group_ids["Einingsleiarane Nord"]

    async def swap_top_two():
        phone = Phone(server, tokens[first_member[first]])
        await phone.open()
        await phone.send({"type": "submit", "client_id": "move-swap-0001", "activity_id": diamond,
                          "payload": {"type": "move", "item": "Ærlighet", "slot": 0}})
        assert (await phone.reply())["type"] == "ack"
        await phone.close()

    run(swap_top_two())
    expect(screen.locator(f".mini-diamond[data-board='{first}'] .diamond-row[data-row='1']")).to_have_text("Ærlighet")
    expect(indicator).to_have_text(re.compile(r"^2/\d+$"))
    assert shown(screen, ".mini-diamond", "data-board") == on_page
    screen.clock.fast_forward(5_000)  # 11 s since the turn: the redraw did not restart the 10 s
    expect(indicator).not_to_have_text(re.compile(r"^2/\d+$"))
    # Even the board with the three longest words in one row stays readable at 1280x720 (the last size).
    sizes = screen.locator(".mini-diamond .slot").evaluate_all(
        "nodes => nodes.map(n => parseFloat(getComputedStyle(n).fontSize)).filter(Boolean)")
    assert min(sizes) >= 12, sizes

    # The console shows the same boards and ranking, every word whole.
    for w, h in [(LAPTOP["viewport"]["width"], LAPTOP["viewport"]["height"]), *SIZES]:
        console.set_viewport_size({"width": w, "height": h})
        expect(console.locator("#moderation .mini-diamond")).to_have_count(6)
        console.wait_for_timeout(300)
        no_problems(console, "#moderation", f"console at {w}x{h}", vertical=True)
        console.locator("#moderation").scroll_into_view_if_needed()
        shot(console, f"presenter-real-diamond-console-{w}x{h}")

    # The phones show their group's full board, every value whole.
    for page, (w, _h) in zip(phones, PHONES):
        expect(page.locator(".diamond .slot .chip")).to_have_count(9)
        no_problems(page, "#phone", f"group diamond on a {w} px phone", vertical=True)
        whole_page_shot(page, f"presenter-real-diamond-phone-{w}")

    # The individual diamond: the room sees the sum only, with the points legend.
    console.click("#next")
    expect(screen.locator(".stage-prompt")).to_have_text("Hvilke verdier er viktigst for deg?")
    at_sizes(screen, "diamond-individual-empty", waiting)

    async def individual():
        for i, (_pid, token) in enumerate(people[:8]):
            phone = Phone(server, token)
            await phone.open()
            await phone.send({"type": "submit", "client_id": f"rows-{i:04d}", "activity_id": alone,
                              "payload": {"rows": rows_of(board_of(i % 6))}})
            assert (await phone.reply())["type"] == "ack"
            await phone.close()

    run(individual())
    expect(screen.locator(".bars li")).to_have_count(9)

    def ranking(where):
        expect(screen.locator(".diamond-legend")).to_be_visible()
        expect(screen.locator(".mini-diamond")).to_have_count(0)
        no_problems(screen, "#presenter", where)

    at_sizes(screen, "diamond-individual", ranking)
    for page, (w, _h) in zip(phones, PHONES):
        expect(page.locator(".diamond .slot")).to_have_count(9)
        no_problems(page, "#phone", f"individual diamond on a {w} px phone", vertical=True)
        whole_page_shot(page, f"presenter-real-diamond-phone-individual-{w}")
    fac.close()
