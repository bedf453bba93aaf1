"""Templates in the REST API: list them, save a workshop as one, start a draft workshop from one."""
from dataclasses import asdict
from typing import Annotated

from fastapi import APIRouter, Path

from app.deps import ApiFacilitator, Ctx
from app.ids import RowId
from app.models import id_of
from app.schemas import TemplateOut, WorkshopOut
from app.services import agenda, templates

router = APIRouter(prefix="/api/v1", tags=["api"])

# A built-in key ("day3-nb") or an own template's id.
TemplateKey = Annotated[str, Path(max_length=40, pattern="^[a-z0-9][a-z0-9-]*$")]


@router.get("/templates", response_model=list[TemplateOut])
def list_templates(f: ApiFacilitator, ctx: Ctx):
    """The built-in templates (the seeds' day 1 and day 3 in bokmål and nynorsk), then your own, newest first."""
    return [TemplateOut(**asdict(t)) for t in templates.list_templates(ctx.db, facilitator_id=id_of(f))]


@router.post("/workshops/{workshop_id}/template", response_model=TemplateOut, status_code=201)
def save_as_template(workshop_id: RowId, f: ApiFacilitator, ctx: Ctx):
    """Save a workshop you run as your own template: agenda, settings, phase plans, groups (empty) and roles;
    no participants, answers or moderation. Only you see and use it; it never goes live."""
    return TemplateOut(**asdict(templates.save_as_template(ctx.db, facilitator_id=id_of(f), workshop_id=workshop_id)))


@router.post("/templates/{key}/workshops", response_model=WorkshopOut, status_code=201)
def start_from_template(key: TemplateKey, f: ApiFacilitator, ctx: Ctx):
    """A new draft workshop of yours from a template (404 for an unknown key or someone else's template)."""
    w = templates.start_from_template(ctx.db, facilitator_id=id_of(f), key=key)
    return WorkshopOut.of(*agenda.get_workshop(ctx.db, facilitator_id=id_of(f), workshop_id=id_of(w)))
