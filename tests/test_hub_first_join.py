"""The first screen of a workshop connecting while the facilitator moves on never stays on the old round.

The room's first read of the state and the rebuild after the change overlap; the read that finished last
used to win even when it had started first, so the screen kept the lobby until the next change. Here the
first read is held after reading (a slow database), the change is committed meanwhile, then let go."""
import asyncio
import json
import threading

from app.db import Database
from app.live.connection import Connection
from app.live.hub import Hub
from app.main import ViewAdapter
from app.services import agenda, commands, facilitators
from app.services.events import STATE, NullBus
from tests.test_connection import Socket, run


class HeldFirstRead(ViewAdapter):
    """The real views, with the first state read held back after it has read the database."""

    def __init__(self, db: Database):
        super().__init__(db)
        self.read = threading.Event()
        self.release = threading.Event()
        self.calls = 0

    def state(self, workshop_id: int):
        self.calls += 1
        first = self.calls == 1
        views = super().state(workshop_id)
        if first:
            self.read.set()
            self.release.wait(10)
        return views


def test_a_screen_joining_during_a_round_change_gets_the_new_round(database_url):
    db = Database(database_url)
    db.migrate()
    bus = NullBus()
    owner = facilitators.sign_up_first(db, "Fasilitator", "f@example.no", "correct horse battery")
    w = agenda.create_workshop(db, facilitator_id=owner.id, title="Samling 3")
    activity = agenda.add_activity(db, bus, facilitator_id=owner.id, workshop_id=w.id, kind="word_cloud",
                                   prompt="Hva skal til?", settings={})
    agenda.go_live(db, bus, facilitator_id=owner.id, workshop_id=w.id)
    source = HeldFirstRead(db)

    async def scenario():
        hub = Hub(source, interval=0.02)
        sock = Socket()
        conn = Connection(sock, "presenter", w.id, queue_size=64)
        entering = asyncio.create_task(hub.enter(conn))
        await asyncio.to_thread(source.read.wait, 10)  # the first read has the lobby
        commands.run_command(db, bus, facilitator_id=owner.id, workshop_id=w.id, command="next")
        hub.notify(w.id, STATE)
        room = hub.rooms[w.id]
        for _ in range(200):  # the rebuild after the change has read the new round
            if (room.state or {}).get("presenter", {}).get("activity"):
                break
            await asyncio.sleep(0.02)
        source.release.set()
        await entering
        await asyncio.sleep(0.3)  # anything still on its way to the screen
        await conn.flush()
        await conn.stop()
        await hub.close()
        return [json.loads(m) for m in sock.sent]

    sent = run(scenario())
    db.dispose()
    states = [m for m in sent if m.get("type") == "state"]
    assert states, sent
    assert (states[-1].get("activity") or {}).get("id") == activity.id, [s.get("activity") for s in states]
