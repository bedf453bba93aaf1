"""Self-assessment: statements scored 1-6, each with an optional short reason.

Private by default: a participant sees their own answers (the phone's `mine`); the room sees only an
anonymous distribution per statement (histogram and median), only once the facilitator reveals it,
and only for statements at least `min_count` people answered, so nobody is singled out.
"""
from statistics import median
from typing import Any

from pydantic import BaseModel, ConfigDict, Field

from app.activities.base import ActivityKind, Author, EntryRejected, StoredEntry, Table
from app.activities.lists import Items, latest_by_participant
from app.i18n import N_
from app.text import clean_text
from app.activities.scale.chart import report_chart

LOW, HIGH = 1, 6
# The fewest answers behind each distribution shown beside another day's (a programme's leaders over the days).
COMPARED_MIN = 5
# "Mestringsorientert leder" from the seeds.
MASTERY = ["Gir autonomi og tillit", "Gir konkrete og nyttige tilbakemeldinger", "Stiller krav",
           "Tydelige forventninger", "Gir anerkjennelse", "Bruker et inspirerende positivt språk",
           "Støtte til å forbedre ytelse", "Inspirerer og motiverer", "Ser ansatte"]


class ScaleSettings(BaseModel):
    """Editor settings of a 1-6 self-assessment."""

    model_config = ConfigDict(extra="forbid")

    items: Items = Field(default=list(MASTERY))
    min_count: int = Field(default=5, ge=2, le=100)
    max_length: int = Field(default=280, ge=20, le=1000)



def _at_least(day: dict[str, Any], least: int) -> dict[str, Any]:
    """An earlier day's results with every statement fewer than `least` answered shown as too few."""
    results = day.get("results") or {}
    statements = [s if s.get("count", 0) >= least else {**s, "shown": False, "histogram": None, "median": None}
                  for s in results.get("statements", [])]
    return {**day, "results": {**results, "statements": statements}}


class Scale(ActivityKind[ScaleSettings]):
    """Each statement scored 1 (not at all) to 6 (fully), with an optional reason."""

    name = "scale"
    label = N_("Self-assessment 1-6")
    description = N_("Statements rated 1-6 with a reason; the room sees only the spread.")
    order = 60
    setting_labels = {"items": N_("Statements (one per line)"), "min_count": N_("Fewest answers before the room sees a statement"),
                      "max_length": N_("Longest reason (characters)")}
    Settings = ScaleSettings
    column_labels = {"statement": N_("Statement"), "score": N_("Score"), "reason": N_("Reason"), "answers": N_("Answers"),
                     "median": N_("Median")}
    report_chart = staticmethod(report_chart)  # its chart in the printable report (chart.py)
    results_hidden_by_default = True
    private = True

    def entry_limit(self, settings: ScaleSettings) -> int:
        return 200

    def parse_entry(self, settings: ScaleSettings, payload: Any, author: Author | None = None) -> dict[str, Any]:
        answers = payload.get("answers") if isinstance(payload, dict) else None
        if not isinstance(answers, dict) or not answers:
            raise EntryRejected("invalid", "Score at least one statement.")
        stored = {}
        for key, answer in answers.items():
            if key not in settings.items:
                raise EntryRejected("unknown_item", "Unknown item: %(item)s.", item=str(key)[:80])
            score = answer.get("score") if isinstance(answer, dict) else None
            if not isinstance(score, int) or isinstance(score, bool) or not LOW <= score <= HIGH:
                raise EntryRejected("bad_score", "A score is a whole number from 1 to 6.")
            reason = answer.get("reason") or ""
            if not isinstance(reason, str):
                raise EntryRejected("invalid", "The reason must be text.")
            reason = clean_text(reason)
            if len(reason) > settings.max_length:
                raise EntryRejected("too_long", "The answer is too long (at most %(limit)s characters).",
                                    limit=settings.max_length)
            stored[key] = {"score": score, "reason": reason}
        return {"answers": stored}

    def own_values(self, payload: dict[str, Any]) -> dict[str, int | float] | None:
        answers = payload.get("answers") if isinstance(payload, dict) else None
        if not isinstance(answers, dict):
            return None
        return {item: a["score"] for item, a in answers.items() if isinstance(a, dict) and "score" in a}

    def tally(self, settings: ScaleSettings, entries: list[StoredEntry], moderation: dict[str, Any],
              groups: dict[int, str] | None = None) -> dict[str, Any]:
        latest = latest_by_participant(entries)
        earlier = [_at_least(day, COMPARED_MIN) for day in moderation.get("earlier", [])]
        # Compared over a programme's days, every distribution needs five answers, whatever the minimum is.
        least = max(settings.min_count, COMPARED_MIN) if earlier else settings.min_count
        statements = []
        for item in settings.items:
            scores = [e.payload["answers"][item]["score"] for e in latest.values() if item in e.payload.get("answers", {})]
            shown = len(scores) >= least
            statements.append({
                "item": item, "count": len(scores), "shown": shown,
                "histogram": [scores.count(v) for v in range(LOW, HIGH + 1)] if shown else None,
                "median": median(scores) if shown else None,
            })
        # The programme's earlier days of the same question, as their rooms saw them (app/services/opening.py).
        return {"statements": statements, "min_count": least, "participants": len(latest),
                "entries": len(entries), "earlier": earlier}

    def presenter_results(self, results: dict[str, Any]) -> dict[str, Any]:
        return results  # already anonymous: counts, and distributions only from the minimum up

    def entry_table(self, entries: list[StoredEntry], moderation: dict[str, Any]) -> Table:
        latest = {e.id for e in latest_by_participant(entries).values()}
        return Table(["entry_id", "participant", "created_at", "statement", "score", "reason", "counted", "hidden"],
                     [[e.id, f"P{e.participant_id}", e.created_at, item, a["score"], a["reason"],
                       e.id in latest, e.hidden] for e in entries for item, a in e.payload.get("answers", {}).items()])

    def result_table(self, results: dict[str, Any]) -> Table:
        return Table(["statement", "answers", "median", *[str(v) for v in range(LOW, HIGH + 1)]],
                     [[s["item"], s["count"], s["median"] if s["shown"] else "", *(s["histogram"] or [""] * HIGH)]
                      for s in results["statements"]])

    def report_table(self, results: dict[str, Any]) -> Table:
        return Table([N_("Statement"), N_("Answers"), N_("Median")],
                     [[s["item"], s["count"], s["median"] if s["shown"] else "–"] for s in results["statements"]])


KIND = Scale()
