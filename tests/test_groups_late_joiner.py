"""A late joiner in a grouped workshop takes a role still free in their group; nobody else's role changes."""
import random

from app.services import groups, participants
from tests.test_groups import members, room  # noqa: F401 (fixture)


def roles_by_person(db, workshop_id):
    return {p.id: (p.group_id, p.role) for p in members(db, workshop_id)}


def test_late_joiners_take_free_roles_and_leave_the_drawn_ones(room):  # noqa: F811
    """After the draw: a full group gives a newcomer no role, an empty one hands out secretary, then the rest."""
    db, bus, f, w, _poster, _people = room
    groups.set_roles(db, bus, facilitator_id=f.id, workshop_id=w.id, roles=groups.preset_roles("nb"))
    full = groups.split_random(db, bus, facilitator_id=f.id, workshop_id=w.id, count=4, rng=random.Random(11))
    groups.draw_roles(db, bus, facilitator_id=f.id, workshop_id=w.id, rng=random.Random(12))
    drawn = roles_by_person(db, w.id)

    late = participants.join(db, w.id, "Kom seint", "nb")
    groups.choose_group(db, bus, late.id, full[0].id)
    now = roles_by_person(db, w.id)
    assert now[late.id] == (full[0].id, None)  # every role is held in a group of three or more
    assert {k: v for k, v in now.items() if k != late.id} == drawn

    newcomers = groups.create_group(db, bus, facilitator_id=f.id, workshop_id=w.id, name="Einingsleiarane Nord")
    handed = []
    for i in range(4):
        p = participants.join(db, w.id, f"Nykommar {i}", "nn")
        groups.choose_group(db, bus, p.id, newcomers.id)
        handed.append(roles_by_person(db, w.id)[p.id][1])
    assert handed == [2, 0, 1, None]  # the role that writes first, each role once
    after = roles_by_person(db, w.id)
    assert all(after[k] == v for k, v in drawn.items())


def test_no_role_before_the_draw_or_after_the_roles_are_reset(room):  # noqa: F811
    """Before roles are drawn (or once new roles clear them) a joiner waits for the draw like everyone."""
    db, bus, f, w, _poster, people = room
    groups.set_roles(db, bus, facilitator_id=f.id, workshop_id=w.id, roles=groups.preset_roles("nb"))
    g = groups.create_group(db, bus, facilitator_id=f.id, workshop_id=w.id, name="Gygrene")
    groups.choose_group(db, bus, people[0].id, g.id)
    assert roles_by_person(db, w.id)[people[0].id] == (g.id, None)

    groups.draw_roles(db, bus, facilitator_id=f.id, workshop_id=w.id, rng=random.Random(13))
    assert roles_by_person(db, w.id)[people[0].id] == (g.id, 2)
    # clears what was drawn
    groups.set_roles(db, bus, facilitator_id=f.id, workshop_id=w.id, roles=groups.preset_roles("nb"))
    groups.choose_group(db, bus, people[1].id, g.id)
    assert roles_by_person(db, w.id)[people[1].id] == (g.id, None)


def test_a_moved_member_takes_a_free_role_in_the_new_group(room):  # noqa: F811
    """The facilitator moving someone into a group short of a role: they take it; their old role stays behind."""
    db, bus, f, w, _poster, people = room
    groups.set_roles(db, bus, facilitator_id=f.id, workshop_id=w.id, roles=groups.preset_roles("nb"))
    big = groups.create_group(db, bus, facilitator_id=f.id, workshop_id=w.id, name="Gygrene")
    small = groups.create_group(db, bus, facilitator_id=f.id, workshop_id=w.id, name="RLG")
    for p in people[:5]:
        groups.move_participant(db, bus, facilitator_id=f.id, workshop_id=w.id, participant_id=p.id, group_id=big.id)
    groups.move_participant(db, bus, facilitator_id=f.id, workshop_id=w.id, participant_id=people[5].id,
                            group_id=small.id)
    groups.draw_roles(db, bus, facilitator_id=f.id, workshop_id=w.id, rng=random.Random(14))
    before = roles_by_person(db, w.id)
    assert before[people[5].id] == (small.id, 2)
    holder = next(p for p in people[:5] if before[p.id][1] == 0)
    groups.move_participant(db, bus, facilitator_id=f.id, workshop_id=w.id, participant_id=holder.id, group_id=small.id)
    after = roles_by_person(db, w.id)
    assert after[holder.id] == (small.id, 0)
    assert [after[p.id] for p in people[:6] if p.id != holder.id] == [before[p.id] for p in people[:6] if p.id != holder.id]
