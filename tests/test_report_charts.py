"""The printable report's charts (issue 12): each activity's result as the room saw it, as server-drawn SVG,
with Norwegian numbers and every typed text escaped."""
import re
from collections import Counter
from types import SimpleNamespace

from app.activities import get_kind
from app import local_conventions
from app.activities import charts
from app.activities.scale.chart import report_chart as scale_chart
from app.activities.word_cloud import chart as cloud
from app.activities.diamond import chart as diamond
from app.services import entries, participants, report_charts
from app.services.events import NullBus
from tests.conftest import sign_up
from tests.test_api import add, command, go_live, make_workshop
from tests.test_report import VALUES, group, sections
from tests.test_retention import cookie_login

NBSP = "\u00a0"
SLOT = re.compile(r'<rect class="chart-slot[ "]')


def svgs(html: str) -> list[str]:
    """Every svg element in a piece of the page, whole."""
    return re.findall(r"<svg .*?</svg>", html, re.S)


def build_workshop(client):
    """A bokmål workshop with points, poll, scale (median 3.5), word cloud and a group diamond answered."""
    auth = sign_up(client, name="Kari Nordmann")
    db, bus = client.app.state.ctx.db, NullBus()
    wid = make_workshop(client, auth, "Samling 4")
    acts = {
        "points": add(client, auth, wid, "points", "Fordel poengene", settings={"items": ["Tillit", "Respekt"]}),
        "poll": add(client, auth, wid, "poll", "Hvilken dag?", settings={"items": ["Mandag", "Fredag"]}),
        "scale": add(client, auth, wid, "scale", "Selvvurdering",
                     settings={"items": ["Ser ansatte", "Stiller krav"], "min_count": 2}),
        "cloud": add(client, auth, wid, "word_cloud", "Ett ord"),
        "diamond": add(client, auth, wid, "diamond", "Prioriter", settings={"mode": "group", "items": VALUES}),
        "open": add(client, auth, wid, "open_text", "Hva tar du med deg?"),
    }
    go_live(client, auth, wid)
    people = [participants.join(db, wid, f"Leder {i}") for i in range(5)]
    gygrene = group(client, auth, wid, "Gygrene", people[:3])
    group(client, auth, wid, "<i>Stjernelaget</i>", people[3:])
    n = iter(range(1000))

    def send(p, key, payload):
        command(client, auth, wid, "goto", activity_id=acts[key]["id"])
        return entries.submit(db, bus, p.id, acts[key]["id"], f"c-{next(n):06d}", payload)

    for p, tillit in zip(people, (70, 60, 50, 40, 30)):  # Tillit 300, Respekt 200
        send(p, "points", {"points": {"Tillit": tillit + 10, "Respekt": 90 - tillit}})
    for p, day in zip(people, ("Mandag", "Mandag", "Fredag", "Fredag", "Fredag")):  # 40 % and 60 %
        send(p, "poll", {"choices": [day]})
    for p, score in zip(people[:2], (3, 4)):  # "Ser ansatte": median 3.5; "Stiller krav": one answer, hidden
        send(p, "scale", {"answers": {"Ser ansatte": {"score": score, "reason": ""}}})
    send(people[0], "scale", {"answers": {"Ser ansatte": {"score": 3, "reason": ""},
                                          "Stiller krav": {"score": 6, "reason": ""}}})
    for p, word in zip(people, ("Tillit", "tillit", "Medarbeiderinvolvering", "<b>x</b>", "Tillit")):
        send(p, "cloud", {"text": word})
    for slot, value in enumerate(VALUES):  # Gygrene fill their whole board; Stjernelaget never touch theirs
        send(people[slot % 3], "diamond", {"type": "move", "item": value, "slot": slot})
    send(people[0], "open", {"text": "Mer tillit"})
    assert gygrene
    cookie_login(client)
    return acts, client.get(f"/facilitator/workshops/{wid}/report").text


def test_the_report_draws_each_activitys_chart(client):
    acts, page = build_workshop(client)
    charted = Counter(re.findall(r'<svg class="report-chart" data-activity="(\d+)"', page))
    # One svg per charted activity (the diamond: its board plus the ranking); open questions stay a list.
    ids = {k: str(a["id"]) for k, a in acts.items()}
    assert charted == {ids["points"]: 1, ids["poll"]: 1, ids["scale"]: 1, ids["cloud"]: 1, ids["diamond"]: 2}
    for one in svgs(page):
        assert 'role="img"' in one and 'aria-label="' in one and "<title>" in one and 'width="100%"' in one

    parts = sections(page)
    points = svgs(parts["Fordel poengene"])[0]
    assert re.findall(r'class="chart-value"[^>]*>([^<]*)<', points) == ["300", "200"]
    assert ">Tillit</text>" in points and ">Respekt</text>" in points
    poll = svgs(parts["Hvilken dag?"])[0]
    assert f">40{NBSP}%<" in poll and f">60{NBSP}%<" in poll
    scale = svgs(parts["Selvvurdering"])[0]
    assert "Median: 3,5" in scale and "3.5" not in scale and "Ser ansatte" in scale
    assert "Stiller krav" not in scale  # one answer: below min_count, the room never saw it

    cloud = svgs(parts["Ett ord"])[0]
    assert "&lt;b&gt;x&lt;/b&gt;" in cloud and "<b>" not in cloud
    sizes = {w: float(s) for s, w in re.findall(r'font-size="([\d.]+)"[^>]*>([^<]+)</text>', cloud)}
    assert sizes["Tillit"] > sizes["Medarbeiderinvolvering"]  # three people said it, one the other

    board, ranking = svgs(parts["Prioriter"])
    assert board.count('data-chart="diamond"') == 1 and len(SLOT.findall(board)) == 9
    assert all(f">{v}</text>" in board for v in VALUES) and "Gygrene" in board
    assert "Stjernelaget" not in parts["Prioriter"]  # an untouched board is not on the screen, nor here
    assert re.findall(r'class="chart-value"[^>]*>([^<]*)<', ranking)[:2] == ["5", "4"]
    assert "<svg" not in parts["Hva tar du med deg?"]


def test_bars_carry_labels_values_and_escape_text():
    chart = charts.bars(7, "points", 'Hvem "vinner"?', [("<script>", 30, "30"), ("Respekt", 15, "15")])
    assert chart.startswith('<svg class="report-chart" data-activity="7" data-chart="points" role="img"')
    assert "<script>" not in chart and "&lt;script&gt;" in chart and "&#34;vinner&#34;" in chart
    widths = [float(w) for w in re.findall(r'<rect class="chart-bar" x="0" y="[\d.]+" width="([\d.]+)"', chart)]
    assert widths[0] == 2 * widths[1] and ">30</text>" in chart and ">15</text>" in chart


def test_numbers_follow_the_workshop_language():
    assert local_conventions.percent(0.4, "nb") == f"40{NBSP}%" and local_conventions.percent(0.4, "nn") == f"40{NBSP}%"
    assert local_conventions.percent(0.4, "en") == "40%"
    assert local_conventions.number(3.5, "nb") == "3,5" and local_conventions.number(3.5, "en") == "3.5"


def test_scale_chart_respects_min_count_and_draws_a_histogram():
    results = {"statements": [
        {"item": "Ser ansatte", "count": 4, "shown": True, "histogram": [0, 0, 2, 2, 0, 0], "median": 3.5},
        {"item": "Stiller krav", "count": 1, "shown": False, "histogram": None, "median": None}]}
    chart = scale_chart(3, "Selvvurdering", results, "nb")
    assert "Median: 3,5" in chart and "Stiller krav" not in chart
    assert chart.count('class="chart-bar"') == 6
    assert scale_chart(3, "x", {"statements": results["statements"][1:]}, "nb") is None


def test_cloud_layout_is_deterministic_without_overlaps():
    words = [{"text": f"Ord{i}" * (1 + i % 4), "count": 1 + (i * 7) % 9} for i in range(80)]
    words.sort(key=lambda w: -w["count"])
    placed, height = cloud.cloud_layout(words)
    assert placed == cloud.cloud_layout(words)[0] and len(placed) == cloud.CLOUD_WORDS
    boxes = [(x, y - size, x + charts.text_width(t, size), y) for t, x, y, size in placed]
    assert all(0 <= b[0] and b[2] <= charts.WIDTH and b[3] <= height for b in boxes)
    for i, a in enumerate(boxes):
        for b in boxes[i + 1:]:
            assert a[2] <= b[0] or b[2] <= a[0] or a[3] <= b[1] or b[3] <= a[1], (a, b)
    # One long compound alone still fits the width.
    [(_, x, _, size)] = cloud.cloud_layout([{"text": "Medarbeiderinvolvering" * 3, "count": 9}])[0]
    assert x >= 0


def test_diamond_boards_have_nine_boxes_centred():
    parts, _ = diamond.diamond_board("<Gygrene>", VALUES[:5] + [None] * 4, 0)
    markup = "".join(parts)
    rects = re.findall(r'<rect class="chart-slot( empty)?" x="([\d.]+)" y="([\d.]+)" width="(\d+)"', markup)
    assert len(rects) == 9 and sum(1 for r in rects if r[0]) == 4 and "&lt;Gygrene&gt;" in markup
    rows = Counter(r[2] for r in rects)
    assert sorted(rows.values()) == [1, 1, 2, 2, 3]
    for y in rows:  # each row centred on the chart's middle
        xs = [float(r[1]) for r in rects if r[2] == y]
        assert abs((min(xs) + max(xs) + int(rects[0][3])) / 2 - diamond.BOARD_WIDTH / 2) < 0.5


def test_kinds_kept_as_text_have_no_chart():
    part = {"activity": SimpleNamespace(kind="open_text", id=1, prompt="x"), "kind": get_kind("open_text"),
            "results": {}}
    assert report_charts.chart(part, "nb") is None
