"""A recap of earlier workshops of a programme (the `recap` kind): which results it may show, and copying them, as the
room saw them, into the recap's `snapshot` (kinds read no database, so the results of other workshops come here).

What is copied is a source kind's presenter results of its staff results, never entries or names. A kind with
private answers (a self-assessment, a journal) adds only results that hold none of its participants' typed text."""
from typing import Any

from sqlalchemy import func
from sqlmodel import Session, col, select

from app.activities import get_kind
from app.activities.base import ActivityKind, validated_settings
from app.db import Database
from app.i18n import N_
from app.local_conventions import in_oslo
from app.models import Activity, Entry, Workshop, id_of
from app.services.access import agenda, earlier_workshops, owned_activity, runs
from app.services.entries import stored_entries
from app.services.errors import Invalid
from app.services.events import RESULTS, STATE, Bus
from app.services.views import room_results
from app.services.unit_of_work import changing

# Methods a kind overrides when texts in its answers belong to their writers (base.py: a peer-coaching case).
_TEXT_KEEPERS = ("staff_results", "export_payload", "journal_items")


def recaps(kind: ActivityKind) -> bool:
    """Whether a kind shows a recap of earlier workshops (its settings have sources and a snapshot)."""
    return {"sources", "snapshot"} <= set(kind.Settings.model_fields)


def keeps_texts(kind: ActivityKind) -> bool:
    """Whether a kind's answers are private or hold texts that belong to their writers."""
    cls = type(kind)
    return kind.private or any(getattr(cls, m, None) is not getattr(ActivityKind, m, None) for m in _TEXT_KEEPERS)


def can_recap(kind: ActivityKind) -> bool:
    """Whether a kind's results can be shown in a recap: it takes answers and is not a recap itself."""
    return not recaps(kind) and kind.entry_limit(validated_settings(kind, {})) > 0


def _held_on(s: Session, w: Workshop) -> str | None:
    """The day a workshop took place (its first answer, else its end), Oslo time, as 2026-09-14; None: not yet."""
    first = s.exec(select(func.min(Entry.created_at)).join(Activity, col(Entry.activity_id) == Activity.id)
                   .where(Activity.workshop_id == w.id)).one()
    day = first or w.ended_at
    return in_oslo(day).date().isoformat() if day else None


def recap_sources(db: Database, facilitator_id: int, activity_id: int) -> dict[str, Any]:
    """What a recap may show: the earlier workshops of its programme that the caller runs, each with the activities
    whose results can be shown (id, kind, its label msgid, question); and the recap's own sources and summary now."""
    with db.read() as s:
        w, a = owned_activity(s, facilitator_id, activity_id)
        if not recaps(get_kind(a.kind)):
            raise Invalid(N_("Only a recap shows results of earlier workshops."), "kind")
        workshops = [x for x in earlier_workshops(s, w) if runs(s, facilitator_id, x)]
        chosen = validated_settings(get_kind(a.kind), a.settings)
        return {"in_programme": w.programme_id is not None, "sources": getattr(chosen, "sources", []),
                "summary": getattr(chosen, "summary", ""), "workshops": [{
            "id": x.id, "title": x.title, "position": x.programme_position, "status": x.status,
            "date": _held_on(s, x),
            "activities": [{"id": act.id, "kind": act.kind, "label": get_kind(act.kind).label, "prompt": act.prompt}
                           for act in agenda(s, id_of(x)) if can_recap(get_kind(act.kind))],
        } for x in workshops]}


def _source(s: Session, target: Workshop, source_id: int, facilitator_id: int | None) -> tuple[Workshop, Activity]:
    """A chosen source with its workshop; Invalid unless it is an activity that can be shown, of an earlier workshop
    of the same programme (and, when `facilitator_id` is given, one they run)."""
    source = s.get(Activity, source_id)
    w = s.get(Workshop, source.workshop_id) if source is not None else None
    earlier = {id_of(x) for x in earlier_workshops(s, target)}
    if source is None or w is None or id_of(w) not in earlier \
            or (facilitator_id is not None and not runs(s, facilitator_id, w)):
        raise Invalid(N_("A recap shows results of earlier workshops of the same programme only."), "sources")
    if not can_recap(get_kind(source.kind)):
        raise Invalid(N_("The results of this activity cannot be shown in a recap."), "sources")
    return w, source


def _typed_texts(value: Any) -> set[str]:
    """Every text value inside an entry's payload (what a participant typed; keys are the facilitator's items)."""
    if isinstance(value, str):
        return {value.strip()} if value.strip() else set()
    if isinstance(value, dict):
        return set().union(*map(_typed_texts, value.values())) if value else set()
    if isinstance(value, list):
        return set().union(*map(_typed_texts, value)) if value else set()
    return set()


def _shown(s: Session, w: Workshop, source: Activity) -> dict[str, Any]:
    """One source as the recap shows it: its workshop, kind, question, settings and results as the room saw them."""
    kind = get_kind(source.kind)
    settings = validated_settings(kind, source.settings)
    entries = stored_entries(s, id_of(source))
    try:
        results = room_results(s, source)
    except (KeyError, TypeError, ValueError) as e:  # a kind whose room view is not made from its staff view
        raise Invalid(N_("The results of this activity cannot be shown in a recap."), "sources") from e
    if keeps_texts(kind):
        # Private answers: the results may say how many and how, never what someone wrote (the facilitator's own
        # words, a statement someone happened to repeat as their reason, may stay).
        typed = set().union(*(_typed_texts(e.payload) for e in entries)) if entries else set()
        if (typed - _typed_texts(settings.model_dump())) & _typed_texts(results):
            raise Invalid(N_("The results of this activity cannot be shown in a recap."), "sources")
    return {"source_id": source.id, "kind": source.kind, "label": kind.label, "prompt": source.prompt,
            "workshop": {"id": w.id, "title": w.title, "position": w.programme_position, "date": _held_on(s, w)},
            "settings": kind.participant_settings(settings), "results": results}


def check_recap(s: Session, target: Activity, facilitator_id: int) -> None:
    """Refuse saved sources that are not activities of earlier workshops of the programme `facilitator_id` runs."""
    kind = get_kind(target.kind)
    if not recaps(kind):
        return
    w = s.get(Workshop, target.workshop_id)
    assert w is not None  # the target's own workshop, read in this transaction
    for source_id in getattr(validated_settings(kind, target.settings), "sources", []):
        _source(s, w, source_id, facilitator_id)


def resolve_recap(s: Session, target: Activity, *, strict: bool = True) -> bool:
    """Copy the results of a recap's sources into its snapshot, in the chosen order (when it opens, and on request).
    A source that is no longer an earlier activity of the programme (moved, deleted, its workshop out of the
    programme) is refused with Invalid, or with `strict=False` left out (a day never stops at its recap)."""
    kind = get_kind(target.kind)
    if not recaps(kind):
        return False
    w = s.get(Workshop, target.workshop_id)
    assert w is not None  # the target's own workshop, read in this transaction
    items = []
    for source_id in getattr(validated_settings(kind, target.settings), "sources", []):
        try:
            items.append(_shown(s, *_source(s, w, source_id, None)))
        except Invalid:
            if strict:
                raise
    target.settings = kind.settings({**target.settings, "snapshot": items}).model_dump()
    s.add(target)
    return True


def refresh(db: Database, bus: Bus, *, facilitator_id: int, activity_id: int) -> Activity:
    """Copy a recap's results anew (the console's refresh); the screens showing it redraw."""
    with changing(db, bus, facilitator_id=facilitator_id, activity_id=activity_id, topics=(STATE, RESULTS)) as change:
        if not recaps(get_kind(change.subject.kind)):
            raise Invalid(N_("Only a recap shows results of earlier workshops."), "kind")
        resolve_recap(change.s, change.subject)
    return change.subject
