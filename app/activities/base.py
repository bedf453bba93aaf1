"""The interface every activity kind implements; the hub, routers and exports use only this."""
import json
from dataclasses import dataclass, field
from functools import lru_cache
from datetime import datetime
from typing import Any, ClassVar, Generic, TypeVar

from markupsafe import Markup
from pydantic import BaseModel, ValidationError


class EntryRejected(Exception):
    """A submission the kind refuses; `message` is an English msgid translated at the edge."""

    def __init__(self, code: str, message: str, **params: Any):
        super().__init__(message % params if params else message)
        self.code = code
        self.message = message
        self.params = params


class ModerationRejected(Exception):
    """A moderation action the kind does not know or cannot apply."""


@dataclass(frozen=True)
class StoredEntry:
    """An entry as the kinds see it: no database session attached."""

    id: int
    participant_id: int | str  # in an export, the participant's pseudonym (app/services/exports.py)
    payload: dict[str, Any]
    hidden: bool
    created_at: datetime


@dataclass(frozen=True)
class Author:
    """Who makes a submission, as far as a kind may check it."""

    participant_id: int
    group_id: int | None = None
    writes: bool = False  # holds a role that writes for the group (the secretary)


@dataclass(frozen=True)
class Member:
    """A participant as personal views see them."""

    participant_id: int
    name: str
    group_id: int | None
    writes: bool


@dataclass(frozen=True)
class JournalItem:
    """Something an activity puts in a leader's private journal (the advice their network group gave them):
    `question` is a msgid shown translated, `body` the text as written."""

    question: str
    body: str
    created_at: datetime


@dataclass
class LiveContext:
    """The live workshop around an activity: server time, groups, the activity's clock view.

    A moderation action may set `new_phases` to give the activity a new timed plan, started at once, or an
    empty list to remove its phases (every screen's countdown goes)."""

    now: float
    groups: list[tuple[int, str, list[int]]] = field(default_factory=list)  # (id, name, member ids)
    clock: dict[str, Any] | None = None
    new_phases: list[tuple[str, int, bool]] | None = None

    def group_names(self) -> dict[int, str]:
        """Group id -> name."""
        return {gid: name for gid, name, _members in self.groups}


class Label(str):
    """A report cell that is a msgid (a fixed word such as a poster comment's mark), shown translated;
    typed text is a plain str and never translated."""


class Phrase(str):
    """An export cell that people read as a sentence in the workshop's language (a msgid with params,
    Labels and Phrases among them translated too), while as a str it stays the machine text the raw CSV
    has always carried for scripts ("Tillit -> 0" is read "Tillit → rad 1")."""

    msgid: str
    params: dict[str, Any]

    def __new__(cls, raw: str, msgid: str, **params: Any) -> "Phrase":
        phrase = super().__new__(cls, raw)
        phrase.msgid = msgid
        phrase.params = params
        return phrase


@dataclass(frozen=True)
class Table:
    """Rows for CSV and XLSX exports. Headers are column keys (the raw CSV prints them; the exports
    translate them, app/services/exports.py); cells are plain values, times as UTC datetimes, and a
    kind's own words as a Phrase (read in the workshop's language, machine text in the raw CSV)."""

    headers: list[str]
    rows: list[list[Any]]


# A kind's settings model: each kind is an ActivityKind over its own (ActivityKind[DiamondSettings]).
SettingsT = TypeVar("SettingsT", bound=BaseModel)


class ActivityKind(Generic[SettingsT]):
    """One kind of activity: settings, entry validation, tally, views and export rows.

    The browser side is the kind's script, `<name>.js` in its folder (served as /static/js/kinds/<name>.js). It
    exports up to five views; each gets the element to draw into and one context object:

    - `phone(root, ctx)`: the participant's view. ctx: `activity` (id, kind, prompt, locked, results_visible,
      settings as `participant_settings` gives them, clock), `t(msgid, params)` (the page's translator), `entries`
      (this phone's own entries, stored and pending), `error` (the last refusal's message), `draft` ({get, set}:
      unsent text kept across reloads), `submit(payload)` (sends an entry, resent until acknowledged), `online()`,
      `sendNote(entry, extra)`, `fail(message)`, `me` (the phone's group, members and role, or null) and `own`
      (what `participant_views` made for this phone, or null) and `programme` (the workshop's programme id, or null:
      the phone's journal is /api/v1/journal/<programme>). May return {update(ctx)} to be updated in place.
    - `presenter(root, ctx)`: the projector while results are shown. ctx: `activity`, `results` (what
      `presenter_results` made of the tally), `counts` ({joined, online, answered, entries}), `state` (the
      presenter's state snapshot), `t`. May return a function that fits the view to the stage once laid out.
    - `hidden(root, ctx)` (optional): the projector while results are hidden; same ctx with `results` null.
      Without it the shared view shows the items and the growing count.
    - `console(root, ctx)`: the facilitator's moderation panel. ctx: `activity`, `results` (the full tally),
      `command(name, args)` (posts a console command: the kind's moderation actions), `state`, `t`.
    - `setup(root, ctx)` (optional): preparing the activity, in the console and the editor. ctx: `activity`, `t`.

    Msgids the script shows are listed in the folder's strings.py (PHONE, STAFF) so the pages carry them.
    """

    name: ClassVar[str]
    label: ClassVar[str]  # msgid shown in the editor
    description: ClassVar[str] = ""  # msgid: one line in the editor's kind chooser, what the room does
    order: ClassVar[int] = 100  # place in the editor's kind chooser (lower first)
    # Each kind sets it on its class; not a ClassVar only because a ClassVar cannot use the type variable.
    Settings: type[SettingsT]
    moderation_actions: ClassVar[frozenset[str]] = frozenset()
    setting_labels: ClassVar[dict[str, str]] = {}  # field -> msgid, for the editor
    setting_options: ClassVar[dict[str, dict[str, str]]] = {}  # field -> {value: label msgid}: a choice
    # Its export tables' own columns: key -> heading msgid (exports.COLUMN_LABELS has the shared ones), its own
    # words in a column (entry types, marks) -> msgids, and the entry log's columns holding a group id.
    column_labels: ClassVar[dict[str, str]] = {}
    value_labels: ClassVar[dict[str, dict[str, str]]] = {}
    group_columns: ClassVar[frozenset[str]] = frozenset({"group"})
    # The room sees the results only once the facilitator reveals them (a vote, a self-assessment).
    results_hidden_by_default: ClassVar[bool] = False
    # Answers about oneself (a self-assessment): exports carry them with no participant key at all,
    # so nothing joins them to a name (app/services/exports.py).
    private: ClassVar[bool] = False

    def setting_fields(self) -> list[dict[str, Any]]:
        """The editor's fields: name, label msgid, bounds or options, and default."""
        props = self.Settings.model_json_schema()["properties"]
        return [{"name": name, "label": self.setting_labels.get(name, name), "min": p.get("minimum"),
                 "max": p.get("maximum"), "default": p.get("default"), "options": self.setting_options.get(name),
                 "lines": p.get("type") == "array", "boolean": p.get("type") == "boolean",
                 "optional": "anyOf" in p}
                for name, p in props.items()]

    def settings(self, raw: dict[str, Any]) -> SettingsT:
        """Validated settings; raises pydantic.ValidationError on bad input."""
        return self.Settings.model_validate(raw)

    def default_settings(self) -> dict[str, Any]:
        """Settings of a new activity of this kind."""
        return self.Settings().model_dump()

    @property
    def can_be_fed(self) -> bool:
        """Whether a plan can fill this kind's list from an earlier round (its settings have a feed)."""
        return "feed" in self.Settings.model_fields

    def owns_phases(self, labels: list[str]) -> bool:
        """Whether phases with these labels were set by one of this kind's own actions (a gallery walk's
        stops): they belong to that run, so they are neither copied nor edited as the activity's plan."""
        return False

    def results_visible_at_start(self, settings: SettingsT) -> bool:
        """Whether a new activity shows its results to the room before the facilitator reveals them."""
        return not self.results_hidden_by_default

    def entry_limit(self, settings: SettingsT) -> int:
        """How many entries one participant may make."""
        raise NotImplementedError

    def parse_entry(self, settings: SettingsT, payload: Any, author: Author | None = None) -> dict[str, Any]:
        """The payload to store, or EntryRejected."""
        raise NotImplementedError

    def participant_settings(self, settings: SettingsT) -> dict[str, Any]:
        """What a phone needs to render the activity."""
        return settings.model_dump()

    def tally(self, settings: SettingsT, entries: list[StoredEntry], moderation: dict[str, Any],
              groups: dict[int, str] | None = None) -> dict[str, Any]:
        """Results for the facilitator, hidden items included and marked (`groups`: id -> name)."""
        raise NotImplementedError

    def participant_views(self, settings: SettingsT, results: dict[str, Any], moderation: dict[str, Any],
                          people: list[Member], live: LiveContext) -> dict[int, dict[str, Any]]:
        """Each phone's own view of the results by participant id (most kinds have none). Built afresh on every
        call, never an object kept and changed in place later: the hub compares a view with the last one sent."""
        return {}

    def staff_results(self, results: dict[str, Any]) -> dict[str, Any]:
        """Results as facilitators may see them (console, API, exports): a kind whose texts belong to their writers
        (a peer-coaching case and its advice) leaves those texts out. Most kinds show the whole tally."""
        return results

    def export_payload(self, payload: dict[str, Any]) -> dict[str, Any]:
        """An entry's payload as the JSON export carries it (a kind with private texts leaves them out)."""
        return payload

    def journal_items(self, settings: SettingsT, entries: list[StoredEntry],
                      participant_id: int) -> list[JournalItem]:
        """What of this activity belongs in `participant_id`'s private journal (most kinds: nothing)."""
        return []

    def own_values(self, payload: dict[str, Any]) -> dict[str, int | float] | None:
        """A self-assessment's scores by statement, which its leader sees side by side over a programme's days
        (None: this kind's answers are not such scores)."""
        return None

    def presenter_results(self, results: dict[str, Any]) -> dict[str, Any]:
        """Results as the room may see them: hidden items removed."""
        raise NotImplementedError

    def moderate(self, moderation: dict[str, Any], action: str, args: dict[str, Any],
                 live: LiveContext | None = None) -> dict[str, Any]:
        """New moderation state after a kind-specific action."""
        raise ModerationRejected(action)

    def top_items(self, results: dict[str, Any], n: int) -> list[list[str]] | None:
        """The top `n` items of each board or list in the results, to feed a later round (None: this
        kind cannot)."""
        return None

    def shared_entry(self, payload: dict[str, Any]) -> bool:
        """Whether an entry is the group's shared work (a poster's text, a move on a group's diamond):
        it stays when its writer deletes their own answers, since the group's later work builds on it."""
        return isinstance(payload, dict) and "group" in payload

    def entry_table(self, entries: list[StoredEntry], moderation: dict[str, Any]) -> Table:
        """Every raw entry for export, hidden ones marked."""
        raise NotImplementedError

    def result_table(self, results: dict[str, Any]) -> Table | None:
        """The result for export, or None when the raw entries say it all."""
        return None

    def report_table(self, results: dict[str, Any]) -> Table:
        """What the printable report shows: the result as the room saw it (hidden items left out)."""
        raise NotImplementedError

    def report_chart(self, activity_id: int, title: str, results: dict[str, Any], language: str) -> Markup | None:
        """The printable report's chart of the presenter's results (inline SVG, see app/activities/charts.py), or
        None: the report shows the table alone."""
        return None


def validated_settings(kind: ActivityKind, raw: dict[str, Any]) -> BaseModel:
    """Settings, falling back to defaults for a stored value an older version wrote.

    Validated once per distinct stored value: a live room checks its activity's settings with every answer and
    every results tick (cleaning nine items costs more than the rest of a move). The model returned is shared:
    read it, never change it in place."""
    try:
        text = json.dumps(raw, ensure_ascii=False)  # keys in their stored order: a snapshot's order is content
    except (TypeError, ValueError):  # not a stored value (no JSON column holds it): checked each time
        return _validated(kind, raw)
    return _validated_text(kind, text)


@lru_cache(maxsize=256)  # a few live activities at a time; a recap's value holds whole results, so not more
def _validated_text(kind: ActivityKind, text: str) -> BaseModel:
    return _validated(kind, json.loads(text))


def _validated(kind: ActivityKind, raw: Any) -> BaseModel:
    try:
        return kind.settings(raw)
    except ValidationError:
        return kind.settings({})
