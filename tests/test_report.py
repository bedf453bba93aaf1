"""The printable report (issue 12): a cover, Norwegian numbers and dates, posters as written with their
comments' marks, answer counts in people, and print margins."""
import re
from datetime import timezone
from html import unescape
from zoneinfo import ZoneInfo

from sqlmodel import select

from app.models import Entry
from app.services import entries, participants
from app.services.events import NullBus
from tests.conftest import ROOT, sign_up
from tests.test_api import add, command, go_live, make_workshop
from tests.test_retention import cookie_login

MONTHS_NB = ["januar", "februar", "mars", "april", "mai", "juni", "juli", "august", "september", "oktober",
             "november", "desember"]
POSTER = "Som leder skal jeg:\nlytte først\nvære til stede"
STATEMENTS = ["Ser ansatte", "Stiller krav"]
VALUES = ["Tillit", "Respekt", "Åpenhet", "Likeverd", "Ærlighet", "Toleranse", "Kreativitet", "Inkludering", "Retning"]


def group(client, auth, wid: int, name: str, people) -> int:
    """A named group with the given people in it; its id."""
    gid = client.post(f"/api/v1/workshops/{wid}/groups", json={"name": name}, headers=auth).json()["id"]
    for p in people:
        r = client.post(f"/api/v1/workshops/{wid}/groups/move", json={"participant_id": p.id, "group_id": gid},
                        headers=auth)
        assert r.status_code == 204, r.text
    return gid


def sections(page: str) -> dict[str, str]:
    """Each activity's part of the report page, by its prompt."""
    parts = page.split('<section class="card report-part">')[1:]
    return {re.search(r"<h2>(.*?)</h2>", p).group(1): p for p in parts}


def test_the_report_speaks_norwegian_and_counts_people(client):
    auth = sign_up(client, name="Kari Nordmann")
    db, bus = client.app.state.ctx.db, NullBus()
    wid = make_workshop(client, auth, "Samling 3 – Gygrene")
    scale = add(client, auth, wid, "scale", "Mestringsorientert leder", settings={"items": STATEMENTS, "min_count": 2})
    poster = add(client, auth, wid, "poster", "VERDI: Som leder skal jeg …")
    diamond = add(client, auth, wid, "diamond", "Prioriter verdiene", settings={"mode": "group", "items": VALUES})
    go_live(client, auth, wid)
    people = [participants.join(db, wid, f"Leder {i}") for i in range(4)]
    gygrene = group(client, auth, wid, "Gygrene", people[:2])
    stjerne = group(client, auth, wid, "Stjernelaget", people[2:])

    numbers = iter(range(1, 10_000))

    def send(p, activity, payload):
        return entries.submit(db, bus, p.id, activity["id"], f"c-{next(numbers):06d}", payload).entry

    command(client, auth, wid, "goto", activity_id=scale["id"])
    for p, score in zip(people[:2], (3, 4)):  # median 3.5
        send(p, scale, {"answers": {"Ser ansatte": {"score": score, "reason": ""}}})

    command(client, auth, wid, "goto", activity_id=poster["id"])
    send(people[0], poster, {"type": "edit", "base": 0, "text": POSTER})
    agreed = send(people[2], poster, {"type": "comment", "poster": gygrene, "text": "Konkret og godt"})
    discuss = send(people[3], poster, {"type": "comment", "poster": gygrene, "text": "Hva betyr\ntil stede?"})
    send(people[1], poster, {"type": "mark", "comment": agreed["id"], "mark": "agreed"})
    send(people[0], poster, {"type": "mark", "comment": discuss["id"], "mark": "discuss"})

    command(client, auth, wid, "goto", activity_id=diamond["id"])
    for i in range(24):  # two members dragging the group's values back and forth
        send(people[i % 2], diamond, {"type": "move", "item": VALUES[i % 4], "slot": i % 9})
    assert stjerne

    cookie_login(client)
    page = client.get(f"/facilitator/workshops/{wid}/report").text
    text = unescape(page)

    # Cover: title, the day of the workshop in Oslo time with bokmål month names, the facilitator.
    with db.read() as s:
        first = min(e.created_at for e in s.exec(select(Entry)).all())
    day = (first if first.tzinfo else first.replace(tzinfo=timezone.utc)).astimezone(ZoneInfo("Europe/Oslo"))
    assert f'<p class="report-date">{day.day}. {MONTHS_NB[day.month - 1]} {day.year}</p>' in page
    assert "Samling 3 – Gygrene" in text and "Fasilitator: Kari Nordmann" in text and "Deltakere: 4" in text

    parts = sections(page)
    # Numbers with a decimal comma.
    assert "<td>3,5</td>" in parts["Mestringsorientert leder"] and "3.5" not in page
    # The poster as written, line by line; its comments with their marks, in bokmål.
    wall = parts["VERDI: Som leder skal jeg …"]
    assert "Som leder skal jeg:<br>lytte først<br>være til stede" in unescape(wall)
    assert "<td>Konkret og godt</td><td>Enige</td>" in wall
    assert "<td>Hva betyr<br>til stede?</td><td>Diskuteres</td>" in wall
    assert "Gygrene ← Stjernelaget" in unescape(wall)
    # Counts are people: two members moved the diamond 24 times; two answered the scale, four the posters.
    assert re.search(r'<p class="hint">3 · Diamantrangering · 2 har svart</p>', parts["Prioriter verdiene"])
    assert "<td>Tillit</td>" in parts["Prioriter verdiene"]
    assert "· 2 har svart</p>" in parts["Mestringsorientert leder"]
    assert "· 4 har svart</p>" in wall


def test_the_report_uses_the_workshops_language(client):
    """An English workshop's report is in English, whatever the facilitator's own pages use."""
    auth = sign_up(client)
    wid = client.post("/api/v1/workshops", json={"title": "Leaders' day", "language": "en"}, headers=auth).json()["id"]
    scale = add(client, auth, wid, "scale", "Self-assessment", settings={"items": STATEMENTS, "min_count": 2})
    go_live(client, auth, wid)
    db = client.app.state.ctx.db
    command(client, auth, wid, "goto", activity_id=scale["id"])
    for i, score in enumerate((2, 5)):
        p = participants.join(db, wid, f"Leader {i}")
        entries.submit(db, NullBus(), p.id, scale["id"], f"s-{i:06d}", {"answers": {"Stiller krav": {"score": score}}})
    cookie_login(client)
    page = client.get(f"/facilitator/workshops/{wid}/report?lang=nb").text
    assert "<td>3.5</td>" in page and "2 answered" in page and "Facilitator:" in page
    assert re.search(r'<p class="report-date">[A-Z][a-z]+ \d{1,2}, \d{4}</p>', page)


def test_print_css_sets_page_margins():
    """The printed report keeps 18 mm from the paper's edges."""
    css = (ROOT / "static/css/app.css").read_text()
    print_rules = css[css.index("@media print {"):]
    assert re.match(r"@media print \{[^}]*@page \{ margin: 18mm; \}", print_rules, re.S)


def test_nynorsk_numbers_and_dates_and_typed_text_stay_text():
    """Nynorsk has its own Babel locale: '3,5' and '30. november 2026'; typed text is escaped, never translated."""
    from datetime import datetime

    from app.activities.base import Label
    from app.local_conventions import babel_locale, long_date
    from app.services import report

    assert babel_locale("nn") == "nn" and babel_locale("xx") == "nb"
    assert report.cell(3.5, "nn") == "3,5" and report.cell(4.0, "nb") == "4" and report.cell(2, "en") == "2"
    assert long_date(datetime(2026, 11, 30, 23, 30, tzinfo=ZoneInfo("Europe/Oslo")), "nn") == "30. november 2026"
    assert report.cell("<b>Agreed</b>\nja", "nb") == "&lt;b&gt;Agreed&lt;/b&gt;<br>ja"
    assert report.cell("Agreed", "nb") == "Agreed"  # a participant's own word is not a label
    assert report.cell(Label("Agreed"), "nb") == "Enige" and report.cell(Label(""), "nb") == ""  # bokmål context
