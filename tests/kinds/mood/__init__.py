"""A throwaway kind that lives only in this folder: each phone picks a mood (a word), the room sees the tally.

It proves a kind is one folder: registered with SAMLING_KIND_PATHS, nothing outside the folder changes."""
from typing import Any

from pydantic import BaseModel, ConfigDict, Field

from app.activities.base import ActivityKind, EntryRejected, StoredEntry, Table
from app.activities.lists import latest_by_participant

MOODS = ("sol", "skyer", "regn")


class MoodSettings(BaseModel):
    """Settings of a mood check: whether the room may see the tally before the reveal."""

    model_config = ConfigDict(extra="forbid")

    show_live: bool = Field(default=True)


class Mood(ActivityKind[MoodSettings]):
    """One mood per phone (a new one replaces the old); the tally counts each mood."""

    name = "mood"
    label = "Mood check"
    description = "Everyone picks sun, clouds or rain."
    order = 90
    Settings = MoodSettings

    def entry_limit(self, settings: MoodSettings) -> int:
        return 1000

    def parse_entry(self, settings: MoodSettings, payload: Any, author=None) -> dict[str, Any]:
        if not isinstance(payload, dict) or payload.get("mood") not in MOODS:
            raise EntryRejected("bad_mood", "Pick sun, clouds or rain.")
        return {"mood": payload["mood"]}

    def tally(self, settings: MoodSettings, entries: list[StoredEntry], moderation: dict[str, Any],
              groups=None) -> dict[str, Any]:
        latest = latest_by_participant(entries)
        counts = {mood: sum(1 for e in latest.values() if e.payload["mood"] == mood) for mood in MOODS}
        return {"counts": counts, "participants": len(latest)}

    def presenter_results(self, results: dict[str, Any]) -> dict[str, Any]:
        return results

    def entry_table(self, entries: list[StoredEntry], moderation: dict[str, Any]) -> Table:
        return Table(["entry_id", "participant", "created_at", "mood", "hidden"],
                     [[e.id, f"P{e.participant_id}", e.created_at, e.payload["mood"], e.hidden] for e in entries])

    def result_table(self, results: dict[str, Any]) -> Table:
        return Table(["mood", "people"], [[mood, n] for mood, n in results["counts"].items()])

    def report_table(self, results: dict[str, Any]) -> Table:
        return Table(["Mood", "People"], [[mood, n] for mood, n in results["counts"].items()])


KIND = Mood()
