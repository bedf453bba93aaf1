"""100-point allocation: each participant spreads exactly 100 points (or up to 100) over the items;
a new allocation replaces the participant's earlier one; the room sees the items ranked by total."""
from typing import Any

from pydantic import BaseModel, ConfigDict

from app.activities.base import ActivityKind, Author, EntryRejected, StoredEntry, Table
from app.activities.lists import FeedPlan, Items, latest_by_participant, ranked
from app.i18n import N_
from app.activities.points.chart import report_chart

TOTAL = 100


class PointsSettings(BaseModel):
    """Editor settings of a 100-point allocation."""

    model_config = ConfigDict(extra="forbid")

    items: Items = []
    up_to: bool = False  # "up to 100" instead of exactly 100
    feed: FeedPlan = None  # filled from an earlier round when this one opens



class Points(ActivityKind[PointsSettings]):
    """Items ranked by the points people give them."""

    name = "points"
    label = N_("100 points")
    description = N_("Everyone shares 100 points among the items; the room sees the ranking.")
    order = 40
    setting_labels = {"items": N_("Items (one per line)"), "up_to": N_("Up to 100 points (not exactly 100)")}
    Settings = PointsSettings
    report_chart = staticmethod(report_chart)  # its chart in the printable report (chart.py)
    results_hidden_by_default = True

    def entry_limit(self, settings: PointsSettings) -> int:
        return 200  # people change their minds; the newest allocation counts

    def parse_entry(self, settings: PointsSettings, payload: Any, author: Author | None = None) -> dict[str, Any]:
        if not settings.items:
            raise EntryRejected("no_items", "There is nothing to vote on yet.")
        points = payload.get("points") if isinstance(payload, dict) else None
        if not isinstance(points, dict):
            raise EntryRejected("invalid", "Send the points as a list of items with whole numbers.")
        known = set(settings.items)
        given = {}
        for item, value in points.items():
            if item not in known:
                raise EntryRejected("unknown_item", "Unknown item: %(item)s.", item=str(item)[:80])
            if not isinstance(value, int) or isinstance(value, bool) or not 0 <= value <= TOTAL:
                raise EntryRejected("bad_points", "Points are whole numbers from 0 to 100.")
            if value:
                given[item] = value
        total = sum(given.values())
        if settings.up_to:
            if not 0 < total <= TOTAL:
                raise EntryRejected("sum", "Give between 1 and 100 points (you gave %(sum)s).", sum=total)
        elif total != TOTAL:
            raise EntryRejected("sum", "Give exactly 100 points (you gave %(sum)s).", sum=total)
        return {"points": given}

    def tally(self, settings: PointsSettings, entries: list[StoredEntry], moderation: dict[str, Any],
              groups: dict[int, str] | None = None) -> dict[str, Any]:
        latest = latest_by_participant(entries)
        totals: dict[str, int] = {item: 0 for item in settings.items}
        people: dict[str, int] = {item: 0 for item in settings.items}
        for e in latest.values():
            for item, value in e.payload.get("points", {}).items():
                totals[item] = totals.get(item, 0) + value
                people[item] = people.get(item, 0) + 1
        order = settings.items + [i for i in totals if i not in settings.items]  # items removed since
        ranking = [{**row, "people": people.get(row["item"], 0)} for row in ranked(totals, order)]
        return {"ranking": ranking, "participants": len(latest), "entries": len(entries)}

    def presenter_results(self, results: dict[str, Any]) -> dict[str, Any]:
        return results

    def top_items(self, results: dict[str, Any], n: int) -> list[list[str]]:
        return [[row["item"] for row in results["ranking"] if row["score"] > 0][:n]]

    def entry_table(self, entries: list[StoredEntry], moderation: dict[str, Any]) -> Table:
        latest = {e.id for e in latest_by_participant(entries).values()}
        return Table(["entry_id", "participant", "created_at", "item", "points", "counted", "hidden"],
                     [[e.id, f"P{e.participant_id}", e.created_at, item, value, e.id in latest, e.hidden]
                      for e in entries for item, value in e.payload.get("points", {}).items()])

    def result_table(self, results: dict[str, Any]) -> Table:
        return Table(["rank", "item", "points", "people"],
                     [[r["rank"], r["item"], r["score"], r["people"]] for r in results["ranking"]])

    def report_table(self, results: dict[str, Any]) -> Table:
        return Table([N_("Rank"), N_("Item"), N_("Points")],
                     [[r["rank"], r["item"], r["score"]] for r in results["ranking"]])


KIND = Points()
