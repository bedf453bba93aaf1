"""How many journal entries each leader of a programme wrote: counts for the facilitator, never the text."""
from sqlalchemy import func
from sqlmodel import Session, col, select

from app.models import JournalEntry, ProgrammeMember


def entry_counts(s: Session, programme_id: int) -> dict[int, int]:
    """Journal entries per programme member id, for the programme's members who wrote any."""
    rows = s.exec(select(JournalEntry.programme_member_id, func.count())
                  .join(ProgrammeMember, col(ProgrammeMember.id) == JournalEntry.programme_member_id)
                  .where(ProgrammeMember.programme_id == programme_id)
                  .group_by(col(JournalEntry.programme_member_id))).all()
    return {member_id: count for member_id, count in rows}
