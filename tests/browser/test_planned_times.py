"""Planned times on the agenda: the editor sets 09:00 on an activity, and the live console shows planned against
actual ("Planned 09:00 · started 09:12 · 12 minutes behind schedule"), the next planned activity against the clock,
and each activity's planned time in its agenda list. At a laptop's 1280x720."""
import re
from datetime import datetime, timedelta

from playwright.sync_api import expect

from app.local_conventions import OSLO
from app.services.schedule import clock_time, minutes_behind
from tests.browser.conftest import PHONE, axe_violations, shot, signed_in
from tests.browser.layout_checks import layout_problems
from tests.test_live import Facilitator

LAPTOP = {"viewport": {"width": 1280, "height": 720}}
ACTIVITIES = [("open_text", "Påkobling: Hva har du vært opptatt av siden sist?"),
              ("poll", "Mestringsorientert ledelse: Velg to av de åtte områdene"),
              ("word_cloud", "Hvilke verdier skal prege lederskapet vårt?")]


def words(english: str, bokmal: str) -> str:
    """Either wording: the console speaks bokmål once the catalogue has the new strings, English until then."""
    return f"(?:{english}|{bokmal})"


def off_by(behind: int) -> str:
    """The pattern of "12 minutes behind schedule", "on schedule" or "5 minutes ahead of schedule"."""
    if behind == 0:
        return words("on schedule", "i rute")
    n = abs(behind)
    unit = words("minute" if n == 1 else "minutes", "minutt" if n == 1 else "minutter")
    return f"{n} {unit} " + (words("behind schedule", "bak skjema") if behind > 0 else
                             words("ahead of schedule", "foran skjema"))


def opened(fac, wid: int) -> list[datetime | None]:
    acts = fac.http.get(f"/api/v1/workshops/{wid}").json()["activities"]
    return [datetime.fromisoformat(a["opened_at"]) if a["opened_at"] else None for a in acts]


def test_the_editor_plans_09_00_and_the_console_shows_planned_against_actual(browser, server):
    fac = Facilitator(server)
    wid = fac.http.post("/api/v1/workshops", json={"title": "Samling 3: Mestringsorientert ledelse"}).json()["id"]
    ids = [fac.http.post(f"/api/v1/workshops/{wid}/activities", json={"kind": k, "prompt": p}).json()["id"]
           for k, p in ACTIVITIES]

    # The editor: the activity's form takes 09:00; after saving, its line shows the time.
    editor = signed_in(browser, server.base, f"/facilitator/workshops/{wid}", LAPTOP)
    editor.locator(f"#activity-{ids[0]} .agenda-open").click()
    time_field = editor.locator(f"#planned-{ids[0]}")
    expect(time_field).to_be_visible()
    time_field.fill("09:00")
    editor.locator(f"#activity-body-{ids[0]} form[data-method=PATCH] button[type=submit]").click()
    expect(editor.locator(f"#activity-{ids[0]} .agenda-time")).to_have_text("09:00")
    expect(editor.locator(f"#planned-{ids[0]}")).to_have_value("09:00")  # back opened after the reload
    assert editor.locator(".agenda-time").all_inner_texts() == ["09:00", "", ""]  # the others: an empty slot
    shot(editor, "planned-editor-1280")
    assert axe_violations(editor) == []  # the time field has its label and hint
    assert fac.http.get(f"/api/v1/workshops/{wid}").json()["activities"][0]["planned_start"] == "09:00"

    # The second block is planned 12 minutes ago, the third in half an hour (set over the API).
    now = datetime.now(OSLO)
    second, third = (now - timedelta(minutes=12)).strftime("%H:%M"), (now + timedelta(minutes=30)).strftime("%H:%M")
    for activity_id, planned in ((ids[1], second), (ids[2], third)):
        assert fac.http.patch(f"/api/v1/activities/{activity_id}", json={"planned_start": planned}).status_code == 200
    assert fac.http.post(f"/api/v1/workshops/{wid}/live").status_code == 200

    console = editor.context.new_page()
    console.goto(f"{server.base}/facilitator/workshops/{wid}/console")
    expect(console.locator("#status")).to_have_attribute("data-state", "open")
    # The agenda list: each activity's planned time.
    expect(console.locator("#agenda .planned")).to_have_text(["09:00", second, third])
    # In the lobby: nothing on screen, the first planned activity is next.
    expect(console.locator("#schedule .schedule-next")).to_have_text(re.compile(
        words("Next planned start", "Neste planlagte start") + r": 09:00 \(" + words("activity", "aktivitet") + " 1\\)"))
    expect(console.locator("#schedule .schedule-now")).to_have_count(0)

    # The first activity opens: planned 09:00 against the minute it really opened.
    console.click("#next")
    expect(console.locator("#schedule .schedule-now")).to_be_visible()
    first_opened = opened(fac, wid)[0]
    assert first_opened is not None
    started, behind = clock_time(first_opened), minutes_behind("09:00", first_opened)
    expect(console.locator("#schedule .schedule-now")).to_have_text(re.compile(
        words("Planned", "Planlagt") + " 09:00 · " + words("started", "startet") + f" {started} · {off_by(behind)}"))
    expect(console.locator("#schedule .schedule-next")).to_contain_text(f"{second} (")
    shot(console, "planned-console-first-1280")

    # The second opens about 12 minutes behind its plan; the third is next, in about half an hour.
    console.click("#next")
    expect(console.locator("#schedule .schedule-now")).to_contain_text(second)
    second_opened = opened(fac, wid)[1]
    assert second_opened is not None
    behind = minutes_behind(second, second_opened)
    assert behind in (12, 13)  # a minute may turn between planning and opening
    now_line = console.locator("#schedule .schedule-now")
    expect(now_line).to_have_text(re.compile(
        words("Planned", "Planlagt") + f" {second} · " + words("started", "startet")
        + f" {clock_time(second_opened)} · {off_by(behind)}"))
    expect(now_line).to_have_class(re.compile(r"\blate\b"))
    expect(console.locator("#schedule .schedule-next")).to_have_text(re.compile(
        f": {third} \\(" + words("activity", "aktivitet") + " 3\\) · " + words("in", "om") + r" (29|30|31) "))
    # The schedule sits with the controls at the top of the console, in view without scrolling.
    box = now_line.bounding_box()
    assert box is not None and box["y"] + box["height"] <= 720
    assert layout_problems(console, ".controls") == []
    shot(console, "planned-console-behind-1280")
    assert axe_violations(console) == []

    # Going back to the first does not move when it opened.
    console.locator(f"#agenda button[data-activity='{ids[0]}']").click()
    expect(console.locator("#schedule .schedule-now")).to_contain_text("09:00")
    assert opened(fac, wid)[0] == first_opened

    # On a phone the editor's lines keep their times (above the kind) and still fit; a question longer than its
    # line ends in an ellipsis, by design.
    phone = signed_in(browser, server.base, f"/facilitator/workshops/{wid}", PHONE)
    expect(phone.locator(".agenda-time")).to_have_text(["09:00", second, third])
    assert phone.evaluate("document.documentElement.scrollWidth") <= PHONE["viewport"]["width"]
    problems = layout_problems(phone, "ol.agenda-edit", vertical=True)
    assert [p for p in problems if "span.agenda-prompt" not in p] == []
    phone.locator("ol.agenda-edit").scroll_into_view_if_needed()
    shot(phone, "planned-editor-phone")
