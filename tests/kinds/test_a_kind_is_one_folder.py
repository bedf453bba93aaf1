"""Issue 13: a kind is one folder. The throwaway `mood` kind in tests/kinds/mood/ is registered with SAMLING_KIND_PATHS
and runs end to end on a real server (phones answer, the projector shows it, the exports have it) with no edit
anywhere outside its folder."""
import csv
import io
import json
from collections.abc import Iterator
from pathlib import Path

import pytest

from app.activities import KIND_PATHS_ENV, KINDS
from tests.conftest import Server
from tests.test_accounts import html_log_in
from tests.test_live import Facilitator, Phone, join_all, presenter, recv_until, run

MOOD = Path(__file__).parent / "mood"


@pytest.fixture
def mood_server(database_url) -> Iterator[Server]:
    """A real server that knows the mood kind from its folder alone."""
    srv = Server(database_url, extra_env={KIND_PATHS_ENV: str(MOOD)}).start()
    yield srv
    srv.stop()


def test_the_kind_is_not_part_of_the_app():
    assert "mood" not in KINDS  # this process did not name its folder: only the server below knows it


def test_a_throwaway_kind_runs_end_to_end_from_its_folder(mood_server):
    server = mood_server
    fac = Facilitator(server)
    assert "mood" in [k["kind"] for k in fac.http.get("/api/v1/kinds").json()]
    wid, code, (mood,) = fac.live_workshop(("mood", "Hvordan er været i gruppa i dag?", {}))
    html_log_in(fac.http)  # the facilitator's pages too
    editor = fac.http.get(f"/facilitator/workshops/{wid}").text
    assert 'data-kind="mood"' in editor and "Everyone picks sun, clouds or rain." in editor  # a card to add it
    # Its script and styles are served as every kind's are, and pages link them.
    script = fac.http.get("/static/js/kinds/mood.js")
    assert script.status_code == 200 and "export function phone" in script.text
    assert "javascript" in script.headers["content-type"]
    assert fac.http.get("/static/css/kinds/mood.css").status_code == 200
    page = fac.http.get(f"/facilitator/workshops/{wid}/present").text
    assert "/static/css/kinds/mood.css?v=" in page and "/static/js/kinds/mood.js?v=" in page
    fac.command(wid, "next")

    async def scenario():
        tokens = await join_all(server, code, 3)
        screen = await presenter(server, wid, fac.token)
        phones = [Phone(server, token) for token in tokens]
        for phone in phones:
            state = await phone.open()
            assert state["activity"]["kind"] == "mood"
        for i, (phone, choice) in enumerate(zip(phones, ["sol", "regn", "sol"])):
            await phone.send({"type": "submit", "client_id": f"mood-{i:04d}", "activity_id": mood,
                              "payload": {"mood": choice}})
            assert (await phone.reply())["type"] == "ack"
        await phones[0].send({"type": "submit", "client_id": "mood-bad-0", "activity_id": mood,
                              "payload": {"mood": "snø"}})
        refused = await phones[0].reply()
        assert refused["type"] == "error" and refused["code"] == "bad_mood"
        shown = await recv_until(screen, lambda m: m["type"] == "results" and m.get("results")
                                 and sum(m["results"]["counts"].values()) == 3)
        for phone in phones:
            await phone.close()
        await screen.close()
        return shown["results"]

    results = run(scenario())
    assert results["counts"] == {"sol": 2, "skyer": 0, "regn": 1} and results["participants"] == 3

    exported = fac.http.get(f"/api/v1/workshops/{wid}/export.json").json()
    part = exported["activities"][0]
    assert part["kind"] == "mood" and sorted(e["payload"]["mood"] for e in part["entries"]) == ["regn", "sol", "sol"]
    raw = fac.http.get(f"/api/v1/activities/{mood}/export.csv?format=raw")
    rows = list(csv.reader(io.StringIO(raw.text.lstrip("\ufeff"))))
    assert ["sol", "regn", "sol"] == [r[3] for r in rows if r and r[0].isdigit()][:3]
    report = fac.http.get(f"/facilitator/workshops/{wid}/report")
    assert report.status_code == 200 and "regn" in report.text
    assert json.dumps(results)  # the tally is plain JSON, as the hub sends it
    fac.close()
