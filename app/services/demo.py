"""A sample workshop modelled on the seeds' day 3, so a newcomer sees the product at once."""
from typing import Any

from sqlmodel import col, select

from app.activities import KINDS, kind_part
from app.db import Database
from app.models import Facilitator, Workshop, id_of
from app.services import agenda, facilitators, groups
from app.services.events import NullBus

DEMO_EMAIL = "demo@samling.local"
DEMO_PASSWORD = "samling-demo"
DEMO_TITLE = "Samling 3: Verdier og mestringsorientert ledelse (demo)"

GROUPS = ["Gygrene", "Stjernelaget", "Godt og blandet", "Blåveis", "Einingsleiarane", "RLG"]


def demo_agenda() -> list[tuple[str, str, dict[str, Any]]]:
    """The demo day, (kind, question, settings) in order, from each kind's own sample rounds (its demo.py)."""
    rounds: list[tuple[float, str, str, dict[str, Any]]] = []
    for name in KINDS:
        module = kind_part(name, "demo")
        rounds += [(place, name, prompt, settings) for place, prompt, settings in getattr(module, "ROUNDS", [])]
    return [(name, prompt, settings) for _place, name, prompt, settings in sorted(rounds, key=lambda r: r[0])]


AGENDA = demo_agenda()


def ensure_demo(db: Database) -> tuple[Facilitator, Workshop]:
    """The demo facilitator and a live demo workshop (created once, reused afterwards)."""
    bus = NullBus()
    with db.read() as s:
        f = s.exec(select(Facilitator).where(Facilitator.email == DEMO_EMAIL)).first()
    if f is None:
        if facilitators.has_any(db):
            inv = facilitators.invite(db, _first_id(db))
            f = facilitators.accept_invitation(db, inv.token, "Demo", DEMO_EMAIL, DEMO_PASSWORD)
        else:
            f = facilitators.sign_up_first(db, "Demo", DEMO_EMAIL, DEMO_PASSWORD)
    fid = id_of(f)
    with db.read() as s:
        w = s.exec(select(Workshop).where(Workshop.owner_id == fid, Workshop.title == DEMO_TITLE)).first()
    if w is None:
        w = agenda.create_workshop(db, facilitator_id=fid, title=DEMO_TITLE, language="nb")
        for kind, prompt, settings in demo_agenda():
            agenda.add_activity(db, bus, facilitator_id=fid, workshop_id=id_of(w), kind=kind, prompt=prompt,
                                settings=settings)
        for name in GROUPS:
            groups.create_group(db, bus, facilitator_id=fid, workshop_id=id_of(w), name=name)
        groups.set_roles(db, bus, facilitator_id=fid, workshop_id=id_of(w), roles=groups.preset_roles("nb"))
    w = agenda.go_live(db, bus, facilitator_id=fid, workshop_id=id_of(w))
    return f, w


def _first_id(db: Database) -> int:
    # Only an administrator may invite (the first facilitator is one).
    with db.read() as s:
        first = s.exec(select(Facilitator.id).where(col(Facilitator.is_admin).is_(True), col(Facilitator.active).is_(True))
                       .order_by(col(Facilitator.id))).first()
    return first if first is not None else 0  # 0 names nobody: with no active administrator, invite() refuses
