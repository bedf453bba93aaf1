"""Open question shown as a wall of answer cards."""
from typing import Any

from pydantic import BaseModel, ConfigDict, Field

from app.activities.base import ModerationRejected, StoredEntry, Table
from app.activities.text_entry import TextEntryKind
from app.i18n import N_

# The presenter wall shows at most this many of the newest visible cards.
WALL_LIMIT = 300


class OpenTextSettings(BaseModel):
    """Editor settings of an open question."""

    model_config = ConfigDict(extra="forbid")

    max_answers: int = Field(default=3, ge=1, le=20)
    max_length: int = Field(default=280, ge=10, le=2000)


class OpenText(TextEntryKind[OpenTextSettings]):
    """Answers are 1-3 sentences; several per participant; the wall grows live."""

    name = "open_text"
    label = N_("Open question")
    description = N_("Short written answers shown as a wall; star and hide answers.")
    order = 10
    setting_labels = {"max_answers": N_("Answers per participant"), "max_length": N_("Longest answer (characters)")}
    Settings = OpenTextSettings
    column_labels = {"answer": N_("Answer")}

    def entry_limit(self, settings: OpenTextSettings) -> int:
        return settings.max_answers

    moderation_actions = frozenset({"star_entry", "unstar_entry"})

    def moderate(self, moderation: dict[str, Any], action: str, args: dict[str, Any], live=None) -> dict[str, Any]:
        entry_id = args.get("entry_id")
        if action not in self.moderation_actions or not isinstance(entry_id, int) or isinstance(entry_id, bool):
            raise ModerationRejected("entry_id is required")
        starred = set(moderation.get("starred", []))
        (starred.add if action == "star_entry" else starred.discard)(entry_id)
        return {**moderation, "starred": sorted(starred)}

    def tally(self, settings, entries: list[StoredEntry], moderation: dict[str, Any], groups=None) -> dict[str, Any]:
        starred = set(moderation.get("starred", []))
        cards = [
            {"id": e.id, "text": e.payload.get("text", ""), "hidden": e.hidden, "starred": e.id in starred}
            for e in sorted(entries, key=lambda e: e.id, reverse=True)
        ]
        return {
            "cards": cards,
            "entries": len(entries),
            "participants": len({e.participant_id for e in entries}),
        }

    def presenter_results(self, results: dict[str, Any]) -> dict[str, Any]:
        visible = [{"id": c["id"], "text": c["text"]} for c in results["cards"] if not c["hidden"]]
        return {"cards": visible[:WALL_LIMIT], "shown": len(visible), "entries": results["entries"],
                "participants": results["participants"]}

    def top_items(self, results: dict[str, Any], n: int) -> list[list[str]]:
        """The first `n` answers the facilitator starred (oldest first): a wall has no order of merit."""
        return [[c["text"] for c in reversed(results["cards"]) if c["starred"] and not c["hidden"]][:n]]

    def entry_table(self, entries: list[StoredEntry], moderation: dict[str, Any]) -> Table:
        return Table(
            ["entry_id", "participant", "created_at", "answer", "hidden"],
            [[e.id, f"P{e.participant_id}", e.created_at, e.payload.get("text", ""), e.hidden]
             for e in entries],
        )

    def report_table(self, results: dict[str, Any]) -> Table:
        return Table([N_("Answer")], [[c["text"]] for c in results["cards"] if not c["hidden"]])


KIND = OpenText()
