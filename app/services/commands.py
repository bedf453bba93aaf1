"""The facilitator's live commands: a table from a command's name to the handler that applies it.

Navigation, lock, results and hiding answers are registered here; so are the phase commands
(app/services/phases.py) and every kind's moderation actions (ActivityKind.moderation_actions)."""
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from sqlmodel import Session

from app.activities import KINDS, get_kind
from app.activities.base import LiveContext, ModerationRejected
from app.db import Database
from app.i18n import gettext
from app.ids import is_row_id
from app.models import Activity, Entry, Workshop, id_of
from app.services import opening, phase_clock, phases
from app.services.access import agenda
from app.services.errors import Conflict, Invalid, NotFound
from app.services.events import RESULTS, STATE, Bus
from app.services.groups import group_lists
from app.services.schedule import mark_opened
from app.services.unit_of_work import Change, changing


@dataclass
class Steering:
    """One command at work: the change it makes, the agenda, the activity on screen and the command's args."""

    change: Change
    command: str
    args: dict[str, Any]
    items: list[Activity]
    current: Activity | None

    @property
    def s(self) -> Session:
        """The write transaction."""
        return self.change.s

    @property
    def workshop(self) -> Workshop:
        """The workshop steered."""
        return self.change.workshop

    def target(self) -> Activity:
        """The activity the command is about: `args.activity_id`, else the one on screen."""
        wanted = self.args.get("activity_id")
        target = self.current if wanted is None else next((a for a in self.items if a.id == wanted), None)
        if target is None:
            raise Conflict("No activity is on screen.", "no_activity")
        return target


# A handler applies its command and says what the screens must be told: STATE (also counts the version), RESULTS,
# both or nothing (nothing changed: nothing to redraw).
Handler = Callable[[Steering], set[str]]
COMMANDS: dict[str, Handler] = {}


def register(name: str, handler: Handler) -> None:
    """Make `name` a command applied by `handler`; a name belongs to one handler (kinds may share a moderation
    action's name: they share its handler)."""
    if COMMANDS.get(name, handler) is not handler:
        raise ValueError(f"The command {name!r} is taken.")
    COMMANDS[name] = handler


def run_command(db: Database, bus: Bus, *, facilitator_id: int, workshop_id: int, command: str,
                args: dict[str, Any] | None = None) -> tuple[Workshop, list[Activity]]:
    """Apply one facilitator command; the workshop (with the version the screens now have) and its agenda."""
    handler = COMMANDS.get(command)
    # Commands read and write back clocks and moderation: two at once (two consoles, two server processes)
    # take turns on the workshop row instead of losing one (SQLite already serialises).
    with changing(db, bus, facilitator_id=facilitator_id, workshop_id=workshop_id, topics=(), in_turn=True) as change:
        items = agenda(change.s, workshop_id)
        if handler is None:
            raise Invalid("Unknown command %(command)s.", "command", command=command[:40])
        current = next((a for a in items if a.id == change.workshop.current_activity_id), None)
        change.tell(*sorted(handler(Steering(change, command, args or {}, items, current))))
        change.s.add(change.workshop)
    return change.workshop, items


# --- navigation, lock and results --------------------------------------------------------------

def _step(c: Steering) -> set[str]:
    """next, previous: the neighbour in the agenda (before the first: the lobby; after the last: stay)."""
    w, items, current = c.workshop, c.items, c.current
    index = items.index(current) if current else -1
    index = index + 1 if c.command == "next" else index - 1
    if 0 <= index < len(items):
        w.current_activity_id = items[index].id
    elif c.command == "previous" and index < 0:
        w.current_activity_id = None
    if w.current_activity_id == (current.id if current else None):
        return set()  # already at the end (or in the lobby): nothing for the screens to redraw
    if w.current_activity_id is not None:
        opening.prepare(c.s, items, items[index])
        mark_opened(w, items[index])
    return {STATE, RESULTS}


def _goto(c: Steering) -> set[str]:
    """goto: the activity `args.activity_id`."""
    target = next((a for a in c.items if a.id == c.args.get("activity_id")), None)
    if target is None:
        raise NotFound("No such activity.", "activity")
    c.workshop.current_activity_id = target.id
    opening.prepare(c.s, c.items, target)
    mark_opened(c.workshop, target)
    return {STATE, RESULTS}


def _lobby(c: Steering) -> set[str]:
    """lobby: no activity on screen, the join screen."""
    c.workshop.current_activity_id = None
    return {STATE, RESULTS}


def _lock(c: Steering) -> set[str]:
    """lock, unlock: whether the activity takes answers."""
    target = c.target()
    target.locked = c.command == "lock"
    c.s.add(target)
    return {STATE, RESULTS}


def _results(c: Steering) -> set[str]:
    """show_results, hide_results: whether the room sees the results."""
    target = c.target()
    target.results_visible = c.command == "show_results"
    c.s.add(target)
    return {STATE, RESULTS}


def _hide_entry(c: Steering) -> set[str]:
    """hide_entry, unhide_entry: one answer (`args.entry_id`) of this workshop off or back on the screens."""
    entry_id = c.args.get("entry_id")
    entry = c.s.get(Entry, entry_id) if is_row_id(entry_id) else None
    if entry is None or entry.activity_id not in {a.id for a in c.items}:
        raise NotFound("No such answer.", "entry")
    entry.hidden = c.command == "hide_entry"
    c.s.add(entry)
    return {RESULTS}


def _phase(c: Steering) -> set[str]:
    """phase_*: the activity's clock (app/services/phases.py)."""
    target = c.target()
    target.clock = phases.apply(target.clock, c.command, c.args, phases.now())
    c.s.add(target)
    return {STATE, RESULTS}


def _moderate(c: Steering) -> set[str]:
    """A kind's moderation action on the activity on screen (or `args.activity_id`)."""
    if not any(c.command in get_kind(a.kind).moderation_actions for a in c.items):
        raise Invalid("Unknown command %(command)s.", "command", command=c.command[:40])  # no such kind on the agenda
    target = c.target()
    kind = get_kind(target.kind)
    if c.command not in kind.moderation_actions:
        raise Invalid("Unknown command %(command)s.", "command", command=c.command[:40])
    at = phases.now()
    live = LiveContext(at, group_lists(c.s, id_of(c.workshop)), phases.view(target.clock, at))
    try:
        target.moderation = kind.moderate(dict(target.moderation), c.command, c.args, live)
    except ModerationRejected as e:
        raise Invalid("The command could not be applied: %(why)s", "moderation", why=gettext(str(e)))
    topics = {RESULTS}
    if live.new_phases is not None:  # e.g. a gallery walk's timed stops, running from now; [] clears
        target.clock = phase_clock.to_dict(phase_clock.start(phase_clock.plan(live.new_phases), at)) \
            if live.new_phases else {}
        topics.add(STATE)
    c.s.add(target)
    return topics


def _register_own() -> None:
    """The commands every workshop has, the phase commands, and each kind's moderation actions."""
    for name, handler in (("next", _step), ("previous", _step), ("goto", _goto), ("lobby", _lobby),
                          ("lock", _lock), ("unlock", _lock), ("show_results", _results), ("hide_results", _results),
                          ("hide_entry", _hide_entry), ("unhide_entry", _hide_entry)):
        register(name, handler)
    for name in sorted(phases.PHASE_COMMANDS):
        register(name, _phase)
    for kind in KINDS.values():
        for name in sorted(kind.moderation_actions):
            register(name, _moderate)


_register_own()
KNOWN_COMMANDS = frozenset(COMMANDS)  # every command of the table, the kinds' moderation actions included
