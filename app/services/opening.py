"""What happens once when a round opens live: its list filled from an earlier round's plan, and in a programme the
earlier days' anonymous results it is compared with. Every way of opening a round goes through `prepare`."""
from sqlmodel import Session, col, select

from app.activities import get_kind
from app.activities.base import ActivityKind
from app.models import Activity, Workshop
from app.services import chaining, recap
from app.services.access import earlier_workshops
from app.services.views import room_results
from app.text import question_key


def prepare(s: Session, items: list[Activity], target: Activity) -> None:
    """Get `target` (one of `items`, its workshop's agenda) ready to be the current round."""
    chaining.resolve_feed(s, items, target)
    recap.resolve_recap(s, target, strict=False)  # a recap's earlier results copied anew (a day never stops at it)
    compare_with_earlier_days(s, target)


def compare_with_earlier_days(s: Session, target: Activity) -> bool:
    """For a self-assessment in a programme's workshop: the room's anonymous results of the same question on the
    programme's earlier days, kept in the round's moderation state as `earlier` (the kind shows them beside today's;
    what its presenter results leave out, such as a statement fewer than its minimum answered, stays out)."""
    kind = get_kind(target.kind)
    if type(kind).own_values is ActivityKind.own_values:
        return False  # not a self-assessment: nothing to compare over the days
    w = s.get(Workshop, target.workshop_id)
    days = earlier_workshops(s, w) if w is not None else []
    if not days:
        return False
    earlier = []
    for day in days:
        for a in s.exec(select(Activity).where(Activity.workshop_id == day.id).order_by(col(Activity.position))).all():
            if a.kind != target.kind or question_key(a.prompt) != question_key(target.prompt):
                continue
            shown = room_results(s, a)
            earlier.append({"workshop": day.title, "activity_id": a.id,
                            # (that day's own comparison with the days before it is not repeated)
                            "results": {k: v for k, v in shown.items() if k != "earlier"}})
    if (target.moderation or {}).get("earlier") == earlier:
        return False
    target.moderation = {**(target.moderation or {}), "earlier": earlier}
    s.add(target)
    return True
