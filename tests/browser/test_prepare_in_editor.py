"""A whole day prepared in the editor of a draft workshop (groups, roles, phases), then run live from the console."""
import re

from playwright.sync_api import expect

from tests.browser.conftest import axe_violations, shot, signed_in
from tests.test_live import Facilitator

# Six network groups, the longest 20 characters, as a real day 3 has them.
GROUPS = ["Gygrene", "Stjernelaget", "Godt og blandet", "Blåveis", "Einingsleiarane", "Tilstedeværelse 2025"]
IGP_SHOWN = "Individuelt 3:00 · Gruppe 15:00 · Plenum 10:00"


def draft_day(fac) -> tuple[int, list[int]]:
    """A draft workshop with three activities (not live): its id and the activity ids."""
    r = fac.http.post("/api/v1/workshops", json={"title": "Samling 3 – Gygrene", "language": "nb"})
    wid = r.json()["id"]
    ids = []
    for kind, prompt in [("open_text", "Hva tar du med deg fra refleksjonen?"), ("poster", "VERDI: Som leder skal jeg ..."),
                         ("scale", "Hvor trygg er du på medarbeiderinvolvering?")]:
        r = fac.http.post(f"/api/v1/workshops/{wid}/activities", json={"kind": kind, "prompt": prompt})
        assert r.status_code == 201, r.text
        ids.append(r.json()["id"])
    return wid, ids


def signed_in_editor(browser, base, workshop_id):
    return signed_in(browser, base, f"/facilitator/workshops/{workshop_id}")


def group_names(page) -> list[str]:
    return page.locator(".prep-group input").evaluate_all("(inputs) => inputs.map((i) => i.value)")


def open_activity(page, activity_id):
    """Open one activity's line in the compact agenda (the others close)."""
    line = page.locator(f"#activity-{activity_id} .agenda-open")
    if line.get_attribute("aria-expanded") != "true":
        line.click()
    expect(page.locator(f"#activity-body-{activity_id}")).to_be_visible()


def plan_phases(page, activity_id):
    """Fill in the I-G-P plan on one activity and save it."""
    open_activity(page, activity_id)
    details = page.locator(f"details.prep-phases[data-activity='{activity_id}']")
    details.locator("summary").click()
    details.locator("button[data-preset=igp]").click()
    details.get_by_role("button", name="Lagre fasene").click()
    expect(details.locator(".prep-summary")).to_have_text(IGP_SHOWN)


def test_a_day_prepared_in_the_draft_editor_is_there_when_it_goes_live(browser, server):
    fac = Facilitator(server)
    wid, (first, poster, scale) = draft_day(fac)
    page = signed_in_editor(browser, server.base, wid)

    page.locator("#prep-groups > summary").click()
    for i, name in enumerate(["Gygrene (gammel)"] + GROUPS[1:]):
        page.fill("#prep-new-group", name)
        page.press("#prep-new-group", "Enter")
        expect(page.locator(".prep-group")).to_have_count(i + 1)
        expect(page.locator("#prep-new-group")).to_be_focused()  # ready for the next name
    page.fill("#prep-group-0", GROUPS[0])
    page.locator(".prep-group").first.get_by_role("button", name="Lagre").click()
    expect(page.locator("#prep-group-0")).to_have_value(GROUPS[0])
    page.click("#prep-preset-roles")
    expect(page.locator("#prep-role-name-0")).to_have_value("Ordstyrer og tidtaker")
    expect(page.locator(".role-row")).to_have_count(4)  # the three presets and an empty row for a fourth
    page.fill("#prep-role-rule-0", "den som kom sist")
    page.get_by_role("button", name="Lagre rollene").click()
    plan_phases(page, first)
    plan_phases(page, scale)
    shot(page, "editor-prep-draft")

    page.reload()
    page.locator("#prep-groups > summary").click()
    expect(page.locator(".prep-group")).to_have_count(6)
    assert group_names(page) == GROUPS
    expect(page.locator("#prep-role-rule-0")).to_have_value("den som kom sist")
    for activity, shown in [(first, IGP_SHOWN), (poster, ""), (scale, IGP_SHOWN)]:
        expect(page.locator(f"details.prep-phases[data-activity='{activity}'] .prep-summary")).to_have_text(shown)
    expect(page.locator(f"#activity-{first} .phases-badge")).to_have_text("3 faser, 28:00")  # on the closed line
    expect(page.locator(f"#activity-{poster} .phases-badge")).to_be_hidden()
    open_activity(page, scale)
    page.locator(f"details.prep-phases[data-activity='{scale}'] > summary").click()
    expect(page.locator(f"#prep-ph-{scale}-1-min")).to_have_value("15")
    expect(page.locator(f"#prep-ph-{scale}-1-label")).to_have_value("Gruppe")
    expect(page.locator(f"#prep-ph-{scale}-1-turns")).to_be_checked()
    page.locator("#prep-groups").scroll_into_view_if_needed()
    shot(page, "editor-prep-reloaded")
    assert axe_violations(page) == []  # the open panels: every field labelled, every button named
    w = fac.http.get(f"/api/v1/workshops/{wid}").json()
    assert w["status"] == "draft" and w["join_code"] is None
    roles = fac.http.get(f"/api/v1/workshops/{wid}/groups").json()["roles"]
    assert [r["preset"] for r in roles] == ["chair", "guard", "secretary"] and roles[0]["rule"] == "den som kom sist"

    page.get_by_role("button", name="Start samlingen").click()
    page.wait_for_url(re.compile(r"/console$"))
    expect(page.locator("#status")).to_have_attribute("data-state", "open")
    page.locator("#groups-card > summary").click()
    expect(page.locator(".group-tile h3")).to_have_count(6)
    for name in GROUPS:
        expect(page.locator(".group-tile h3", has_text=name)).to_have_count(1)
    expect(page.locator("#role-rule-0")).to_have_value("den som kom sist")
    page.click("#next")
    expect(page.locator("#current-prompt")).to_have_text("Hva tar du med deg fra refleksjonen?")
    expect(page.locator("#phase-start")).to_be_enabled()
    expect(page.locator("#phase-timer .phase-steps li")).to_have_text(["Individuelt · 3:00", "Gruppe · 15:00", "Plenum · 10:00"])
    page.click("#next")
    expect(page.locator("#current-prompt")).to_have_text("VERDI: Som leder skal jeg ...")
    expect(page.locator("#phase-start")).to_be_disabled()  # no plan was made for the poster
    page.click("#next")
    expect(page.locator("#phase-start")).to_be_enabled()
    page.locator("#phases-heading ~ details > summary").click()
    expect(page.locator("#ph-turns-1")).to_be_checked()
    expect(page.locator("#ph-min-1")).to_have_value("15")
    shot(page, "editor-prep-console-live")
    fac.close()
