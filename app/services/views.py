"""What each audience sees: state snapshots and results, built from the database."""
from typing import Any

from sqlalchemy import distinct, func
from sqlmodel import select

from app.activities import get_kind
from app.activities.base import validated_settings
from app.db import Database
from app.joincode import format_code
from app.models import Activity, Entry, Participant, Workshop
from app.services.entries import own_entries, stored_entries
from app.services.entry_cache import EntryCache
from app.services.workshops import agenda

PARTICIPANT, PRESENTER, FACILITATOR = "participant", "presenter", "facilitator"
AUDIENCES = (PARTICIPANT, PRESENTER, FACILITATOR)


def _activity_view(a: Activity) -> dict[str, Any]:
    kind = get_kind(a.kind)
    return {
        "id": a.id,
        "kind": a.kind,
        "prompt": a.prompt,
        "locked": a.locked,
        "results_visible": a.results_visible,
        "settings": kind.participant_settings(validated_settings(kind, a.settings)),
    }


def state_views(db: Database, workshop_id: int) -> dict[str, dict[str, Any]] | None:
    """The state snapshot for each audience, or None if the workshop is gone."""
    with db.read() as s:
        w = s.get(Workshop, workshop_id)
        if w is None:
            return None
        items = agenda(s, workshop_id)
    current = next((a for a in items if a.id == w.current_activity_id), None)
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
        },
        "activity": _activity_view(current) if current else None,
        "position": items.index(current) + 1 if current else 0,
        "total": len(items),
    }
    facilitator = {
        **base,
        "agenda": [{"id": a.id, "kind": a.kind, "label": get_kind(a.kind).label, "prompt": a.prompt, "locked": a.locked,
                    "results_visible": a.results_visible} for a in items],
    }
    return {PARTICIPANT: base, PRESENTER: base, FACILITATOR: facilitator}


def results_views(db: Database, workshop_id: int, online: int,
                  cache: EntryCache | None = None) -> dict[str, dict[str, Any]]:
    """Results and counts of the current activity, for presenters and facilitators (`cache` keeps
    entries between calls: the live rooms rebuild results many times a second)."""
    with db.read() as s:
        w = s.get(Workshop, workshop_id)
        joined = s.exec(select(func.count()).select_from(Participant).where(Participant.workshop_id == workshop_id)).one()
        activity = s.get(Activity, w.current_activity_id) if w and w.current_activity_id else None
        answered, entries = 0, []
        if activity is not None:
            entries = cache.entries(s, activity.id) if cache else stored_entries(s, activity.id)
            answered = s.exec(select(func.count(distinct(Entry.participant_id))).where(Entry.activity_id == activity.id)).one()
    counts = {"joined": joined, "online": online, "answered": answered, "entries": len(entries)}
    if activity is None:
        empty = {"type": "results", "activity_id": None, "results": None, "visible": False, "counts": counts}
        return {PRESENTER: empty, FACILITATOR: empty}
    kind = get_kind(activity.kind)
    full = kind.tally(validated_settings(kind, activity.settings), entries, activity.moderation)
    head = {"type": "results", "activity_id": activity.id, "visible": activity.results_visible, "counts": counts}
    return {
        FACILITATOR: {**head, "results": full},
        PRESENTER: {**head, "results": kind.presenter_results(full) if activity.results_visible else None},
    }


def participant_extras(db: Database, participant_id: int) -> dict[str, Any]:
    """What a (re)connecting phone gets besides the shared state: who it is and its own entries."""
    with db.read() as s:
        p = s.get(Participant, participant_id)
    return {
        "participant": {"id": p.id, "name": p.display_name, "language": p.language} if p else None,
        "mine": {str(k): v for k, v in own_entries(db, participant_id).items()},
    }
