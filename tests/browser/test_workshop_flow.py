"""The whole core slice as people use it: sign-up, agenda, go live, three phones, wall, cloud, moderation, export."""
import io
import re

from openpyxl import load_workbook
from playwright.sync_api import expect

from tests.browser.conftest import LAPTOP, PHONE, PROJECTOR, axe_violations, shot
from tests.conftest import PASSWORD

ANSWERS = [
    "Felles forståelse av hva god ledelse er i kommunen.",
    "Trygge ledere som tør å ta beslutninger.",
    "Relevant påfyll som kan brukes i hverdagen.",
]


def sign_up_and_build(page, base):
    """Sign up as the first facilitator and build a workshop with an open question and a word cloud."""
    page.goto(base + "/facilitator")
    page.fill("#name", "Fasilitator")
    page.fill("#email", "fasilitator@example.no")
    page.fill("#password", PASSWORD)
    page.click("button[type=submit]")
    page.fill("#title", "Samling 1: Lederutvikling")
    page.click("form[action='/facilitator/workshops'] button[type=submit]")
    page.wait_for_url(re.compile(r"/facilitator/workshops/\d+$"))
    page.get_by_role("listitem").filter(has_text="Åpent spørsmål").click()  # the kind cards of the add panel
    page.fill("#new-open_text", "Hva er det aller viktigste kommunen bør oppnå gjennom lederutviklingsprogrammet?")
    page.click("#add-open_text button[type=submit]")
    page.wait_for_selector(".agenda-edit > li")
    page.get_by_role("listitem").filter(has_text="Ordsky").click()
    page.fill("#new-word_cloud", "Hva skal til for at et slikt program blir nyttig for deg?")
    page.click("#add-word_cloud button[type=submit]")
    expect(page.locator(".agenda-edit > li")).to_have_count(2)
    page.click("form[data-api$='/live'] button")
    page.wait_for_url(re.compile(r"/console$"))
    expect(page.locator("#status")).to_have_attribute("data-state", "open")
    return page.inner_text("#code-pill").replace(" ", "")


def join(phone, base, code):
    """Join by typing the code with spaces, as people copy it from the screen."""
    phone.goto(base + "/")
    phone.fill("#code", f"{code[:4]} {code[4:]}")
    phone.click("button[type=submit]")
    phone.click("button[type=submit]")  # the optional-name step
    expect(phone.locator("#status")).to_have_attribute("data-state", "open")


def test_facilitator_runs_open_question_and_word_cloud(browser, server):
    """Three phones answer; the presenter shows cards and cloud counts; hiding and export work."""
    fac = browser.new_context(**LAPTOP)
    console = fac.new_page()
    code = sign_up_and_build(console, server.base)
    assert re.fullmatch(r"\d{8}", code)
    presenter = fac.new_page()
    presenter.set_viewport_size(PROJECTOR["viewport"])
    presenter.goto(console.url.replace("/console", "/present"))
    expect(presenter.locator(".big-code")).to_have_text(f"{code[:4]} {code[4:]}")
    expect(presenter.locator(".lobby img")).to_be_visible()
    shot(presenter, "presenter-lobby")

    phones = [browser.new_context(**PHONE).new_page() for _ in range(3)]
    for phone in phones:
        join(phone, server.base, code)
    expect(presenter.locator("#foot-counts")).to_contain_text("3")
    console.click("#next")

    for phone, answer in zip(phones, ANSWERS):
        expect(phone.locator("#prompt")).to_contain_text("lederutviklingsprogrammet")
        phone.fill("textarea", answer)
        phone.click("button[type=submit]")
        expect(phone.locator(".mine li")).to_have_count(1)
        expect(phone.locator(".mine .state:not(.pending)")).to_have_count(1)
    shot(phones[0], "phone-open-question")
    expect(presenter.locator(".wall .answer")).to_have_count(3)
    for answer in ANSWERS:
        expect(presenter.locator(".wall")).to_contain_text(answer)
    shot(presenter, "presenter-wall")

    hidden = ANSWERS[1]
    console.locator(".mod-list li", has_text=hidden).get_by_role("button", name="Skjul").click()
    expect(presenter.locator(".wall .answer")).to_have_count(2)
    expect(presenter.locator(".wall")).not_to_contain_text(hidden)
    shot(console, "console-moderation")

    console.click("#next")
    words = [["Tillit", "Relevant"], ["  tillit "], ["TILLIT", "Åpenhet"]]
    for phone, mine in zip(phones, words):
        expect(phone.locator("#prompt")).to_contain_text("nyttig for deg")
        for word in mine:
            phone.fill("input[id^=answer]", word)
            phone.click("button[type=submit]")
        expect(phone.locator(".mine .state:not(.pending)")).to_have_count(len(mine))
    shot(phones[0], "phone-word-cloud")
    expect(presenter.locator(".cloud [data-word='tillit']")).to_have_attribute("data-count", "3")
    expect(presenter.locator(".cloud [data-word='relevant']")).to_have_attribute("data-count", "1")
    expect(presenter.locator(".cloud [data-word='åpenhet']")).to_have_attribute("data-count", "1")
    expect(presenter.locator(".cloud .word")).to_have_count(3)
    shot(presenter, "presenter-word-cloud")

    workshop_id = re.search(r"/workshops/(\d+)/", console.url).group(1)
    response = console.request.get(f"{server.base}/api/v1/workshops/{workshop_id}/export.xlsx")
    assert response.ok
    book = load_workbook(io.BytesIO(response.body()))
    assert len(book.sheetnames) == 3  # overview + one per activity
    wall_sheet = book[book.sheetnames[1]]
    rows = [[c.value for c in row] for row in wall_sheet.iter_rows(min_row=4) if isinstance(row[0].value, int)]
    by_text = {row[3]: row[4] for row in rows}
    assert set(by_text) == set(ANSWERS)
    assert by_text[hidden] == "ja"  # a bokmål workshop: its workbook in bokmål
    assert [by_text[a] for a in ANSWERS if a != hidden] == ["nei", "nei"]
    cloud_sheet = book[book.sheetnames[2]]
    cloud_words = [row[3].value for row in cloud_sheet.iter_rows(min_row=4) if isinstance(row[0].value, int)]
    assert sorted(w.strip() for w in cloud_words) == sorted(["Tillit", "Relevant", "tillit", "TILLIT", "Åpenhet"])

    console.goto(f"{server.base}/facilitator/workshops/{workshop_id}/report")
    report = console.locator("article")
    for answer in ANSWERS:
        if answer == hidden:
            expect(report).not_to_contain_text(answer)
        else:
            expect(report).to_contain_text(answer)
    expect(console.locator(".report-part").nth(1).locator("tbody tr").first).to_contain_text("3")
    assert axe_violations(console) == []
    shot(console, "report")
    fac.close()
