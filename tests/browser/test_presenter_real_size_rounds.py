"""The projector at its real size with a real room: 35 phones answer a 100-point vote, a poll, the seeds'
self-assessment, an open question and a word cloud; every view fits 1920x1080 and 1280x720 without a
word broken inside, and hidden results show what is being voted on with a count that grows."""
import asyncio
import random
import re
import uuid

import pytest
from playwright.sync_api import expect

from tests.browser.conftest import PROJECTOR, axe_violations, shot, signed_in
from tests.browser.layout_checks import layout_problems
from tests.test_live import Facilitator, Phone, join_all, run

ROOM = 35
SIZES = [(1920, 1080), (1280, 720)]
POINTS = ["Medarbeiderinvolvering", "Tilstedeværelse", "Tillit", "Respekt", "Åpenhet", "Likeverd", "Mot",
          "Raushet", "Ærlighet", "Toleranse", "Kompetanseutvikling", "Ansvarliggjøring"]
POLL = ["Medarbeiderinvolvering", "Tydelige forventninger", "Tilstedeværelse", "Samarbeid på tvers av sektorene",
        "Mestringsorientert ledelse"]
# The seeds' "Mestringsorientert leder" (the scale's default list).
MASTERY = ["Gir autonomi og tillit", "Gir konkrete og nyttige tilbakemeldinger", "Stiller krav",
           "Tydelige forventninger", "Gir anerkjennelse", "Bruker et inspirerende positivt språk",
           "Støtte til å forbedre ytelse", "Inspirerer og motiverer", "Ser ansatte"]
# Statements as long as an item may be (80 characters).
LONG = ["Jeg gir medarbeiderne konkrete og nyttige tilbakemeldinger på arbeidet hver uke",
        "Jeg sørger for medarbeiderinvolvering når vi endrer arbeidsprosesser i enheten",
        "Jeg er tydelig på forventninger og følger opp", "Tilstedeværelse i hverdagen",
        "Jeg bruker et inspirerende og positivt språk også når det er krevende", "Stiller krav",
        "Jeg ser hver enkelt ansatt og anerkjenner innsatsen, også den som ikke synes",
        "Kompetanseutvikling", "Jeg gir autonomi og tillit"]
ANSWERS = ["Mer tid til refleksjon sammen med andre ledere.",
           "Medarbeiderinvolvering i endringsprosessene, ikke bare informasjon etterpå.",
           "Trygghet til å ta beslutninger og stå i dem, også når det blåser.",
           "Konkrete verktøy.",
           "At vi faktisk følger opp det vi blir enige om her i dag, og at toppledelsen er med på det.",
           "Tilstedeværelse",
           "Kompetanseutviklingsprogrammet må henge sammen med hverdagen vår i tjenestene."]


def signed_in_screen(browser, base, wid):
    """The facilitator's presenter window on a projector."""
    return signed_in(browser, base, f"/facilitator/workshops/{wid}/present", PROJECTOR)


async def _answer(server, tokens, activity_id, payloads):
    """Each token's phone sends its payload (None: that phone sends nothing); every one is acknowledged."""
    async def one(token, payload):
        phone = Phone(server, token)
        await phone.open()
        await phone.send({"type": "submit", "client_id": uuid.uuid4().hex,
                          "activity_id": activity_id, "payload": payload})
        reply = await phone.reply()
        await phone.close()
        assert reply["type"] == "ack", reply
    await asyncio.gather(*(one(t, p) for t, p in zip(tokens, payloads) if p is not None))


def answer(server, tokens, activity_id, payloads):
    run(_answer(server, tokens, activity_id, payloads))


def settled(page):
    """Let coalesced results arrive and the view fit itself to the stage."""
    page.wait_for_timeout(500)


def fits_both_sizes(page, name):
    """No layout problem at 1920x1080 and 1280x720 (screenshots of both)."""
    for width, height in SIZES:
        page.set_viewport_size({"width": width, "height": height})
        settled(page)
        shot(page, f"presenter-real-rounds-{name}-{width}x{height}")
        assert layout_problems(page, "#presenter") == [], (name, width)
    page.set_viewport_size(PROJECTOR["viewport"])


def hidden_items_and_growing_count(page, server, tokens, activity_id, payloads, items):
    """Hidden results: every item on the screen, and the count going from 10 to 11 as answers arrive."""
    answer(server, tokens[:10], activity_id, payloads[:10])
    expect(page.locator(".hidden-items li")).to_have_count(len(items))
    for item in items:
        expect(page.locator(f".hidden-items li[data-item='{item}']")).to_be_visible()
    expect(page.locator(".hidden-count")).to_have_text("10 svar")
    answer(server, tokens[10:11], activity_id, payloads[10:11])
    expect(page.locator(".hidden-count")).to_have_text("11 svar")
    answer(server, tokens[11:], activity_id, payloads[11:])
    expect(page.locator(".hidden-count")).to_have_text(f"{sum(p is not None for p in payloads)} svar")
    expect(page.locator(".bars")).to_have_count(0)  # no result leaks while hidden


def points_of(i):
    """Participant i's 100 points over three of the items (the same every run)."""
    a, b, c = random.Random(i).sample(POINTS[: 4 + i % 9], 3)
    return {a: 50, b: 30, c: 20}


def scale_of(i, items):
    """Participant i's scores; the first statement answered by 34 people with median 3.5."""
    answers = {item: {"score": 1 + (i * (k + 2) + k) % 6, "reason": ""} for k, item in enumerate(items)}
    if i == ROOM - 1:
        del answers[items[0]]
    else:
        answers[items[0]] = {"score": (3, 2, 1)[i % 3] if i < 17 else (4, 5, 6)[i % 3], "reason": ""}
    return {"answers": answers}


@pytest.fixture
def room(browser, server):
    fac = Facilitator(server)
    wid, code, ids = fac.live_workshop(
        ("points", "Prioriter de verdiene som er viktigst for lederskapet: fordel 100 poeng", {"items": POINTS}),
        ("poll", "Hvilken verdi bør vi jobbe mest med neste halvår?", {"items": POLL}),
        ("scale", "Hvor godt gjør du dette som leder i dag? (1 = i liten grad, 6 = i stor grad)", {}),
        ("scale", "Hvor enig er du?", {"items": LONG}),
        ("open_text", "Hva skal til for at et slikt program blir nyttig for deg?", {"max_answers": 3}),
        ("word_cloud", "Hvilke verdier er viktigst i samarbeidet mellom sektorene?", {"words_per_participant": 3}))
    tokens = run(join_all(server, code, ROOM))
    page = signed_in_screen(browser, server.base, wid)
    yield fac, wid, ids, tokens, page
    page.context.close()
    fac.close()


def test_the_list_rounds_fit_the_projector_hidden_and_shown(server, room):
    fac, wid, (points, poll, scale, long_scale, _question, _cloud), tokens, page = room

    # 100 points: hidden, the room sees the twelve items and the count grow; then the ranking.
    fac.command(wid, "next")
    hidden_items_and_growing_count(page, server, tokens, points, [{"points": points_of(i)} for i in range(ROOM)], POINTS)
    fits_both_sizes(page, "points-hidden")
    assert axe_violations(page) == []
    fac.command(wid, "show_results")
    expect(page.locator(".bars li")).to_have_count(12)
    fits_both_sizes(page, "points")

    # Poll: percentages of the voters ("40 %" in bokmål), with the votes.
    fac.command(wid, "next")
    votes = [POLL[0]] * 14 + [POLL[1]] * 9 + [POLL[2]] * 7 + [POLL[3]] * 4 + [POLL[4]] * 1
    hidden_items_and_growing_count(page, server, tokens, poll, [{"choices": [v]} for v in votes], POLL)
    fac.command(wid, "show_results")
    first = page.locator(f".bars li[data-item='{POLL[0]}']")
    expect(first.locator(".bar-value")).to_have_text(re.compile(r"^40\s%$"))
    expect(first.locator(".bar-note")).to_have_text(re.compile(r"^14 \w+"))  # "14 stemmer"
    expect(page.locator(f".bars li[data-item='{POLL[4]}'] .bar-value")).to_have_text(re.compile(r"^3\s%$"))
    fits_both_sizes(page, "poll")

    # The seeds' self-assessment: nine charts, medians with a decimal comma, bars on one baseline.
    fac.command(wid, "next")
    hidden_items_and_growing_count(page, server, tokens, scale, [scale_of(i, MASTERY) for i in range(ROOM)], MASTERY)
    fits_both_sizes(page, "scale-hidden")
    fac.command(wid, "show_results")
    expect(page.locator(".scale-result .histogram")).to_have_count(9)
    expect(page.locator(f".scale-result[data-item='{MASTERY[0]}'] .median")).to_have_text("Median: 3,5")
    for width, height in SIZES:
        page.set_viewport_size({"width": width, "height": height})
        settled(page)
        bottoms = page.evaluate("""() => [...document.querySelectorAll('.histogram')].map((h) =>
          [...h.querySelectorAll('.bar')].map((b) => Math.round(b.getBoundingClientRect().bottom)))""")
        assert len(bottoms) == 9 and all(len(set(chart)) == 1 for chart in bottoms), bottoms
        # Readable from the back: axis labels and statements at least 14 px on 1280x720.
        smallest = page.evaluate("""() => Math.min(...[...document.querySelectorAll('.histogram .axis span, .scale-head h2')]
          .map((e) => parseFloat(getComputedStyle(e).fontSize)))""")
        assert smallest >= 14, (width, smallest)
    fits_both_sizes(page, "scale")
    assert axe_violations(page) == []

    # Statements of up to 80 characters (the longest an item may be) wrap between words.
    fac.command(wid, "next")
    answer(server, tokens, long_scale, [scale_of(i, LONG) for i in range(ROOM)])
    fac.command(wid, "show_results")
    expect(page.locator(".scale-result .histogram")).to_have_count(9)
    fits_both_sizes(page, "scale-long")


def test_the_answer_wall_and_a_hidden_word_cloud_fit_the_projector(server, room):
    fac, wid, (*_lists, question, cloud), tokens, page = room
    for _ in range(5):  # to the open question, the fifth activity
        fac.command(wid, "next")

    # Fifty answers of one to three lines: the newest first, none cut, no word broken.
    payloads = [{"text": f"{ANSWERS[i % len(ANSWERS)]} ({i + 1})"} for i in range(ROOM)]
    answer(server, tokens, question, payloads)
    answer(server, tokens[:15], question, [{"text": ANSWERS[(i + 3) % len(ANSWERS)]} for i in range(15)])
    expect(page.locator("#foot-counts")).to_contain_text("35 har svart")
    settled(page)
    expect(page.locator(".wall .answer").first).to_be_visible()
    fits_both_sizes(page, "wall")
    # What does not fit goes on pages that turn by themselves: every answer reaches the room.
    shown = page.locator(".wall .answer:not([hidden])").count()
    if shown < 50:
        expect(page.locator(".pager-indicator")).to_have_text(re.compile(r"^1/\d$"))

    # A word cloud with its results hidden: the prompt, a calm line and the count growing.
    fac.command(wid, "next")
    fac.command(wid, "hide_results")
    answer(server, tokens[:10], cloud, [{"text": "Tillit"} for _ in range(10)])
    expect(page.locator(".hidden-count")).to_have_text("10 svar")
    answer(server, tokens[10:11], cloud, [{"text": "Medarbeiderinvolvering"}])
    expect(page.locator(".hidden-count")).to_have_text("11 svar")
    expect(page.locator(".hidden-results")).to_contain_text("Resultatene er skjult")
    expect(page.locator(".cloud")).to_have_count(0)
    fits_both_sizes(page, "cloud-hidden")
