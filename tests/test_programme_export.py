"""Issue 14: a programme's exports (XLSX, JSON) and report: its workshops side by side, the evaluation compared over
the days, leaders only as pseudonyms with counts; no journal text, no individual self-assessment, no name."""
import io
from datetime import date, datetime, timedelta
from zoneinfo import ZoneInfo

import httpx
import openpyxl
import pytest

from app.activities.journal.questions import START
from tests.test_journal import answer_scale, new_programme, programme_day, write
from tests.test_live import Facilitator, Phone, run
from tests.test_programmes import PhoneBrowser
from tests.test_retention import cookie_login

pytestmark = pytest.mark.server

EVALUATION = "Hvilke kommentarer har dere til dagens samling?"
SCALE = "Mestringsorientert leder"
ITEMS = ["Gir autonomi og tillit", "Stiller krav"]
SECRET = "Hemmelig loggbok-tekst"


MONTHS = ["januar", "februar", "mars", "april", "mai", "juni", "juli", "august", "september", "oktober", "november",
          "desember"]


def _long_date(day: date) -> str:
    """'30. november 2026'."""
    return f"{day.day}. {MONTHS[day.month - 1]} {day.year}"


def _days_of_this_test() -> set[date]:
    """Today in Oslo, and yesterday: the workshops may have been held just before midnight."""
    today = datetime.now(ZoneInfo("Europe/Oslo")).date()
    return {today, today - timedelta(days=1)}


def answer(server, phone: PhoneBrowser, activity: int, text: str) -> None:
    async def go():
        ws = Phone(server, phone.token)
        await ws.open()
        reply = await ws.submit(activity, text, f"eval-{activity:04d}-{abs(hash(text)) % 10 ** 8:08d}")
        await ws.close()
        assert reply["type"] == "ack", reply

    run(go())


def test_programme_exports_compare_the_days_and_keep_journals_private(server):
    fac = Facilitator(server)
    phones = [PhoneBrowser(server) for _ in range(5)]
    try:
        programme = new_programme(fac, "Lederutvikling Vinje")
        days = []
        for n in (1, 2):
            wid, code, (journal_round, scale, evaluation) = programme_day(
                fac, programme, f"Samling {n}", ("journal", "Aksjonslæring", {}),
                ("scale", SCALE, {"items": ITEMS, "min_count": 5}), ("open_text", EVALUATION, {}))
            days.append(wid)
            for i, phone in enumerate(phones):
                phone.join(code, f"Leder Nummer{i}")
                write(phone, programme, f"{SECRET} {n}-{i}", START[0], journal_round, f"j{n}{i}")
            fac.command(wid, "goto", activity_id=scale)
            for i, phone in enumerate(phones):
                answer_scale(server, phone, scale, {ITEMS[0]: 1 + (i + n) % 6, ITEMS[1]: 3})
            fac.command(wid, "goto", activity_id=evaluation)
            for i, phone in enumerate(phones):
                answer(server, phone, evaluation, f"Dag {n}: bra samling {i}")
            assert fac.http.post(f"/api/v1/workshops/{wid}/end").status_code == 200

        book = fac.http.get(f"/api/v1/programmes/{programme}/export.xlsx")
        assert book.status_code == 200 and "attachment" in book.headers["content-disposition"]
        sheets = openpyxl.load_workbook(io.BytesIO(book.content))
        assert sheets.sheetnames == ["Oversikt", "Ledere", "1 Samling 1", "2 Samling 2"]
        leaders = [tuple(row) for row in sheets["Ledere"].iter_rows(values_only=True)]
        header = leaders[1]
        assert header == ("Leder", "Nettverksgruppe", "Samlinger", "Logginnlegg")
        assert sorted(row[0] for row in leaders[2:]) == [f"L{i}" for i in range(1, 6)]
        assert all(row[2] == 2 and row[3] == 2 for row in leaders[2:])
        cells = "\n".join(str(c.value) for ws in sheets.worksheets for row in ws.iter_rows() for c in row if c.value)
        assert "Dag 2: bra samling 3" in cells and EVALUATION in cells  # open answers are the workshop's results
        assert SECRET not in cells and "Nummer" not in cells  # no journal text, no name

        dump = fac.http.get(f"/api/v1/programmes/{programme}/export.json")
        assert dump.status_code == 200
        assert SECRET not in dump.text and "Nummer" not in dump.text
        data = dump.json()
        assert [w["workshop"]["title"] for w in data["workshops"]] == ["Samling 1", "Samling 2"]
        assert data["leaders"][0] == {"leader": "L1", "group": None, "workshops": 2, "journal_entries": 2}
        scale_days = [next(a for a in w["activities"] if a["kind"] == "scale") for w in data["workshops"]]
        assert all(a["entries"] == [] and a["answers"] == 5 for a in scale_days)  # distributions only

        browser = httpx.Client(base_url=server.base, timeout=30, trust_env=False)
        cookie_login(browser)
        report = browser.get(f"/facilitator/programmes/{programme}/report")
        assert report.status_code == 200, report.text
        compared = report.text[report.text.index("programme-compared"):]
        assert EVALUATION in compared and SCALE in compared
        assert compared.index("Samling 1") < compared.index("Samling 2")
        assert SECRET not in report.text and "Nummer" not in report.text
        assert any(_long_date(day) in report.text for day in _days_of_this_test()), "no Norwegian long date"
        browser.close()

    finally:
        for phone in phones:
            phone.close()
        fac.close()
