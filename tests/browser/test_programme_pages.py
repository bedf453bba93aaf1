"""The facilitator's programme pages in a real browser: a programme made on the dashboard, its workshops (a new one,
one started from a template, reordered) and network groups set up on its page, its leaders listed with counts only
and two identities of one leader merged; the console names the programme (issue 14)."""
import re

from playwright.sync_api import Page, expect

from app.db import Database
from app.models import JournalEntry
from tests.browser.conftest import axe_violations, shot, signed_in
from tests.test_live import fac  # noqa: F401 (fixture: signs up the facilitator the window signs in as)
from tests.test_programmes import PhoneBrowser

LAPTOP = {"viewport": {"width": 1280, "height": 720}}
GROUPS = ["Gygrene", "Stjernelaget", "Blåveis"]


def submit(page: Page, form: str, **fields: str) -> None:
    """Fill a form of the page and send it; wait for the page it reloads to."""
    for name, value in fields.items():
        page.fill(f"{form} [name={name}]", value)
    with page.expect_navigation():
        page.click(f"{form} button[type=submit]")


def names(groups) -> list[str]:
    """The group names as the page lists them."""
    return groups.locator("input[name=name]").evaluate_all("inputs => inputs.map(i => i.value)")


def go_live(fac, workshop_id: int) -> str:
    if not fac.http.get(f"/api/v1/workshops/{workshop_id}").json()["activities"]:
        r = fac.http.post(f"/api/v1/workshops/{workshop_id}/activities", json={"kind": "open_text", "prompt": "Hva tar du med deg?"})
        assert r.status_code == 201, r.text
    r = fac.http.post(f"/api/v1/workshops/{workshop_id}/live")
    assert r.status_code == 200, r.text
    return r.json()["join_code"]


def test_a_programme_set_up_on_its_pages(browser, server, fac):
    page = signed_in(browser, server.base, "/facilitator", LAPTOP)
    page.on("dialog", lambda dialog: dialog.accept())  # the confirmations of merge and the like

    # The dashboard: a new programme.
    section = page.locator("#programmes")
    expect(section.locator("li")).to_have_count(0)
    page.select_option("#programme-language", "nn")
    page.fill("#programme-title", "Leiarutvikling Seljord 2026")
    page.click("#new-programme button[type=submit]")
    page.wait_for_url(re.compile(r"/facilitator/programmes/\d+$"))
    programme_id = int(page.url.rsplit("/", 1)[1])
    expect(page.locator("h1")).to_have_text("Leiarutvikling Seljord 2026")
    expect(page.locator("#p-language")).to_have_value("nn")
    shot(page, "programme-page-new")

    # Three network groups, the last moved to the top, one renamed.
    for name in GROUPS:
        submit(page, "#new-group", name=name)
    groups = page.locator(".programme-groups > li")
    expect(groups).to_have_count(3)
    with page.expect_navigation():
        groups.nth(2).locator("button", has_text="↑").click()  # Blåveis up
    expect(groups.nth(1).locator("input[name=name]")).to_have_value("Blåveis")
    assert names(groups) == ["Gygrene", "Blåveis", "Stjernelaget"]
    page.fill(".programme-groups > li:nth-child(3) input[name=name]", "Stjernelaget 2")
    with page.expect_navigation():
        page.click(".programme-groups > li:nth-child(3) form button[type=submit]")
    expect(groups.nth(2).locator("input[name=name]")).to_have_value("Stjernelaget 2")
    assert names(groups) == ["Gygrene", "Blåveis", "Stjernelaget 2"]

    # Two workshops: a new draft, then the seeds' day 3 from its template; the second moved up.
    submit(page, "#new-workshop", title="Samling 1")
    page.select_option("#template-key", "day3-nn")
    with page.expect_navigation():
        page.click("#from-template button[type=submit]")
    days = page.locator(".programme-workshops > li")
    expect(days).to_have_count(2)
    expect(days.nth(1)).to_contain_text("Samling 3: Meistringsorientert leiing")
    day3_id = int(days.nth(1).get_attribute("data-workshop"))
    day1_id = int(days.nth(0).get_attribute("data-workshop"))
    with page.expect_navigation():
        days.nth(1).locator("button", has_text="↑").click()
    expect(days.nth(0)).to_contain_text("Samling 3")
    expect(days.nth(0).locator("button", has_text="↑")).to_be_disabled()
    listed = fac.http.get(f"/api/v1/programmes/{programme_id}").json()
    assert [w["id"] for w in listed["workshops"]] == [day3_id, day1_id]
    assert [g["name"] for g in listed["groups"]] == ["Gygrene", "Blåveis", "Stjernelaget 2"]
    assert fac.http.get(f"/api/v1/workshops/{day1_id}").json()["language"] == "nn"  # the programme's language

    # Leaders: three phones on day 1, one of them anonymous; a journal entry written; then the one who lost her pass
    # comes to day 3 as someone new.
    code1 = go_live(fac, day1_id)
    phones = [PhoneBrowser(server) for _ in range(4)]
    try:
        for phone, name in zip(phones, ["Kari", "", "Ola"]):
            phone.join(code1, name)
        members = fac.http.get(f"/api/v1/programmes/{programme_id}/members").json()
        kari, ola = members[0]["id"], members[2]["id"]
        database = Database(server.database_url)
        try:
            with database.write() as s:  # Ola writes in his journal (Kari's old identity has no private history)
                for n in range(2):
                    s.add(JournalEntry(programme_member_id=ola, question="Kva har du testa?", body="Privat tekst",
                                       client_id=f"journal-{n:04d}"))
        finally:
            database.dispose()
        phones[3].join(go_live(fac, day3_id))
    finally:
        for phone in phones:
            phone.close()
    members = fac.http.get(f"/api/v1/programmes/{programme_id}/members").json()
    newest = members[-1]["id"]

    page.reload()
    rows = page.locator("table.members tbody tr")
    expect(rows).to_have_count(4)
    expect(rows.nth(0)).to_contain_text("Kari")
    expect(rows.nth(0).locator("td").nth(1)).to_have_text("1")
    expect(rows.nth(2).locator("td").nth(2)).to_have_text("2")  # Ola's journal entries, counted
    expect(rows.nth(1).locator("th")).to_have_text(re.compile(r"Delta(ker|kar) 2"))
    expect(page.locator("#members")).not_to_contain_text("Privat tekst")  # counts, never the journal's text
    assert axe_violations(page) == []
    page.locator("#workshops").scroll_into_view_if_needed()
    shot(page, "programme-page-workshops")
    page.locator("#members").scroll_into_view_if_needed()
    shot(page, "programme-page-leaders")

    # Merge: the fourth (her pass now) keeps, Kari's old identity goes into it.
    expect(page.locator("#merge-keep")).to_have_value(str(newest))  # the newest identity is offered to keep
    page.select_option("#merge-old", str(kari))
    with page.expect_navigation():
        page.click("#merge-members button[type=submit]")
    expect(rows).to_have_count(3)
    merged = page.locator(f"table.members tr[data-member='{newest}']")
    expect(merged.locator("th")).to_have_text("Kari")
    expect(merged.locator("td").nth(1)).to_have_text("2")
    expect(merged.locator("td").nth(2)).to_have_text("0")
    ola_row = page.locator(f"table.members tr[data-member='{ola}']")
    expect(ola_row.locator("td").nth(2)).to_have_text("2")  # his journal: a count, never its text
    # Two who were in the same workshop cannot be merged: the page says why and nothing changes.
    page.select_option("#merge-keep", str(members[1]["id"]))
    page.select_option("#merge-old", str(members[2]["id"]))
    page.click("#merge-members button[type=submit]")
    expect(page.locator("#merge-members .form-error")).to_be_visible()
    expect(rows).to_have_count(3)
    shot(page, "programme-page-merge-refused")
    page.locator("#co-facilitators").scroll_into_view_if_needed()
    shot(page, "programme-page-settings")

    # The console of a programme workshop names it and links back; the dashboard lists the programme.
    page.goto(f"{server.base}/facilitator/workshops/{day1_id}/console")
    place = page.locator("#programme-place")
    expect(place).to_contain_text("2")
    expect(place.get_by_role("link")).to_have_text("Leiarutvikling Seljord 2026")
    shot(page, "programme-console")
    with page.expect_navigation():
        place.get_by_role("link").click()
    assert page.url.endswith(f"/facilitator/programmes/{programme_id}")
    page.goto(f"{server.base}/facilitator")
    expect(page.locator("#programmes li")).to_have_count(1)
    expect(page.locator("#programmes li")).to_contain_text("2")
    expect(page.locator("table.simple tbody tr .programme-of")).to_have_count(2)
    assert axe_violations(page) == []
    page.locator("#programmes").scroll_into_view_if_needed()
    shot(page, "programme-dashboard")
