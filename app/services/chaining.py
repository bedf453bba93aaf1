"""Feeding one round's results into the next: the top items of earlier boards and lists, pooled."""
from typing import Any

from app.activities import get_kind
from app.activities.base import ActivityKind, validated_settings
from app.activities.lists import pooled
from app.db import Database
from app.services.access import agenda, owned_activity
from app.services.entries import stored_entries
from app.services.errors import Invalid, NotFound
from app.services.groups import groups_of


def feeds(kind: ActivityKind) -> bool:
    """Whether a kind's results can feed a later round."""
    return type(kind).top_items is not ActivityKind.top_items


def sources(db: Database, owner_id: int, activity_id: int) -> list[dict[str, Any]]:
    """The activities before this one whose results can feed it."""
    with db.read() as s:
        w, a = owned_activity(s, owner_id, activity_id)
        items = agenda(s, w.id)
    earlier = items[:items.index(a)]
    return [{"id": x.id, "kind": x.kind, "prompt": x.prompt} for x in earlier if feeds(get_kind(x.kind))]


def pool(db: Database, owner_id: int, activity_id: int, source_id: Any, n: Any) -> dict[str, Any]:
    """The top `n` of every board or list of an earlier activity, and those lists pooled into one
    (equal items once, whatever their case, spacing or Unicode form): for the facilitator to edit."""
    if not isinstance(n, int) or isinstance(n, bool) or not 1 <= n <= 20:
        raise Invalid("Take between 1 and 20 items from each list.", "n")
    with db.read() as s:
        w, target = owned_activity(s, owner_id, activity_id)
        items = agenda(s, w.id)
        source = next((x for x in items[:items.index(target)] if x.id == source_id), None)  # earlier only
        if source is None:
            raise NotFound("No such activity.", "activity")
        kind = get_kind(source.kind)
        if not feeds(kind):
            raise Invalid("The results of this activity cannot feed another round.", "source")
        names = {g.id: g.name for g in groups_of(s, w.id)}
        results = kind.tally(validated_settings(kind, source.settings), stored_entries(s, source.id),
                             source.moderation, names)
    lists = kind.top_items(results, n)
    return {"source": source.id, "n": n, "lists": lists, "items": pooled(lists)}
