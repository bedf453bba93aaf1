"""Request and response models of the REST API."""
from typing import Any, Literal

from pydantic import BaseModel, ConfigDict, Field

from app.models import Activity, Workshop


class Strict(BaseModel):
    """Unknown fields are an error, not silently ignored."""

    model_config = ConfigDict(extra="forbid")


class TokenRequest(Strict):
    email: str = Field(max_length=254)
    password: str = Field(max_length=1000)


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


class WorkshopCreate(Strict):
    title: str = Field(max_length=200)
    language: str = Field(default="nb", max_length=5)


class WorkshopUpdate(Strict):
    title: str | None = Field(default=None, max_length=200)
    language: str | None = Field(default=None, max_length=5)
    group_choice: bool | None = Field(default=None, description="whether phones may pick their own group")


class GroupCreate(Strict):
    name: str = Field(max_length=200)


class GroupOut(BaseModel):
    id: int
    name: str
    position: int


class GroupSplit(Strict):
    count: int = Field(ge=2, le=50, description="how many groups to deal everyone into")


class GroupMove(Strict):
    participant_id: int
    group_id: int | None = Field(description="the new group, or null for none")


class Role(Strict):
    name: str = Field(max_length=200)
    rule: str = Field(default="", max_length=400)
    duty: str = Field(default="", max_length=600)
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
    position: int | None = Field(default=None, ge=0)


class ActivityUpdate(Strict):
    prompt: str | None = Field(default=None, max_length=500)
    settings: dict[str, Any] | None = None


class Move(Strict):
    position: int = Field(ge=0)


class Command(Strict):
    command: str = Field(max_length=40, description="next, previous, goto, lobby, lock, unlock, show_results, "
                         "hide_results, hide_entry, unhide_entry, phase_start, phase_pause, "
                         "phase_resume, phase_add, phase_skip, phase_end, or a kind's moderation action")
    args: dict[str, Any] = Field(default_factory=dict)


class JoinRequest(Strict):
    code: str = Field(max_length=20)
    name: str = Field(default="", max_length=60)
    language: str | None = Field(default=None, max_length=5)


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
