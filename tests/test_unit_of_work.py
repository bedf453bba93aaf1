"""One way to change a workshop (app/services/unit_of_work.py) and the command table (app/services/commands.py),
on a real database."""
import pytest
from sqlmodel import select

from app.activities import KINDS
from app.db import Database
from app.models import Workshop
from app.services import agenda, commands, facilitators, groups
from app.services.errors import Conflict, NotFound
from app.services.events import RESULTS, STATE


class CommittedBus:
    """A bus that, at each notice, reads the workshop's version from a session of its own: what a screen would
    read when the notice reaches it."""

    def __init__(self, db: Database):
        self.db = db
        self.seen: list[tuple[str, int]] = []

    def publish(self, workshop_id: int, topic: str) -> None:
        with self.db.read() as s:
            self.seen.append((topic, s.exec(select(Workshop.state_version).where(Workshop.id == workshop_id)).one()))


@pytest.fixture
def room(database_url):
    db = Database(database_url)
    db.migrate()
    bus = CommittedBus(db)
    f = facilitators.sign_up_first(db, "Fasilitator", "f@example.no", "correct horse battery")
    w = agenda.create_workshop(db, facilitator_id=f.id, title="Samling 3")
    yield db, bus, f, w
    db.dispose()


def version(db: Database, workshop_id: int) -> int:
    with db.read() as s:
        return s.get(Workshop, workshop_id).state_version


def test_notices_go_out_after_the_commit_with_the_new_version(room):
    """Each change counts the version once and is told only when another session can already read it."""
    db, bus, f, w = room
    cloud = agenda.add_activity(db, bus, facilitator_id=f.id, workshop_id=w.id, kind="word_cloud", prompt="Ett ord?")
    assert bus.seen == [(STATE, 1)]
    agenda.update_activity(db, bus, facilitator_id=f.id, activity_id=cloud.id, prompt="To ord?")
    assert bus.seen[1:] == [(STATE, 2), (RESULTS, 2)]  # the order the screens were told before
    groups.create_group(db, bus, facilitator_id=f.id, workshop_id=w.id, name="Gygrene")
    live = agenda.go_live(db, bus, facilitator_id=f.id, workshop_id=w.id)
    assert live.state_version == version(db, w.id) == 4 and bus.seen[-1] == (STATE, 4)


def test_a_refused_change_tells_nothing_and_counts_nothing(room):
    """A change that fails (its check, or the right to make it) leaves no version and no notice behind."""
    db, bus, f, w = room
    groups.create_group(db, bus, facilitator_id=f.id, workshop_id=w.id, name="Gygrene")
    told = list(bus.seen)
    with pytest.raises(Conflict):
        groups.create_group(db, bus, facilitator_id=f.id, workshop_id=w.id, name="gygrene")
    with pytest.raises(NotFound):
        groups.create_group(db, bus, facilitator_id=f.id + 1, workshop_id=w.id, name="RLG")
    assert bus.seen == told and version(db, w.id) == 1
    with db.read() as s:
        assert [g.name for g in groups.groups_of(s, w.id)] == ["Gygrene"]


def test_a_command_answers_with_the_version_it_made_and_a_no_op_tells_nothing(room):
    """run_command gives back the workshop as its own transaction left it; `next` at the end changes nothing."""
    db, bus, f, w = room
    a = agenda.add_activity(db, bus, facilitator_id=f.id, workshop_id=w.id, kind="open_text", prompt="Hva nå?")
    agenda.go_live(db, bus, facilitator_id=f.id, workshop_id=w.id)
    steered, items = commands.run_command(db, bus, facilitator_id=f.id, workshop_id=w.id, command="next")
    assert steered.current_activity_id == a.id and [i.id for i in items] == [a.id]
    assert steered.state_version == version(db, w.id) == 3
    assert bus.seen[-2:] == [(RESULTS, 3), (STATE, 3)]
    told = list(bus.seen)
    again, _items = commands.run_command(db, bus, facilitator_id=f.id, workshop_id=w.id, command="next")
    assert again.state_version == 3 and bus.seen == told


def test_every_kind_moderation_action_and_phase_command_is_in_the_table():
    """The table is where the kinds and the phase commands register; a name belongs to one handler."""
    from app.services.phases import PHASE_COMMANDS

    actions = {a for kind in KINDS.values() for a in kind.moderation_actions}
    assert actions and actions <= commands.KNOWN_COMMANDS
    assert PHASE_COMMANDS <= commands.KNOWN_COMMANDS
    assert {"next", "previous", "goto", "lobby", "lock", "unlock", "show_results", "hide_results",
            "hide_entry", "unhide_entry"} <= commands.KNOWN_COMMANDS
    with pytest.raises(ValueError):
        commands.register("next", lambda steering: set())
