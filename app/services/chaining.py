"""Feeding one round's results into the next: the top items of earlier boards and lists, pooled."""
from typing import Any

from pydantic import ValidationError
from sqlmodel import Session

from app.activities import get_kind
from app.activities.base import ActivityKind, validated_settings
from app.activities.lists import pooled
from app.db import Database
from app.models import Activity, id_of
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
        items = agenda(s, id_of(w))
    earlier = items[:items.index(a)]
    return [{"id": x.id, "kind": x.kind, "prompt": x.prompt} for x in earlier if feeds(get_kind(x.kind))]


def _earlier(items: list[Activity], target: Activity, source_id: Any) -> Activity | None:
    """The activity `source_id` if it comes before `target` in the agenda."""
    return next((x for x in items[:items.index(target)] if x.id == source_id), None)


def _top_lists(s: Session, workshop_id: int, source: Activity, n: int) -> list[list[str]]:
    """The top `n` of every board or list of `source`, as the facilitator sees its results."""
    kind = get_kind(source.kind)
    names = {id_of(g): g.name for g in groups_of(s, workshop_id)}
    results = kind.tally(validated_settings(kind, source.settings), stored_entries(s, id_of(source)),
                         source.moderation, names)
    return kind.top_items(results, n) or []  # (None only from a kind that cannot feed: never asked here)


def pool(db: Database, owner_id: int, activity_id: int, source_id: Any, n: Any) -> dict[str, Any]:
    """The top `n` of every board or list of an earlier activity, and those lists pooled into one
    (equal items once, whatever their case, spacing or Unicode form): for the facilitator to edit."""
    if not isinstance(n, int) or isinstance(n, bool) or not 1 <= n <= 20:
        raise Invalid("Take between 1 and 20 items from each list.", "n")
    with db.read() as s:
        w, target = owned_activity(s, owner_id, activity_id)
        source = _earlier(agenda(s, id_of(w)), target, source_id)
        if source is None:
            raise NotFound("No such activity.", "activity")
        if not feeds(get_kind(source.kind)):
            raise Invalid("The results of this activity cannot feed another round.", "source")
        lists = _top_lists(s, id_of(w), source, n)
    return {"source": source.id, "n": n, "lists": lists, "items": pooled(lists)}


def check_feed(items: list[Activity], target: Activity) -> None:
    """Refuse a stored plan whose source is not an earlier activity of the same workshop that can feed."""
    feed = (target.settings or {}).get("feed")
    if not feed:
        return
    source = _earlier(items, target, feed["source_id"])
    if source is None:
        raise Invalid("The list can only come from an earlier round of this workshop.", "feed")
    if not feeds(get_kind(source.kind)):
        raise Invalid("The results of this activity cannot feed another round.", "feed")


def resolve_feed(s: Session, items: list[Activity], target: Activity) -> bool:
    """When a round with a plan and an empty list opens, fill the list from the plan's source (once:
    the facilitator may edit it afterwards, and a list already there is never replaced)."""
    kind = get_kind(target.kind)
    settings = validated_settings(kind, target.settings)
    feed = getattr(settings, "feed", None)
    if feed is None or getattr(settings, "items", None):  # (a kind with a feed has a list of items)
        return False
    source = _earlier(items, target, feed.source_id)  # moved after it since the plan was made: no list
    if source is None or not feeds(get_kind(source.kind)):
        return False
    found = pooled(_top_lists(s, target.workshop_id, source, feed.n))
    if not found:
        return False  # nothing answered yet: the plan stays for the next time the round opens
    try:
        target.settings = kind.settings({**target.settings, "items": found}).model_dump()
    except ValidationError:
        return False
    s.add(target)
    return True
