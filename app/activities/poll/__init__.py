"""Poll: single or multiple choice; a changed vote replaces the earlier one; results live or on reveal."""
from typing import Any

from pydantic import BaseModel, ConfigDict, Field, model_validator

from app.activities.base import ActivityKind, Author, EntryRejected, StoredEntry, Table
from app.activities.lists import FeedPlan, Items, latest_by_participant, ranked
from app.i18n import N_
from app.activities.poll.chart import report_chart


class PollSettings(BaseModel):
    """Editor settings of a poll."""

    model_config = ConfigDict(extra="forbid")

    items: Items = []
    multiple: bool = False
    show_live: bool = False  # the room watches the votes come in (else they wait for the reveal)
    correct: str | None = Field(default=None, max_length=80)  # off unless the facilitator names one
    feed: FeedPlan = None  # filled from an earlier round when this one opens


    @model_validator(mode="after")
    def _correct_is_an_option(self) -> "PollSettings":
        if self.correct == "":
            self.correct = None
        if self.correct is not None and self.correct not in self.items:
            raise ValueError("the correct answer must be one of the options")
        return self


class Poll(ActivityKind[PollSettings]):
    """Votes per option."""

    name = "poll"
    label = N_("Poll")
    description = N_("One or more choices among options, live or revealed at once.")
    order = 30
    setting_labels = {"items": N_("Options (one per line)"), "multiple": N_("Several choices per person"),
                      "show_live": N_("Show the results live"), "correct": N_("Correct answer (optional)")}
    Settings = PollSettings
    column_labels = {"choices": N_("Choices"), "option": N_("Option"), "votes": N_("Votes"), "correct": N_("Correct answer")}
    report_chart = staticmethod(report_chart)  # its chart in the printable report (chart.py)
    results_hidden_by_default = True

    def entry_limit(self, settings: PollSettings) -> int:
        return 100

    def results_visible_at_start(self, settings: PollSettings) -> bool:
        return settings.show_live

    def participant_settings(self, settings: PollSettings) -> dict[str, Any]:
        return settings.model_dump(exclude={"correct"})  # the answer stays with the facilitator

    def parse_entry(self, settings: PollSettings, payload: Any, author: Author | None = None) -> dict[str, Any]:
        choices = payload.get("choices") if isinstance(payload, dict) else None
        if not isinstance(choices, list) or not choices or not all(isinstance(c, str) for c in choices):
            raise EntryRejected("invalid", "Choose an option.")
        if not settings.multiple and len(choices) != 1:
            raise EntryRejected("one_choice", "Choose one option.")
        if len(set(choices)) != len(choices):
            raise EntryRejected("one_choice", "Choose each option once.")
        unknown = [c for c in choices if c not in settings.items]
        if unknown:
            raise EntryRejected("unknown_item", "Unknown item: %(item)s.", item=unknown[0][:80])
        return {"choices": choices}

    def tally(self, settings: PollSettings, entries: list[StoredEntry], moderation: dict[str, Any],
              groups: dict[int, str] | None = None) -> dict[str, Any]:
        latest = latest_by_participant(entries)
        votes = {item: 0 for item in settings.items}
        for e in latest.values():
            for choice in e.payload.get("choices", []):
                votes[choice] = votes.get(choice, 0) + 1
        options = [{"item": item, "votes": votes[item], "correct": item == settings.correct} for item in votes]
        return {"options": options, "voters": len(latest), "participants": len(latest), "entries": len(entries),
                "live": settings.show_live}

    def presenter_results(self, results: dict[str, Any]) -> dict[str, Any]:
        if not results["live"]:
            return results  # the room sees a hidden poll only when the facilitator reveals it: answer included
        # Votes coming in live must not be steered by the answer: the room never sees it then.
        return {**results, "options": [{**o, "correct": False} for o in results["options"]]}

    def top_items(self, results: dict[str, Any], n: int) -> list[list[str]]:
        scores = {o["item"]: o["votes"] for o in results["options"]}
        return [[r["item"] for r in ranked(scores, list(scores)) if r["score"] > 0][:n]]

    def entry_table(self, entries: list[StoredEntry], moderation: dict[str, Any]) -> Table:
        latest = {e.id for e in latest_by_participant(entries).values()}
        return Table(["entry_id", "participant", "created_at", "choices", "counted", "hidden"],
                     [[e.id, f"P{e.participant_id}", e.created_at, " | ".join(e.payload.get("choices", [])),
                       e.id in latest, e.hidden] for e in entries])

    def result_table(self, results: dict[str, Any]) -> Table:
        return Table(["option", "votes", "correct"], [[o["item"], o["votes"], o["correct"]] for o in results["options"]])

    def report_table(self, results: dict[str, Any]) -> Table:
        return Table([N_("Option"), N_("Votes")], [[o["item"], o["votes"]] for o in results["options"]])


KIND = Poll()
