"""A participant deletes their own answers while the workshop is live."""
from typing import Any

from sqlalchemy import delete
from sqlmodel import col, select

from app.activities import get_kind
from app.db import Database
from app.ids import is_row_id
from app.models import Activity, Entry, Participant, Workshop, id_of
from app.services.errors import Conflict, Invalid, NotFound
from app.services.events import RESULTS, Bus


def delete_own(db: Database, bus: Bus, participant_id: int, activity_id: Any = None) -> list[int]:
    """Delete the participant's entries (all of them, or one activity's); returns the deleted ids.

    Entries that are a group's shared work (a poster's text, a group diamond's moves) stay: the
    group's later work builds on them. The deleted rows are overwritten (secure_delete) and the
    SQLite WAL emptied, so the text does not linger in the database files."""
    if activity_id is not None and not is_row_id(activity_id):
        raise Invalid("The message needs an activity_id.", "bad_activity")
    with db.write() as s:
        p = s.get(Participant, participant_id)
        if p is None:
            raise NotFound("Unknown participant.", "participant")
        w = s.get(Workshop, p.workshop_id)
        if w is None or w.status != "live":
            raise Conflict("The workshop has ended: answers can no longer be deleted here.", "not_live")
        kinds = {id_of(a): get_kind(a.kind) for a in s.exec(select(Activity).where(Activity.workshop_id == w.id))}
        if activity_id is not None and activity_id not in kinds:
            raise NotFound("This activity does not exist.", "bad_activity")
        query = select(Entry.id, Entry.activity_id, col(Entry.payload)).where(Entry.participant_id == p.id)
        if activity_id is not None:
            query = query.where(Entry.activity_id == activity_id)
        ids = [entry_id for entry_id, aid, payload in s.exec(query).all()
               if entry_id is not None and aid in kinds and not kinds[aid].shared_entry(payload)]  # (ids: never None)
        if ids:
            s.execute(delete(Entry).where(col(Entry.id).in_(ids)))
    if ids:
        db.after_delete(soon=True)
        # The live results drop them: the entry cache sees the count fall and reads the activity afresh.
        bus.publish(id_of(w), RESULTS)
    return ids
