"""Templates (issue 14): the seeds' day 1 and day 3 as built-in templates in bokmål and nynorsk, a workshop saved
as its owner's template, and drafts started from either. The day-3 template runs live on a real server."""
import json

import pytest

from app.activities import get_kind
from app.i18n import translate_to
from app.services.templates import BUILTIN_DIR
from tests.test_accounts import html_log_in
from tests.test_api import add, command, go_live, invite_and_sign_up, join, make_workshop, submit
from tests.test_duplicate_workshop import IGP, ROLES, groups_view, named, ok, people
from tests.test_live import Phone, fac, join_all, recv_until, run  # noqa: F401 (fixture)

KINDS = {
    "day1": ["open_text", "word_cloud", "open_text", "poster", "poll", "open_text", "poster", "journal", "open_text",
             "open_text"],
    "day3": ["recap", "journal", "duos", "poll", "scale", "open_text", "word_cloud", "diamond", "points", "poster",
             "journal", "peer_coaching", "open_text", "open_text"],
}
# The phase plans the seeds give (label, seconds, turns), by place in the agenda.
PHASES = {
    "day1": {3: [["individual", 180, False], ["group", 900, True], ["plenary", 600, False]],
             4: [["individual", 180, False], ["group", 1200, True], ["plenary", 600, False]]},
    "day3": {4: [["individual", 420, False], ["group", 900, True], ["plenary", 600, False]],
             5: [["individual", 180, False], ["group", 900, False]], 7: [["group", 1200, False]],
             8: [["group", 600, False]], 9: [["individual", 300, False], ["group", 1200, False]]},
}
# Network groups are people's groups: a template carries none of them.
REFUSAL = "This is a template: it cannot go live. Start a workshop from it instead."
NETWORK_GROUPS = ["Gygrene", "Stjernelaget", "Godt og blandet", "Blåveis", "Einingsleiarane", "RLG"]


def templates_of(client, auth) -> list[dict]:
    return ok(client.get("/api/v1/templates", headers=auth))


def start(client, auth, key: str, status: int = 201) -> dict:
    """A draft started from a template; the workshop with its agenda."""
    return ok(client.post(f"/api/v1/templates/{key}/workshops", headers=auth), status)


def plan(phases: list) -> dict:
    """A stored clock that is a plan not started."""
    return {"phases": phases, "index": -1, "deadline": None, "remaining": None}


# --- built-in templates ----------------------------------------------------------------------

def test_the_builtin_templates_are_listed_day_by_day_in_both_languages(client, auth):
    listed = templates_of(client, auth)
    assert [t["key"] for t in listed] == ["day1-nb", "day1-nn", "day3-nb", "day3-nn"]
    assert all(t["builtin"] and t["description"] and t["workshop_id"] is None for t in listed)
    assert [t["language"] for t in listed] == ["nb", "nn", "nb", "nn"]
    assert [t["kinds"] for t in listed] == [KINDS["day1"], KINDS["day1"], KINDS["day3"], KINDS["day3"]]
    assert "Meistringsorientert leiing" in listed[3]["title"] and "Mestringsorientert ledelse" in listed[2]["title"]


@pytest.mark.parametrize("key", ["day1-nb", "day1-nn", "day3-nb", "day3-nn"])
def test_every_builtin_template_makes_a_draft_whose_activities_validate(client, auth, key):
    day, language = key.split("-")
    w = start(client, auth, key)
    assert (w["status"], w["language"], w["join_code"], w["current_activity_id"]) == ("draft", language, None, None)
    activities = w["activities"]
    assert [a["kind"] for a in activities] == KINDS[day]
    assert [a["position"] for a in activities] == list(range(len(KINDS[day])))
    for i, a in enumerate(activities):
        kind = get_kind(a["kind"])
        assert kind.settings(a["settings"]).model_dump() == a["settings"], a  # stored as the kind validates them
        assert 0 < len(a["prompt"]) <= 500 and a["moderation"] == {} and not a["locked"]
        assert a["results_visible"] == kind.results_visible_at_start(kind.settings(a["settings"]))
        assert a["clock"] == (plan(PHASES[day][i]) if i in PHASES[day] else {}), (i, a["clock"])
    roles = groups_view(client, auth, w["id"])["roles"]
    assert len(roles) == 3 and [r["writes"] for r in roles] == [False, False, True]
    # The roles are what the roles form would store (cleaned the same way), worded in the template's language.
    again = ok(client.put(f"/api/v1/workshops/{w['id']}/roles", json={"roles": roles}, headers=auth))
    assert again == roles
    assert named(groups_view(client, auth, w["id"])) == []  # network groups are people's: none in a template

    if day == "day3":
        cloud, diamond, points, scale = activities[6], activities[7], activities[8], activities[4]
        assert diamond["settings"]["mode"] == "group" and diamond["settings"]["items"] == []
        assert diamond["settings"]["feed"] == {"source_id": cloud["id"], "n": 15}  # the cloud feeds the diamond
        assert points["settings"]["feed"] == {"source_id": diamond["id"], "n": 3}  # "the top three of every group"
        assert len(scale["settings"]["items"]) == 9
        assert scale["settings"]["items"][-1] == ("Ser ansatte" if language == "nb" else "Ser dei tilsette")
        assert len(activities[3]["settings"]["items"]) == 8 and activities[3]["settings"]["multiple"]
        assert activities[1]["settings"]["stage"] == "follow_up" and activities[10]["settings"]["stage"] == "custom"
        assert activities[2]["settings"] == {"scope": "group", "minutes": 7}
    if language == "nn":
        text = " ".join(a["prompt"] for a in activities)
        assert " kva " in text.lower() and " hva " not in text.lower()  # nynorsk, not bokmål with a new title
    assert roles[0]["name"] in (["Leder og tidtaker", "Ordstyrer og tidtaker"] if language == "nb"
                                else ["Leiar og tidtakar", "Ordstyrar og tidtakar"])


def test_the_template_files_hold_no_network_group_and_every_language(client):
    for path in sorted(BUILTIN_DIR.glob("*.json")):
        raw = path.read_text(encoding="utf-8")
        assert not [g for g in NETWORK_GROUPS if g.lower() in raw.lower()], path
        data = json.loads(raw)
        for a in data["activities"]:
            assert set(a["text"]) == {"nb", "nn"} and a["text"]["nb"]["prompt"] != a["text"]["nn"]["prompt"]


# --- own templates ---------------------------------------------------------------------------

def prepared_day(client, auth) -> tuple[int, dict, dict]:
    """A live workshop with phases, roles, groups, a feed plan, people and answers."""
    wid = make_workshop(client, auth, "Samling 2 – Verdier")
    q = add(client, auth, wid, "open_text", "Hva betyr tillit for deg?", settings={"max_answers": 2})
    diamond = add(client, auth, wid, "diamond", "Bli enige om 9 verdier", settings={"mode": "group"})
    vote = add(client, auth, wid, "points", "Fordel 100 poeng", settings={"feed": {"source_id": diamond["id"], "n": 3}})
    ok(client.put(f"/api/v1/activities/{q['id']}/phases", json={"phases": IGP}, headers=auth))
    ok(client.put(f"/api/v1/workshops/{wid}/roles", json={"roles": ROLES}, headers=auth))
    for name in ("Gygrene", "Stjernelaget"):
        ok(client.post(f"/api/v1/workshops/{wid}/groups", json={"name": name}, headers=auth), 201)
    code = go_live(client, auth, wid)
    phone = join(client, code)
    command(client, auth, wid, "goto", activity_id=q["id"])
    command(client, auth, wid, "phase_start", activity_id=q["id"])
    assert submit(client, phone["participant_token"], q["id"], "Å bli trodd på", "client-q-0001")["type"] == "ack"
    return wid, diamond, vote


def test_save_as_template_then_start_from_it_round_trips(client, auth):
    """The template and the draft started from it have the agenda, settings, phase plans (not running), roles
    and group names; no participants, answers or moderation; feed plans point at their own rounds."""
    wid, diamond, vote = prepared_day(client, auth)
    original = ok(client.get(f"/api/v1/workshops/{wid}", headers=auth))

    saved = ok(client.post(f"/api/v1/workshops/{wid}/template", headers=auth), 201)
    assert (saved["builtin"], saved["title"], saved["language"]) == (False, "Samling 2 – Verdier", "nb")
    assert saved["kinds"] == ["open_text", "diamond", "points"] and saved["key"] == str(saved["workshop_id"])
    assert [t["key"] for t in templates_of(client, auth)][-1] == saved["key"]

    template = ok(client.get(f"/api/v1/workshops/{saved['workshop_id']}", headers=auth))
    draft = start(client, auth, saved["key"])
    assert draft["id"] not in (wid, template["id"])
    assert (template["status"], draft["status"]) == ("template", "draft")
    assert template["title"] == draft["title"] == "Samling 2 – Verdier"  # not "… (copy)"
    for copy in (template, draft):
        assert copy["join_code"] is None and copy["current_activity_id"] is None
        acts = copy["activities"]
        assert [(a["kind"], a["prompt"]) for a in acts] == [(a["kind"], a["prompt"]) for a in original["activities"]]
        assert acts[0]["clock"] == plan([[p["label"], p["seconds"], p["turns"]] for p in IGP])  # a plan, not running
        assert acts[2]["settings"]["feed"] == {"source_id": acts[1]["id"], "n": 3}  # its own diamond
        assert all(a["moderation"] == {} and not a["locked"] for a in acts)
        view = groups_view(client, auth, copy["id"])
        assert [g["name"] for g in named(view)] == ["Gygrene", "Stjernelaget"] and people(view) == 0
        assert [r["name"] for r in view["roles"]] == ["Ordstyrer", "Sekretær"]
        exported = ok(client.get(f"/api/v1/workshops/{copy['id']}/export.json", headers=auth))
        assert all(a["entries"] == [] for a in exported["activities"]) and "trodd" not in json.dumps(exported)
    # The day it came from is untouched and still live.
    assert ok(client.get(f"/api/v1/workshops/{wid}", headers=auth)) == original


# The seeds' programmes for day 1 and day 3: the first activity of each timed block starts at the block's time.
PLANNED = {"day1": ["08:45", None, None, "10:00", "11:00", "12:15", None, "15:15", None, None],
           "day3": ["08:30", None, None, "09:00", None, "09:45", "12:15", None, None, None, None, None, None, None]}


def test_planned_times_go_through_templates_and_back(client, auth):
    """The built-in days carry the seeds' planned times; a day saved as a template and started again keeps its own,
    never when the old day's activities opened."""
    for key in ("day1-nb", "day3-nn"):
        assert [a["planned_start"] for a in start(client, auth, key)["activities"]] == PLANNED[key[:4]], key
    wid = make_workshop(client, auth, "Samling 2 – Verdier")
    add(client, auth, wid, "open_text", "Påkobling: Hva har du vært opptatt av siden sist?", planned_start="08:30")
    add(client, auth, wid, "word_cloud", "Hvilke verdier skal prege lederskapet vårt?")
    add(client, auth, wid, "diamond", "Sorter i diamant", planned_start="12:15")
    go_live(client, auth, wid)
    command(client, auth, wid, "next")
    assert ok(client.get(f"/api/v1/workshops/{wid}", headers=auth))["activities"][0]["opened_at"]

    saved = ok(client.post(f"/api/v1/workshops/{wid}/template", headers=auth), 201)
    template = ok(client.get(f"/api/v1/workshops/{saved['workshop_id']}", headers=auth))
    draft = start(client, auth, saved["key"])
    for copy in (template, draft):
        assert [(a["planned_start"], a["opened_at"]) for a in copy["activities"]] == \
            [("08:30", None), (None, None), ("12:15", None)]


def test_a_template_never_goes_live_and_is_not_among_the_workshops(client, auth):
    wid = make_workshop(client, auth, "Samling 4")
    add(client, auth, wid, "word_cloud", "Ett ord om dagen")
    tid = ok(client.post(f"/api/v1/workshops/{wid}/template", headers=auth), 201)["workshop_id"]

    for action in ("live", "end"):
        r = client.post(f"/api/v1/workshops/{tid}/{action}", headers=auth)
        assert r.status_code == 409, r.text
        assert r.json()["detail"] == {"code": "template", "message": translate_to("nb", REFUSAL)}
    after = ok(client.get(f"/api/v1/workshops/{tid}", headers=auth))
    assert (after["status"], after["join_code"], after["ended_at"]) == ("template", None, None)
    assert [w["id"] for w in ok(client.get("/api/v1/workshops", headers=auth))] == [wid]

    html_log_in(client)
    page = client.get("/facilitator")
    assert page.status_code == 200
    before, after = page.text.split('id="templates"', 1)
    section, rest = after.split("</section>", 1)
    table = before + rest
    assert f'data-template="{tid}"' in section and "Samling 4" in section and 'data-template="day3-nn"' in section
    assert f"/facilitator/workshops/{tid}\"" not in table  # not among the workshops

    r = client.post(f"/api/v1/workshops/{wid}/live", headers=auth)  # the workshop it came from goes live as ever
    assert r.status_code == 200 and r.json()["join_code"]


def test_another_facilitator_cannot_see_or_use_someone_elses_template(client, auth):
    wid = make_workshop(client, auth, "Samling 5")
    add(client, auth, wid, "open_text", "Hva tar du med deg?")
    tid = ok(client.post(f"/api/v1/workshops/{wid}/template", headers=auth), 201)["workshop_id"]
    other = invite_and_sign_up(client, auth)

    assert [t["key"] for t in templates_of(client, other)] == ["day1-nb", "day1-nn", "day3-nb", "day3-nn"]
    for r in (client.post(f"/api/v1/templates/{tid}/workshops", headers=other),
              client.post(f"/api/v1/workshops/{tid}/template", headers=other),
              client.get(f"/api/v1/workshops/{tid}", headers=other),
              client.post(f"/api/v1/workshops/{tid}/live", headers=other)):
        assert r.status_code == 404, r.text
    assert ok(client.get("/api/v1/workshops", headers=other)) == []
    page = client.get("/facilitator").text  # the colleague's session (signed up through the invitation)
    assert "Samling 5" not in page and 'data-template="day1-nb"' in page
    # A workshop (not a template) is no template to start from either, nor is an unknown key.
    for key in (str(wid), "day9-nb", "day3-en", "99999999999999999999"):
        r = client.post(f"/api/v1/templates/{key}/workshops", headers=auth)
        assert r.status_code == 404 and r.json()["detail"]["code"] == "template", (key, r.text)
    assert client.post("/api/v1/templates/DAY3-NB/workshops", headers=auth).status_code == 422


# --- the day-3 template, run live ------------------------------------------------------------

WORDS = [["Tillit", "Respekt", "Åpenhet"], ["Tillit", "Raushet", "Mot"], ["Tillit", "Respekt", "Likeverd"],
         ["Trygghet", "Lojalitet", "Retning"], ["Respekt", "Ærlighet", "Inkludering"], ["Åpenhet", "Glede", "Mot"]]
BOARDS = [["Tillit", "Respekt", "Åpenhet", "Mot", "Raushet", "Likeverd", "Retning", "Ærlighet", "Glede"],
          ["Respekt", "Mot", "Trygghet", "Tillit", "Raushet", "Likeverd", "Retning", "Ærlighet", "Inkludering"]]


def test_the_day3_template_instantiates_into_a_workshop_that_runs(server, fac):
    """Acceptance: day 3 from the template goes live; six phones in two groups with drawn roles answer every
    activity in turn; the cloud feeds the groups' diamonds and their top three the 100-point round."""
    w = fac.http.post("/api/v1/templates/day3-nb/workshops").json()
    wid, acts = w["id"], w["activities"]
    ids = [a["id"] for a in acts]
    r = fac.http.post(f"/api/v1/workshops/{wid}/live")
    assert r.status_code == 200, r.text
    tokens = run(join_all(server, r.json()["join_code"], 6))
    assert fac.http.post(f"/api/v1/workshops/{wid}/groups/split", json={"count": 2}).status_code == 200
    assert fac.http.post(f"/api/v1/workshops/{wid}/roles/draw").status_code == 204
    members = {m["id"]: g for g in fac.http.get(f"/api/v1/workshops/{wid}/groups").json()["groups"]
               if g["id"] is not None for m in g["members"]}

    async def scenario():
        phones = [Phone(server, t) for t in tokens]
        for p in phones:
            await p.open()

        async def step(index: int) -> None:
            """Next activity: every phone sees it."""
            state = fac.command(wid, "next")
            assert state["current_activity_id"] == ids[index]
            for p in phones:
                await recv_until(p.ws, lambda m: m["type"] == "state" and (m["activity"] or {}).get("id") == ids[index],
                                 seen=p.seen)

        async def answer(p: Phone, index: int, payload: dict, client_id: str) -> None:
            await p.send({"type": "submit", "client_id": client_id, "activity_id": ids[index], "payload": payload})
            reply = await p.reply()
            assert reply["type"] == "ack", (index, reply)

        # 0: the recap of the earlier days (nothing chosen in a draft of no programme: the summary only).
        await step(0)
        assert fac.results(wid)["results"]["items"] == []
        # 1: the action-learning follow-up: each phone writes in its journal (the round counts, it holds no text).
        await step(1)
        for i, p in enumerate(phones):
            await answer(p, 1, {"question": i % 3}, f"journal-{i:04d}")
        assert fac.results(wid)["results"]["writers"] == 6
        # 2: "what have you been busy with since last time", in duos inside each network group, 7 minutes.
        await step(2)
        paired = fac.command(wid, "pair", scope="group", minutes=7)
        assert paired["activities"][2]["clock"]["index"] == 0
        duos = fac.results(wid)["results"]
        assert (duos["duos"], duos["people"]) == (2, 6)  # two groups of three: a trio each, nobody alone
        # 3: two of the eight areas.
        await step(3)
        areas = acts[3]["settings"]["items"]
        for i, p in enumerate(phones):
            await answer(p, 3, {"choices": [areas[0], areas[1 + i % 3]]}, f"areas-{i:04d}")
        # 4: the self-assessment 1-6 over the nine statements.
        await step(4)
        statements = acts[4]["settings"]["items"]
        for i, p in enumerate(phones):
            scores = {s: {"score": 1 + (i + j) % 6, "reason": "Et eksempel" if j == 0 else ""}
                      for j, s in enumerate(statements)}
            await answer(p, 4, {"answers": scores}, f"scale-{i:04d}")
        assessed = fac.results(wid)["results"]
        assert all(s["count"] == 6 and s["shown"] for s in assessed["statements"])  # five or more: a spread
        # 5: psychological safety.
        await step(5)
        for i, p in enumerate(phones):
            await answer(p, 5, {"text": "Jeg opplever psykologisk trygghet når vi deler feil"}, f"safe-{i:04d}")
        # 6: the values cloud.
        await step(6)
        for i, p in enumerate(phones):
            for j, word in enumerate(WORDS[i]):
                await answer(p, 6, {"text": word}, f"cloud-{i:02d}-{j:02d}")
        cloud = {w["text"]: w["count"] for w in fac.results(wid)["results"]["words"]}
        assert (cloud["Tillit"], cloud["Respekt"], cloud["Mot"], cloud["Glede"], len(cloud)) == (3, 3, 2, 1, 12)
        # 7: the diamond, its list from the cloud; one member of each group places the group's nine.
        await step(7)
        listed = fac.http.get(f"/api/v1/workshops/{wid}").json()["activities"][7]["settings"]["items"]
        assert sorted(listed) == sorted({w for words in WORDS for w in words})  # 12 values, all within the top 15
        by_group: dict[int, list[Phone]] = {}
        for p in phones:
            first = next(m for m in p.seen if m["type"] == "personal")
            by_group.setdefault(first["group"]["id"], []).append(p)
        assert sorted(len(v) for v in by_group.values()) == [3, 3]
        group_ids = sorted(by_group)
        for board, gid in zip(BOARDS, group_ids):
            for slot, item in enumerate(board):
                await answer(by_group[gid][0], 7, {"type": "move", "item": item, "slot": slot}, f"move-{gid}-{slot:04d}")
        boards = {b["group"]: b["slots"] for b in fac.results(wid)["results"]["boards"]}
        assert [boards[g] for g in group_ids] == BOARDS
        # 8: 100 points over the top three of every diamond, pooled.
        await step(8)
        pooled = fac.http.get(f"/api/v1/workshops/{wid}").json()["activities"][8]["settings"]["items"]
        assert pooled == ["Tillit", "Respekt", "Åpenhet", "Mot", "Trygghet"]
        for i, p in enumerate(phones):
            await answer(p, 8, {"points": {"Tillit": 40, "Respekt": 30, pooled[2 + i % 3]: 30}}, f"points-{i:04d}")
        ranking = fac.results(wid)["results"]["ranking"]
        assert [(r["item"], r["score"]) for r in ranking[:2]] == [("Tillit", 240), ("Respekt", 180)]
        # 9: each group's value poster.
        await step(9)
        for gid in group_ids:
            await answer(by_group[gid][1], 9, {"type": "edit", "base": 0, "text": "TILLIT: Som leder skal jeg holde det jeg lover."},
                         f"poster-{gid}-0001")
        posters = fac.results(wid)["results"]["posters"]
        assert [p["text"] for p in posters] == ["TILLIT: Som leder skal jeg holde det jeg lover."] * 2
        # 10: the closing journal round: the problem each brings to peer coaching.
        await step(10)
        for i, p in enumerate(phones):
            await answer(p, 10, {"question": 1}, f"closing-{i:04d}")
        # 11: peer coaching in each group: one shares a problem, the others advise, the owner reflects.
        await step(11)
        for gid in group_ids:
            owner, *others = by_group[gid]
            await answer(owner, 11, {"case": "Hvordan gir jeg tydelige forventninger uten å detaljstyre?"},
                         f"case-{gid}-0001")
            for j, p in enumerate(others):
                await answer(p, 11, {"advice": f"Avtal hva som er godt nok, og følg opp ({j})"}, f"advice-{gid}-{j:04d}")
            await answer(owner, 11, {"reflection": "Jeg tar med meg å avtale ‘godt nok’."}, f"reflect-{gid}-0001")
        fac.command(wid, "coaching_start")
        coached = fac.results(wid)["results"]
        assert "Hvordan" not in json.dumps(coached) and "Avtal" not in json.dumps(coached)  # counts only
        # 12, 13: the evaluation, the same two questions every day of the programme.
        for index in (12, 13):
            await step(index)
            for i, p in enumerate(phones):
                await answer(p, index, {"text": "Bra med tid i gruppene"}, f"eval-{index}-{i:04d}")
        for p in phones:
            await p.close()

    run(scenario(), timeout=120)
    assert len(members) == 6
    assert fac.http.post(f"/api/v1/workshops/{wid}/end").json()["status"] == "ended"
    exported = fac.exported_entries(wid)
    # Private kinds' answers (the journal rounds' counts, the self-assessment, peer coaching) are counted in the
    # export (`answers`), never carried.
    assert [len(e) for e in exported] == [0, 0, 0, 6, 0, 6, 18, 18, 6, 2, 0, 0, 6, 6]
    dump = fac.http.get(f"/api/v1/workshops/{wid}/export.json").json()
    assert [a["answers"] for a in dump["activities"]] == [0, 6, 0, 6, 6, 6, 18, 18, 6, 2, 6, 8, 6, 6]
