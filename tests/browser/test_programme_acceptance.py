"""Issue 14, acceptance: a programme of two workshops lived on twelve phones. Day 1: the phones join (each keeps its
programme pass), answer a 100-point vote and a self-assessment and start their journal. The server restarts.
Day 2: the same twelve join with their pass and are the same participants in the same network groups; the recap
shows day 1's ranking; each phone sees its own scores of day 1 beside day 2; peer coaching runs with turns in both
groups; a duo round pairs everyone. Nothing private reaches the facilitator's screens or exports."""
import json

from playwright.sync_api import expect

from app.db import Database
from tests.browser.conftest import presenter_window, shot
from tests.browser.test_group_flow import join_group
from tests.browser.test_phase_timer import signed_in_console
from tests.test_journal import exported_texts, new_programme, programme_day
from tests.test_live import Facilitator, Phone, run
from tests.test_programmes import people

GROUPS = ["Gygrene", "Stjernelaget"]
NAMES = ["Kari", "Ola", "", "Per", "Medarbeiderinvolvering", "Anne", "Lise", "", "Tor", "Siri", "Nils", "Eva"]
VALUES = ["Tillit", "Respekt", "Åpenhet", "Mot", "Trygghet"]
SCALE = "Mestringsorientert leder: hvor står du i dag?"
ITEMS = ["Gir autonomi og tillit", "Stiller krav", "Ser ansatte"]
JOURNAL = "Oppstart aksjonslæringsprosjekt"
CASE = "Hvordan får jeg teamet til å ta ansvar for egne mål uten at jeg mister oversikten? ({})"
ADVICE = "Start med ett felles mål og la teamet eie det ({})."


def day1_scores(i: int) -> dict[str, int]:
    return {ITEMS[0]: 1 + i % 4, ITEMS[1]: 3, ITEMS[2]: 2 + i % 3}


def day2_scores(i: int) -> dict[str, int]:
    return {ITEMS[0]: 3 + i % 4, ITEMS[1]: 4, ITEMS[2]: 5}


def token_of(page) -> str:
    return next(c["value"] for c in page.context.cookies() if c["name"] == "samling_participant")


def submit_all(server, pages, activity: int, payload_of, tag: str) -> None:
    """Each phone's answer through its own participant token (the phone's socket, as its page would send it)."""
    tokens = [token_of(page) for page in pages]  # (read here: Playwright's sync calls stay on this thread)

    async def go():
        for i, token in enumerate(tokens):
            ws = Phone(server, token)
            await ws.open()
            await ws.send({"type": "submit", "client_id": f"{tag}-{i:06d}", "activity_id": activity,
                           "payload": payload_of(i)})
            reply = await ws.reply()
            await ws.close()
            assert reply["type"] == "ack", reply

    run(go())


def answer_scale_on_phone(page, activity: int, scores: dict[str, int]) -> None:
    for i, item in enumerate(ITEMS):
        page.locator(f"label[for='score-{activity}-{i}-{scores[item]}']").click()
    page.locator(".scale-form button[type=submit]").click()
    expect(page.locator(".scale-form")).to_contain_text("Lagret")


def test_a_programme_lived_over_two_workshops(server, browser, database_url):
    fac = Facilitator(server)
    database = Database(database_url)
    try:
        programme = new_programme(fac, "Lederutviklingsprogrammet Seljord 2026")
        for name in GROUPS:
            assert fac.http.post(f"/api/v1/programmes/{programme}/groups", json={"name": name}).status_code == 201
        w1, code1, (vote, scale1, journal1) = programme_day(
            fac, programme, "Samling 1", ("points", "Hvilke verdier er viktigst i lederskapet?", {"items": VALUES}),
            ("scale", SCALE, {"items": ITEMS, "min_count": 5}), ("journal", JOURNAL, {}))

        # Day 1: twelve phones, six in each network group, each with its programme pass.
        phones = [join_group(browser, server.base, code1, name, GROUPS[i % 2]) for i, name in enumerate(NAMES)]
        for page in phones:
            assert any(c["name"] == "samling_programme" for c in page.context.cookies())
        fac.command(w1, "goto", activity_id=vote)
        submit_all(server, phones, vote, lambda i: {"points": {"Tillit": 50, "Respekt": 30, VALUES[2 + i % 3]: 20}},
                   "vote")
        fac.command(w1, "goto", activity_id=scale1)
        submit_all(server, phones, scale1, lambda i: {"answers": {k: {"score": v, "reason": ""}
                                                                  for k, v in day1_scores(i).items()}}, "scale")
        fac.command(w1, "goto", activity_id=journal1)
        for i, page in enumerate(phones):
            field = page.locator(".journal-question textarea").first
            field.fill(f"Jeg vil være en tydelig og trygg leder ({i}).")
            page.locator(".journal-question").first.get_by_role("button").click()
            expect(page.locator(".journal-question").first).to_contain_text("Lagret")
        shot(phones[0], "acceptance-journal-day1")
        day1 = people(database, w1)
        assert len(day1) == 12 and all(g for _m, _n, g in day1.values())
        assert fac.http.post(f"/api/v1/workshops/{w1}/end").status_code == 200

        server.stop()
        server.start()  # a new process on the same database: the passes are all the phones keep

        w2, code2, (recap, scale2, coaching, duos) = programme_day(
            fac, programme, "Samling 2", ("recap", "Oppsummering fra samling 1", {"sources": [vote]}),
            ("scale", SCALE, {"items": ITEMS, "min_count": 5}),
            ("peer_coaching", "Problemstilling til kollegaveiledning", {}),
            ("duos", "Snakk sammen i duoer: hva har du testet ut siden sist?", {"minutes": 7}))
        for page in phones:
            page.goto(f"{server.base}/{code2}")
            if page.locator("#name").count():
                page.click("button[type=submit]")  # no name typed: the pass brings it
            expect(page.locator("#status")).to_have_attribute("data-state", "open")
        day2 = people(database, w2)
        assert sorted(day2.values(), key=str) == sorted(day1.values(), key=str)  # same members, names, groups
        for i, page in enumerate(phones):
            expect(page.locator(".group-name")).to_contain_text(GROUPS[i % 2])  # its group at once, not chosen

        # The recap: day 1's ranking on the projector.
        console = signed_in_console(browser, server.base, w2)
        screen = presenter_window(console, server.base, w2)
        fac.command(w2, "goto", activity_id=recap)
        source = screen.locator(".recap-source[data-kind=points]")
        expect(source).to_be_visible()
        expect(source.locator(".recap-from")).to_contain_text("Samling 1")
        expect(source).to_contain_text("Tillit")
        expect(source).to_contain_text("Respekt")
        shot(screen, "acceptance-recap-presenter-1920")
        screen.set_viewport_size({"width": 1280, "height": 720})
        expect(source).to_contain_text("Tillit")
        shot(screen, "acceptance-recap-presenter-1280")
        screen.set_viewport_size({"width": 1920, "height": 1080})

        # The self-assessment again: each phone sees its own day 1 beside day 2; the room only the distributions.
        fac.command(w2, "goto", activity_id=scale2)
        for i, page in enumerate(phones):
            answer_scale_on_phone(page, scale2, day2_scores(i))
        for i, page in enumerate(phones):
            table = page.locator(".own-over-days table")
            expect(table).to_be_visible()
            expect(table.locator("thead th")).to_have_text(["Utsagn", "Samling 1", "Samling 2"])
            for row, item in enumerate(ITEMS):
                expect(table.locator("tbody tr").nth(row).locator("td")).to_have_text(
                    [str(day1_scores(i)[item]), str(day2_scores(i)[item])])
        phones[4].locator(".own-over-days").scroll_into_view_if_needed()
        shot(phones[4], "acceptance-own-scores-phone")
        fac.command(w2, "show_results")
        expect(screen.locator(".scale-day")).to_have_count(2 * len(ITEMS))  # day 1 beside today, per statement
        shot(screen, "acceptance-scale-over-days-presenter")
        live = json.dumps(fac.results(w2), ensure_ascii=False)
        assert "Kari" not in live and "Medarbeiderinvolvering" not in live

        # Peer coaching with turns in both groups.
        fac.command(w2, "goto", activity_id=coaching)
        groups = [[p for i, p in enumerate(phones) if i % 2 == g] for g in range(2)]
        for g, members in enumerate(groups):
            owner = members[0]
            owner.fill(f"#pc-case-{coaching}", CASE.format(g))
            owner.locator(".pc-case-form button[type=submit]").click()
            expect(owner.locator(".pc-task")).to_have_attribute("data-role", "owner")
        console.click("#coaching-start")
        expect(groups[0][0].locator(".pc-task")).to_have_attribute("data-stage", "present")  # the steps have started
        fac.command(w2, "phase_skip")  # to the clarifying questions
        fac.command(w2, "phase_skip")  # to the advice, turn by turn
        for g, members in enumerate(groups):
            owner, consultants = members[0], members[1:]
            for page in members:
                expect(page.locator(".pc-task")).to_have_attribute("data-stage", "advice")
                expect(page.locator(".phase-turn")).to_contain_text("(1 av 5)")  # the five consultants in turn
            for j, page in enumerate(consultants[:3]):
                page.fill(f"#pc-advice-{coaching}", ADVICE.format(f"{g}-{j}"))
                page.locator(".pc-advice-form button[type=submit]").click()
            expect(owner.locator(".pc-advice-list li")).to_have_count(3)
            expect(owner.locator(".pc-advice-list")).to_contain_text(ADVICE.format(f"{g}-2"))
            assert CASE.format(1 - g) not in "".join(p.content() for p in members)
        shot(groups[0][0], "acceptance-peer-coaching-owner")
        shot(groups[0][1], "acceptance-peer-coaching-consultant")
        shot(screen, "acceptance-peer-coaching-presenter")
        coached = json.dumps(fac.results(w2), ensure_ascii=False)
        assert "Hvordan får jeg" not in coached and "felles mål" not in coached and '"advice": 3' in coached

        # The advice is in the owner's journal now, on the timeline.
        owner = groups[0][0]
        journal_page = owner.context.new_page()
        journal_page.goto(f"{server.base}/journal/{programme}")
        expect(journal_page.locator(".journal-entry.received")).to_have_count(4)  # the case and three pieces of advice
        expect(journal_page.locator(".journal-entry").first).to_contain_text("tydelig og trygg leder (0)")
        expect(journal_page.locator(".journal-write")).not_to_have_attribute("open", "")
        shot(journal_page, "acceptance-journal-timeline")
        journal_page.close()

        # Duos: everyone paired.
        fac.command(w2, "goto", activity_id=duos)
        fac.command(w2, "pair", scope="group", minutes=7)
        numbers = []
        for page in phones:
            card = page.locator(".duo-card")
            expect(card).to_be_visible()
            numbers.append(card.get_attribute("data-duo"))
        assert all(numbers) and sorted(set(numbers)) == [str(n) for n in range(1, 7)]  # six duos of two
        shot(phones[1], "acceptance-duo-phone")

        # Privacy: the facilitator's exports of both days and of the programme carry no journal text, no scale
        # answer of anyone, no name beside an answer.
        for wid in (w1, w2):
            for text in exported_texts(fac, wid):
                assert "tydelig og trygg leder" not in text and "Hvordan får jeg" not in text
        programme_dump = fac.http.get(f"/api/v1/programmes/{programme}/export.json").text
        assert "tydelig og trygg leder" not in programme_dump and "Medarbeiderinvolvering" not in programme_dump
        for page in phones:
            page.context.close()
        console.context.close()
    finally:
        fac.close()
        database.dispose()
