"""The demo workshop a newcomer gets with `samling serve --demo`."""
from app.db import Database
from app.services import agenda
from app.services.demo import AGENDA, GROUPS, ensure_demo
from app.services.views import state_views


def test_demo_workshop_has_every_kind_and_the_seed_groups_and_is_made_once(database_url):
    db = Database(database_url)
    db.migrate()
    f, w = ensure_demo(db)
    again_f, again_w = ensure_demo(db)
    assert (again_f.id, again_w.id) == (f.id, w.id) and w.status == "live"
    _w, items = agenda.get_workshop(db, facilitator_id=f.id, workshop_id=w.id)
    assert [a.kind for a in items] == [kind for kind, _p, _s in AGENDA]
    assert {"poster", "diamond", "points", "scale", "poll"} <= {a.kind for a in items}
    view = state_views(db, w.id)["facilitator"]
    assert [g["name"] for g in view["groups"] if g["id"]] == GROUPS
    assert [r["name"] for r in view["roles"]] == ["Ordstyrer og tidtaker", "Viddevakt", "Sekretær"]
    db.dispose()
