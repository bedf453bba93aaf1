"""The presenter's word cloud as a room sees it: 80 words packed round the middle, none overlapping, none
cut or wrapped, inside the stage at 1920x1080 and 1280x720, and a new answer growing its word in place."""
import asyncio

from playwright.sync_api import expect

from tests.browser.conftest import presenter_window, shot
from tests.browser.test_phase_timer import signed_in_console
from tests.test_live import Facilitator, Phone, join_all, run

PROMPT = "Hva er viktigst for godt lederskap i kommunen?"
WORDS = [
    "Tillit", "Samarbeid", "Medarbeiderinvolvering", "Åpenhet", "Psykologisk trygghet", "Tilstedeværelse",
    "Respekt", "gode beslutninger på tvers av sektorene", "Kommunikasjonsferdigheter", "Mot", "Tydelighet",
    "lytte til hverandre", "Raushet", "Beslutningsdyktighet", "Humor", "Ærlighet", "Nærvær", "Retning",
    "Endringsledelseskompetanse", "Likeverd", "Mestring", "tid til refleksjon sammen", "Nysgjerrighet",
    "Energi", "Glede", "Ansvar", "Arbeidsmiljøutvikling", "Fleksibilitet", "Struktur", "Kreativitet",
    "Engasjement", "mot til å si ifra når noe er galt", "Inkludering", "Toleranse", "Tålmodighet", "Empati",
    "Integritet", "Kompetanse", "Motivasjon", "Omsorg", "Dialog", "Fellesskap", "Støtte", "Tilgjengelighet",
    "Forutsigbarhet", "Anerkjennelse", "Innovasjon", "Gjennomføring", "Delegering", "Prioritering",
    "Veiledning", "Kvalitetsforbedringsarbeid", "Visjon", "Helhet", "Kontinuitet", "Lagånd", "Samhold",
    "Læring", "Utvikling", "Ro", "Tid", "felles mål og retning", "Innbyggerperspektivet", "Brukermedvirkning",
    "Tjenesteutviklingsprosesser", "Relasjonskompetanse", "Medarbeidersamtaler", "tydelige forventninger",
    "Tverrfaglighetssamarbeid", "Kultur", "Verdier", "Dialogbasert ledelse", "Trygghet", "Ydmykhet", "Vilje",
    "Klarhet", "Selvinnsikt", "Rettferdighet", "Stolthet", "Lojalitet",
]
# Most words come from one person, a few from many: 15 down to 1 as in a real room.
COUNTS = [max(1, round(15 / (1 + 0.35 * j))) for j in range(len(WORDS))]
PEOPLE = 20
PER_PERSON = 10

GEOMETRY = """() => {
  const stage = document.getElementById('stage').getBoundingClientRect();
  const cloud = document.querySelector('.cloud').getBoundingClientRect();
  const words = [...document.querySelectorAll('.cloud .word')].map((li) => {
    const r = li.getBoundingClientRect();
    const range = document.createRange();
    range.selectNodeContents(li.firstChild);
    return {key: li.dataset.word, count: Number(li.dataset.count), lines: range.getClientRects().length,
            text: li.firstChild.textContent, size: parseFloat(getComputedStyle(li).fontSize),
            clipped: li.scrollWidth > li.clientWidth + 1, up: li.classList.contains('up'),
            left: r.left, top: r.top, right: r.right, bottom: r.bottom,
            x: (r.left + r.right) / 2, y: (r.top + r.bottom) / 2, visible: r.width > 0 && r.height > 0};
  });
  const box = (r) => ({left: r.left, top: r.top, right: r.right, bottom: r.bottom});
  return {stage: box(stage), cloud: box(cloud), vw: innerWidth, vh: innerHeight, words};
}"""


def assignments() -> list[list[str]]:
    """The words each of PEOPLE people types: word j by COUNTS[j] different people, at most PER_PERSON each."""
    people: list[list[str]] = [[] for _ in range(PEOPLE)]
    for word, count in zip(WORDS, COUNTS):
        for person in sorted(range(PEOPLE), key=lambda p: len(people[p]))[:count]:
            people[person].append(word)
    assert max(len(p) for p in people) <= PER_PERSON
    return people


async def type_words(server, tokens, people) -> None:
    """Each person's phone submits that person's words."""
    async def one(i, token, words):
        phone = Phone(server, token)
        state = await phone.open()
        activity = state["activity"]["id"]
        try:
            for k, word in enumerate(words):
                reply = await phone.submit(activity, word, f"sky-{i:03d}-{k:03d}-ord")
                assert reply["type"] == "ack", reply
        finally:
            await phone.close()
    await asyncio.gather(*(one(i, t, w) for i, (t, w) in enumerate(zip(tokens, people))))


def cloud_workshop(server, fac, people):
    """A live word cloud on screen with `people` answers in; (workshop id, join code)."""
    wid, code, _ids = fac.live_workshop(("word_cloud", PROMPT, {"words_per_participant": PER_PERSON}))
    fac.command(wid, "next")
    if people:
        tokens = run(join_all(server, code, len(people)))
        run(type_words(server, tokens, people))
    return wid, code


def settled(page, n: int) -> dict:
    """The cloud's geometry once it shows `n` words, laid out and done gliding."""
    expect(page.locator(".cloud .word")).to_have_count(n)
    page.wait_for_function("() => document.getAnimations().length === 0")
    return page.evaluate(GEOMETRY)


def overlapping(words) -> list[tuple[str, str]]:
    """Pairs of words whose boxes on screen overlap (by more than rounding)."""
    return [(a["key"], b["key"]) for i, a in enumerate(words) for b in words[i + 1:]
            if a["left"] < b["right"] - 0.5 and b["left"] < a["right"] - 0.5
            and a["top"] < b["bottom"] - 0.5 and b["top"] < a["bottom"] - 0.5]


def check_readable(geo) -> None:
    """No word overlaps another, leaves the stage or the screen, or is wrapped or cut."""
    words = geo["words"]
    assert all(w["visible"] for w in words)
    assert overlapping(words) == []
    area = geo["cloud"]
    for w in words:
        assert area["left"] - 0.5 <= w["left"] and w["right"] <= area["right"] + 0.5, w
        assert area["top"] - 0.5 <= w["top"] and w["bottom"] <= area["bottom"] + 0.5, w
        assert geo["stage"]["top"] <= w["top"] and w["bottom"] <= geo["stage"]["bottom"], w
        assert 0 <= w["left"] and w["right"] <= geo["vw"] and 0 <= w["top"] and w["bottom"] <= geo["vh"], w
        assert w["lines"] == 1 and not w["clipped"], w


def middle(geo):
    area = geo["cloud"]
    return (area["left"] + area["right"]) / 2, (area["top"] + area["bottom"]) / 2


def check_looks_like_a_cloud(geo) -> None:
    """Most people's words sit nearer the middle than the rest, and the smallest are still readable."""
    cx, cy = middle(geo)
    width, height = geo["cloud"]["right"] - geo["cloud"]["left"], geo["cloud"]["bottom"] - geo["cloud"]["top"]

    def dist(w):
        return ((w["x"] - cx) / width) ** 2 + ((w["y"] - cy) / height) ** 2

    words = sorted(geo["words"], key=lambda w: -w["count"])
    top, rest = words[:8], words[8:]
    assert sum(map(dist, top)) / len(top) < sum(map(dist, rest)) / len(rest) / 2
    assert min(w["size"] for w in words) >= geo["vh"] / 60, "smallest words too small to read from the back"
    assert words[0]["size"] >= 2.5 * min(w["size"] for w in words), "the most common word should stand out"
    assert sum(w["up"] for w in words) >= 3, "some words stand on end"


def test_eighty_words_fill_the_stage_without_overlap_at_both_projector_sizes(browser, server):
    fac = Facilitator(server)
    assert len({w.lower() for w in WORDS}) == 80 and max(map(len, WORDS)) <= 40
    wid, _code = cloud_workshop(server, fac, assignments())
    console = signed_in_console(browser, server.base, wid)
    for width, height in ((1920, 1080), (1280, 720)):
        screen = presenter_window(console, server.base, wid, {"width": width, "height": height})
        geo = settled(screen, 80)
        shot(screen, f"presenter-cloud-{width}")
        check_readable(geo)
        check_looks_like_a_cloud(geo)
        counts = {w["key"]: w["count"] for w in geo["words"]}
        assert counts["tillit"] == 15 and counts["medarbeiderinvolvering"] == COUNTS[2]
        screen.close()


def test_the_cloud_follows_a_window_that_changes_size(browser, server):
    fac = Facilitator(server)
    wid, _code = cloud_workshop(server, fac, assignments())
    console = signed_in_console(browser, server.base, wid)
    screen = presenter_window(console, server.base, wid, {"width": 1920, "height": 1080})
    settled(screen, 80)
    screen.set_viewport_size({"width": 1280, "height": 720})
    screen.wait_for_function("() => document.querySelector('.cloud').getBoundingClientRect().right < 1280")
    # The layout for the new size runs on the resize observer's next turn: wait for the words to be laid out in
    # the new stage (a layout that never fits times out here), then check them as everywhere else.
    screen.wait_for_function("""() => {
        const area = document.querySelector('.cloud').getBoundingClientRect();
        return [...document.querySelectorAll('.cloud .word')].every((w) => w.getBoundingClientRect().bottom <= area.bottom + 0.5);
    }""")
    geo = settled(screen, 80)
    assert geo["vw"] == 1280
    check_readable(geo)


def test_one_more_answer_grows_its_word_in_place_and_moves_no_other(browser, server):
    """Each word keeps room to grow by one answer: its first new answer grows it where it stands, and only
    a word that outgrew its room moves, to the nearest free spot, while every other word stays put."""
    fac = Facilitator(server)
    people = assignments()
    wid, code = cloud_workshop(server, fac, people)
    console = signed_in_console(browser, server.base, wid)
    screen = presenter_window(console, server.base, wid, {"width": 1920, "height": 1080})
    before = settled(screen, 80)
    late = run(join_all(server, code, 4))
    # One, two and one people before; then Stolthet's second new answer, which may have outgrown its room.
    for i, word in enumerate(["Kreativitet", "Glede", "Stolthet", "Stolthet"]):
        key = word.lower()
        grown_from = next(w for w in before["words"] if w["key"] == key)
        run(type_words(server, [late[i]], [[word]]))
        word_on_screen = screen.locator(f".cloud [data-word='{key}']")
        expect(word_on_screen).to_have_attribute("data-count", str(grown_from["count"] + 1))
        after = settled(screen, 80)
        check_readable(after)
        old = {w["key"]: w for w in before["words"]}
        for w in after["words"]:
            if w["key"] == key:
                continue
            assert abs(w["size"] - old[w["key"]]["size"]) < 0.01, (w, "the cloud was rescaled")
            assert abs(w["x"] - old[w["key"]]["x"]) < 2 and abs(w["y"] - old[w["key"]]["y"]) < 2, (w, old[w["key"]])
        grown = next(w for w in after["words"] if w["key"] == key)
        assert grown["size"] > grown_from["size"]
        moved = abs(grown["x"] - grown_from["x"]) >= 2 or abs(grown["y"] - grown_from["y"]) >= 2
        if i < 3:
            assert not moved, (grown, grown_from)
        elif moved:  # only if, where it stood, the bigger word would come too near another or leave the cloud
            assert blocked_at(grown, grown_from["x"], grown_from["y"], after), (grown, grown_from)
        before = after
    shot(screen, "presenter-cloud-grown")


def padded(word, x=None, y=None) -> dict:
    """`word`'s box (centred on (x, y) if given) with the clear space the layout keeps round every word."""
    x = word["x"] if x is None else x
    y = word["y"] if y is None else y
    pad = 2 + 0.06 * word["size"]
    hw, hh = (word["right"] - word["left"] + pad) / 2, (word["bottom"] - word["top"] + pad) / 2
    return {"key": word["key"], "left": x - hw, "right": x + hw, "top": y - hh, "bottom": y + hh}


def blocked_at(word, x, y, geo) -> bool:
    """Whether `word`, centred on (x, y), would come too near another word or leave the cloud's area."""
    box = padded(word, x, y)
    area = geo["cloud"]
    if box["left"] < area["left"] or box["right"] > area["right"]:
        return True
    if box["top"] < area["top"] or box["bottom"] > area["bottom"]:
        return True
    return any(overlapping([box, padded(other)]) for other in geo["words"] if other["key"] != word["key"])


def test_a_cloud_built_answer_by_answer_on_screen_stays_clear(browser, server):
    """The presenter is on while the room types: each result message re-lays the cloud from the last one."""
    fac = Facilitator(server)
    wid, code = cloud_workshop(server, fac, [])
    console = signed_in_console(browser, server.base, wid)
    screen = presenter_window(console, server.base, wid, {"width": 1280, "height": 720})
    expect(screen.locator(".hidden-results")).to_be_visible()
    people = assignments()
    tokens = run(join_all(server, code, PEOPLE))
    for start in range(0, PEOPLE, 4):  # five waves of four people, as answers trickle in
        run(type_words(server, tokens[start:start + 4], people[start:start + 4]))
        n = len({w for p in people[:start + 4] for w in p})
        geo = settled(screen, n)
        check_readable(geo)
    shot(screen, "presenter-cloud-1280-live")


def test_few_words_are_big_and_in_the_middle(browser, server):
    fac = Facilitator(server)
    wid, code = cloud_workshop(server, fac, [["Tillit"]])
    console = signed_in_console(browser, server.base, wid)
    screen = presenter_window(console, server.base, wid, {"width": 1920, "height": 1080})
    geo = settled(screen, 1)
    shot(screen, "presenter-cloud-one-word")
    check_readable(geo)
    (word,) = geo["words"]
    cx, cy = middle(geo)
    assert abs(word["x"] - cx) < 2 and abs(word["y"] - cy) < 2
    assert word["size"] >= 0.07 * geo["vh"]

    run(type_words(server, run(join_all(server, code, 2)), [["Tillit", "Medarbeiderinvolvering"], ["Åpenhet"]]))
    check_readable(settled(screen, 3))  # grown answer by answer round the first word
    expect(screen.locator(".cloud [data-word='tillit']")).to_have_attribute("data-count", "2")
    screen.reload()  # laid out afresh: the three centred together
    geo = settled(screen, 3)
    shot(screen, "presenter-cloud-three-words")
    check_readable(geo)
    xs = [v for w in geo["words"] for v in (w["left"], w["right"])]
    ys = [v for w in geo["words"] for v in (w["top"], w["bottom"])]
    cx, cy = middle(geo)
    assert abs((min(xs) + max(xs)) / 2 - cx) < 3 and abs((min(ys) + max(ys)) / 2 - cy) < 3
    assert min(w["size"] for w in geo["words"]) >= 0.07 * geo["vh"]
    assert sorted(w["key"] for w in geo["words"]) == ["medarbeiderinvolvering", "tillit", "åpenhet"]


LAYOUT_PROPERTIES = """async () => {
  const { layoutCloud } = await import('/static/js/cloud_layout.js');
  let seed = 11;
  const rnd = () => (seed = (seed * 1103515245 + 12345) % 2147483648) / 2147483648;
  const faults = [];
  const check = (r, W, H, label) => {
    const P = r.placed;
    for (let i = 0; i < P.length; i += 1) for (let j = i + 1; j < P.length; j += 1) {
      const [a, b] = [P[i], P[j]];
      const apart = Math.abs(a.x - b.x) >= (a.w + b.w) / 2 - 0.01 || Math.abs(a.y - b.y) >= (a.h + b.h) / 2 - 0.01;
      if (!apart) faults.push(`${label}: ${a.key} on ${b.key}`);
    }
    for (const p of P) {
      const inside = p.x - p.w / 2 > -0.01 && p.x + p.w / 2 < W + 0.01
        && p.y - p.h / 2 > -0.01 && p.y + p.h / 2 < H + 0.01;
      if (!inside) faults.push(`${label}: ${p.key} outside`);
    }
  };
  let growths = 0, inPlace = 0, othersMoved = 0, shown = 0, words = 0;
  for (let c = 0; c < 40; c += 1) {
    const n = 1 + Math.floor(rnd() * 80);
    // Words of 2 to 40 letters (the long ones phrases), counts mostly small, a few up to 35.
    const items = Array.from({ length: n }, (_, i) => {
      const len = 2 + Math.floor(rnd() ** 2 * 38);
      return { key: `w${c}-${i}`, text: len > 25 ? 'ab '.repeat(len / 3) : 'x'.repeat(len),
               count: 1 + Math.floor(rnd() ** 3 * 35), width: len * 0.62 + 0.2, height: 1.1 };
    });
    const [W, H] = [[1805, 675], [1203, 447], [300 + rnd() * 1500, 100 + rnd() * 700]][c % 3];
    const first = layoutCloud(items, W, H, null);
    check(first, W, H, `fresh ${c}`);
    words += n; shown += first.placed.length;
    const before = new Map(first.placed.map((p) => [p.key, p]));
    for (let i = 0; i < Math.min(10, n); i += 1) {  // one more answer for one word, from the fresh layout
      const grown = items.map((it, j) => (j === i ? { ...it, count: it.count + 1 } : it));
      const next = layoutCloud(grown, W, H, first.memory);
      check(next, W, H, `grown ${c}/${i}`);
      growths += 1;
      for (const p of next.placed) {
        const was = before.get(p.key);
        const still = Math.abs(p.x - was.x) < 0.01 && Math.abs(p.y - was.y) < 0.01;
        if (p.key === items[i].key) inPlace += still ? 1 : 0;
        else othersMoved += still && p.size === was.size ? 0 : 1;
      }
    }
    // Answers arriving one by one, each layout from the last.
    const counts = new Map();
    let last = null;
    for (const it of items.slice(0, 30)) for (let k = 0; k < Math.min(it.count, 3); k += 1) {
      counts.set(it.key, (counts.get(it.key) || 0) + 1);
      const now = items.filter((x) => counts.has(x.key)).map((x) => ({ ...x, count: counts.get(x.key) }));
      last = layoutCloud(now, W, H, last?.memory || null);
      check(last, W, H, `arriving ${c}`);
      if (last.placed.length !== now.length) faults.push(`arriving ${c}: words missing`);
    }
  }
  return { faults: faults.slice(0, 5), growths, inPlace, othersMoved, shown, words };
}"""


def test_the_layout_never_overlaps_and_keeps_room_for_one_more_answer(browser, server):
    """The layout alone, on 40 made-up clouds of 1 to 80 words in projector and odd-sized areas."""
    page = browser.new_page()
    page.goto(server.base + "/")
    got = page.evaluate(LAYOUT_PROPERTIES)
    page.close()
    assert got["faults"] == []
    assert got["shown"] == got["words"]
    assert got["othersMoved"] == 0
    assert got["inPlace"] == got["growths"]
