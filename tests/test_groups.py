"""Groups, roles, timed phases and group posters through the domain functions, on a real database."""
import random
from collections import Counter

import pytest
from sqlmodel import select

from app.activities.base import EntryRejected
from app.db import Database
from app.models import Participant
from app.services import agenda, commands, entries, facilitators, groups, participants, views
from app.services.errors import Conflict, Invalid, NotFound
from app.services.events import RecordingBus

GROUP_NAMES = ["Gygrene", "Stjernelaget", "Godt og blandet", "Blåveis", "Einingsleiarane", "RLG"]


@pytest.fixture
def room(database_url):
    """A live workshop (poster on screen) with 14 participants and no groups yet."""
    db = Database(database_url)
    db.migrate()
    bus = RecordingBus()
    f = facilitators.sign_up_first(db, "Fasilitator", "f@example.no", "correct horse battery")
    w = agenda.create_workshop(db, facilitator_id=f.id, title="Samling 3")
    poster = agenda.add_activity(db, bus, facilitator_id=f.id, workshop_id=w.id, kind="poster",
                                 prompt="VERDI: Som leder skal jeg ...")
    agenda.go_live(db, bus, facilitator_id=f.id, workshop_id=w.id)
    commands.run_command(db, bus, facilitator_id=f.id, workshop_id=w.id, command="next")
    people = [participants.join(db, w.id, f"Leder {i}", "nb" if i % 2 else "nn") for i in range(14)]
    yield db, bus, f, w, poster, people
    db.dispose()


def members(db, workshop_id):
    with db.read() as s:
        return s.exec(select(Participant).where(Participant.workshop_id == workshop_id)).all()


def test_random_split_is_balanced_and_uses_named_groups_first(room):
    """14 people into 4 groups: sizes 4-4-3-3, the named group kept, the others created."""
    db, bus, f, w, _poster, _people = room
    groups.create_group(db, bus, facilitator_id=f.id, workshop_id=w.id, name="Gygrene")
    made = groups.split_random(db, bus, facilitator_id=f.id, workshop_id=w.id, count=4, rng=random.Random(1))
    assert [g.name for g in made] == ["Gygrene", "Gruppe 1", "Gruppe 2", "Gruppe 3"]
    sizes = Counter(p.group_id for p in members(db, w.id))
    assert sorted(sizes.values()) == [3, 3, 4, 4] and None not in sizes


def test_group_names_are_unique_and_bounded(room):
    db, bus, f, w, _poster, _people = room
    groups.create_group(db, bus, facilitator_id=f.id, workshop_id=w.id, name="Blåveis")
    with pytest.raises(Conflict):
        groups.create_group(db, bus, facilitator_id=f.id, workshop_id=w.id, name=" blåveis ")
    with pytest.raises(Invalid):
        groups.create_group(db, bus, facilitator_id=f.id, workshop_id=w.id, name="x" * 61)
    with pytest.raises(Invalid):
        groups.split_random(db, bus, facilitator_id=f.id, workshop_id=w.id, count=1)


def test_phones_choose_only_where_allowed_and_only_groups_of_their_workshop(room):
    db, bus, f, w, _poster, people = room
    rlg = groups.create_group(db, bus, facilitator_id=f.id, workshop_id=w.id, name="RLG")
    other = agenda.create_workshop(db, facilitator_id=f.id, title="Annen samling")
    foreign = groups.create_group(db, bus, facilitator_id=f.id, workshop_id=other.id, name="Gygrene")
    groups.choose_group(db, bus, people[0].id, rlg.id)
    assert {p.id: p.group_id for p in members(db, w.id)}[people[0].id] == rlg.id
    with pytest.raises(NotFound):
        groups.choose_group(db, bus, people[1].id, foreign.id)
    groups.set_group_choice(db, bus, facilitator_id=f.id, workshop_id=w.id, allowed=False)
    with pytest.raises(Conflict):
        groups.choose_group(db, bus, people[1].id, rlg.id)


def test_roles_reach_every_group_once_and_the_secretary_first(room):
    """Every group of three or more gets each role exactly once; a group of one still gets its secretary."""
    db, bus, f, w, _poster, people = room
    groups.set_roles(db, bus, facilitator_id=f.id, workshop_id=w.id, roles=groups.preset_roles("nb"))
    big = groups.split_random(db, bus, facilitator_id=f.id, workshop_id=w.id, count=4, rng=random.Random(2))
    alone = groups.create_group(db, bus, facilitator_id=f.id, workshop_id=w.id, name="RLG")
    groups.move_participant(db, bus, facilitator_id=f.id, workshop_id=w.id, participant_id=people[0].id,
                            group_id=alone.id)
    groups.draw_roles(db, bus, facilitator_id=f.id, workshop_id=w.id, rng=random.Random(3))
    by_group: dict[int, list[int | None]] = {}
    for p in members(db, w.id):
        by_group.setdefault(p.group_id, []).append(p.role)
    assert by_group[alone.id] == [2]  # the secretary (the role that writes)
    for g in big:
        roles = [r for r in by_group[g.id] if r is not None]
        assert sorted(roles) == [0, 1, 2]
    first = {p.id: p.role for p in members(db, w.id)}
    groups.draw_roles(db, bus, facilitator_id=f.id, workshop_id=w.id, rng=random.Random(4))
    assert {p.id: p.role for p in members(db, w.id)} != first  # re-drawable


def test_moving_someone_takes_their_role_away(room):
    db, bus, f, w, _poster, people = room
    groups.set_roles(db, bus, facilitator_id=f.id, workshop_id=w.id, roles=groups.preset_roles("nb"))
    a, b = groups.split_random(db, bus, facilitator_id=f.id, workshop_id=w.id, count=2, rng=random.Random(5))
    groups.draw_roles(db, bus, facilitator_id=f.id, workshop_id=w.id, rng=random.Random(6))
    holder = next(p for p in members(db, w.id) if p.role is not None)
    target = b.id if holder.group_id == a.id else a.id
    groups.move_participant(db, bus, facilitator_id=f.id, workshop_id=w.id, participant_id=holder.id, group_id=target)
    moved = next(p for p in members(db, w.id) if p.id == holder.id)
    assert (moved.group_id, moved.role) == (target, None)


def test_preset_roles_are_translated_for_each_phone_custom_ones_kept(room):
    """A nynorsk phone in a bokmål workshop reads the standard roles in nynorsk; edited words stay as typed."""
    db, bus, f, w, _poster, _people = room
    roles = groups.preset_roles("nb")
    assert roles[2]["name"] == "Sekretær"
    assert groups.role_in(roles[2], "nb", "nn")["name"] == "Skrivar"
    assert groups.role_in(roles[2], "nb", "en")["name"] == "Secretary"
    edited = {**roles[0], "rule": "den som har mørkest hår og lengst reisevei"}
    assert groups.role_in(edited, "nb", "en") == edited
    with pytest.raises(Invalid):
        groups.set_roles(db, bus, facilitator_id=f.id, workshop_id=w.id, roles=[{"name": ""}])


def test_personal_views_carry_group_members_in_order_and_role(room):
    db, bus, f, w, _poster, people = room
    groups.set_roles(db, bus, facilitator_id=f.id, workshop_id=w.id, roles=groups.preset_roles("nb"))
    groups.split_random(db, bus, facilitator_id=f.id, workshop_id=w.id, count=3, rng=random.Random(7))
    groups.draw_roles(db, bus, facilitator_id=f.id, workshop_id=w.id, rng=random.Random(8))
    personal = views.results_views(db, w.id, 0)["personal"]
    assert set(personal) == {p.id for p in people}
    for p in members(db, w.id):
        mine = personal[p.id]
        assert mine["group"]["id"] == p.group_id
        assert [m["id"] for m in mine["members"]] == sorted(o.id for o in members(db, w.id) if o.group_id == p.group_id)
        assert (mine["role"] is None) == (p.role is None)
        if p.role == 2:
            assert mine["role"]["name"] == ("Sekretær" if p.language == "nb" else "Skrivar")


def test_secretary_only_posters_refuse_the_others(room):
    db, bus, f, w, poster, people = room
    agenda.update_activity(db, bus, facilitator_id=f.id, activity_id=poster.id, settings={"editors": "secretary"})
    groups.set_roles(db, bus, facilitator_id=f.id, workshop_id=w.id, roles=groups.preset_roles("nb"))
    groups.split_random(db, bus, facilitator_id=f.id, workshop_id=w.id, count=2, rng=random.Random(9))
    groups.draw_roles(db, bus, facilitator_id=f.id, workshop_id=w.id, rng=random.Random(10))
    everyone = members(db, w.id)
    secretary = next(p for p in everyone if p.role == 2)
    other = next(p for p in everyone if p.role != 2)
    with pytest.raises(EntryRejected) as e:
        entries.submit(db, bus, other.id, poster.id, "edit-other-1", {"type": "edit", "base": 0, "text": "Vi skal"})
    assert e.value.code == "not_writer"
    entries.submit(db, bus, secretary.id, poster.id, "edit-secr-01", {"type": "edit", "base": 0, "text": "Vi skal"})


def test_poster_edits_need_a_group_and_comments_go_to_other_groups(room):
    db, bus, f, w, poster, people = room
    with pytest.raises(EntryRejected) as e:
        entries.submit(db, bus, people[0].id, poster.id, "edit-nogroup", {"type": "edit", "base": 0, "text": "x"})
    assert e.value.code == "no_group"
    a, _b = groups.split_random(db, bus, facilitator_id=f.id, workshop_id=w.id, count=2, rng=random.Random(11))
    p = next(p for p in members(db, w.id) if p.group_id == a.id)
    with pytest.raises(EntryRejected) as e:
        entries.submit(db, bus, p.id, poster.id, "comment-own-1", {"type": "comment", "poster": a.id, "text": "Bra"})
    assert e.value.code == "own_poster"
    for bad in ({"type": "edit", "base": -1, "text": "x"}, {"type": "edit", "base": 0}, {"type": "scribble"},
                {"type": "mark", "comment": 1, "mark": "love"}, {"type": "edit", "base": 0, "text": "x" * 3001}):
        with pytest.raises(EntryRejected):
            entries.submit(db, bus, p.id, poster.id, f"bad-{hash(str(bad)) & 0xffffff:08x}", bad)
