"""Recap ("Oppsummering fra samling 1/2"): chosen results of earlier workshops of the same programme, each drawn on
the projector by its own kind's presenter view, and the facilitator's summary.

A kind reads no database: the server (app/services/recap.py) checks the chosen `sources` when they are saved and
copies their results, as the room saw them, into `snapshot` when the recap opens. Phones get the summary only."""
from typing import Annotated, Any

from pydantic import BaseModel, ConfigDict, Field, Strict, field_validator

from app.activities.base import ActivityKind, Author, EntryRejected, Label, StoredEntry, Table
from app.i18n import N_
from app.text import clean_text

MAX_SOURCES = 10
MAX_SUMMARY = 2000


class RecapSettings(BaseModel):
    """A recap's settings: the facilitator's choice and summary, and what the server copied for the screens."""

    model_config = ConfigDict(extra="forbid")

    # Activity ids of earlier workshops of the programme, in the order the projector shows them.
    sources: list[Annotated[int, Strict(), Field(ge=1)]] = Field(default_factory=list, max_length=MAX_SOURCES)
    summary: str = Field(default="", max_length=MAX_SUMMARY)
    # Filled by the server only: per source its workshop, kind, question, settings and presenter results.
    snapshot: list[dict[str, Any]] = Field(default_factory=list, max_length=MAX_SOURCES)

    @field_validator("sources")
    @classmethod
    def _each_once(cls, sources: list[int]) -> list[int]:
        return list(dict.fromkeys(sources))

    @field_validator("summary", mode="before")
    @classmethod
    def _clean(cls, raw: Any) -> Any:
        return clean_text(raw) if isinstance(raw, str) else raw  # line breaks kept: the summary is read as lines


class Recap(ActivityKind[RecapSettings]):
    """No answers: the projector shows results of earlier workshops and the summary, the phones the summary."""

    name = "recap"
    label = N_("Recap of earlier workshops")
    description = N_("Results from earlier workshops of the programme, with your summary.")
    order = 75  # (a day of a programme starts with it, but only a programme's day has one)
    Settings = RecapSettings
    column_labels = {"workshop": N_("Workshop"), "kind": N_("Activity"), "question": N_("Question")}

    def setting_fields(self) -> list[dict[str, Any]]:
        return []  # the kind's setup view chooses the sources and writes the summary; the server fills the snapshot

    def entry_limit(self, settings: RecapSettings) -> int:
        return 0

    def parse_entry(self, settings: RecapSettings, payload: Any, author: Author | None = None) -> dict[str, Any]:
        raise EntryRejected("no_answers", "This round takes no answers.")

    def participant_settings(self, settings: RecapSettings) -> dict[str, Any]:
        # Every screen's state carries these; the copied results go with the results, to the projector and console.
        return {"sources": settings.sources, "summary": settings.summary}

    def tally(self, settings: RecapSettings, entries: list[StoredEntry], moderation: dict[str, Any],
              groups: dict[int, str] | None = None) -> dict[str, Any]:
        return {"items": settings.snapshot, "summary": settings.summary, "sources": settings.sources}

    def presenter_results(self, results: dict[str, Any]) -> dict[str, Any]:
        return {"items": results["items"], "summary": results["summary"]}

    def entry_table(self, entries: list[StoredEntry], moderation: dict[str, Any]) -> Table:
        return Table(["entry_id", "participant", "created_at", "hidden"], [])

    def result_table(self, results: dict[str, Any]) -> Table:
        return Table(["workshop", "kind", "question"],
                     [[i["workshop"]["title"], Label(i.get("label") or i["kind"]), i["prompt"]] for i in results["items"]])

    def report_table(self, results: dict[str, Any]) -> Table:
        rows: list[list[Any]] = [[i["workshop"]["title"], i["prompt"]] for i in results["items"]]
        if results["summary"]:
            rows.append([Label(N_("Summary")), results["summary"]])
        return Table([N_("Workshop"), N_("Question")], rows)


KIND = Recap()
