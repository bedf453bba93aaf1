"""What each audience sees: state snapshots and results, built from the database."""
from typing import Any

from sqlalchemy import func
from sqlmodel import Session, select

from app.activities import get_kind
from app.activities.base import LiveContext, Member, validated_settings
from app.contract import FACILITATOR, META, PARTICIPANT, PERSONAL, PRESENTER
from app.db import Database
from app.joincode import format_code
from app.models import Activity, Participant, Workshop, id_of
from app.services import phases
from app.services.entries import own_entries, stored_entries
from app.services.groups import GroupRow, Person, group_rows, people_of, role_in, role_of
from app.services.entry_cache import EntryCache
from app.services.access import agenda
from app.services.schedule import agenda_times


def _activity_view(a: Activity, at: float) -> dict[str, Any]:
    kind = get_kind(a.kind)
    return {
        "clock": phases.view(a.clock, at),
        "id": a.id,
        "kind": a.kind,
        "prompt": a.prompt,
        "locked": a.locked,
        "results_visible": a.results_visible,
        "settings": kind.participant_settings(validated_settings(kind, a.settings)),
    }


def _groups_view(groups: list[GroupRow], people: list[Person], roles: list[dict[str, Any]]) -> list[dict[str, Any]]:
    """Groups with their members (display names where given) and the roles drawn."""
    by_group: dict[int | None, list[dict[str, Any]]] = {}
    for p in people:
        role = role_of(p, roles)
        by_group.setdefault(p.group_id, []).append({"id": p.id, "name": p.display_name,
                                                    "role": role["name"] if role else None})
    return [{"id": g.id, "name": g.name, "count": len(by_group.get(g.id, [])), "members": by_group.get(g.id, [])}
            for g in groups] + [{"id": None, "name": None, "count": len(by_group.get(None, [])),
                                 "members": by_group.get(None, [])}]


def state_views(db: Database, workshop_id: int, showing: int | None = None) -> dict[str, dict[str, Any]] | None:
    """The state snapshot for each audience (plus the hub's META), or None if the workshop is gone;
    `showing` is an activity to show as if it were open (the editor's preview)."""
    at = phases.now()
    with db.read() as s:
        w = s.get(Workshop, workshop_id)
        if w is None:
            return None
        items = agenda(s, workshop_id)
        groups = group_rows(s, workshop_id)
        people = people_of(s, workshop_id) if groups else []
    current = next((a for a in items if a.id == (showing or w.current_activity_id)), None)
    activity = _activity_view(current, at) if current else None
    grouped = _groups_view(groups, people, w.roles) if groups else []
    base = {
        "type": "state",
        "version": w.state_version,
        "workshop": {
            "id": w.id,
            "title": w.title,
            "status": w.status,
            "language": w.language,
            "code": w.join_code,
            "code_display": format_code(w.join_code) if w.join_code else None,
            "programme_id": w.programme_id,
        },
        "activity": activity,
        "position": items.index(current) + 1 if current else 0,
        "total": len(items),
    }
    # Phones see the group names (to pick one) and counts; their own group comes in their personal view.
    phone = {**base, "group_choice": w.group_choice,
             "groups": [{"id": g["id"], "name": g["name"], "count": g["count"]} for g in grouped if g["id"]]}
    staff = {**base, "group_choice": w.group_choice, "groups": grouped, "roles": w.roles}
    facilitator = {
        **staff,
        "agenda": [{"id": a.id, "kind": a.kind, "label": get_kind(a.kind).label, "prompt": a.prompt, "locked": a.locked,
                    "results_visible": a.results_visible, **agenda_times(a)} for a in items],
    }
    clock = activity["clock"] if activity else None
    meta = {"personal": bool(groups), "wake_at": clock["deadline"] if clock and clock["running"] else None}
    return {PARTICIPANT: phone, PRESENTER: staff, FACILITATOR: facilitator, META: meta}


def room_results(s: Session, a: Activity) -> dict[str, Any]:
    """An activity's results as its room saw them (the presenter's view of the facilitator's), computed now."""
    kind = get_kind(a.kind)
    names = {g.id: g.name for g in group_rows(s, a.workshop_id)}
    full = kind.tally(validated_settings(kind, a.settings), stored_entries(s, id_of(a)), a.moderation, names)
    return kind.presenter_results(kind.staff_results(full))


def results_views(db: Database, workshop_id: int, online: int,
                  cache: EntryCache | None = None) -> dict[str, dict[Any, Any]]:
    """Results and counts of the current activity, for presenters and facilitators (`cache` keeps
    entries between calls: the live rooms rebuild results many times a second)."""
    at = phases.now()
    with db.read() as s:
        w = s.get(Workshop, workshop_id)
        groups = group_rows(s, workshop_id)
        people = people_of(s, workshop_id) if groups else []
        # A grouped room has read everyone already; only an ungrouped one needs counting.
        joined = len(people) if groups else s.exec(
            select(func.count()).select_from(Participant).where(Participant.workshop_id == workshop_id)).one()
        activity = s.get(Activity, w.current_activity_id) if w and w.current_activity_id else None
        entries = []
        if activity is not None:
            entries = cache.entries(s, id_of(activity)) if cache else stored_entries(s, id_of(activity))
    # Counted from the entries in hand rather than asked again (hidden ones count: their writers answered).
    answered = len({e.participant_id for e in entries})
    counts = {"joined": joined, "online": online, "answered": answered, "entries": len(entries)}
    if activity is None:
        empty = {"type": "results", "activity_id": None, "results": None, "visible": False, "counts": counts}
        return {PRESENTER: empty, FACILITATOR: empty, PERSONAL: _personal(w, groups, people, None, {})}
    assert w is not None  # an activity is only read for a workshop that exists
    kind = get_kind(activity.kind)
    settings = validated_settings(kind, activity.settings)
    names = {g.id: g.name for g in groups}
    full = kind.tally(settings, entries, activity.moderation, names)
    head = {"type": "results", "activity_id": activity.id, "visible": activity.results_visible, "counts": counts}
    own: dict[int, dict[str, Any]] = {}
    if people:
        members = [Member(p.id, p.display_name, p.group_id, bool((role_of(p, w.roles) or {}).get("writes")))
                   for p in people]
        ids: dict[int | None, list[int]] = {}
        for p in people:
            ids.setdefault(p.group_id, []).append(p.id)
        live = LiveContext(at, [(g.id, g.name, ids.get(g.id, [])) for g in groups], phases.view(activity.clock, at))
        own = kind.participant_views(settings, full, activity.moderation, members, live)
    return {
        FACILITATOR: {**head, "results": kind.staff_results(full)},
        PRESENTER: {**head, "results": kind.presenter_results(full) if activity.results_visible else None},
        PERSONAL: _personal(w, groups, people, activity.id, own),
    }


def _personal(w: Workshop | None, groups: list[GroupRow], people: list[Person], activity_id: int | None,
              own: dict[int, dict[str, Any]]) -> dict[int, dict[str, Any]]:
    """Each grouped workshop's phone: its group, fellow members in speaking order, its role, and the
    current activity's own view for it."""
    if w is None or not groups:
        return {}
    names = {g.id: g.name for g in groups}
    roles = w.roles
    by_group: dict[int | None, list[Person]] = {}
    for p in people:
        if p.group_id is not None:
            by_group.setdefault(p.group_id, []).append(p)
    fellows_in: dict[tuple[int | None, str], list[dict[str, Any]]] = {}  # built once per group and language
    views: dict[int, dict[str, Any]] = {}
    for p in people:
        role = role_of(p, roles)
        key = (p.group_id, p.language)
        if key not in fellows_in:
            fellows_in[key] = [{"id": o.id, "name": o.display_name,
                                "role": role_in(r, w.language, p.language)["name"]
                                if (r := role_of(o, roles)) else None}
                               for o in by_group.get(p.group_id, [])]
        fellows = fellows_in[key]
        views[p.id] = {
            "group": {"id": p.group_id, "name": names[p.group_id]} if p.group_id in names else None,
            "members": fellows,
            "role": role_in(role, w.language, p.language) if role else None,
            "activity_id": activity_id,
            "activity": own.get(p.id),
        }
    return views


def participant_extras(db: Database, participant_id: int, known: Participant | None = None) -> dict[str, Any]:
    """What a (re)connecting phone gets besides the shared state: who it is and its own entries (`known`: the
    participant, just read)."""
    p = known
    if p is None:
        with db.read() as s:
            p = s.get(Participant, participant_id)
    return {
        "participant": {"id": p.id, "name": p.display_name, "language": p.language} if p else None,
        "mine": {str(k): v for k, v in own_entries(db, participant_id).items()},
    }
