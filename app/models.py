"""SQLModel tables."""
from datetime import datetime, timezone
from typing import Any, Protocol

from sqlalchemy import JSON, Column, Table, Text, UniqueConstraint
from sqlmodel import Field, SQLModel


def utcnow() -> datetime:
    """Now, timezone-aware in UTC."""
    return datetime.now(timezone.utc)


class _Stored(Protocol):
    """A table row with an integer primary key (None until inserted)."""

    @property
    def id(self) -> int | None: ...


def id_of(row: _Stored) -> int:
    """The id of a row that has been inserted (flushed or read back); a row that was not is a bug."""
    if row.id is None:
        raise ValueError(f"{type(row).__name__} has no id before it is inserted")
    return row.id


def table_of(model: type[SQLModel]) -> Table:
    """The Core table behind a table model (plain DELETEs, without the ORM's bookkeeping of the session)."""
    # SQLAlchemy's declarative mapping sets __table__ on each table model; SQLModel does not declare it.
    return model.__table__  # type: ignore[attr-defined]


class ServerSecret(SQLModel, table=True):
    """Process-shared secrets (cookie signing) generated once per deployment."""

    name: str = Field(primary_key=True, max_length=40)
    value: str = Field(max_length=200)


class Facilitator(SQLModel, table=True):
    """A person who prepares and runs workshops."""

    id: int | None = Field(default=None, primary_key=True)
    name: str = Field(max_length=120)
    email: str = Field(max_length=254, unique=True, index=True)
    password_hash: str = Field(max_length=200)
    # Bumped on password change or logout-everywhere: old session cookies stop working.
    session_epoch: int = 0
    created_at: datetime = Field(default_factory=utcnow)
    # The first facilitator administers the installation (invitations, deactivation, notices).
    is_admin: bool = False
    # A deactivated facilitator cannot sign in; their sessions and tokens stop working.
    active: bool = True


class AuthSession(SQLModel, table=True):
    """A server-side browser session or API token: listed, revocable, ended by log-out."""

    # sha256 of the random secret carried inside the signed cookie or token (the secret itself is never stored).
    id: str = Field(primary_key=True, max_length=64)
    facilitator_id: int = Field(foreign_key="facilitator.id", index=True)
    kind: str = Field(max_length=10)  # session | api
    label: str = Field(default="", max_length=100)
    created_at: datetime = Field(default_factory=utcnow)
    last_used_at: datetime | None = None
    expires_at: datetime
    revoked_at: datetime | None = None


class SiteText(SQLModel, table=True):
    """An operator-edited page text (privacy notice, accessibility statement) in one language."""

    key: str = Field(primary_key=True, max_length=40)
    language: str = Field(primary_key=True, max_length=5)
    body: str = Field(default="", sa_column=Column(Text, nullable=False))
    updated_at: datetime = Field(default_factory=utcnow)


class Invitation(SQLModel, table=True):
    """A one-time link that lets one more facilitator sign up."""

    token: str = Field(primary_key=True, max_length=64)
    invited_by: int = Field(foreign_key="facilitator.id")
    created_at: datetime = Field(default_factory=utcnow)
    used_by: int | None = Field(default=None, foreign_key="facilitator.id")
    # None only for invitations made before expiry existed (treated as expired 7 days after creation).
    expires_at: datetime | None = None
    revoked_at: datetime | None = None


class Workshop(SQLModel, table=True):
    """One workshop day: an agenda of activities that goes live with a join code."""

    id: int | None = Field(default=None, primary_key=True)
    owner_id: int = Field(foreign_key="facilitator.id", index=True)
    title: str = Field(max_length=200)
    language: str = Field(default="nb", max_length=5)
    status: str = Field(default="draft", max_length=10)  # draft | live | ended
    # Unique while set; cleared when the workshop ends so the code can be reused.
    join_code: str | None = Field(default=None, max_length=8, unique=True, index=True)
    current_activity_id: int | None = None
    # Whether phones may pick their own group (else the facilitator assigns them).
    group_choice: bool = True
    # Group roles handed out by playful rule: [{"name", "rule", "duty", "writes"}]; see services/groups.py.
    roles: list[dict[str, Any]] = Field(default_factory=list, sa_column=Column(JSON, nullable=False))
    # Bumped by every change any screen renders from; snapshots carry it.
    state_version: int = 0
    created_at: datetime = Field(default_factory=utcnow)
    # When the workshop was last ended; retention counts from here.
    ended_at: datetime | None = None
    # Days after the end before automatic deletion; None: the installation's default (settings).
    retention_days: int | None = None
    # The programme this workshop is a day of (samling 1, 2, 3 ...), and its place in that programme's order.
    programme_id: int | None = Field(default=None, foreign_key="programme.id", index=True)
    programme_position: int | None = None


class Programme(SQLModel, table=True):
    """A series of workshops months apart with the same leaders in the same network groups."""

    id: int | None = Field(default=None, primary_key=True)
    owner_id: int = Field(foreign_key="facilitator.id", index=True)
    title: str = Field(max_length=200)
    language: str = Field(default="nb", max_length=5)
    created_at: datetime = Field(default_factory=utcnow)
    # Days the programme's leaders' identities are kept after its last workshop; None: the installation's default.
    # (Stored and shown; not purged automatically yet.)
    retention_days: int | None = None


class ProgrammeFacilitator(SQLModel, table=True):
    """A colleague who co-facilitates a programme: runs every workshop of it like its owner."""

    __table_args__ = (UniqueConstraint("programme_id", "facilitator_id", name="uq_programme_facilitator"),)

    id: int | None = Field(default=None, primary_key=True)
    programme_id: int = Field(foreign_key="programme.id", index=True)
    facilitator_id: int = Field(foreign_key="facilitator.id", index=True)
    added_at: datetime = Field(default_factory=utcnow)


class ProgrammeGroup(SQLModel, table=True):
    """A network group of a programme, defined once; every workshop of the programme has a group linked to it."""

    id: int | None = Field(default=None, primary_key=True)
    programme_id: int = Field(foreign_key="programme.id", index=True)
    name: str = Field(max_length=60)
    position: int = 0


class ProgrammeMember(SQLModel, table=True):
    """A leader's one identity across a programme's workshops, carried by the phone's programme pass (no account)."""

    __table_args__ = (UniqueConstraint("programme_id", "short_code", name="uq_member_code"),)

    id: int | None = Field(default=None, primary_key=True)
    programme_id: int = Field(foreign_key="programme.id", index=True)
    # sha256 of the random secret in the pass (the secret itself is never stored).
    secret_hash: str = Field(max_length=64)
    display_name: str = Field(default="", max_length=60)
    # The network group the leader was last in (kept up to date when they join a workshop of the programme).
    programme_group_id: int | None = Field(default=None, foreign_key="programmegroup.id", index=True)
    created_at: datetime = Field(default_factory=utcnow)
    # The leader's short personal code, typed on another device to take part as themselves (services/passes.py);
    # made the first time the phone shows it.
    short_code: str | None = Field(default=None, max_length=8)


class JournalEntry(SQLModel, table=True):
    """One answer in a leader's private action-learning journal, kept over the programme.

    Only the leader's pass reads its text; facilitators see counts. `shared` lets the leader show it to
    their network group."""

    __table_args__ = (UniqueConstraint("programme_member_id", "client_id", name="uq_journal_client"),)

    id: int | None = Field(default=None, primary_key=True)
    programme_member_id: int = Field(foreign_key="programmemember.id", index=True)
    # The workshop (and its journal round) it was written in; None: written between the days.
    workshop_id: int | None = Field(default=None, foreign_key="workshop.id", index=True)
    activity_id: int | None = Field(default=None, foreign_key="activity.id")
    # The question as it was asked (questions change from day to day; the timeline shows what was asked).
    question: str = Field(default="", max_length=500)
    body: str = Field(default="", sa_column=Column(Text, nullable=False))
    shared: bool = False
    # Makes a resend from the phone idempotent.
    client_id: str = Field(max_length=64)
    created_at: datetime = Field(default_factory=utcnow)
    updated_at: datetime = Field(default_factory=utcnow)


class WorkshopFacilitator(SQLModel, table=True):
    """A colleague who co-facilitates a workshop: prepares, steers, moderates and exports it like its owner."""

    __table_args__ = (UniqueConstraint("workshop_id", "facilitator_id", name="uq_workshop_facilitator"),)

    id: int | None = Field(default=None, primary_key=True)
    workshop_id: int = Field(foreign_key="workshop.id", index=True)
    facilitator_id: int = Field(foreign_key="facilitator.id", index=True)
    added_at: datetime = Field(default_factory=utcnow)


class Activity(SQLModel, table=True):
    """One item of a workshop's agenda; its kind decides settings, entries and results."""

    id: int | None = Field(default=None, primary_key=True)
    workshop_id: int = Field(foreign_key="workshop.id", index=True)
    position: int = 0
    kind: str = Field(max_length=40)
    prompt: str = Field(max_length=500)
    settings: dict[str, Any] = Field(default_factory=dict, sa_column=Column(JSON, nullable=False))
    # Kind-owned moderation state (hidden words, merges ...).
    moderation: dict[str, Any] = Field(default_factory=dict, sa_column=Column(JSON, nullable=False))
    locked: bool = False
    results_visible: bool = True
    # Timed phases (services/phase_clock.py as a dict); empty when the activity has none.
    clock: dict[str, Any] = Field(default_factory=dict, sa_column=Column(JSON, nullable=False))
    # The agenda's planned start, "HH:MM" local time of the day (None: not planned), and when the activity was
    # first opened live (the console compares the two: how far behind the day is).
    planned_start: str | None = Field(default=None, max_length=5)
    opened_at: datetime | None = None


class WorkGroup(SQLModel, table=True):
    """A named network group of a workshop (Gygrene, Stjernelaget ...)."""

    id: int | None = Field(default=None, primary_key=True)
    workshop_id: int = Field(foreign_key="workshop.id", index=True)
    name: str = Field(max_length=60)
    position: int = 0
    # The programme's network group this group is in this workshop (None: the workshop's own group).
    programme_group_id: int | None = Field(default=None, foreign_key="programmegroup.id", index=True)


class Participant(SQLModel, table=True):
    """An anonymous person on a phone, within one workshop."""

    # One participant per programme identity and workshop (NULLs, people without a pass, never clash).
    __table_args__ = (UniqueConstraint("workshop_id", "programme_member_id", name="uq_participant_member"),)

    id: int | None = Field(default=None, primary_key=True)
    workshop_id: int = Field(foreign_key="workshop.id", index=True)
    display_name: str = Field(default="", max_length=60)
    language: str = Field(default="nb", max_length=5)
    group_id: int | None = Field(default=None, foreign_key="workgroup.id", index=True)
    # Index into the workshop's roles, drawn per group; None: no role.
    role: int | None = None
    created_at: datetime = Field(default_factory=utcnow)
    # The leader's identity across the workshop's programme, if the workshop belongs to one.
    programme_member_id: int | None = Field(default=None, foreign_key="programmemember.id", index=True)


class Entry(SQLModel, table=True):
    """One stored submission: an answer card, a word, later a vote."""

    __table_args__ = (
        # The client id makes a resend idempotent without a read-then-write.
        UniqueConstraint("participant_id", "client_id", name="uq_entry_client"),
        # The per-participant sequence caps entries per activity without a race.
        UniqueConstraint("activity_id", "participant_id", "seq", name="uq_entry_seq"),
    )

    id: int | None = Field(default=None, primary_key=True)
    activity_id: int = Field(foreign_key="activity.id", index=True)
    participant_id: int = Field(foreign_key="participant.id", index=True)
    client_id: str = Field(max_length=64)
    seq: int
    payload: dict[str, Any] = Field(default_factory=dict, sa_column=Column(JSON, nullable=False))
    hidden: bool = False
    created_at: datetime = Field(default_factory=utcnow)
