"""Templates: the seeds' day 1 and day 3 shipped as built-in agendas (bokmål and nynorsk), a facilitator's own
workshops saved as templates, and new draft workshops started from either.

An own template is a workshop row whose status is "template" (no table of its own): a copy made as
agenda.duplicate_workshop makes one (agenda, phase plans as plans, groups without people, roles; no
participants, answers or moderation), owned by whoever saved it and seen and used by them alone. Its status
is set when it is made and never changes, because the API refuses to take a template live or end it
(`refuse_template`): so it never gets a join code, never counts as a running workshop, and retention (which
counts from the end) never deletes it. Starting from a template copies it again, into a new draft.

Built-in templates are data (app/templates_builtin/<day>.json): per activity its kind, shared settings, timed
phases, an optional feed plan naming an earlier activity by its place in the agenda, an optional planned start
("09:00", the seeds' programme for the day: the first activity of each timed block), and per language the
prompt and the worded settings (a poll's options, a scale's statements); per language the title, a one-line
description and the groups' roles. Every setting goes through its kind when a workshop is made from them."""
import json
from copy import deepcopy
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path
from typing import Any

from sqlmodel import Session, col, select

from app.activities import KINDS, get_kind
from app.db import Database
from app.i18n import N_
from app.ids import is_row_id
from app.models import Activity, Workshop, id_of
from app.services import agenda, chaining, phase_clock, schedule
from app.services.access import agenda as agenda_of, owned_workshop
from app.services.errors import Conflict, Invalid, NotFound

TEMPLATE = "template"  # Workshop.status of an own template
BUILTIN_DIR = Path(__file__).resolve().parent.parent / "templates_builtin"
BUILTIN_LANGUAGES = ("nb", "nn")


@dataclass(frozen=True)
class PlannedActivity:
    """One activity of a built-in template, in one language."""

    kind: str
    prompt: str
    settings: dict[str, Any]
    phases: tuple[tuple[str, int, bool], ...]
    feed: tuple[int, int] | None  # (place of the earlier activity in the agenda, top n of each of its lists)
    planned_start: str | None = None  # "09:00": the block of the day's programme it opens; None: none of its own


@dataclass(frozen=True)
class BuiltinTemplate:
    """A shipped day in one language, keyed "<day>-<language>" ("day3-nb")."""

    key: str
    order: int
    language: str
    title: str
    description: str
    roles: tuple[dict[str, Any], ...]
    activities: tuple[PlannedActivity, ...]


@dataclass(frozen=True)
class TemplateInfo:
    """A template as the dashboard and the API list it: built-in ("day3-nb") or own (its workshop id as key)."""

    key: str
    builtin: bool
    title: str
    language: str
    description: str
    kinds: tuple[str, ...]
    workshop_id: int | None = None


def _planned(raw: dict[str, Any], language: str, count: int, at: int) -> PlannedActivity:
    """One activity of a template file in `language`; ValueError where the file is broken."""
    if raw["kind"] not in KINDS:
        raise ValueError(f"activity {at}: unknown kind {raw['kind']!r}")
    worded = dict(raw["text"][language])
    prompt = worded.pop("prompt")
    if not prompt or len(prompt) > 500:
        raise ValueError(f"activity {at}: a prompt of 1 to 500 characters")
    feed = raw.get("feed")
    if feed is not None and not 0 <= feed["from"] < at < count:
        raise ValueError(f"activity {at}: a feed comes from an earlier activity")
    return PlannedActivity(kind=raw["kind"], prompt=prompt, settings={**raw.get("settings", {}), **worded},
                           phases=tuple((str(p[0]), int(p[1]), bool(p[2])) for p in raw.get("phases", [])),
                           feed=(int(feed["from"]), int(feed["n"])) if feed else None,
                           planned_start=_planned_start(raw.get("planned_start"), at))


def _planned_start(value: Any, at: int) -> str | None:
    """A template activity's planned start, as the API would store it; ValueError where the file is broken."""
    if value is None or isinstance(value, str):
        try:
            return schedule.clean_planned_start(value)
        except Invalid:
            pass
    raise ValueError(f"activity {at}: planned_start is not HH:MM")


def _load(path: Path) -> list[BuiltinTemplate]:
    """The templates of one file, one per language."""
    data = json.loads(path.read_text(encoding="utf-8"))
    raw_activities = data["activities"]
    return [BuiltinTemplate(
        key=f"{data['day']}-{language}", order=int(data["order"]), language=language, title=data["title"][language],
        description=data["description"][language], roles=tuple(data["roles"][language]),
        activities=tuple(_planned(a, language, len(raw_activities), i) for i, a in enumerate(raw_activities)))
        for language in BUILTIN_LANGUAGES]


@lru_cache
def builtin_templates() -> dict[str, BuiltinTemplate]:
    """Every shipped template by key, day by day, bokmål before nynorsk (read once)."""
    found = [t for path in sorted(BUILTIN_DIR.glob("*.json")) for t in _load(path)]
    return {t.key: t for t in sorted(found, key=lambda t: (t.order, BUILTIN_LANGUAGES.index(t.language)))}


# --- listing ---------------------------------------------------------------------------------

def _own_templates(s: Session, facilitator_id: int) -> list[Workshop]:
    """The templates `facilitator_id` saved, newest first (a template is its owner's alone)."""
    return list(s.exec(select(Workshop).where(Workshop.owner_id == facilitator_id, Workshop.status == TEMPLATE)
                       .order_by(col(Workshop.id).desc())).all())


def list_templates(db: Database, *, facilitator_id: int) -> list[TemplateInfo]:
    """The built-in templates, then the facilitator's own."""
    shipped = [TemplateInfo(key=t.key, builtin=True, title=t.title, language=t.language, description=t.description,
                            kinds=tuple(a.kind for a in t.activities)) for t in builtin_templates().values()]
    with db.read() as s:
        own = [_own_info(s, w) for w in _own_templates(s, facilitator_id)]
    return shipped + own


def _own_info(s: Session, w: Workshop) -> TemplateInfo:
    """An own template as it is listed: its id as key, its agenda's kinds."""
    return TemplateInfo(key=str(id_of(w)), builtin=False, title=w.title, language=w.language, description="",
                        kinds=tuple(a.kind for a in agenda_of(s, id_of(w))), workshop_id=id_of(w))


def running_workshops(db: Database, *, facilitator_id: int) -> list[Workshop]:
    """The facilitator's workshops (drafts, live and ended, own and shared) without their templates."""
    return [w for w in agenda.list_workshops(db, facilitator_id=facilitator_id) if w.status != TEMPLATE]


def refuse_template(db: Database, *, facilitator_id: int, workshop_id: int) -> None:
    """Refuse to run a template (go live, end): Conflict `template`; NotFound as for any workshop not one's own."""
    with db.read() as s:
        w = owned_workshop(s, facilitator_id, workshop_id)
    if w.status == TEMPLATE:
        raise Conflict(N_("This is a template: it cannot go live. Start a workshop from it instead."), "template")


# --- saving and starting -----------------------------------------------------------------------

def _copy(db: Database, *, facilitator_id: int, workshop_id: int, status: str, title: str) -> Workshop:
    """A copy as agenda.duplicate_workshop makes it, with this status and title (not "… (copy)")."""
    made = agenda.duplicate_workshop(db, facilitator_id=facilitator_id, workshop_id=workshop_id)
    with db.write() as s:
        w = s.get(Workshop, id_of(made))
        assert w is not None  # made just now by the caller, who alone knows it yet
        w.status, w.title = status, title
        s.add(w)
    return w


def save_as_template(db: Database, *, facilitator_id: int, workshop_id: int) -> TemplateInfo:
    """Save a workshop `facilitator_id` runs as their own template: its agenda, phase plans, groups (empty)
    and roles; no people, answers or moderation. The workshop itself is unchanged."""
    with db.read() as s:
        title = owned_workshop(s, facilitator_id, workshop_id).title
    w = _copy(db, facilitator_id=facilitator_id, workshop_id=workshop_id, status=TEMPLATE, title=title)
    with db.read() as s:
        return _own_info(s, w)


def start_from_template(db: Database, *, facilitator_id: int, key: str) -> Workshop:
    """A new draft workshop of `facilitator_id` from a built-in template ("day3-nb") or one of their own
    (its id); NotFound for any other key, someone else's template included."""
    shipped = builtin_templates().get(key)
    if shipped is not None:
        return _instantiate(db, facilitator_id, shipped)
    template_id = int(key) if key.isascii() and key.isdigit() and len(key) <= 10 else None
    with db.read() as s:
        template = s.get(Workshop, template_id) if is_row_id(template_id) else None
    if template is None or template.status != TEMPLATE or template.owner_id != facilitator_id:
        raise NotFound(N_("No such template."), "template")
    return _copy(db, facilitator_id=facilitator_id, workshop_id=id_of(template), status="draft", title=template.title)


def _instantiate(db: Database, facilitator_id: int, t: BuiltinTemplate) -> Workshop:
    """A draft workshop with a built-in template's agenda, phase plans, feed plans and roles, in one transaction."""
    with db.write() as s:
        w = Workshop(owner_id=facilitator_id, title=t.title, language=t.language, roles=deepcopy(list(t.roles)))
        s.add(w)
        s.flush()
        made: list[Activity] = []
        for i, planned in enumerate(t.activities):
            kind = get_kind(planned.kind)
            settings = kind.settings({**kind.default_settings(), **deepcopy(planned.settings)})
            clock = phase_clock.to_dict(phase_clock.plan(list(planned.phases))) if planned.phases else {}
            made.append(Activity(workshop_id=id_of(w), position=i, kind=planned.kind, prompt=planned.prompt,
                                 settings=settings.model_dump(), clock=clock, planned_start=planned.planned_start,
                                 results_visible=kind.results_visible_at_start(settings)))
            s.add(made[-1])
        s.flush()
        for a, planned in zip(made, t.activities):
            if planned.feed is not None:  # the plan names the copy's own earlier round, by its new id
                source, n = planned.feed
                kind = get_kind(a.kind)
                a.settings = kind.settings({**a.settings, "feed": {"source_id": id_of(made[source]), "n": n}}).model_dump()
                chaining.check_feed(made, a)
                s.add(a)
        s.flush()
        return w
