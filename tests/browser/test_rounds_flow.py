"""Diamonds by touch drag-and-drop on shared group boards, their top 3 chained into a 100-point vote."""
from playwright.sync_api import expect

from tests.browser.conftest import axe_violations, presenter_window, shot
from tests.browser.test_group_flow import join_group
from tests.browser.test_phase_timer import signed_in_console
from tests.test_live import Facilitator

VALUES = ["Tillit", "Respekt", "Åpenhet", "Likeverd", "Mot", "Raushet", "Ærlighet", "Toleranse", "Inkludering"]


class Finger:
    """One finger on a phone's touch screen (Chrome DevTools touch events: real touchstart/move/end)."""

    def __init__(self, page):
        self.page = page
        self.cdp = page.context.new_cdp_session(page)
        self.at = (0.0, 0.0)

    @staticmethod
    def centre(locator):
        box = locator.bounding_box()
        return box["x"] + box["width"] / 2, box["y"] + box["height"] / 2

    def down(self, locator):
        self.at = self.centre(locator)
        self._send("touchStart", [self.at])

    def move_to(self, locator, steps: int = 8):
        (x0, y0), (x1, y1) = self.at, self.centre(locator)
        for i in range(1, steps + 1):
            self.at = (x0 + (x1 - x0) * i / steps, y0 + (y1 - y0) * i / steps)
            self._send("touchMove", [self.at])
            self.page.wait_for_timeout(16)
        self.page.wait_for_timeout(80)  # a finger comes to rest on the place before it lets go
        self._send("touchMove", [self.at])

    def up(self):
        self._send("touchEnd", [])

    def _send(self, kind, points):
        self.cdp.send("Input.dispatchTouchEvent", {"type": kind, "touchPoints": [{"x": x, "y": y} for x, y in points]})


def chip(page, item):
    return page.locator(f".chip[data-item='{item}']")


def slot(page, k):
    return page.locator(f".diamond .slot[data-slot='{k}']")


def drag(page, item, k):
    finger = Finger(page)
    finger.down(chip(page, item))
    finger.move_to(slot(page, k))
    finger.up()
    expect(slot(page, k).locator(".chip")).to_have_attribute("data-item", item)


def test_two_groups_build_diamonds_by_touch_and_their_top_three_feed_a_100_point_vote(browser, server):
    fac = Facilitator(server)
    wid, code, (diamond, vote) = fac.live_workshop(
        ("diamond", "Bli enige om 9 verdier. Prioriter dem i diamanten.", {"items": VALUES, "mode": "group"}),
        ("points", "Prioriter verdiene som er viktigst for lederskapet: fordel 100 poeng", {}))
    for name in ("Gygrene", "Stjernelaget"):
        assert fac.http.post(f"/api/v1/workshops/{wid}/groups", json={"name": name}).status_code == 201
    console = signed_in_console(browser, server.base, wid)
    screen = presenter_window(console, server.base, wid)
    a, b = (join_group(browser, server.base, code, f"Leder {i}", "Gygrene") for i in (1, 2))
    c, d = (join_group(browser, server.base, code, f"Leder {i}", "Stjernelaget") for i in (3, 4))
    console.click("#next")
    for page in (a, b, c, d):
        expect(page.locator(".diamond .slot")).to_have_count(9)
        expect(page.locator(".pool .chip")).to_have_count(9)

    # Two members of Gygrene drag at the same moment, with a finger each.
    fa, fb = Finger(a), Finger(b)
    fa.down(chip(a, "Tillit"))
    fb.down(chip(b, "Respekt"))
    fa.move_to(slot(a, 0))
    fb.move_to(slot(b, 1))
    fa.up()
    fb.up()
    for page in (a, b):
        expect(slot(page, 0).locator(".chip")).to_have_attribute("data-item", "Tillit")
        expect(slot(page, 1).locator(".chip")).to_have_attribute("data-item", "Respekt")
    drag(b, "Åpenhet", 2)
    # Stjernelaget: one by touch drag, one by tap-to-place, one by keyboard.
    drag(c, "Mot", 0)
    chip(d, "Respekt").tap()
    slot(d, 1).locator("button").tap()
    chip(d, "Likeverd").focus()
    d.keyboard.press("Enter")
    slot(d, 2).locator("button").focus()
    d.keyboard.press("Enter")
    for page in (c, d):
        expect(slot(page, 2).locator(".chip")).to_have_attribute("data-item", "Likeverd")
        expect(slot(page, 1).locator(".chip")).to_have_attribute("data-item", "Respekt")
    board_a = [slot(a, k).inner_text() for k in range(9)]
    assert board_a == [slot(b, k).inner_text() for k in range(9)]  # both members see one board
    shot(a, "phone-diamond")
    assert axe_violations(a) == []
    expect(screen.locator(".mini-diamond")).to_have_count(2)  # the group boards are on the projector live
    shot(screen, "presenter-diamonds")

    # The next round: the top 3 of every group's diamond, pooled and merged, as the items of the vote.
    console.click("#next")
    console.locator("details.chain summary").click()
    expect(console.locator("#chain-pool-%d" % vote)).to_be_enabled()
    console.fill("#chain-n-%d" % vote, "3")
    console.click("#chain-pool-%d" % vote)
    expect(console.locator("#chain-items-%d" % vote)).to_have_value("Tillit\nRespekt\nÅpenhet\nMot\nLikeverd")
    console.click("#chain-use-%d" % vote)
    for page in (a, b, c):
        expect(page.locator(".points-row")).to_have_count(5)

    plans = {a: {"Tillit": 60, "Respekt": 40}, b: {"Mot": 100}, c: {"Åpenhet": 50, "Likeverd": 50}}
    for page, points in plans.items():
        for item, value in points.items():
            row = page.locator(f".points-row[data-item='{item}']")
            for _ in range(value // 10):
                row.locator("button", has_text="+10").tap()
        expect(page.locator(".points-left")).to_have_attribute("data-left", "0")
        page.locator(".points-form button[type=submit]").tap()
        expect(page.locator(".points-form .counter")).to_contain_text("Lagret")
    shot(c, "phone-points")
    expect(screen.locator(".hidden-results")).to_be_visible()  # a vote stays hidden until revealed
    console.click("#results")
    bars = screen.locator(".bars li")
    expect(bars).to_have_count(5)
    expected = [("Mot", "100", "1"), ("Tillit", "60", "2"), ("Åpenhet", "50", "3"), ("Likeverd", "50", "3"),
                ("Respekt", "40", "5")]
    for i, (item, value, rank) in enumerate(expected):
        expect(bars.nth(i)).to_have_attribute("data-item", item)
        expect(bars.nth(i)).to_have_attribute("data-value", value)
        expect(bars.nth(i)).to_have_attribute("data-rank", rank)
    expect(bars.nth(2).locator(".rank")).to_have_text("=3")
    shot(screen, "presenter-points-ranking")
    assert axe_violations(screen) == []
    fac.close()
