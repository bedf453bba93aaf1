"""The action-learning journal as a round: each leader answers the day's journal questions on their phone, in
their private journal (app/services/journal.py keeps the texts, readable only with the leader's programme pass).

The round itself stores no text: after a journal answer is saved, the phone sends a marker entry
`{"question": n}`, so the room and the facilitator see how many have written, never what."""
from typing import Annotated, Any, Literal

from pydantic import BaseModel, BeforeValidator, ConfigDict, Field

from app.activities.base import ActivityKind, Author, EntryRejected, Label, StoredEntry, Table
from app.activities.journal.questions import KNOWN, STAGES
from app.activities.lists import clean_items
from app.i18n import N_

MAX_QUESTIONS = 12
MAX_QUESTION = 300
# The facilitator's own questions, one per line: longer than a list's items, fewer of them.
Questions = Annotated[list[str], BeforeValidator(lambda value: clean_items(value, MAX_QUESTION, MAX_QUESTIONS))]


class JournalSettings(BaseModel):
    """Editor settings of a journal round."""

    model_config = ConfigDict(extra="forbid")

    stage: Literal["start", "follow_up", "custom"] = "start"
    # Used when `stage` is "custom": the facilitator's own questions.
    questions: Questions = Field(default_factory=list)


def questions_of(settings: JournalSettings) -> list[str]:
    """The round's questions: the seeds' set for its stage, or the facilitator's own."""
    return list(settings.questions) if settings.stage == "custom" else list(STAGES[settings.stage])


class Journal(ActivityKind[JournalSettings]):
    """Leaders write in their private action-learning journal; the room sees only how many have written."""

    name = "journal"
    label = N_("Action-learning journal")
    description = N_("Each leader answers in a private journal kept over the programme; you see only counts.")
    order = 70
    Settings = JournalSettings
    setting_labels = {"stage": N_("Questions"), "questions": N_("Your own questions (one per line)")}
    setting_options = {"stage": {"start": N_("Start of the project (day 1)"),
                                 "follow_up": N_("Follow-up (later days)"), "custom": N_("Your own questions")}}
    column_labels = {"question": N_("Question"), "writers": N_("Have written")}
    private = True

    def entry_limit(self, settings: JournalSettings) -> int:
        return 100  # a marker per saved answer; a leader may revise an answer many times

    def parse_entry(self, settings: JournalSettings, payload: Any, author: Author | None = None) -> dict[str, Any]:
        n = payload.get("question") if isinstance(payload, dict) else None
        if not isinstance(n, int) or isinstance(n, bool) or not 0 <= n < len(questions_of(settings)):
            raise EntryRejected("invalid", "The request is not valid.")
        return {"question": n}

    def participant_settings(self, settings: JournalSettings) -> dict[str, Any]:
        return {"stage": settings.stage, "questions": questions_of(settings)}

    def tally(self, settings: JournalSettings, entries: list[StoredEntry], moderation: dict[str, Any],
              groups: dict[int, str] | None = None) -> dict[str, Any]:
        asked = questions_of(settings)
        writers: list[set[int | str]] = [set() for _ in asked]
        for e in entries:
            n = e.payload.get("question")
            if isinstance(n, int) and 0 <= n < len(asked):
                writers[n].add(e.participant_id)
        people = set().union(*writers) if writers else set()
        return {"questions": [{"question": q, "writers": len(w)} for q, w in zip(asked, writers)],
                "writers": len(people)}

    def presenter_results(self, results: dict[str, Any]) -> dict[str, Any]:
        return results  # counts only

    def entry_table(self, entries: list[StoredEntry], moderation: dict[str, Any]) -> Table:
        return Table(["entry_id", "created_at", "question"],
                     [[e.id, e.created_at, e.payload.get("question", 0) + 1] for e in entries])

    def result_table(self, results: dict[str, Any]) -> Table:
        return Table(["question", "writers"], [[_asked(q["question"]), q["writers"]] for q in results["questions"]])

    def report_table(self, results: dict[str, Any]) -> Table:
        return Table([N_("Question"), N_("Have written")],
                     [[_asked(q["question"]), q["writers"]] for q in results["questions"]])


def _asked(question: str) -> str:
    """A question as a report cell: the seeds' questions translated, the facilitator's own as written."""
    return Label(question) if question in KNOWN else question


KIND = Journal()
