"""Open question shown as a wall of answer cards."""
from typing import Any

from pydantic import BaseModel, ConfigDict, Field

from app.activities.base import StoredEntry, Table
from app.activities.text_entry import TextEntryKind
from app.i18n import N_

# The presenter wall shows at most this many of the newest visible cards.
WALL_LIMIT = 300


class OpenTextSettings(BaseModel):
    """Editor settings of an open question."""

    model_config = ConfigDict(extra="forbid")

    max_answers: int = Field(default=3, ge=1, le=20)
    max_length: int = Field(default=280, ge=10, le=2000)


class OpenText(TextEntryKind):
    """Answers are 1-3 sentences; several per participant; the wall grows live."""

    name = "open_text"
    label = N_("Open question")
    setting_labels = {"max_answers": N_("Answers per participant"), "max_length": N_("Longest answer (characters)")}
    Settings = OpenTextSettings

    def entry_limit(self, settings: OpenTextSettings) -> int:
        return settings.max_answers

    def tally(self, settings, entries: list[StoredEntry], moderation: dict[str, Any], groups=None) -> dict[str, Any]:
        cards = [
            {"id": e.id, "text": e.payload.get("text", ""), "hidden": e.hidden}
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

    def entry_table(self, entries: list[StoredEntry], moderation: dict[str, Any]) -> Table:
        return Table(
            ["entry_id", "participant", "created_at", "answer", "hidden"],
            [[e.id, f"P{e.participant_id}", e.created_at.isoformat(), e.payload.get("text", ""), e.hidden]
             for e in entries],
        )

    def report_table(self, results: dict[str, Any]) -> Table:
        return Table([N_("Answer")], [[c["text"]] for c in results["cards"] if not c["hidden"]])


KIND = OpenText()
