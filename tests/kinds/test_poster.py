"""The group poster kind: the merge rule of concurrent edits, comments and marks, and the gallery walk's views."""
from datetime import datetime, timezone

import pytest
from hypothesis import given
from hypothesis import strategies as st

from app.activities.base import Author, EntryRejected, LiveContext, Member, ModerationRejected, StoredEntry
from app.activities.poster import KIND, walk_stop
from app.services import phase_clock as pc

SETTINGS = KIND.settings({})
NOW = datetime(2026, 11, 23, tzinfo=timezone.utc)
T0 = 1_790_000_000.0


def stored(entries):
    """StoredEntry objects from (participant, payload) pairs in commit order."""
    return [StoredEntry(i + 1, pid, payload, False, NOW) for i, (pid, payload) in enumerate(entries)]


def edit(group, base, text):
    return {"type": "edit", "group": group, "base": base, "text": text}


def poster_text(results, group):
    return next(p for p in results["posters"] if p["group"] == group)["text"]


def test_three_phones_editing_from_the_same_version_keep_every_edit():
    """The merge rule: a save made from an older version is merged with what was saved meanwhile."""
    base = "VERDI: Som leder skal jeg ...\nlytte"
    results = KIND.tally(SETTINGS, stored([
        (1, edit(7, 0, base)),
        (2, edit(7, 1, base + "\ngi tillit")),
        (3, edit(7, 1, base + "\nvære tydelig")),
        (4, edit(7, 1, "VERDI: Som leder skal jeg ...\nlytte aktivt")),
    ]), {}, {7: "Gygrene"})
    text = poster_text(results, 7)
    for line in ("gi tillit", "være tydelig", "lytte aktivt"):
        assert line in text.split("\n")
    assert results["posters"][0]["rev"] == 4 and results["posters"][0]["edits"] == 4


def test_two_phones_changing_the_same_line_keep_both_versions():
    results = KIND.tally(SETTINGS, stored([
        (1, edit(7, 0, "1 ...")), (1, edit(7, 1, "1 Raushet")), (2, edit(7, 1, "1 Respekt")),
    ]), {}, {7: "Gygrene"})
    assert poster_text(results, 7).split("\n") == ["1 Raushet", "1 Respekt"]


def test_a_save_from_the_newest_version_replaces_the_text():
    """Deleting a line is an edit like any other when nobody else changed the poster meanwhile."""
    results = KIND.tally(SETTINGS, stored([(1, edit(7, 0, "a\nb")), (2, edit(7, 1, "a"))]), {}, {7: "Gygrene"})
    assert poster_text(results, 7) == "a"


@given(st.lists(st.text(alphabet="abcæøå ", min_size=1, max_size=8).filter(lambda s: s.strip()), min_size=1,
                max_size=6, unique=True))
def test_any_number_of_concurrent_appends_are_all_kept(lines):
    """However many phones append a line from the same version, every line survives the fold."""
    lines = [line.strip() for line in lines]
    start = "Vår ledergruppe skal skape MERVERDI ... ved å:"
    results = KIND.tally(SETTINGS, stored([(0, edit(1, 0, start))] +
                                          [(i + 1, edit(1, 1, f"{start}\n{line}")) for i, line in enumerate(lines)]),
                         {}, {1: "RLG"})
    text = poster_text(results, 1).split("\n")
    assert text[0] == start and all(line in text for line in lines)


def test_saving_again_before_the_merge_comes_back_does_not_double_ones_own_text():
    """A phone saves twice from version 0 (its second save types on from its first): no repeated lines."""
    results = KIND.tally(SETTINGS, stored([
        (1, edit(7, 0, "Vi skal lytte")),
        (2, edit(7, 0, "Vi skal gi tillit")),  # another member, at the same moment
        (1, edit(7, 0, "Vi skal lytte til alle")),
        (1, edit(7, 0, "Vi skal lytte til alle, alltid")),
    ]), {}, {7: "Gygrene"})
    lines = poster_text(results, 7).split("\n")
    assert "Vi skal gi tillit" in lines and "Vi skal lytte til alle, alltid" in lines
    assert "Vi skal lytte" not in lines and "Vi skal lytte til alle" not in lines


def test_marks_count_only_from_the_posters_own_group():
    results = KIND.tally(SETTINGS, stored([
        (5, {"type": "comment", "group": 8, "poster": 7, "text": "Konkret og godt"}),
        (6, {"type": "mark", "group": 8, "comment": 1, "mark": "agreed"}),  # a visitor cannot mark
    ]), {}, {7: "Gygrene", 8: "Blåveis"})
    assert results["comments"][0]["mark"] == ""
    results = KIND.tally(SETTINGS, stored([
        (5, {"type": "comment", "group": 8, "poster": 7, "text": "Konkret og godt"}),
        (1, {"type": "mark", "group": 7, "comment": 1, "mark": "discuss"}),
    ]), {}, {7: "Gygrene", 8: "Blåveis"})
    assert results["comments"][0]["mark"] == "discuss"


def test_parse_stamps_the_authors_group_whatever_the_phone_says():
    payload = KIND.parse_entry(SETTINGS, {"type": "edit", "base": 0, "text": "Vi skal\r\nlytte  ", "group": 99},
                               Author(1, 7, False))
    assert payload == {"type": "edit", "group": 7, "base": 0, "text": "Vi skal\nlytte"}
    with pytest.raises(EntryRejected):
        KIND.parse_entry(SETTINGS, {"type": "comment", "poster": 7, "text": "Bra"}, Author(1, 7, False))


GROUPS = [(10, "Gygrene", [1, 2, 3]), (20, "Stjernelaget", [4, 5]), (30, "Blåveis", [6, 7, 8])]
PEOPLE = [Member(pid, f"Leder {pid}", gid, False) for gid, _n, pids in GROUPS for pid in pids]


def started_walk(stops=None):
    live = LiveContext(T0, GROUPS)
    args = {"present_seconds": 60, "comment_seconds": 180, "return_seconds": 300}
    if stops:
        args["stops"] = stops
    moderation = KIND.moderate({}, "walk_start", args, live)
    clock = pc.start(pc.plan(live.new_phases), T0)
    return moderation, clock


def test_walk_start_plans_timed_stops_and_one_host_per_group():
    moderation, clock = started_walk()
    walk = moderation["walk"]
    assert walk["order"] == [10, 20, 30]
    assert {int(g): pid in dict((gid, pids) for gid, _n, pids in GROUPS)[int(g)] for g, pid in walk["hosts"].items()} \
        == {10: True, 20: True, 30: True}
    assert [p.label for p in clock.phases] == ["walk:1:present", "walk:1:comment", "walk:2:present",
                                               "walk:2:comment", "walk:return"]
    with pytest.raises(ModerationRejected):
        KIND.moderate({}, "walk_start", {}, LiveContext(T0, GROUPS[:1]))


def test_during_the_walk_hosts_stay_and_visitors_see_every_other_poster_once():
    moderation, clock = started_walk()
    results = KIND.tally(SETTINGS, stored([(1, edit(10, 0, "G")), (4, edit(20, 0, "S")), (6, edit(30, 0, "B"))]),
                         moderation, {g: n for g, n, _p in GROUPS})
    hosts = {int(g): pid for g, pid in moderation["walk"]["hosts"].items()}
    seen: dict[int, list[int]] = {}
    for stop in (1, 2):
        at = T0 + (stop - 1) * 240 + 100  # inside the stop's comment time
        live = LiveContext(at, GROUPS, pc.view(clock, at))
        assert walk_stop(live.clock) == (stop, "comment")
        views = KIND.participant_views(SETTINGS, results, moderation, PEOPLE, live)
        at_poster: dict[int, set[int]] = {}
        for m in PEOPLE:
            w = views[m.participant_id]["walk"]
            if hosts[m.group_id] == m.participant_id:
                assert w["host"] and w["at"] == m.group_id
            else:
                assert not w["host"] and w["at"] != m.group_id
                assert w["at_text"] == {10: "G", 20: "S", 30: "B"}[w["at"]]
                seen.setdefault(m.participant_id, []).append(w["at"])
                at_poster.setdefault(w["at"], set()).add(m.group_id)
        assert all(len(sets) == 1 for sets in at_poster.values())  # one visiting set per poster
    for pid, posters in seen.items():
        own = next(m.group_id for m in PEOPLE if m.participant_id == pid)
        assert sorted(posters) == sorted(g for g, _n, _p in GROUPS if g != own)
    after = LiveContext(T0 + 2 * 240 + 10, GROUPS, pc.view(clock, T0 + 2 * 240 + 10))
    views = KIND.participant_views(SETTINGS, results, moderation, PEOPLE, after)
    assert all(v["walk"]["stage"] == "return" for v in views.values())


def test_comments_reach_the_host_and_the_group_after_the_walk():
    moderation, clock = started_walk()
    results = KIND.tally(SETTINGS, stored([
        (4, {"type": "comment", "group": 20, "poster": 10, "text": "Hva betyr tillit i praksis?"})]),
        moderation, {g: n for g, n, _p in GROUPS})
    host = moderation["walk"]["hosts"]["10"]
    live = LiveContext(T0 + 100, GROUPS, pc.view(clock, T0 + 100))
    views = KIND.participant_views(SETTINGS, results, moderation, PEOPLE, live)
    assert [c["text"] for c in views[host]["walk"]["comments"]] == ["Hva betyr tillit i praksis?"]
    done = LiveContext(T0 + 5000, GROUPS, pc.view(clock, T0 + 5000))
    views = KIND.participant_views(SETTINGS, results, moderation, PEOPLE, done)
    for pid in (1, 2, 3):
        assert [c["text"] for c in views[pid]["walk"]["comments"]] == ["Hva betyr tillit i praksis?"]
    table = KIND.result_table(results)
    assert ["comment", "Gygrene", "Hva betyr tillit i praksis?", "Stjernelaget", ""] in table.rows


# --- finding 8: merge once per save, a cached fold, a capped length --------------------------------

from dataclasses import replace  # noqa: E402

from hypothesis import settings as hyp_settings  # noqa: E402

from app.activities.poster import MAX_POSTER, _fold_edit  # noqa: E402
from app.activities.poster.text_merge import _EXACT_PAIRS, _changes  # noqa: E402

LINES = st.sampled_from(["lytte", "tillit", "", "-", "mot", "gi tillit", "være tydelig"])
SAVE = st.tuples(st.sampled_from([1, 2, 3]), st.sampled_from([7, 8]), st.integers(0, 6),
                 st.lists(LINES, max_size=6).map("\n".join))  # (participant, group, base, text)


def replayed(entries):
    """Every group's text by a plain replay of its edits, with no cache."""
    revisions: dict[int, list[str]] = {}
    own: dict[int, dict[int, tuple[int, str]]] = {}
    for e in sorted(entries, key=lambda e: e.id):
        g = e.payload["group"]
        _fold_edit(revisions.setdefault(g, [""]), own.setdefault(g, {}), e.participant_id, e.payload["base"],
                   e.payload["text"])
    return {g: (r[-1], len(r) - 1) for g, r in revisions.items()}


def folded(results):
    return {p["group"]: (p["text"], p["rev"]) for p in results["posters"] if p["edits"]}


@given(st.lists(SAVE, min_size=1, max_size=14), st.integers(1_000, 10_000_000))
def test_rebuilds_from_the_cache_equal_a_full_replay(saves, first_id):
    """Results rebuilt after every save (as the live room does), after a hidden flag changes and after an
    entry is deleted all equal a replay of the whole history."""
    entries = [StoredEntry(first_id + i, pid, edit(g, base, text), False, NOW)
               for i, (pid, g, base, text) in enumerate(saves)]
    for n in range(1, len(entries) + 1):
        assert folded(KIND.tally(SETTINGS, entries[:n], {})) == replayed(entries[:n])
    assert folded(KIND.tally(SETTINGS, entries, {})) == replayed(entries)  # nothing new: from the cache
    flagged = [replace(e, hidden=True) if i % 2 else e for i, e in enumerate(entries)]
    assert folded(KIND.tally(SETTINGS, flagged, {})) == replayed(entries)
    for gone in {0, len(entries) // 2, len(entries) - 1}:
        rest = entries[:gone] + entries[gone + 1:]
        assert folded(KIND.tally(SETTINGS, rest, {})) == replayed(rest)


def test_the_same_ids_with_other_texts_are_not_taken_from_the_cache():
    """Entries are matched by id, time, author and text: a reused id with new text is folded afresh."""
    first = stored([(1, edit(7, 0, "a")), (2, edit(7, 1, "a\nb"))])
    assert poster_text(KIND.tally(SETTINGS, first, {}), 7) == "a\nb"
    other = stored([(1, edit(7, 0, "x")), (2, edit(7, 1, "x\ny"))])
    assert poster_text(KIND.tally(SETTINGS, other, {}), 7) == "x\ny"


def apply_changes(a, b, spans):
    """`a` with every span replaced by its lines of `b`; checks the untouched lines match too."""
    out, pos, bpos = [], 0, 0
    for i1, i2, j1, j2 in spans:
        assert a[pos:i1] == b[bpos:j1]  # what the diff calls equal is equal
        out += a[pos:i1] + b[j1:j2]
        pos, bpos = i2, j2
    assert a[pos:] == b[bpos:]
    return out + a[pos:]


@hyp_settings(max_examples=60, deadline=None)
@given(st.lists(LINES, min_size=201, max_size=700), st.lists(st.tuples(st.integers(0, 699), LINES), max_size=40),
       st.lists(LINES, max_size=300))
def test_the_long_text_diff_is_a_true_diff(a, edits, tail):
    """Past SequenceMatcher's budget the diff is cut by common ends and unique lines: still exact."""
    b = list(a)
    for at, line in edits:
        b[at % len(b)] = line
    b += tail
    assert len(a) * len(b) > _EXACT_PAIRS  # the path under test, not the plain SequenceMatcher
    assert apply_changes(a, b, _changes(a, b)) == b


def test_a_long_poster_with_a_small_edit_gives_a_small_change():
    a = [f"linje {i}" if i % 3 else "" for i in range(2000)]
    b = a[:1000] + ["ny linje"] + a[1000:]
    assert _changes(a, b) == [(1000, 1000, 1000, 1001)]


def test_stale_saves_of_long_repetitive_posters_keep_every_line():
    """The review's case: phones saving long posters of repeated short lines from old versions."""
    import random

    rng = random.Random(3)
    texts = ["\n".join(rng.choice(["a", "b", "-", ""]) for _ in range(2400)) for _ in range(6)]
    entries = stored([(1 + i % 2, edit(7, 0, t)) for i, t in enumerate(texts)])
    text = poster_text(KIND.tally(KIND.settings({"max_length": MAX_POSTER}), entries, {}), 7)
    assert text == replayed(entries)[7][0]
    assert {"a", "b", "-"} <= set(text.split("\n"))


def test_posters_are_capped_at_5000_characters():
    author = Author(participant_id=1, group_id=7, writes=True)
    at_cap = KIND.settings({"max_length": MAX_POSTER})
    assert MAX_POSTER == 5000
    assert len(KIND.parse_entry(at_cap, {"type": "edit", "base": 0, "text": "x" * 5000}, author)["text"]) == 5000
    with pytest.raises(EntryRejected) as e:
        KIND.parse_entry(at_cap, {"type": "edit", "base": 0, "text": "x" * 5001}, author)
    assert e.value.code == "too_long" and e.value.params == {"limit": 5000}
    # A larger limit (saved before the cap existed) is clamped to the cap; the other settings stay.
    older = KIND.settings({"max_length": 10_000, "editors": "secretary"})
    assert older.max_length == 5000 and older.editors == "secretary"
    with pytest.raises(EntryRejected):
        KIND.parse_entry(older, {"type": "edit", "base": 0, "text": "x" * 5001}, author)


# --- issue 11: ending a walk early ends its phases and brings every group back with its feedback ----

def comment(from_group, poster, text):
    return {"type": "comment", "group": from_group, "poster": poster, "text": text}


def test_ending_the_walk_early_clears_its_phases_and_brings_every_group_back_with_marked_comments():
    """Ended during stop 2: no walk phase stays on the clock; every member sees the return stage with the
    comments on their own poster, the host's marks included; no host role or stop lingers."""
    moderation, clock = started_walk()
    results = KIND.tally(SETTINGS, stored([
        (4, comment(20, 10, "Hva betyr tillit i praksis?")),
        (6, comment(30, 10, "Konkret og godt")),
        (1, {"type": "mark", "group": 10, "comment": 1, "mark": "agreed"}),
        (1, {"type": "mark", "group": 10, "comment": 2, "mark": "discuss"}),
        (1, comment(10, 20, "Fint språk")),
    ]), moderation, {g: n for g, n, _p in GROUPS})
    at = T0 + 240 + 100  # stop 2, comments
    live = LiveContext(at, GROUPS, pc.view(clock, at))
    assert walk_stop(live.clock) == (2, "comment")
    ended = KIND.moderate(moderation, "walk_end", {}, live)
    assert live.new_phases == []  # the walk's stops leave the clock
    views = KIND.participant_views(SETTINGS, results, ended, PEOPLE, LiveContext(at, GROUPS, None))
    for m in PEOPLE:
        walk = views[m.participant_id]["walk"]
        assert walk["stage"] == "return" and "stop" not in walk and "at" not in walk
    gygrene = [(c["text"], c["mark"]) for c in views[1]["walk"]["comments"]]
    assert gygrene == [("Hva betyr tillit i praksis?", "agreed"), ("Konkret og godt", "discuss")]
    assert [c["text"] for c in views[4]["walk"]["comments"]] == ["Fint språk"]
    assert views[6]["walk"]["comments"] == []
    # The clock a later plan sets (even one that looks like a walk's) no longer moves anyone round.
    later = LiveContext(at, GROUPS, pc.view(clock, at))
    views = KIND.participant_views(SETTINGS, results, ended, PEOPLE, later)
    assert all(v["walk"]["stage"] == "return" for v in views.values())
    with pytest.raises(ModerationRejected):
        KIND.moderate(ended, "walk_hosts", {}, later)


def test_ending_a_walk_leaves_a_plan_of_the_facilitators_own_alone():
    """walk_end clears only a walk's phases: a plan set after the walk ended stays."""
    moderation, _clock = started_walk()
    own = pc.start(pc.plan([("group", 900)]), T0)
    live = LiveContext(T0, GROUPS, pc.view(own, T0))
    KIND.moderate(moderation, "walk_end", {}, live)
    assert live.new_phases is None


@pytest.mark.server
def test_ending_the_walk_at_stop_2_stops_every_countdown_and_sends_each_group_its_feedback(server):
    """Real server and sockets: after walk_end in stop 2 no screen gets a clock, and every phone's own
    view is the return stage with the comments on its poster and the host's marks."""
    from tests.test_groups_live import grouped_workshop, personal_with
    from tests.test_live import Facilitator, Phone, presenter, recv_until, run

    fac = Facilitator(server)
    wid, poster, tokens = grouped_workshop(fac, server, 6, ["Gygrene", "Stjernelaget", "Blåveis"])
    fac.command(wid, "walk_start", present_seconds=60, comment_seconds=180, return_seconds=300)
    fac.command(wid, "phase_skip")  # stop 1: comments

    async def scenario():
        phones = [Phone(server, t) for t in tokens]
        for p in phones:
            await p.open()
        screen = await presenter(server, wid, fac.token)
        views = [(await recv_until(p.ws, personal_with(lambda m: (m["activity"] or {}).get("walk"))))["activity"]
                 for p in phones]
        visitor = next(i for i, v in enumerate(views) if not v["walk"]["host"])
        at = views[visitor]["walk"]["at"]
        host = next(i for i, v in enumerate(views) if v["walk"]["host"] and v["group"] == at)
        await phones[visitor].send({"type": "submit", "client_id": "comment-00001", "activity_id": poster,
                                    "payload": {"type": "comment", "poster": at, "text": "Hva betyr tillit?"}})
        assert (await phones[visitor].reply())["type"] == "ack"
        got = await recv_until(phones[host].ws, personal_with(lambda m: m["activity"]["walk"]["comments"]))
        cid = got["activity"]["walk"]["comments"][0]["id"]
        await phones[host].send({"type": "submit", "client_id": "mark-000001", "activity_id": poster,
                                 "payload": {"type": "mark", "comment": cid, "mark": "discuss"}})
        assert (await phones[host].reply())["type"] == "ack"
        fac.command(wid, "phase_skip")
        fac.command(wid, "phase_skip")  # stop 2: comments
        await recv_until(screen, lambda m: m["type"] == "state" and (m["activity"]["clock"] or {}).get("label")
                         == "walk:2:comment")
        fac.command(wid, "walk_end")
        cleared = await recv_until(screen, lambda m: m["type"] == "state" and m["activity"]["clock"] is None)
        assert cleared["activity"]["id"] == poster
        for i, p in enumerate(phones):
            await recv_until(p.ws, lambda m: m["type"] == "state" and m["activity"]["clock"] is None)
            back = await recv_until(p.ws, personal_with(lambda m: m["activity"]["walk"]["stage"] == "return"))
            walk = back["activity"]["walk"]
            assert "stop" not in walk and "at" not in walk
            mine = [(c["text"], c["mark"]) for c in walk["comments"]]
            assert mine == ([("Hva betyr tillit?", "discuss")] if views[i]["group"] == at else [])
        for p in phones:
            await p.close()
        await screen.close()

    run(scenario())
    fac.close()
