"""Network groups of a workshop, who is in which, and the roles handed out in every group."""
import random
from typing import Any, NamedTuple

from sqlmodel import Session, col, select

from app.db import Database
from app.ids import is_row_id
from app.i18n import N_, translate_to
from app.models import Participant, WorkGroup, Workshop, id_of
from app.services.errors import Conflict, Invalid, NotFound
from app.services.events import Bus
from app.services.access import owned_workshop
from app.services.unit_of_work import changing, committing
from app.text import clean_text

MAX_GROUPS = 50
MAX_ROLES = 8

# The roles of the seeds, offered until the facilitator writes their own; each is translated into the
# phone's language as long as the facilitator has not changed its words.
PRESET_ROLES: list[dict[str, Any]] = [
    {"preset": "chair", "name": N_("Chair and timekeeper"), "rule": N_("the one with the darkest hair"),
     "duty": N_("Leads the talk, gives everyone a turn and keeps the time."), "writes": False},
    {"preset": "guard", "name": N_("Width guard"), "rule": N_("the tallest"),
     "duty": N_("Keeps the talk open: asks what else, and who has not been heard yet."), "writes": False},
    {"preset": "secretary", "name": N_("Secretary"), "rule": N_("the one with the newest trousers"),
     "duty": N_("Writes down what the group agrees and reports it in plenary."), "writes": True},
]
_PRESETS = {r["preset"]: r for r in PRESET_ROLES}
_ROLE_TEXTS = ("name", "rule", "duty")


def groups_of(s: Session, workshop_id: int) -> list[WorkGroup]:
    """A workshop's groups in their order."""
    return list(s.exec(select(WorkGroup).where(WorkGroup.workshop_id == workshop_id)
                       .order_by(col(WorkGroup.position), col(WorkGroup.id))).all())


class GroupRow(NamedTuple):
    """A group as the live views read it: a plain row."""

    id: int
    name: str


def group_rows(s: Session, workshop_id: int) -> list[GroupRow]:
    """A workshop's groups in their order, as plain rows."""
    rows = s.exec(select(WorkGroup.id, WorkGroup.name).where(WorkGroup.workshop_id == workshop_id)
                  .order_by(col(WorkGroup.position), col(WorkGroup.id)))
    return [GroupRow(*row) for row in rows]


def members_of(s: Session, workshop_id: int) -> list[Participant]:
    """Everyone who joined the workshop, in joining order."""
    return list(s.exec(select(Participant).where(Participant.workshop_id == workshop_id)
                       .order_by(col(Participant.id))).all())


class Person(NamedTuple):
    """What the live views read of a participant: a plain row, not an ORM object (a grouped room reads all
    of its people several times a second)."""

    id: int
    display_name: str
    group_id: int | None
    role: int | None
    language: str


def people_of(s: Session, workshop_id: int) -> list[Person]:
    """Everyone who joined the workshop, in joining order, as plain rows."""
    rows = s.exec(select(Participant.id, Participant.display_name, Participant.group_id, Participant.role,  # type: ignore[call-overload]
                         Participant.language).where(Participant.workshop_id == workshop_id)
                  .order_by(col(Participant.id)))
    return [Person(*row) for row in rows]


def group_lists(s: Session, workshop_id: int) -> list[tuple[int, str, list[int]]]:
    """(id, name, member ids) of every group, in order."""
    members: dict[int, list[int]] = {}
    for pid, gid in s.exec(select(Participant.id, Participant.group_id).where(
            Participant.workshop_id == workshop_id, col(Participant.group_id).is_not(None)).order_by(col(Participant.id))):
        if pid is not None and gid is not None:  # (always: a stored row, and only grouped ones are asked for)
            members.setdefault(gid, []).append(pid)
    return [(id_of(g), g.name, members.get(id_of(g), [])) for g in groups_of(s, workshop_id)]


def preset_roles(language: str) -> list[dict[str, Any]]:
    """The seeds' three roles worded in `language`."""
    return [{**r, **{k: translate_to(language, r[k]) for k in _ROLE_TEXTS}} for r in PRESET_ROLES]


def role_of(p: Participant | Person, roles: list[dict[str, Any]]) -> dict[str, Any] | None:
    """The role a participant drew, if any (an index left over from an edited list counts as none)."""
    return roles[p.role] if p.role is not None and 0 <= p.role < len(roles) else None


def role_in(role: dict[str, Any], workshop_language: str, language: str) -> dict[str, Any]:
    """A role as a phone in `language` shows it: a preset the facilitator left as it was is translated."""
    preset = _PRESETS.get(role.get("preset", ""))
    if preset and all(role.get(k) == translate_to(workshop_language, preset[k]) for k in _ROLE_TEXTS):
        return {**role, **{k: translate_to(language, preset[k]) for k in _ROLE_TEXTS}}
    return role


def _clean_name(name: Any) -> str:
    name = " ".join(clean_text(str(name or "")).split())  # one line, no control, bidi or invisible characters
    if not name or len(name) > 60:
        raise Invalid("A group needs a name of at most 60 characters.", "name")
    return name


def _group(s: Session, facilitator_id: int, group_id: int) -> tuple[Workshop, WorkGroup]:
    g = s.get(WorkGroup, group_id)
    if g is None:
        raise NotFound("No such group.", "group")
    return owned_workshop(s, facilitator_id, g.workshop_id), g


def _check_unique(existing: list[WorkGroup], name: str, keep: int | None = None) -> None:
    if any(g.name.casefold() == name.casefold() and g.id != keep for g in existing):
        raise Conflict("There is already a group called %(name)s.", "duplicate", name=name)


def create_group(db: Database, bus: Bus, *, facilitator_id: int, workshop_id: int, name: str) -> WorkGroup:
    """A new group at the end of the list."""
    name = _clean_name(name)
    with changing(db, bus, facilitator_id=facilitator_id, workshop_id=workshop_id) as change:
        s = change.s
        existing = groups_of(s, workshop_id)
        if len(existing) >= MAX_GROUPS:
            raise Conflict("A workshop holds at most %(n)s groups.", "too_many", n=MAX_GROUPS)
        _check_unique(existing, name)
        g = WorkGroup(workshop_id=workshop_id, name=name, position=len(existing))
        s.add(g)
        s.flush()
    return g


def rename_group(db: Database, bus: Bus, *, facilitator_id: int, group_id: int, name: str) -> WorkGroup:
    """Give a group another name."""
    name = _clean_name(name)
    with committing(db, bus, lambda s: _group(s, facilitator_id, group_id)) as change:
        s, g = change.s, change.subject
        _check_unique(groups_of(s, g.workshop_id), name, keep=g.id)
        g.name = name
        s.add(g)
    return g


def delete_group(db: Database, bus: Bus, *, facilitator_id: int, group_id: int) -> None:
    """Remove a group; its members become ungrouped (their answers stay)."""
    with committing(db, bus, lambda s: _group(s, facilitator_id, group_id)) as change:
        s, g = change.s, change.subject
        for p in s.exec(select(Participant).where(Participant.group_id == g.id)):
            p.group_id, p.role = None, None
            s.add(p)
        s.flush()
        s.delete(g)


def split_random(db: Database, bus: Bus, *, facilitator_id: int, workshop_id: int, count: int,
                 rng: random.Random | None = None) -> list[WorkGroup]:
    """Deal everyone who joined into `count` groups at random, sizes differing by at most one.

    Existing groups are used first (in their order); missing ones are created as "Group N"."""
    if not isinstance(count, int) or not 2 <= count <= MAX_GROUPS:
        raise Invalid("Choose between 2 and %(n)s groups.", "count", n=MAX_GROUPS)
    rng = rng or random.SystemRandom()
    with changing(db, bus, facilitator_id=facilitator_id, workshop_id=workshop_id) as change:
        s, w = change.s, change.workshop
        groups = groups_of(s, workshop_id)
        taken = {g.name.casefold() for g in groups}
        number = 1
        while len(groups) < count:
            name = translate_to(w.language, N_("Group %(n)s"), n=number)
            number += 1
            if name.casefold() in taken:
                continue
            g = WorkGroup(workshop_id=workshop_id, name=name, position=len(groups))
            s.add(g)
            s.flush()
            groups.append(g)
        people = members_of(s, workshop_id)
        rng.shuffle(people)
        for i, p in enumerate(people):
            p.group_id, p.role = groups[i % count].id, None
            s.add(p)
    return groups[:count]


def move_participant(db: Database, bus: Bus, *, facilitator_id: int, workshop_id: int, participant_id: Any,
                     group_id: Any) -> None:
    """Put a participant in another group (None: in none); the role they held stays free in the old group.

    Once roles are drawn, they take a role still free in the new group (see _free_role)."""
    with changing(db, bus, facilitator_id=facilitator_id, workshop_id=workshop_id) as change:
        s = change.s
        p = s.get(Participant, participant_id) if is_row_id(participant_id) else None
        if p is None or p.workshop_id != workshop_id:
            raise NotFound("No such participant.", "participant")
        _set_group(s, change.workshop, p, group_id)


def _set_group(s: Session, w: Workshop, p: Participant, group_id: Any) -> None:
    if group_id is not None:
        g = s.get(WorkGroup, group_id) if is_row_id(group_id) else None
        if g is None or g.workshop_id != w.id:
            raise NotFound("No such group.", "group")
    if p.group_id != group_id:
        p.group_id, p.role = group_id, None
        if group_id is not None:
            p.role = _free_role(s, w, p, group_id)
        s.add(p)


def _role_order(roles: list[dict[str, Any]]) -> list[int]:
    """Role indexes in the order they are handed out: roles that write for the group first."""
    return sorted(range(len(roles)), key=lambda i: not roles[i].get("writes"))


def _free_role(s: Session, w: Workshop, p: Participant, group_id: int) -> int | None:
    """A role nobody holds in the group yet, for someone joining it after roles were drawn; else None.

    Roles count as drawn while anyone in the workshop holds one (setting roles or a new split clears them
    all), so a late joiner gets a role without the others' being drawn again."""
    if not w.roles:
        return None
    holders = select(Participant.group_id, Participant.role).where(
        Participant.workshop_id == w.id, col(Participant.role).is_not(None), Participant.id != p.id)
    held = list(s.exec(holders))
    if not held:
        return None  # not drawn yet: the draw will hand them out
    taken = {role for gid, role in held if gid == group_id}
    return next((i for i in _role_order(w.roles) if i not in taken), None)


def choose_group(db: Database, bus: Bus, participant_id: int, group_id: Any) -> None:
    """A phone picks its own group, where the facilitator allows it."""
    # Positional: the participant socket (app/routers/ws.py) calls it so.
    with committing(db, bus, lambda s: _participant(s, participant_id)) as change:
        w, p = change.workshop, change.subject
        if not w.group_choice:
            raise Conflict("The facilitator puts people in groups in this workshop.", "no_choice")
        if group_id is None:
            raise Invalid("Choose a group.", "group")
        current = change.s.get(WorkGroup, p.group_id) if p.group_id is not None else None
        if p.programme_member_id is not None and current is not None and current.programme_group_id is not None:
            # A leader's network group lasts the programme (its members share texts only with each other).
            raise Conflict(N_("Your network group stays the same over the programme: ask the facilitator if you "
                              "should be in another one."), "network_group")
        _set_group(change.s, w, p, group_id)


def _participant(s: Session, participant_id: int) -> tuple[Workshop, Participant]:
    p = s.get(Participant, participant_id)
    w = s.get(Workshop, p.workshop_id) if p else None
    if p is None or w is None:
        raise NotFound("Unknown participant.", "participant")
    return w, p


def set_group_choice(db: Database, bus: Bus, *, facilitator_id: int, workshop_id: int, allowed: bool) -> None:
    """Whether phones may pick their own group."""
    with changing(db, bus, facilitator_id=facilitator_id, workshop_id=workshop_id) as change:
        change.workshop.group_choice = bool(allowed)
        change.s.add(change.workshop)


def _clean_roles(raw: Any) -> list[dict[str, Any]]:
    if not isinstance(raw, list) or len(raw) > MAX_ROLES:
        raise Invalid("Give at most %(n)s roles.", "roles", n=MAX_ROLES)
    limits = {"name": 60, "rule": 200, "duty": 300}
    roles = []
    for item in raw:
        if not isinstance(item, dict):
            raise Invalid("Every role needs a name.", "roles")
        role: dict[str, Any] = {k: " ".join(clean_text(str(item.get(k) or "")).split()) for k in limits}
        if not role["name"] or any(len(role[k]) > n for k, n in limits.items()):
            raise Invalid("Every role needs a name (at most 60 characters), a rule (200) and a duty (300).", "roles")
        role["writes"] = bool(item.get("writes"))
        if item.get("preset") in _PRESETS:
            role["preset"] = item["preset"]
        roles.append(role)
    return roles


def set_roles(db: Database, bus: Bus, *, facilitator_id: int, workshop_id: int,
              roles: Any) -> list[dict[str, Any]]:
    """Replace the workshop's roles; roles drawn earlier are cleared (they may mean something else now)."""
    cleaned = _clean_roles(roles)
    with changing(db, bus, facilitator_id=facilitator_id, workshop_id=workshop_id) as change:
        s, w = change.s, change.workshop
        w.roles = cleaned
        s.add(w)
        for p in members_of(s, workshop_id):
            if p.role is not None:
                p.role = None
                s.add(p)
    return cleaned


def draw_roles(db: Database, bus: Bus, *, facilitator_id: int, workshop_id: int,
               rng: random.Random | None = None) -> None:
    """Give every role to a random member of every group (again, if drawn before).

    The rule text is for the room to laugh at; the draw is random. In a group smaller than the
    list, roles that write for the group are handed out first, so every group has its secretary."""
    rng = rng or random.SystemRandom()
    with changing(db, bus, facilitator_id=facilitator_id, workshop_id=workshop_id) as change:
        s, w = change.s, change.workshop
        if not w.roles:
            raise Conflict("Add roles first.", "no_roles")
        order = _role_order(w.roles)
        by_group: dict[int, list[Participant]] = {}
        for p in members_of(s, workshop_id):
            if p.group_id is not None:
                by_group.setdefault(p.group_id, []).append(p)
            elif p.role is not None:
                p.role = None
                s.add(p)
        for people in by_group.values():
            rng.shuffle(people)
            for i, p in enumerate(people):
                p.role = order[i] if i < len(order) else None
                s.add(p)
