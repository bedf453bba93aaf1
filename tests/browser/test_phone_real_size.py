"""What a phone shows at its real size (320x568 and 390x844): a new round starts at its question, the group
card stays one line, the connection state is in view while offline, drafts survive a reload, no word breaks."""
import re

from playwright.sync_api import expect

from tests.browser.conftest import PHONE, shot
from tests.test_live import Facilitator

SE = {"viewport": {"width": 320, "height": 568}, "device_scale_factor": 2, "is_mobile": True, "has_touch": True}
VALUES = ["Ærlighet", "Respekt", "Samarbeid", "Åpenhet", "Omsorg", "Mot", "Nytenkning"]
DIAMOND = ["Tillit", "Respekt", "Åpenhet", "Likeverd", "Mot", "Raushet", "Ærlighet", "Toleranse", "Inkludering"]
POINTS_PROMPT = "Prioriter verdiene som er viktigst for lederskapet: fordel 100 poeng"
DIAMOND_PROMPT = "Hvilke verdier er viktigst for oss som ledere?"
LONG_DUTY = ("Skriver ned det gruppa blir enige om, leser det opp for gruppa før dere går videre, og legger det fram "
             "i plenum når fasilitatoren ber om det – kort og med gruppas egne ord.")
ROLES = [{"name": "Sekretær", "rule": "den som har nyest bukse", "duty": LONG_DUTY, "writes": True},
         {"name": "Ordstyrer og tidtaker", "rule": "den med mørkest hår", "duty": "Leder samtalen og passer tida.",
          "writes": False}]

# The prompt's box on the phone's screen, and whether it is all there on the first screen.
PROMPT_BOX = """() => { const p = document.getElementById('prompt'); if (!p) return null;
  const r = p.getBoundingClientRect(); return {top: r.top, bottom: r.bottom, text: p.textContent,
  scrollY: window.scrollY, height: innerHeight}; }"""


def join(browser, base, code, device=SE, name="", group=None):
    """A phone that joined (and chose `group`), connected."""
    page = browser.new_context(**device).new_page()
    page.goto(f"{base}/{code}")
    if name:
        page.fill("#name", name)
    page.click("button[type=submit]")
    expect(page.locator("#status")).to_have_attribute("data-state", "open")
    if group:
        page.get_by_role("button", name=re.compile(group)).click()
        expect(page.locator(".group-name")).to_have_text(group)
    return page


def prompt_on_first_screen(page, prompt: str) -> dict:
    """Wait until the question `prompt` is on screen with its top in the upper part and all of it visible."""
    page.wait_for_function("""(want) => { const p = document.getElementById('prompt');
        if (!p || !p.textContent.startsWith(want)) return false;
        const r = p.getBoundingClientRect();
        return r.top >= 0 && r.top < innerHeight * 0.4 && r.bottom <= innerHeight; }""", arg=prompt, timeout=5000)
    return page.evaluate(PROMPT_BOX)


def plus_ten(page, item, times):
    button = page.locator(f".points-row[data-item='{item}'] .points-controls button").nth(3)
    for _ in range(times):
        button.click()


def test_a_round_change_scrolls_every_phone_to_the_new_question(browser, server):
    """Four phones scrolled deep into a 9-statement scale round all land on the next question."""
    fac = Facilitator(server)
    wid, code, _ids = fac.live_workshop(("scale", "Hvor godt kjenner du deg igjen som leder?", {}),
                                        ("points", POINTS_PROMPT, {"items": VALUES}),
                                        ("scale", "Og etter dagens samling?", {}))
    phones = [join(browser, server.base, code, device) for device in (SE, SE, PHONE, PHONE)]
    fac.command(wid, "next")
    for rnd, (now, upcoming) in enumerate((("Hvor godt", POINTS_PROMPT), (POINTS_PROMPT, "Og etter"))):
        for page in phones:
            expect(page.locator("#prompt")).to_contain_text(now)
            page.evaluate("window.scrollTo(0, document.documentElement.scrollHeight)")
            page.wait_for_function("() => window.scrollY > 250")
        fac.command(wid, "next")
        for i, page in enumerate(phones):
            box = prompt_on_first_screen(page, upcoming)
            assert box["scrollY"] > 0 or box["top"] < 200, box  # at the question, not merely at the page top
            if i in (0, 2):
                shot(page, f"phone-real-round-change-{rnd}-{page.viewport_size['width']}")
    fac.close()


def test_group_card_is_one_line_and_the_question_fits_the_first_screen(browser, server):
    """A 20-character group and a role with a long duty: at 320x568 the points and diamond questions are
    whole on the first screen; the card opens on a tap, and is open by itself only at the first look."""
    fac = Facilitator(server)
    wid, code, _ids = fac.live_workshop(("points", POINTS_PROMPT, {"items": VALUES}),
                                        ("diamond", DIAMOND_PROMPT, {"items": DIAMOND, "mode": "group"}))
    for name in ("Einingsleiarane Nord", "Gygrene"):
        assert fac.http.post(f"/api/v1/workshops/{wid}/groups", json={"name": name}).status_code == 201
    assert fac.http.put(f"/api/v1/workshops/{wid}/roles", json={"roles": ROLES}).status_code == 200
    phones = [join(browser, server.base, code, name=n, group="Einingsleiarane Nord") for n in ("Kari Nordmann", "Ola")]
    assert fac.http.post(f"/api/v1/workshops/{wid}/roles/draw").status_code == 204
    for p in phones:
        expect(p.locator(".role-name")).to_have_text(re.compile("Sekretær|Ordstyrer og tidtaker"))
    page, mate = sorted(phones, key=lambda p: p.locator(".role-name").text_content() != "Sekretær")  # page: the secretary

    # The first look at one's role: the card is open with the duty.
    for p in (page, mate):
        expect(p.locator(".group-line")).to_have_attribute("aria-expanded", "true")
        expect(p.locator(".role-duty")).to_be_visible()
    shot(page, "phone-real-role-first-look")

    fac.command(wid, "next")  # points
    for p in (page, mate):
        box = prompt_on_first_screen(p, POINTS_PROMPT)
        expect(p.locator(".group-line")).to_have_attribute("aria-expanded", "false")
        expect(p.locator(".role-duty")).to_be_hidden()
        left = p.locator(".points-left").bounding_box()
        assert left["y"] + left["height"] <= 568, (box, left)  # what is left to give is on the first screen too
    card = page.locator(".group-card").bounding_box()
    assert card["height"] < 70, card  # one line (two at most), not 40 % of the screen
    shot(page, "phone-real-points-first-screen")

    page.click(".group-line")
    expect(page.locator(".group-line")).to_have_attribute("aria-expanded", "true")
    expect(page.locator(".role-duty")).to_have_text(LONG_DUTY)
    expect(page.locator(".group-more")).to_contain_text("nyest bukse")
    shot(page, "phone-real-group-card-open")
    page.click(".group-line")
    expect(page.locator(".role-duty")).to_be_hidden()

    fac.command(wid, "next")  # diamond
    for p in (page, mate):
        prompt_on_first_screen(p, DIAMOND_PROMPT)
        expect(p.locator(".diamond .slot")).to_have_count(9)
        top = p.locator(".diamond .slot[data-slot='0']").bounding_box()
        assert top["y"] + top["height"] <= 568, top
    shot(page, "phone-real-diamond-first-screen")

    # Reloading keeps the card compact (the first look is remembered) and the question in view.
    page.reload()
    expect(page.locator(".diamond .slot")).to_have_count(9)
    expect(page.locator(".group-line")).to_have_attribute("aria-expanded", "false")
    box = page.evaluate(PROMPT_BOX)
    assert box["top"] >= 0 and box["bottom"] <= 568, box
    fac.close()


def test_offline_answer_is_never_offered_as_saved_and_the_reconnecting_bar_stays_in_view(browser, server):
    """Sent while offline: 'Send' waits (no 'Send again' beside 'Sending…'), the status bar is on screen
    however far the page is scrolled; back online the answer is saved once."""
    fac = Facilitator(server)
    wid, code, _ids = fac.live_workshop(("points", POINTS_PROMPT, {"items": VALUES}))
    fac.command(wid, "next")
    page = join(browser, server.base, code, device=SE)
    # Watch every change of the page: "Send again" and "Sending…" must never be on screen together.
    page.evaluate("""() => { window.__both = [];
      const check = () => { const text = document.getElementById('activity').innerText;
        if (text.includes('Send på nytt') && /Sender\\s…/.test(text)) window.__both.push(text); };
      new MutationObserver(check).observe(document.body, {subtree: true, childList: true, characterData: true}); }""")
    plus_ten(page, "Åpenhet", 6)
    plus_ten(page, "Mot", 4)
    expect(page.locator(".points-left")).to_have_attribute("data-left", "0")

    page.context.set_offline(True)
    page.evaluate("window.dispatchEvent(new Event('offline'))")
    expect(page.locator("#status")).to_have_text("Kobler til på nytt …")
    page.click(".points-form button[type=submit]")
    note = page.locator(".send-state")
    expect(note).to_have_attribute("data-state", "waiting")
    expect(note).to_have_text("Ikke sendt ennå: venter på tilkobling …")
    send = page.locator(".points-form button[type=submit]")
    expect(send).to_have_text("Send")
    expect(send).to_be_disabled()
    page.evaluate("window.scrollTo(0, document.documentElement.scrollHeight)")
    page.wait_for_function("() => window.scrollY > 300")
    page.wait_for_timeout(300)
    bar = page.evaluate("""() => { const s = document.getElementById('status'); const r = s.getBoundingClientRect();
      const hit = document.elementFromPoint(r.left + r.width / 2, r.top + r.height / 2);
      return {top: r.top, bottom: r.bottom, height: r.height, onTop: s.contains(hit), text: s.textContent}; }""")
    assert bar["top"] >= 0 and bar["bottom"] <= 568 and bar["height"] > 10 and bar["onTop"], bar
    left = page.locator(".points-left").bounding_box()
    assert left["y"] >= bar["bottom"] - 1, (left, bar)  # "points left" sticks below the bar, not under it
    shot(page, "phone-real-offline-points")

    page.context.set_offline(False)
    expect(note).to_have_attribute("data-state", "saved", timeout=20000)
    expect(send).to_have_text("Send på nytt")
    expect(page.locator("#status")).to_have_attribute("data-state", "open")
    shot(page, "phone-real-back-online")
    assert page.evaluate("window.__both") == []
    stored = fac.exported_entries(wid)[0]
    assert [e["payload"]["points"] for e in stored] == [{"Åpenhet": 60, "Mot": 40}]
    fac.close()


def test_points_draft_survives_a_reload(browser, server):
    """40 of 100 points given offline, then a reload: the 40 are still there, and go with the answer."""
    fac = Facilitator(server)
    wid, code, _ids = fac.live_workshop(("points", POINTS_PROMPT, {"items": VALUES}))
    fac.command(wid, "next")
    page = join(browser, server.base, code, device=SE)
    expect(page.locator(".points-row[data-item='Respekt']")).to_be_visible()
    page.context.set_offline(True)
    page.evaluate("window.dispatchEvent(new Event('offline'))")
    plus_ten(page, "Respekt", 4)
    expect(page.locator(".points-left")).to_have_attribute("data-left", "60")
    page.context.set_offline(False)
    expect(page.locator("#status")).to_have_attribute("data-state", "open", timeout=20000)
    page.reload()
    expect(page.locator(".points-row[data-item='Respekt'] .points-value")).to_have_text("40")
    expect(page.locator(".points-left")).to_have_attribute("data-left", "60")
    shot(page, "phone-real-points-draft-after-reload")
    plus_ten(page, "Omsorg", 6)
    page.click(".points-form button[type=submit]")
    expect(page.locator(".send-state")).to_have_attribute("data-state", "saved")
    assert [e["payload"]["points"] for e in fac.exported_entries(wid)[0]] == [{"Respekt": 40, "Omsorg": 60}]
    # Saved as it stands: the draft is gone, a reload shows the saved answer.
    assert page.evaluate("Object.keys(localStorage).filter((k) => k.startsWith('samling.draft.'))") == []
    page.reload()
    expect(page.locator(".points-row[data-item='Omsorg'] .points-value")).to_have_text("60")
    fac.close()


def test_scale_draft_survives_a_reload(browser, server):
    """Scores and a reason given but not saved come back after a reload."""
    fac = Facilitator(server)
    wid, code, ids = fac.live_workshop(("scale", "Hvor godt kjenner du deg igjen?", {}))
    fac.command(wid, "next")
    page = join(browser, server.base, code)
    page.locator(".scale-item").nth(1).locator("label", has_text="5").click()
    page.fill("#reason-%s-1" % ids[0], "Jeg gir tilbakemelding hver uke")
    page.reload()
    expect(page.locator(".scale-item").nth(1).locator("input[value='5']")).to_be_checked()
    expect(page.locator("#reason-%s-1" % ids[0])).to_have_value("Jeg gir tilbakemelding hver uke")
    fac.close()


# Every word of the phone's own parts, as laid out: one box each, inside the page's column; no part wider
# than its box (a word too long for its button spills over rather than breaks).
BROKEN_WORDS = """(selector) => {
  const broken = [];
  const column = document.getElementById('phone').getBoundingClientRect();
  const outside = (r) => r.left < column.left - 0.5 || r.right > column.right + 0.5;
  for (const root of document.querySelectorAll(selector)) {
    for (const part of [root, ...root.querySelectorAll('button, label, legend, .points-row, .scale-item')]) {
      if (!part.getClientRects().length || part.closest('.visually-hidden') || part.matches('#status')) continue;
      if (outside(part.getBoundingClientRect())) broken.push('box: ' + part.className);
      if (part.scrollWidth > part.clientWidth + 1) broken.push('overflow: ' + part.textContent);
    }
    const walker = document.createTreeWalker(root, NodeFilter.SHOW_TEXT);
    while (walker.nextNode()) {
      const node = walker.currentNode;
      const parent = node.parentElement;
      if (!parent || parent.closest('.visually-hidden, [hidden]') || !parent.getClientRects().length) continue;
      for (const m of node.data.matchAll(/\\S+/g)) {
        const range = document.createRange();
        range.setStart(node, m.index);
        range.setEnd(node, m.index + m[0].length);
        const rects = [...range.getClientRects()].filter((r) => r.width > 0.5);
        if (rects.length > 1 || rects.some(outside)) broken.push(m[0]);
      }
    }
  }
  return broken;
}"""
MINE = "#prompt, .group-card, .points-form, .scale-form, .poll-form, .answer-form, .mine, #status"
LONG = ["Medarbeiderinvolvering", "Tilstedeværelse", "Arbeidsmiljøutvikling", "Tilbakemeldingskultur",
        "Kompetanseutvikling", "Forventningsavklaring", "Likeverd"]


def test_no_word_is_broken_on_a_small_phone(browser, server):
    """Long Norwegian compounds in questions, items, group and role names stay whole at 320 px."""
    fac = Facilitator(server)
    prompt = "Medarbeiderinvolvering og tilstedeværelsesregistrering: hva er viktigst?"
    wid, code, _ids = fac.live_workshop(("poll", prompt, {"items": LONG}), ("points", prompt, {"items": LONG}),
                                        ("scale", prompt, {"items": LONG}), ("open_text", prompt, {}))
    assert fac.http.post(f"/api/v1/workshops/{wid}/groups", json={"name": "Tilstedeværelsesgjeng"}).status_code == 201
    roles = [{"name": "Medarbeiderinvolveringsansvarlig", "rule": "den som kom sist",
              "duty": "Passer på tilbakemeldingskulturen og forventningsavklaringen.", "writes": True}]
    assert fac.http.put(f"/api/v1/workshops/{wid}/roles", json={"roles": roles}).status_code == 200
    page = join(browser, server.base, code, group="Tilstedeværelsesgjeng")
    assert fac.http.post(f"/api/v1/workshops/{wid}/roles/draw").status_code == 204
    expect(page.locator(".role-name")).to_have_text("Medarbeiderinvolveringsansvarlig")
    for kind in ("poll", "points", "scale", "open_text"):
        fac.command(wid, "next")
        expect(page.locator("#prompt")).to_have_text(prompt)
        if kind == "open_text":
            page.fill("textarea", "Tilstedeværelse og medarbeiderinvolvering")
            page.click(".answer-form button[type=submit]")
            expect(page.locator(".mine li")).to_have_count(1)
        if kind == "points":
            page.click(".group-line")  # the open card too
            expect(page.locator(".role-duty")).to_be_visible()
        assert page.evaluate(BROKEN_WORDS, MINE) == [], kind
        assert page.evaluate("document.documentElement.scrollWidth") <= 320, kind
        shot(page, f"phone-real-long-words-{kind}")
    fac.close()
