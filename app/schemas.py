"""Request and response models of the REST API."""
from datetime import datetime
from typing import Annotated, Any, Literal

from pydantic import BaseModel, ConfigDict, Field

from app.ids import MAX_ROW_ID
from app.models import Activity, Programme, ProgrammeGroup, Workshop


class Strict(BaseModel):
    """Unknown fields are an error, not silently ignored."""

    model_config = ConfigDict(extra="forbid")


class TokenRequest(Strict):
    email: str = Field(max_length=254)
    password: str = Field(max_length=1000)
    # Shown in the list of API tokens (e.g. "export script").
    label: str = Field(default="", max_length=100)


class TokenResponse(BaseModel):
    token: str
    token_type: Literal["bearer"] = "bearer"


class SignUp(Strict):
    name: str = Field(max_length=120)
    email: str = Field(max_length=254)
    password: str = Field(max_length=1000)


class InvitationOut(BaseModel):
    token: str
    url: str
    expires_at: datetime | None = None


class InvitationListed(BaseModel):
    token: str
    url: str | None  # only while the invitation can still be used
    status: Literal["open", "used", "revoked", "expired"]
    created_at: datetime
    expires_at: datetime | None
    invited_by: int
    used_by: int | None


class ApiTokenOut(BaseModel):
    # sha256 of the token's secret: names the token for revoking, cannot be used as one.
    id: str
    label: str
    created_at: datetime
    last_used_at: datetime | None
    expires_at: datetime


class PasswordChange(Strict):
    current_password: str = Field(max_length=1000)
    new_password: str = Field(max_length=1000)


class PasswordConfirm(Strict):
    password: str = Field(max_length=1000)


class FacilitatorOut(BaseModel):
    id: int
    name: str
    email: str
    is_admin: bool
    active: bool
    created_at: datetime


class FacilitatorUpdate(Strict):
    active: bool | None = None
    # Administrators can be added, not removed (the installation always keeps one).
    is_admin: Literal[True] | None = None


class WorkshopCreate(Strict):
    title: str = Field(max_length=200)
    language: str = Field(default="nb", max_length=5)


class WorkshopUpdate(Strict):
    title: str | None = Field(default=None, max_length=200)
    language: str | None = Field(default=None, max_length=5)
    group_choice: bool | None = Field(default=None, description="whether phones may pick their own group")
    retention_days: int | None = Field(default=None, ge=1, le=3650, description="days after the workshop ends "
                                       "before it is deleted with all answers; null: the installation's default")


# The longest group name and role texts app/services/groups.py takes (after spaces are tidied).
GROUP_NAME_MAX = 60
ROLE_LIMITS = {"name": 60, "rule": 200, "duty": 300}


class GroupCreate(Strict):
    name: str = Field(max_length=GROUP_NAME_MAX)


class GroupOut(BaseModel):
    id: int
    name: str
    position: int


class GroupSplit(Strict):
    count: int = Field(ge=2, le=50, description="how many groups to deal everyone into")


class GroupMove(Strict):
    participant_id: int = Field(ge=1, le=MAX_ROW_ID)
    group_id: int | None = Field(ge=1, le=MAX_ROW_ID, description="the new group, or null for none")


class Role(Strict):
    name: str = Field(max_length=ROLE_LIMITS["name"])
    rule: str = Field(default="", max_length=ROLE_LIMITS["rule"])
    duty: str = Field(default="", max_length=ROLE_LIMITS["duty"])
    writes: bool = Field(default=False, description="writes for the group (posters)")
    preset: str | None = Field(default=None, max_length=20)


class Roles(Strict):
    roles: list[Role] = Field(max_length=8)


class PhaseIn(Strict):
    label: str = Field(max_length=60, description="individual, group, plenary, or your own words")
    seconds: int = Field(ge=1, le=4 * 3600)
    turns: bool = Field(default=False, description="round-robin: one equal turn per group member")


class Phases(Strict):
    phases: list[PhaseIn] = Field(max_length=12, description="empty: no timed phases")


class ActivityCreate(Strict):
    kind: str = Field(max_length=40)
    prompt: str = Field(max_length=500)
    settings: dict[str, Any] = Field(default_factory=dict)
    position: int | None = Field(default=None, ge=0, le=MAX_ROW_ID)
    planned_start: str | None = Field(default=None, max_length=20, description=(
        'the agenda\'s planned start, "HH:MM" (00:00-23:59) Oslo time, e.g. "09:00"; null or "": none'))


class ActivityUpdate(Strict):
    prompt: str | None = Field(default=None, max_length=500)
    settings: dict[str, Any] | None = None
    planned_start: str | None = Field(default=None, max_length=20, description=(
        'the agenda\'s planned start, "HH:MM" (00:00-23:59) Oslo time, e.g. "09:00"; null or "" clears it; left out: unchanged'))


class Move(Strict):
    position: int = Field(ge=0, le=MAX_ROW_ID)


class Command(Strict):
    command: str = Field(max_length=40, description="next, previous, goto, lobby, lock, unlock, show_results, "
                         "hide_results, hide_entry, unhide_entry, phase_start, phase_pause, "
                         "phase_resume, phase_add, phase_skip, phase_end, or a kind's moderation action")
    args: dict[str, Any] = Field(default_factory=dict)


class JoinRequest(Strict):
    code: str = Field(max_length=20)
    name: str = Field(default="", max_length=60)
    language: str | None = Field(default=None, max_length=5)
    # Needed only after a 429 `proof_required` (many wrong codes from this address): the answer's
    # detail.proof has `challenge`, `salt` and `bits`; send "<challenge>:<nonce>" (app/proof_of_work.py).
    proof: str | None = Field(default=None, max_length=400, description=(
        "Only after a 429 with detail.code `proof_required`: `<challenge>:<nonce>`, where the nonce is the "
        "first decimal number n (0, 1, 2, ...) for which SHA-256 of `<salt>:<n>` starts with `bits` zero "
        "bits (challenge, salt and bits from detail.proof). Each challenge pays for one guess."))


class JoinResponse(BaseModel):
    participant_token: str
    participant_id: int
    workshop_id: int
    websocket: str


class ActivityOut(BaseModel):
    id: int
    kind: str
    prompt: str
    position: int
    settings: dict[str, Any]
    moderation: dict[str, Any]
    locked: bool
    results_visible: bool
    clock: dict[str, Any] = {}
    planned_start: str | None = Field(default=None, description='"HH:MM" Oslo time, or null: not planned')
    opened_at: datetime | None = Field(default=None, description="when it first became the activity on screen "
                                       "in the live workshop (UTC); null: not yet")

    @classmethod
    def of(cls, a: Activity) -> "ActivityOut":
        return cls(**a.model_dump(include=set(cls.model_fields)))


class WorkshopSummary(BaseModel):
    """A workshop in a list (its agenda: GET /workshops/{id})."""

    id: int
    title: str
    language: str
    status: str
    join_code: str | None
    current_activity_id: int | None
    state_version: int
    group_choice: bool = True
    ended_at: datetime | None = None
    retention_days: int | None = Field(default=None, description="own retention period in days; null: the default")
    programme_id: int | None = Field(default=None, description="the programme this workshop is a day of, if any")

    @classmethod
    def of(cls, w: Workshop) -> "WorkshopSummary":
        return cls(**w.model_dump(include=set(cls.model_fields)))


class WorkshopOut(WorkshopSummary):
    """A workshop with its agenda."""

    activities: list[ActivityOut] = []

    @classmethod
    def of(cls, w: Workshop, activities: list[Activity] | None = None) -> "WorkshopOut":
        data = w.model_dump(include=set(cls.model_fields) - {"activities"})
        return cls(**data, activities=[ActivityOut.of(a) for a in activities or []])


class CoFacilitatorAdd(Strict):
    """A colleague to add as co-facilitator: an active facilitator of this installation, by id or email."""

    facilitator_id: int | None = Field(default=None, ge=1, le=2**31 - 1)
    email: str | None = Field(default=None, max_length=254)


class PersonOut(BaseModel):
    id: int
    name: str
    email: str


class TeamOut(BaseModel):
    """Who runs a workshop: its owner and co-facilitators."""

    owner: PersonOut
    co_facilitators: list[PersonOut]


class Problem(BaseModel):
    field: str = Field(description="where, e.g. body.title")
    problem: str


class ErrorDetail(BaseModel):
    code: str = Field(description="stable, for programs (docs/protocol.md, REST error codes)")
    message: str = Field(description="translated, for people")
    problems: list[Problem] | None = Field(default=None, description="422 `invalid` only: what did not fit")
    proof: dict[str, Any] | None = Field(default=None, description="429 `proof_required` only: the challenge")


class ErrorOut(BaseModel):
    """Every refusal of the API: a stable code and a translated message."""

    detail: ErrorDetail


class KindOut(BaseModel):
    kind: str
    label: str = Field(description="the kind's English name")
    settings: dict[str, Any] = Field(description="the default settings (docs/protocol.md, Activity kinds)")
    moderation_actions: list[str] = Field(description="the kind's own commands")


class SourceOut(BaseModel):
    """An earlier activity whose results can feed this one."""

    id: int
    kind: str
    prompt: str


class PoolOut(BaseModel):
    """The top n of every board or list of a source, and those pooled into one list."""

    source: int
    n: int
    lists: list[list[str]]
    items: list[str] = Field(description="pooled: first-seen order, equal items once, at most 40 of at most 80 characters")


class RecapActivityOut(BaseModel):
    """An activity of an earlier workshop whose results a recap can show."""

    id: int
    kind: str
    label: str = Field(description="the kind's name (a msgid)")
    prompt: str


class RecapWorkshopOut(BaseModel):
    """An earlier workshop of the programme, with the activities a recap can show."""

    id: int
    title: str
    position: int | None
    status: str
    date: str | None = Field(description="the day it took place, 2026-09-14 (Oslo time); null: not yet")
    activities: list[RecapActivityOut]


class RecapSourcesOut(BaseModel):
    """What a recap may show: the earlier workshops of its programme that you run."""

    in_programme: bool = Field(description="false: the recap's workshop is in no programme (nothing to show)")
    workshops: list[RecapWorkshopOut]
    sources: list[int] = Field(description="the recap's chosen sources now, in order")
    summary: str = Field(description="the recap's summary now")


class LiveViewOut(BaseModel):
    """The facilitator's state snapshot and results, as the websocket sends them (docs/protocol.md)."""

    state: dict[str, Any]
    results: dict[str, Any]


class TemplateOut(BaseModel):
    """A template to start a workshop from: built-in (the seeds' days, key "day3-nb") or your own (key: its id)."""

    key: str = Field(description='"day1-nb", "day3-nn" … for a built-in template; the template\'s id for your own')
    builtin: bool
    title: str
    language: str
    description: str = Field(description="one line about the day (built-in templates; empty for your own)")
    kinds: list[str] = Field(description="the kinds of its activities, in agenda order")
    workshop_id: int | None = Field(default=None, description="your own template's id (edit it as a workshop)")


# --- programmes ------------------------------------------------------------------------------------

class ProgrammeCreate(Strict):
    title: str = Field(max_length=200)
    language: str = Field(default="nb", max_length=5)
    retention_days: int | None = Field(default=None, ge=1, le=3650, description="days the leaders' programme "
                                       "identities are kept after the last workshop; null: the default")


class ProgrammeUpdate(Strict):
    title: str | None = Field(default=None, max_length=200)
    language: str | None = Field(default=None, max_length=5)
    retention_days: int | None = Field(default=None, ge=1, le=3650, description="an explicit null: the default")


class ProgrammeWorkshopOut(BaseModel):
    """A workshop as a day of its programme."""

    id: int
    title: str
    language: str
    status: str
    join_code: str | None
    owner_id: int
    position: int = Field(description="its place in the programme's order, from 0")

    @classmethod
    def of(cls, w: Workshop) -> "ProgrammeWorkshopOut":
        return cls(**w.model_dump(include=set(cls.model_fields) - {"position"}), position=w.programme_position or 0)


class ProgrammeGroupOut(BaseModel):
    """A network group of a programme; every workshop of the programme has a group linked to it."""

    id: int
    name: str
    position: int


class ProgrammeSummary(BaseModel):
    """A programme in a list (its workshops and groups: GET /programmes/{id})."""

    id: int
    owner_id: int
    title: str
    language: str
    created_at: datetime
    retention_days: int | None = None

    @classmethod
    def of(cls, programme: Programme) -> "ProgrammeSummary":
        return cls(**programme.model_dump(include=set(cls.model_fields)))


class ProgrammeOut(ProgrammeSummary):
    """A programme with its workshops in order and its network groups."""

    workshops: list[ProgrammeWorkshopOut] = []
    groups: list[ProgrammeGroupOut] = []

    @classmethod
    def with_parts(cls, programme: Programme, workshops: list[Workshop],
                   groups: list[ProgrammeGroup]) -> "ProgrammeOut":
        return cls(**programme.model_dump(include=set(ProgrammeSummary.model_fields)),
                   workshops=[ProgrammeWorkshopOut.of(w) for w in workshops],
                   groups=[ProgrammeGroupOut(**g.model_dump(include={"id", "name", "position"})) for g in groups])


class ProgrammeWorkshopAdd(Strict):
    """An existing workshop you own (`workshop_id`), or a new one (`title`, optional `language`)."""

    workshop_id: int | None = Field(default=None, ge=1, le=MAX_ROW_ID)
    title: str | None = Field(default=None, max_length=200)
    language: str | None = Field(default=None, max_length=5, description="a new workshop's; default: the programme's")
    position: int | None = Field(default=None, ge=0, le=MAX_ROW_ID, description="default: last")


class ProgrammeOrder(Strict):
    workshop_ids: list[Annotated[int, Field(ge=1, le=MAX_ROW_ID)]] = Field(
        max_length=50, description="every workshop of the programme once, in the new order")


class ProgrammeGroupUpdate(Strict):
    name: str | None = Field(default=None, max_length=GROUP_NAME_MAX)
    position: int | None = Field(default=None, ge=0, le=MAX_ROW_ID)


class ProgrammeMemberOut(BaseModel):
    """A leader of a programme as its facilitators see them: counts only, never what they wrote."""

    id: int
    number: int = Field(description="1-based place among the programme's leaders, oldest first")
    name: str = Field(description="the name the leader gave, empty if none")
    label: str = Field(description="what the pages show: the name, else an anonymous label (\"Deltaker 3\")")
    group_id: int | None = Field(description="their network group, or null")
    group: str | None = Field(description="the network group's name, or null")
    workshops: int = Field(description="how many of the programme's workshops they joined")
    journal_entries: int = Field(description="how many journal entries they wrote (never their text)")


class ProgrammeMemberMerge(Strict):
    """Two identities of one leader: `keep_id` is the one whose pass they hold now, `merge_id` is merged into it."""

    keep_id: int = Field(ge=1, le=MAX_ROW_ID)
    merge_id: int = Field(ge=1, le=MAX_ROW_ID)
