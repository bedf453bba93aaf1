"""Structured rounds: 100 points, diamonds, 1-6 scales, polls, and chaining one round into the next."""
import unicodedata
from datetime import datetime, timezone

import pytest
from hypothesis import given
from hypothesis import strategies as st
from pydantic import ValidationError
from sqlmodel import select

from app.activities import get_kind
from app.activities.base import Author, EntryRejected, StoredEntry
from app.activities.diamond import SCORE, SLOTS, Board
from app.db import Database
from app.models import Entry
from app.services import agenda, chaining, commands, entries, facilitators, groups, participants, views
from app.services.errors import NotFound
from app.services.events import RecordingBus

POINTS, DIAMOND, SCALE, POLL = (get_kind(k) for k in ("points", "diamond", "scale", "poll"))
VALUES = ["Tillit", "Respekt", "Åpenhet", "Likeverd", "Ærlighet", "Toleranse", "Kreativitet", "Inkludering",
          "Retning", "Raushet", "Mot"]
NOW = datetime(2026, 11, 23, tzinfo=timezone.utc)


def stored(pairs):
    return [StoredEntry(i + 1, pid, payload, False, NOW) for i, (pid, payload) in enumerate(pairs)]


# --- 100 points --------------------------------------------------------------------------------

POINT_SETTINGS = POINTS.settings({"items": VALUES[:4]})


@pytest.mark.parametrize("points, code", [
    ({"Tillit": 50, "Respekt": 40}, "sum"),
    ({"Tillit": 110, "Respekt": -10}, "bad_points"),
    ({"Tillit": 50, "Mot": 50}, "unknown_item"),
    ({"Tillit": 50.0, "Respekt": 50}, "bad_points"),
    ({"Tillit": "50", "Respekt": 50}, "bad_points"),
    ({"Tillit": True, "Respekt": 99}, "bad_points"),
    ({}, "sum"),
])
def test_invalid_allocations_are_refused_with_a_reason(points, code):
    with pytest.raises(EntryRejected) as e:
        POINTS.parse_entry(POINT_SETTINGS, {"points": points})
    assert e.value.code == code and e.value.message


def test_up_to_100_allows_less_but_not_more_or_nothing():
    settings = POINTS.settings({"items": VALUES[:4], "up_to": True})
    assert POINTS.parse_entry(settings, {"points": {"Tillit": 30, "Respekt": 0}}) == {"points": {"Tillit": 30}}
    for bad in ({"Tillit": 60, "Respekt": 41}, {"Tillit": 0}):
        with pytest.raises(EntryRejected):
            POINTS.parse_entry(settings, {"points": bad})


allocations = st.lists(st.integers(0, 100), min_size=4, max_size=4).filter(lambda v: sum(v) == 100) | \
    st.permutations([100, 0, 0, 0]) | st.permutations([25, 25, 25, 25]) | st.permutations([40, 30, 20, 10])


@given(st.lists(st.tuples(st.integers(1, 8), allocations), min_size=1, max_size=30))
def test_totals_are_the_sum_of_each_persons_newest_allocation(sent):
    pairs = [(pid, POINTS.parse_entry(POINT_SETTINGS, {"points": dict(zip(VALUES[:4], values))})) for pid, values in sent]
    results = POINTS.tally(POINT_SETTINGS, stored(pairs), {})
    newest = {pid: values for pid, values in sent}
    expected = {item: sum(v[i] for v in newest.values()) for i, item in enumerate(VALUES[:4])}
    assert {r["item"]: r["score"] for r in results["ranking"]} == expected
    assert results["participants"] == len(newest)
    assert sum(r["score"] for r in results["ranking"]) == 100 * len(newest)
    scores = [r["score"] for r in results["ranking"]]
    assert scores == sorted(scores, reverse=True)


def test_ties_are_shown_as_ties():
    pairs = [(1, {"points": {"Tillit": 50, "Respekt": 50}})]
    ranking = POINTS.tally(POINT_SETTINGS, stored(pairs), {})["ranking"]
    assert [(r["item"], r["rank"], r["tied"]) for r in ranking] == [
        ("Tillit", 1, True), ("Respekt", 1, True), ("Åpenhet", 3, True), ("Likeverd", 3, True)]


# --- diamond -----------------------------------------------------------------------------------

DIAMOND_SETTINGS = DIAMOND.settings({"items": VALUES, "mode": "individual"})
GOOD_ROWS = [VALUES[0:1], VALUES[1:3], VALUES[3:6], VALUES[6:8], VALUES[8:9]]


def test_an_individual_diamond_is_nine_distinct_items_in_rows_of_1_2_3_2_1():
    assert DIAMOND.parse_entry(DIAMOND_SETTINGS, {"rows": GOOD_ROWS})["rows"] == GOOD_ROWS
    spelled = [["  tillit "], *GOOD_ROWS[1:]]  # case and spacing of a listed item are fine
    assert DIAMOND.parse_entry(DIAMOND_SETTINGS, {"rows": spelled})["rows"][0] == ["Tillit"]
    for rows, code in (([VALUES[0:2], VALUES[2:4], VALUES[4:6], VALUES[6:8], VALUES[8:9]], "shape"),
                       (GOOD_ROWS[:4], "shape"),
                       ([["Tillit"], ["Tillit", "Respekt"], *GOOD_ROWS[2:]], "repeat"),
                       ([["Vennskap"], *GOOD_ROWS[1:]], "unknown_item"),
                       ("Tillit", "shape")):
        with pytest.raises(EntryRejected) as e:
            DIAMOND.parse_entry(DIAMOND_SETTINGS, {"rows": rows})
        assert e.value.code == code


@given(st.lists(st.integers(0, 4), min_size=0, max_size=8))
def test_any_other_shape_is_refused(widths):
    if widths == [1, 2, 3, 2, 1]:
        return
    items = iter(VALUES * 3)
    rows = [[next(items) for _ in range(w)] for w in widths]
    with pytest.raises(EntryRejected):
        DIAMOND.parse_entry(DIAMOND_SETTINGS, {"rows": rows})


@given(st.lists(st.tuples(st.sampled_from(VALUES + ["Vennskap"]), st.one_of(st.none(), st.integers(0, SLOTS - 1))),
                max_size=60))
def test_a_shared_board_keeps_every_item_exactly_once_whatever_the_moves(moves):
    board = Board(VALUES)
    for item, slot in moves:
        board.move(item, slot)
    placed = [s for s in board.slots if s]
    assert sorted(placed + board.pool) == sorted(VALUES)
    for item, slot in moves[-1:]:
        if slot is not None and item in VALUES:
            assert board.slots[slot] == item  # the newest move wins its slot


def test_group_moves_converge_in_commit_order_and_stop_at_the_lock():
    settings = DIAMOND.settings({"items": VALUES[:9], "mode": "group"})
    pairs = [(1, {"type": "move", "group": 7, "item": "Tillit", "slot": 0}),
             (2, {"type": "move", "group": 7, "item": "Respekt", "slot": 0}),  # at the same moment: on top
             (1, {"type": "add", "group": 7, "text": "Raushet"}),
             (3, {"type": "lock", "group": 7}),
             (2, {"type": "move", "group": 7, "item": "Åpenhet", "slot": 1})]
    board = DIAMOND.tally(settings, stored(pairs), {}, {7: "Gygrene"})["boards"][0]
    assert board["slots"][0] == "Respekt" and board["slots"][1] is None and board["locked"]
    assert "Tillit" in board["pool"] and "Raushet" in board["pool"]


def test_the_overall_ranking_sums_row_scores_over_every_diamond():
    settings = DIAMOND.settings({"items": VALUES, "mode": "individual"})
    other = [VALUES[8:9], VALUES[6:8], VALUES[3:6], VALUES[1:3], VALUES[0:1]]
    results = DIAMOND.tally(settings, stored([(1, {"rows": GOOD_ROWS}), (2, {"rows": other})]), {})
    scores = {r["item"]: r["score"] for r in results["ranking"]}
    assert scores["Tillit"] == 5 + 1 and scores["Retning"] == 1 + 5 and scores["Likeverd"] == 3 + 3
    assert sum(scores.values()) == 2 * sum(SCORE)
    assert DIAMOND.presenter_results(results)["boards"] == []  # people's own diamonds stay theirs


def test_locking_is_for_the_secretary():
    settings = DIAMOND.settings({"items": VALUES[:9]})
    with pytest.raises(EntryRejected):
        DIAMOND.parse_entry(settings, {"type": "lock"}, Author(1, 7, writes=False))
    assert DIAMOND.parse_entry(settings, {"type": "lock"}, Author(1, 7, writes=True)) == {"type": "lock", "group": 7}
    with pytest.raises(EntryRejected):
        DIAMOND.parse_entry(settings, {"type": "move", "item": "Tillit", "slot": 9}, Author(1, 7))
    with pytest.raises(EntryRejected):
        DIAMOND.parse_entry(settings, {"type": "move", "item": "Tillit", "slot": 0}, Author(1, None))


# --- 1-6 scale ---------------------------------------------------------------------------------

def test_the_scale_shows_no_distribution_below_its_minimum():
    settings = SCALE.settings({})
    first = settings.items[0]
    answer = {"answers": {first: {"score": 5, "reason": "Jeg delegerer mye"}}}
    for n in range(1, 6):
        results = SCALE.tally(settings, stored([(pid, answer) for pid in range(n)]), {})
        statement = SCALE.presenter_results(results)["statements"][0]
        assert statement["count"] == n
        if n < 5:
            assert statement["histogram"] is None and statement["median"] is None and not statement["shown"]
        else:
            assert statement["histogram"] == [0, 0, 0, 0, 5, 0] and statement["median"] == 5
        assert "reason" not in str(SCALE.presenter_results(results))
    for bad in ({first: {"score": 7}}, {first: {"score": 0}}, {first: {"score": "5"}}, {"Ukjent": {"score": 3}}, {}):
        with pytest.raises(EntryRejected):
            SCALE.parse_entry(settings, {"answers": bad})


def test_the_scale_defaults_to_the_nine_mastery_statements():
    assert len(SCALE.settings({}).items) == 9 and "Ser ansatte" in SCALE.settings({}).items


# --- poll --------------------------------------------------------------------------------------

def test_poll_single_and_multiple_choice_and_a_hidden_correct_answer():
    single = POLL.settings({"items": ["Ja", "Nei", "Vet ikke"], "correct": "Ja"})
    assert "correct" not in POLL.participant_settings(single)
    with pytest.raises(EntryRejected):
        POLL.parse_entry(single, {"choices": ["Ja", "Nei"]})
    multiple = POLL.settings({"items": ["Ja", "Nei", "Vet ikke"], "multiple": True})
    assert POLL.parse_entry(multiple, {"choices": ["Ja", "Nei"]}) == {"choices": ["Ja", "Nei"]}
    with pytest.raises(EntryRejected):
        POLL.parse_entry(multiple, {"choices": ["Ja", "Ja"]})
    results = POLL.tally(single, stored([(1, {"choices": ["Nei"]}), (1, {"choices": ["Ja"]}), (2, {"choices": ["Ja"]})]), {})
    assert [(o["item"], o["votes"], o["correct"]) for o in results["options"]] == [
        ("Ja", 2, True), ("Nei", 0, False), ("Vet ikke", 0, False)]
    with pytest.raises(ValidationError):
        POLL.settings({"items": ["Ja"], "correct": "Kanskje"})
    assert not POLL.results_visible_at_start(single)
    assert POLL.results_visible_at_start(POLL.settings({"items": ["Ja"], "show_live": True}))


# --- chaining, on a real database --------------------------------------------------------------

SEED_DIAMONDS = {  # the seeds' groups and values; spellings differ between groups on purpose
    "Gygrene": ["likeverd", "respekt", "toleranse", "ærlighet", "åpenhet", "kreativitet", "inkludering", "retning",
                "tillit"],
    "Stjernelaget": ["Respekt", "Tillit", "Åpenhet", "Mot", "Raushet", "Likeverd", "Humor", "Ansvar", "Retning"],
    "Godt og blandet": ["TILLIT ", "Trygghet", "Respekt", "Ansvar", "Mot", "Humor", "Glede", "Åpenhet", "Likeverd"],
    "Blåveis": ["Åpenhet", "Ærlighet", "Tillit", "Respekt", "Mot", "Glede", "Ansvar", "Humor", "Raushet"],
    "Einingsleiarane": ["Tillit", "Openheit", "Respekt", "Mot", "Ansvar", "Raushet", "Glede", "Likeverd", "Humor"],
    "RLG": ["Helhet", unicodedata.normalize("NFD", "Åpenhet"), "Tillit", "Ansvar", "Mot", "Glede", "Humor",
            "Respekt", "Raushet"],
}


def test_six_group_diamonds_feed_a_100_point_vote(database_url):
    """The seeds' flow: six groups' diamonds -> top 3 each, merged -> 100 points -> ranked result."""
    db = Database(database_url)
    db.migrate()
    bus = RecordingBus()
    f = facilitators.sign_up_first(db, "Fasilitator", "f@example.no", "correct horse battery")
    w = agenda.create_workshop(db, facilitator_id=f.id, title="Samling 3")
    diamond = agenda.add_activity(db, bus, facilitator_id=f.id, workshop_id=w.id, kind="diamond",
                                  prompt="Bli enige om 9 verdier", settings={"items": [], "mode": "group"})
    vote = agenda.add_activity(db, bus, facilitator_id=f.id, workshop_id=w.id, kind="points",
                               prompt="Prioriter verdiene: fordel 100 poeng")
    assert not vote.results_visible  # hidden until the facilitator reveals
    agenda.go_live(db, bus, facilitator_id=f.id, workshop_id=w.id)
    commands.run_command(db, bus, facilitator_id=f.id, workshop_id=w.id, command="next")
    made = {name: groups.create_group(db, bus, facilitator_id=f.id, workshop_id=w.id, name=name)
            for name in SEED_DIAMONDS}
    for name, values in SEED_DIAMONDS.items():
        p = participants.join(db, w.id, f"{name} sekretær")
        groups.move_participant(db, bus, facilitator_id=f.id, workshop_id=w.id, participant_id=p.id,
                                group_id=made[name].id)
        for i, value in enumerate(values):
            entries.submit(db, bus, p.id, diamond.id, f"add-{p.id}-{i:04d}", {"type": "add", "text": value})
            entries.submit(db, bus, p.id, diamond.id, f"mov-{p.id}-{i:04d}",
                           {"type": "move", "item": value, "slot": i})
    assert [s["id"] for s in chaining.sources(db, f.id, vote.id)] == [diamond.id]
    with pytest.raises(NotFound):  # a round is fed only by earlier ones
        chaining.pool(db, f.id, diamond.id, vote.id, 3)
    pool = chaining.pool(db, f.id, vote.id, diamond.id, 3)
    assert len(pool["lists"]) == 6 and all(len(items) == 3 for items in pool["lists"])
    assert pool["items"] == ["likeverd", "respekt", "toleranse", "Tillit", "Åpenhet", "Trygghet", "Ærlighet",
                             "Openheit", "Helhet"]
    # The facilitator merges the nynorsk spelling by hand, tidies the capitals, and adds a value the
    # room might have lost on the way ("Har vi mistet en viktig verdi på veien?").
    items = [i[0].upper() + i[1:] for i in pool["items"] if i != "Openheit"] + ["Mot"]
    agenda.update_activity(db, bus, facilitator_id=f.id, activity_id=vote.id, settings={"items": items})
    commands.run_command(db, bus, facilitator_id=f.id, workshop_id=w.id, command="next")
    voters = [participants.join(db, w.id, f"Leder {i}") for i in range(3)]
    given = [{"Tillit": 60, "Respekt": 40}, {"Tillit": 30, "Mot": 50, "Åpenhet": 20}, {"Respekt": 100}]
    for p, points in zip(voters, given):
        entries.submit(db, bus, p.id, vote.id, f"points-{p.id}-0001", {"points": points})
    with pytest.raises(EntryRejected):
        entries.submit(db, bus, voters[0].id, vote.id, "points-bad-0001", {"points": {"Tillit": 99}})
    with db.read() as s:
        assert len(s.exec(select(Entry).where(Entry.activity_id == vote.id)).all()) == 3  # nothing stored
    results = views.results_views(db, w.id, 0)
    assert results["presenter"]["results"] is None  # hidden until revealed
    commands.run_command(db, bus, facilitator_id=f.id, workshop_id=w.id, command="show_results")
    ranking = views.results_views(db, w.id, 0)["presenter"]["results"]["ranking"]
    assert [(r["item"], r["score"], r["rank"]) for r in ranking[:4]] == [
        ("Respekt", 140, 1), ("Tillit", 90, 2), ("Mot", 50, 3), ("Åpenhet", 20, 4)]
    db.dispose()
