"""The editor's preview: the messages a phone and the presenter would get when an activity opens, before any answer."""
from typing import Any

from app.activities import get_kind
from app.activities.base import LiveContext, Member, validated_settings
from app.db import Database
from app.models import Activity, id_of
from app.services import phases, views
from app.services.access import owned_activity
from app.services.groups import groups_of, role_in

PREVIEW_ID = 0  # the preview phone's participant id: no real participant has it


def preview_messages(db: Database, facilitator_id: int, activity_id: int) -> tuple[Any, dict[str, list[dict[str, Any]]]]:
    """The workshop and {"phone": [...], "presenter": [...]}: the state (and results, and for a grouped workshop the first
    group's personal view) that the two screens would be sent with this activity open and no answers."""
    with db.read() as s:
        w, a = owned_activity(s, facilitator_id, activity_id)
        groups = groups_of(s, id_of(w))
        roles = list(w.roles or [])
    state = views.state_views(db, id_of(w), showing=activity_id)
    assert state is not None  # the workshop was read just now
    kind = get_kind(a.kind)
    settings = validated_settings(kind, a.settings)
    names = {id_of(g): g.name for g in groups}
    full = kind.tally(settings, [], a.moderation, names)
    counts = {"joined": 0, "online": 0, "answered": 0, "entries": 0}
    results = {"type": "results", "activity_id": a.id, "visible": a.results_visible, "counts": counts,
               "results": kind.presenter_results(full) if a.results_visible else None}
    phone = {**state[views.PARTICIPANT], "participant": {"id": PREVIEW_ID, "name": None, "language": w.language},
             "mine": {}}
    messages = [phone]
    if groups:
        messages.append(_first_group_phone(kind, settings, full, a, groups[0], roles, w.language))
    return w, {"phone": messages, "presenter": [state[views.PRESENTER], results]}


def _first_group_phone(kind, settings, full, a: Activity, group, roles, language: str) -> dict[str, Any]:
    """A phone in the first group holding the first role (a secretary's view where the kind has one)."""
    role = roles[0] if roles else None
    me = Member(PREVIEW_ID, "", group.id, bool((role or {}).get("writes")))
    live = LiveContext(phases.now(), [(group.id, group.name, [PREVIEW_ID])], phases.view(a.clock, phases.now()))
    own = kind.participant_views(settings, full, a.moderation, [me], live)
    shown_role = role_in(role, language, language) if role else None
    return {"type": "personal", "group": {"id": group.id, "name": group.name},
            "members": [{"id": PREVIEW_ID, "name": None, "role": shown_role["name"] if shown_role else None}],
            "role": shown_role, "activity_id": a.id, "activity": own.get(PREVIEW_ID)}
