"""A sample workshop modelled on the seeds' day 3, so a newcomer sees the product at once."""
from sqlmodel import select

from app.db import Database
from app.models import Facilitator, Workshop
from app.services import agenda, facilitators, groups
from app.services.events import NullBus

DEMO_EMAIL = "demo@samling.local"
DEMO_PASSWORD = "samling-demo"
DEMO_TITLE = "Samling 3: Verdier og mestringsorientert ledelse (demo)"

AGENDA = [
    ("word_cloud", "Hva skal til for at et slikt program blir nyttig for deg?", {"words_per_participant": 3}),
    ("open_text", "Hva er det aller viktigste kommunen bør oppnå gjennom lederutviklingsprogrammet?",
     {"max_answers": 3}),
    ("scale", "Mestringsorientert leder: hvor godt stemmer dette for deg?", {}),
    ("diamond", "Bli enige om 9 verdier. Prioriter dem i diamanten.", {"mode": "group", "items": [
        "Tillit", "Respekt", "Åpenhet", "Likeverd", "Ærlighet", "Raushet", "Mot", "Inkludering", "Retning"]}),
    ("points", "Prioriter de verdiene som er viktigst for lederskapet. Du kan fordele 100 poeng.", {}),
    ("poster", "VERDI: Som leder skal jeg ...", {}),
    ("poll", "Vil du ha mer gruppearbeid på neste samling?", {"items": ["Ja", "Nei", "Som i dag"]}),
    ("open_text", "Hvilke kommentarer har dere til dagens samling?", {"max_answers": 3}),
]
GROUPS = ["Gygrene", "Stjernelaget", "Godt og blandet", "Blåveis", "Einingsleiarane", "RLG"]


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
    with db.read() as s:
        w = s.exec(select(Workshop).where(Workshop.owner_id == f.id, Workshop.title == DEMO_TITLE)).first()
    if w is None:
        w = agenda.create_workshop(db, facilitator_id=f.id, title=DEMO_TITLE, language="nb")
        for kind, prompt, settings in AGENDA:
            agenda.add_activity(db, bus, facilitator_id=f.id, workshop_id=w.id, kind=kind, prompt=prompt,
                                settings=settings)
        for name in GROUPS:
            groups.create_group(db, bus, facilitator_id=f.id, workshop_id=w.id, name=name)
        groups.set_roles(db, bus, facilitator_id=f.id, workshop_id=w.id, roles=groups.preset_roles("nb"))
    w = agenda.go_live(db, bus, facilitator_id=f.id, workshop_id=w.id)
    return f, w


def _first_id(db: Database) -> int:
    # Only an administrator may invite (the first facilitator is one).
    with db.read() as s:
        return s.exec(select(Facilitator.id).where(Facilitator.is_admin.is_(True), Facilitator.active.is_(True))
                      .order_by(Facilitator.id)).first()
