"""Templates on the dashboard and in the editor: start day 3 from its built-in template, save it as one's own
template, and find it listed apart from the workshops (issue 14)."""
import re

from playwright.sync_api import expect

from tests.browser.conftest import axe_violations, shot, signed_in
from tests.test_live import fac  # noqa: F401 (fixture: signs up the facilitator the window signs in as)


def test_start_from_a_template_and_save_one(browser, server, fac):
    page = signed_in(browser, server.base, "/facilitator")
    section = page.locator("#templates")
    expect(section.locator("li")).to_have_count(4)  # day 1 and day 3, bokmål and nynorsk
    expect(section).to_contain_text("Samling 3: Meistringsorientert leiing")
    assert axe_violations(page) == []
    section.scroll_into_view_if_needed()
    shot(page, "templates-dashboard")

    section.locator("li[data-template='day3-nb'] button").click()
    page.wait_for_url(re.compile(r"/facilitator/workshops/\d+$"))
    expect(page.locator(".agenda-edit > li")).to_have_count(14)
    expect(page.locator("h1")).to_have_text("Samling 3: Mestringsorientert ledelse, psykologisk trygghet og felles verdier")
    shot(page, "templates-editor-day3")
    workshop_id = int(page.url.rsplit("/", 1)[1])

    page.locator("form[data-api$='/template'] button").click()  # "Save as template"
    page.wait_for_url(re.compile(r"/facilitator#templates$"))
    own = page.locator("#templates li").nth(4)
    expect(own).to_contain_text("Samling 3: Mestringsorientert ledelse")
    expect(own).to_contain_text("14")
    template_id = int(own.get_attribute("data-template"))
    assert template_id != workshop_id
    # The workshops table lists the draft, not the template.
    rows = page.locator("table.simple tbody tr")
    expect(rows).to_have_count(1)
    expect(rows.locator(f"a[href='/facilitator/workshops/{template_id}']")).to_have_count(0)
    assert axe_violations(page) == []
    own.scroll_into_view_if_needed()
    shot(page, "templates-dashboard-own")
