"""Planned times on the agenda over the API: "HH:MM" checked under its field name, null clears; `opened_at` is set the
first time an activity comes on screen in the live workshop and never again; the console's snapshot carries both."""
from datetime import datetime

from app.services.schedule import clock_time, minutes_behind
from tests.test_api import add, agenda, command, go_live, make_workshop
from tests.test_duplicate_workshop import ok


def patch(client, auth, activity_id: int, body: dict, status: int = 200) -> dict:
    return ok(client.patch(f"/api/v1/activities/{activity_id}", json=body, headers=auth), status)


def facilitator_agenda(client, auth, wid: int) -> list[dict]:
    """The agenda items of the facilitator's state snapshot (what the console renders from)."""
    return ok(client.get(f"/api/v1/workshops/{wid}/live-view", headers=auth))["state"]["agenda"]


def test_planned_start_is_set_on_create_edited_and_cleared(client, auth):
    wid = make_workshop(client, auth)
    welcome = add(client, auth, wid, "open_text", "Hva har du vært opptatt av siden sist?", planned_start="8:30")
    assert welcome["planned_start"] == "08:30" and welcome["opened_at"] is None
    cloud = add(client, auth, wid, "word_cloud", "Hvilke verdier skal prege lederskapet vårt?")
    assert cloud["planned_start"] is None

    assert patch(client, auth, cloud["id"], {"planned_start": "12:15"})["planned_start"] == "12:15"
    # Other edits leave it as it is; an explicit null (or an emptied time field) clears it.
    assert patch(client, auth, cloud["id"], {"prompt": "Ett ord om verdier"})["planned_start"] == "12:15"
    assert patch(client, auth, cloud["id"], {"planned_start": None})["planned_start"] is None
    assert patch(client, auth, welcome["id"], {"planned_start": ""})["planned_start"] is None
    assert [a["planned_start"] for a in agenda(client, auth, wid)] == [None, None]


def test_a_planned_start_that_is_not_a_time_of_day_is_refused_under_its_field_name(client, auth):
    wid = make_workshop(client, auth)
    q = add(client, auth, wid, "open_text", "Hva er god ledelse for deg?", planned_start="09:00")
    for wrong in ("24:00", "09:60", "ni", "09.00", "09:00:00"):
        refused = patch(client, auth, q["id"], {"planned_start": wrong}, 422)["detail"]
        assert refused["code"] == "planned_start", wrong
        assert "00:00" in refused["message"] and "23:59" in refused["message"]
    r = client.post(f"/api/v1/workshops/{wid}/activities", json={"kind": "open_text", "prompt": "?",
                                                                  "planned_start": "25:00"}, headers=auth)
    assert r.status_code == 422 and r.json()["detail"]["code"] == "planned_start"
    assert len(agenda(client, auth, wid)) == 1  # nothing added
    too_long = patch(client, auth, q["id"], {"planned_start": "0" * 21}, 422)["detail"]
    assert too_long["code"] == "invalid" and too_long["problems"][0]["field"] == "body.planned_start"
    assert agenda(client, auth, wid)[0]["planned_start"] == "09:00"  # still as it was


def test_opened_at_is_set_the_first_time_live_and_never_moves(client, auth):
    wid = make_workshop(client, auth)
    first = add(client, auth, wid, "open_text", "Påkobling: Hva har du vært opptatt av?", planned_start="08:30")
    second = add(client, auth, wid, "poll", "Mestringsorientert ledelse: velg to områder", planned_start="09:00")
    third = add(client, auth, wid, "word_cloud", "Hvilke verdier skal prege lederskapet vårt?")

    # A rehearsal in the draft opens nothing.
    command(client, auth, wid, "next")
    command(client, auth, wid, "lobby")
    assert [a["opened_at"] for a in agenda(client, auth, wid)] == [None, None, None]

    go_live(client, auth, wid)
    command(client, auth, wid, "next")
    opened = agenda(client, auth, wid)[0]["opened_at"]
    assert opened is not None
    command(client, auth, wid, "goto", activity_id=third["id"])
    command(client, auth, wid, "previous")  # the second, by stepping back
    command(client, auth, wid, "goto", activity_id=first["id"])
    command(client, auth, wid, "lobby")
    command(client, auth, wid, "next")
    items = agenda(client, auth, wid)
    assert items[0]["opened_at"] == opened  # back to it twice: still its first opening
    assert all(a["opened_at"] for a in items)
    moments = [datetime.fromisoformat(a["opened_at"]) for a in items]
    assert moments[0] <= moments[2] <= moments[1]  # the order they first came on screen

    view = facilitator_agenda(client, auth, wid)
    assert [a["id"] for a in view] == [first["id"], second["id"], third["id"]]
    assert [a["planned_start"] for a in view] == ["08:30", "09:00", None]
    assert view[0]["started"] == clock_time(moments[0])
    assert view[0]["behind"] == minutes_behind("08:30", moments[0])
    assert view[2]["behind"] is None and view[2]["started"] == clock_time(moments[2])
    # Only the console's snapshot carries the times: the room never sees the plan.
    state = ok(client.get(f"/api/v1/workshops/{wid}/live-view", headers=auth))["state"]
    assert "planned_start" not in state["activity"]


def test_going_live_with_an_activity_left_on_screen_opens_it(client, auth):
    wid = make_workshop(client, auth)
    q = add(client, auth, wid, "open_text", "Hva er det aller viktigste kommunen bør oppnå?", planned_start="08:45")
    command(client, auth, wid, "next")  # left on screen after trying the day out in the draft
    assert agenda(client, auth, wid)[0]["opened_at"] is None
    go_live(client, auth, wid)
    opened = agenda(client, auth, wid)[0]["opened_at"]
    assert opened is not None
    ok(client.post(f"/api/v1/workshops/{wid}/end", headers=auth))
    go_live(client, auth, wid)  # live again: the day already began
    assert agenda(client, auth, wid)[0]["opened_at"] == opened
    assert q["id"] == agenda(client, auth, wid)[0]["id"]


def test_duplicating_a_workshop_keeps_the_plan_but_not_the_openings(client, auth):
    wid = make_workshop(client, auth)
    add(client, auth, wid, "open_text", "Påkobling", planned_start="08:30")
    add(client, auth, wid, "word_cloud", "Verdier")
    go_live(client, auth, wid)
    command(client, auth, wid, "next")
    copy = ok(client.post(f"/api/v1/workshops/{wid}/duplicate", headers=auth), 201)
    assert [(a["planned_start"], a["opened_at"]) for a in copy["activities"]] == [("08:30", None), (None, None)]
