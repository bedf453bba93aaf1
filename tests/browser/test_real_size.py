"""The day at its real size (issue 11): 35 phones in 6 groups, long names and Norwegian compounds, every
kind on screen in turn. The presenter at 1920x1080 and 1280x720, phones at 320x568 and 390x844: no
result lies outside the viewport or is cut by its box, no word is broken inside, and every phone opens a
round at its question. Screenshots of every view are saved (test-artifacts/screenshots/real-*.png)."""
import asyncio
import json
import uuid

import httpx
from playwright.sync_api import expect

from tests.browser.conftest import shot
from tests.browser.layout_checks import layout_problems, prompt_on_first_screen
from tests.browser.test_phase_timer import signed_in_console
from tests.browser.test_presenter_real_size_diamond import phone_page
from tests.test_live import Facilitator, Phone, recv_until, run

GROUPS = ["Gygrene", "Stjernelaget", "Godt og blandet", "Blåveis", "Einingsleiarane Nord", "Rådmannens ledergrupp"]
# 35 people: display names up to 20 characters, every seventh anonymous (no name given).
NAMES = ["Ingrid Sæbøvågen", "Kristoffer Abrahamsen", "Siv Tveitbakken", "Mohammed Al-Rashid", "Ane Marie Solbakken",
         "Torbjørn Kvalvåg", "", "Gunnhild Aasheim", "Bjørnar Fjellstad", "Liv Hasselgård", "Sindre Øvrebotten",
         "Karianne Myrvold", "Åshild Rønningen", "", "Einar Haugland", "Marte Kolbjørnsen", "Petter Strandmoen",
         "Ragnhild Vestbø", "Øystein Lindeberg", "Hege Skjeldestad", "", "Tone Brattbakk", "Nils Olav Rygg",
         "Synnøve Tjønnås", "Arild Kleppenes", "Randi Fossheim", "Vegard Sørbotten", "", "Hanne Grimstvedt",
         "Jon Inge Holmvik", "Wenche Austbø", "Frode Myrhaugen", "Solveig Berntsen", "Kjetil Nordhagen", ""]
VALUES = ["Medarbeiderinvolvering", "Tilstedeværelse", "Tillit", "Ærlighet", "Samarbeid", "Nytenkning",
          "Inkludering", "Respekt", "Åpenhet"]
POINT_ITEMS = VALUES + ["Likeverd", "Raushet", "Forutsigbarhet"]
POLL = ["Ja, gjerne mer", "Nei", "Som i dag", "Vet ikke ennå"]
WORDS = ["tillit", "samarbeid", "medarbeiderinvolvering", "tilstedeværelse", "nettverk", "refleksjon", "mot",
         "verktøy", "erfaringsdeling", "praksis", "mestring", "tid", "påfyll", "trygghet", "kunnskap", "inspirasjon",
         "ledelse", "relasjoner", "kollegaveiledning", "endringsledelse", "tydelighet", "motivasjon", "dialog",
         "tilbakemeldinger", "forventningsavklaring", "helhetstenkning", "kompetanse", "innovasjon", "støtte",
         "arbeidsglede", "ansvar", "nysgjerrighet", "struktur", "oppfølging", "konkrete verktøy", "gode samtaler",
         "felles språk", "lederrollen", "rolleavklaring", "verdier", "kommunikasjon", "heltidskultur", "nærvær",
         "trivsel", "læring", "humor", "ærlighet", "respekt", "åpenhet", "inkludering", "retning", "likeverd",
         "raushet", "selvinnsikt", "coaching", "teamutvikling", "delegering", "prioritering", "balanse", "energi",
         "fellesskap", "tverrfaglighet", "brukermedvirkning", "kvalitet", "utvikling", "omstilling", "rekruttering",
         "sykefraværsoppfølging", "medbestemmelse", "gjennomføringskraft", "psykologisk trygghet", "eierskap",
         "fleksibilitet", "samhandling", "lederstøtte", "inspirerende foredrag", "praktiske eksempler",
         "nettverksgruppe", "hverdagsledelse", "ros"]
WALL = ["Et felles språk for god ledelse på tvers av sektorene, slik at vi snakker om det samme.",
        "Medarbeiderinvolvering i praksis: ikke bare ord i en plan.",
        "Ledere som tør å være tydelige og som gir hverandre ærlige tilbakemeldinger.",
        "Tilstedeværelse og nærvær i hverdagen, også når det stormer.",
        "Bedre samhandling mellom enhetene.", "At vi lærer av hverandre.",
        "Heltidskultur og rekruttering av fagfolk i hele kommunen."]
PAGES = {"projector": {"width": 1920, "height": 1080}, "beamer": {"width": 1280, "height": 720}}
PHONES = {"se": {"width": 320, "height": 568}, "iphone": {"width": 390, "height": 844}}


def join_over_api(base: str, code: str, names: list[str]) -> list[str]:
    """Participant tokens of people joining with these display names."""
    with httpx.Client(base_url=base, timeout=30, trust_env=False) as http:
        tokens = []
        for name in names:
            r = http.post("/api/v1/join", json={"code": code, "name": name, "language": "nb"})
            assert r.status_code == 201, r.text
            tokens.append(r.json()["participant_token"])
        return tokens


async def answer_all(server, tokens: list[str], payloads) -> None:
    """Every simulated phone connects and sends its payloads (a list per phone, in order), each acked."""
    async def one(token, items):
        phone = Phone(server, token)
        state = await phone.open()
        for payload in items(state):
            await phone.send({"type": "submit", "client_id": uuid.uuid4().hex, "activity_id": state["activity"]["id"],
                              "payload": payload})
            reply = await phone.reply()
            assert reply["type"] == "ack", reply
        await phone.close()
    await asyncio.gather(*(one(t, payloads(i)) for i, t in enumerate(tokens)))


async def group_of_each(server, tokens: list[str]) -> dict[int, list[str]]:
    """Group id -> tokens of its simulated members (each phone's personal view names its group)."""
    groups: dict[int, list[str]] = {}

    async def one(token):
        phone = Phone(server, token)
        await phone.open()
        personal = await recv_until(phone.ws, lambda m: m["type"] == "personal", seen=phone.seen)
        groups.setdefault(personal["group"]["id"], []).append(token)
        await phone.close()
    await asyncio.gather(*(one(t) for t in tokens))
    return groups


class Views:
    """Checks and screenshots of every screen, problems gathered so one run shows them all."""

    def __init__(self, screens: dict, phones: dict):
        self.screens, self.phones = screens, phones
        self.problems: dict[str, list[str]] = {}

    def settle(self, page) -> None:
        # Results are coalesced and layouts fitted after mounting; let both happen.
        page.wait_for_timeout(900)

    def presenter(self, view: str) -> None:
        for size, page in self.screens.items():
            self.settle(page)
            found = layout_problems(page, "#presenter")
            if found:
                self.problems[f"presenter {view} {size}"] = found
            shot(page, f"real-presenter-{view}-{size}")

    def phone(self, view: str, prompt: bool = True) -> None:
        for size, page in self.phones.items():
            self.settle(page)
            found = layout_problems(page, "#phone", vertical=True)
            if prompt and not prompt_on_first_screen(page):
                found.append("the question is not wholly on the first screen")
            if found:
                self.problems[f"phone {view} {size}"] = found
            shot(page, f"real-phone-{view}-{size}")

    def scroll_phones_down(self) -> None:
        for page in self.phones.values():
            page.evaluate("window.scrollTo(0, document.body.scrollHeight)")


def test_every_screen_at_the_real_size(browser, server):
    fac = Facilitator(server)
    wid, code, ids = fac.live_workshop(
        ("word_cloud", "Hva skal til for at et slikt program blir nyttig for deg?", {"words_per_participant": 3}),
        ("open_text", "Hva er det aller viktigste kommunen bør oppnå gjennom lederutviklingsprogrammet?",
         {"max_answers": 3}),
        ("scale", "Mestringsorientert leder: hvor godt stemmer dette for deg?", {}),
        ("diamond", "Bli enige om 9 verdier. Prioriter dem i diamanten.", {"mode": "group", "items": VALUES}),
        ("points", "Prioriter de verdiene som er viktigst for lederskapet. Du kan fordele 100 poeng.",
         {"items": POINT_ITEMS}),
        ("poll", "Vil du ha mer gruppearbeid på neste samling?", {"items": POLL}),
        ("poster", "VERDI: Som leder skal jeg ...", {}))
    for name in GROUPS:
        assert fac.http.post(f"/api/v1/workshops/{wid}/groups", json={"name": name}).status_code == 201

    console = signed_in_console(browser, server.base, wid)
    screens = {}
    for size, viewport in PAGES.items():
        page = console.context.new_page()
        page.set_viewport_size(viewport)
        page.goto(f"{server.base}/facilitator/workshops/{wid}/present")
        screens[size] = page
    phones = {size: phone_page(browser, server.base, code, name, (viewport["width"], viewport["height"]))
              for (size, viewport), name in zip(PHONES.items(), ["Ingrid Sæbøvågen", "Kristoffer Abrahamsen"])}
    tokens = join_over_api(server.base, code, NAMES[2:])
    r = fac.http.post(f"/api/v1/workshops/{wid}/groups/split", json={"count": len(GROUPS)})
    assert r.status_code == 200, r.text
    presets = fac.http.get(f"/api/v1/workshops/{wid}/roles/presets").json()
    assert fac.http.put(f"/api/v1/workshops/{wid}/roles", json={"roles": presets}).status_code == 200
    assert fac.http.post(f"/api/v1/workshops/{wid}/roles/draw").status_code == 204
    views = Views(screens, phones)
    for page in screens.values():
        expect(page.locator(".group-tile")).to_have_count(len(GROUPS))
    for page in phones.values():
        expect(page.locator(".group-card")).to_be_visible()

    views.presenter("lobby")
    views.phone("lobby", prompt=False)
    for page in screens.values():
        page.keyboard.press("g")
    views.presenter("groups")
    for page in screens.values():
        page.keyboard.press("g")

    def next_round() -> None:
        """The facilitator moves on; every phone is shown the new question."""
        views.scroll_phones_down()
        fac.command(wid, "next")

    # The word cloud: 80 different words, some said by many.
    next_round()
    views.phone("word-cloud")
    run(answer_all(server, tokens, lambda i: lambda state: [
        {"text": WORDS[2 * i]}, {"text": WORDS[2 * i + 1]}, {"text": WORDS[66 + i % 14]}]))
    for page in screens.values():
        expect(page.locator(".cloud [data-word]")).to_have_count(len(WORDS))
    views.presenter("word-cloud")

    # The answer wall: 50 answers of one to three lines.
    next_round()
    views.phone("open-text")
    run(answer_all(server, tokens, lambda i: lambda state: [{"text": WALL[(i + k) % len(WALL)] + f" ({i}.{k})"}
                                                             for k in range(1 + (i % 2))]))
    views.presenter("open-text")

    # The self-assessment: nine statements, scored by everyone.
    next_round()
    views.phone("scale")
    run(answer_all(server, tokens, lambda i: lambda state: [{"answers": {
        s: {"score": 1 + (i * 7 + j * 3) % 6, "reason": ""} for j, s in enumerate(state["activity"]["settings"]["items"])}}]))
    views.presenter("scale")

    # The group diamond: every group's board filled by one of its members.
    next_round()
    views.phone("diamond-empty")
    views.presenter("diamond-empty")
    members = run(group_of_each(server, tokens))
    assert len(members) == len(GROUPS)
    order = {g: VALUES[k:] + VALUES[:k] for k, g in enumerate(sorted(members))}
    run(answer_all(server, [m[0] for m in members.values()], lambda i: lambda state: [
        {"type": "move", "item": item, "slot": slot} for slot, item in enumerate(order[sorted(members)[i]])]))
    views.presenter("diamond")
    views.phone("diamond")

    # 100 points over twelve values, shown and then hidden.
    next_round()
    views.phone("points")
    run(answer_all(server, tokens, lambda i: lambda state: [{"points": {
        POINT_ITEMS[i % 12]: 40, POINT_ITEMS[(i + 5) % 12]: 35, POINT_ITEMS[(i + 7) % 12]: 25}}]))
    views.presenter("points")
    fac.command(wid, "hide_results")
    views.presenter("points-hidden")
    fac.command(wid, "show_results")

    # The poll.
    next_round()
    views.phone("poll")
    run(answer_all(server, tokens, lambda i: lambda state: [{"choices": [POLL[i % 3]]}]))
    views.presenter("poll")

    # Posters, then the gallery walk over six groups.
    next_round()
    views.phone("poster")
    run(answer_all(server, [m[0] for m in members.values()], lambda i: lambda state: [
        {"type": "edit", "base": 0, "text": f"VERDI: {VALUES[i]}\nSom leder skal jeg gi {VALUES[i + 1].lower()} "
                                             "plass i hverdagen og følge opp hver uke."}]))
    views.presenter("posters")
    fac.command(wid, "walk_start", present_seconds=60, comment_seconds=180, return_seconds=300)
    views.presenter("gallery-walk")
    views.phone("gallery-walk", prompt=False)

    assert views.problems == {}, json.dumps(views.problems, indent=1, ensure_ascii=False)
