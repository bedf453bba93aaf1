"""The REST API of programmes under /api/v1/programmes: a series of workshops, their network groups, facilitators
and leaders."""
from dataclasses import asdict

from fastapi import APIRouter, HTTPException

from app.deps import ApiFacilitator, Ctx
from app.i18n import gettext
from app.ids import RowId
from app.models import id_of
from app.schemas import (CoFacilitatorAdd, GroupCreate, PersonOut, ProgrammeCreate, ProgrammeGroupOut,
                         ProgrammeGroupUpdate, ProgrammeMemberMerge, ProgrammeMemberOut, ProgrammeOrder, ProgrammeOut,
                         ProgrammeSummary, ProgrammeUpdate, ProgrammeWorkshopAdd, ProgrammeWorkshopOut, TeamOut)
from app.services import programmes
from app.services.programmes import UNCHANGED, MemberSummary

router = APIRouter(prefix="/api/v1/programmes", tags=["programmes"])


def member_out(m: MemberSummary) -> ProgrammeMemberOut:
    """A leader as the API and the programme page show them: their name, else "Member 3" in the reader's language."""
    return ProgrammeMemberOut(**asdict(m), label=m.name or gettext("Member %(n)s", n=m.number))


def _detail(ctx: Ctx, facilitator_id: int, programme_id: int) -> ProgrammeOut:
    found = programmes.get_programme(ctx.db, facilitator_id=facilitator_id, programme_id=programme_id)
    return ProgrammeOut.with_parts(found.programme, found.workshops, found.groups)


@router.get("", response_model=list[ProgrammeSummary])
def list_programmes(f: ApiFacilitator, ctx: Ctx):
    """Your programmes (owned or co-facilitated), newest first."""
    return [ProgrammeSummary.of(p) for p in programmes.list_programmes(ctx.db, facilitator_id=id_of(f))]


@router.post("", response_model=ProgrammeOut, status_code=201)
def create_programme(body: ProgrammeCreate, f: ApiFacilitator, ctx: Ctx):
    """A new programme without workshops."""
    p = programmes.create_programme(ctx.db, facilitator_id=id_of(f), title=body.title, language=body.language,
                                    retention_days=body.retention_days)
    return ProgrammeOut.with_parts(p, [], [])


@router.get("/{programme_id}", response_model=ProgrammeOut)
def get_programme(programme_id: RowId, f: ApiFacilitator, ctx: Ctx):
    """A programme with its workshops in order and its network groups."""
    return _detail(ctx, id_of(f), programme_id)


@router.patch("/{programme_id}", response_model=ProgrammeOut)
def update_programme(programme_id: RowId, body: ProgrammeUpdate, f: ApiFacilitator, ctx: Ctx):
    """Change title, language or retention period (an explicit null: the default)."""
    retention = body.retention_days if "retention_days" in body.model_fields_set else UNCHANGED
    programmes.update_programme(ctx.db, facilitator_id=id_of(f), programme_id=programme_id, title=body.title,
                                language=body.language, retention_days=retention)
    return _detail(ctx, id_of(f), programme_id)


@router.delete("/{programme_id}", status_code=204)
def delete_programme(programme_id: RowId, f: ApiFacilitator, ctx: Ctx):
    """Delete a programme with its leaders' identities and network groups (owner only); its workshops stay."""
    programmes.delete_programme(ctx.db, ctx.broker, facilitator_id=id_of(f), programme_id=programme_id)


@router.get("/{programme_id}/workshops", response_model=list[ProgrammeWorkshopOut])
def list_workshops(programme_id: RowId, f: ApiFacilitator, ctx: Ctx):
    """The programme's workshops in order."""
    return _detail(ctx, id_of(f), programme_id).workshops


@router.post("/{programme_id}/workshops", response_model=ProgrammeWorkshopOut, status_code=201)
def add_workshop(programme_id: RowId, body: ProgrammeWorkshopAdd, f: ApiFacilitator, ctx: Ctx):
    """Add a workshop you own (`workshop_id`) or a new draft one (`title`) at `position` (default: last); its
    groups are linked to the programme's network groups."""
    if (body.workshop_id is None) == (body.title is None):
        raise HTTPException(422, detail={"code": "invalid", "message": gettext("The request is not valid.")})
    if body.workshop_id is not None:
        w = programmes.add_workshop(ctx.db, ctx.broker, facilitator_id=id_of(f), programme_id=programme_id,
                                    workshop_id=body.workshop_id, position=body.position)
    else:
        assert body.title is not None  # one of the two (checked above)
        w = programmes.create_workshop(ctx.db, ctx.broker, facilitator_id=id_of(f), programme_id=programme_id,
                                       title=body.title, language=body.language, position=body.position)
    return ProgrammeWorkshopOut.of(w)


@router.put("/{programme_id}/workshops", response_model=list[ProgrammeWorkshopOut])
def reorder_workshops(programme_id: RowId, body: ProgrammeOrder, f: ApiFacilitator, ctx: Ctx):
    """Put the programme's workshops in a new order (every one of them, once)."""
    return [ProgrammeWorkshopOut.of(w) for w in programmes.reorder_workshops(
        ctx.db, ctx.broker, facilitator_id=id_of(f), programme_id=programme_id, workshop_ids=body.workshop_ids)]


@router.delete("/{programme_id}/workshops/{workshop_id}", status_code=204)
def remove_workshop(programme_id: RowId, workshop_id: RowId, f: ApiFacilitator, ctx: Ctx):
    """Take a workshop out of the programme (its owner or the programme's owner); it stays as a workshop of its own."""
    programmes.remove_workshop(ctx.db, ctx.broker, facilitator_id=id_of(f), programme_id=programme_id,
                               workshop_id=workshop_id)


@router.get("/{programme_id}/groups", response_model=list[ProgrammeGroupOut])
def list_groups(programme_id: RowId, f: ApiFacilitator, ctx: Ctx):
    """The programme's network groups in order."""
    return [ProgrammeGroupOut(id=id_of(g), name=g.name, position=g.position)
            for g in programmes.list_groups(ctx.db, facilitator_id=id_of(f), programme_id=programme_id)]


@router.post("/{programme_id}/groups", response_model=ProgrammeGroupOut, status_code=201)
def create_group(programme_id: RowId, body: GroupCreate, f: ApiFacilitator, ctx: Ctx):
    """A new network group; every workshop of the programme gets its group too."""
    g = programmes.create_group(ctx.db, ctx.broker, facilitator_id=id_of(f), programme_id=programme_id,
                                name=body.name)
    return ProgrammeGroupOut(id=id_of(g), name=g.name, position=g.position)


@router.patch("/{programme_id}/groups/{group_id}", response_model=ProgrammeGroupOut)
def update_group(programme_id: RowId, group_id: RowId, body: ProgrammeGroupUpdate, f: ApiFacilitator, ctx: Ctx):
    """Rename a network group or move it in the order, in every workshop of the programme."""
    g = programmes.update_group(ctx.db, ctx.broker, facilitator_id=id_of(f), programme_id=programme_id,
                                group_id=group_id, name=body.name, position=body.position)
    return ProgrammeGroupOut(id=id_of(g), name=g.name, position=g.position)


@router.delete("/{programme_id}/groups/{group_id}", status_code=204)
def delete_group(programme_id: RowId, group_id: RowId, f: ApiFacilitator, ctx: Ctx):
    """Remove a network group from the programme and its workshops; its members are in no group afterwards."""
    programmes.delete_group(ctx.db, ctx.broker, facilitator_id=id_of(f), programme_id=programme_id,
                            group_id=group_id)


@router.get("/{programme_id}/facilitators", response_model=TeamOut)
def list_facilitators(programme_id: RowId, f: ApiFacilitator, ctx: Ctx):
    """Who runs the programme (and so every workshop of it): its owner and co-facilitators."""
    return programmes.team(ctx.db, facilitator_id=id_of(f), programme_id=programme_id)


@router.post("/{programme_id}/facilitators", response_model=PersonOut, status_code=201)
def add_facilitator(programme_id: RowId, body: CoFacilitatorAdd, f: ApiFacilitator, ctx: Ctx):
    """Add an active facilitator of this installation (by id or email) as co-facilitator of the programme: they
    run every workshop of it (owner only)."""
    if (body.facilitator_id is None) == (body.email is None):
        raise HTTPException(422, detail={"code": "invalid", "message": gettext("The request is not valid.")})
    c = programmes.add_facilitator(ctx.db, owner_id=id_of(f), programme_id=programme_id,
                                   facilitator_id=body.facilitator_id, email=body.email)
    return PersonOut(id=id_of(c), name=c.name, email=c.email)


@router.delete("/{programme_id}/facilitators/{facilitator_id}", status_code=204)
def remove_facilitator(programme_id: RowId, facilitator_id: RowId, f: ApiFacilitator, ctx: Ctx):
    """Take a co-facilitator off the programme (owner only)."""
    programmes.remove_facilitator(ctx.db, ctx.broker, owner_id=id_of(f), programme_id=programme_id,
                                  facilitator_id=facilitator_id)


@router.get("/{programme_id}/members", response_model=list[ProgrammeMemberOut])
def list_members(programme_id: RowId, f: ApiFacilitator, ctx: Ctx):
    """The programme's leaders, oldest first: name, network group, how many of its workshops they joined and how
    many journal entries they wrote (counts only: a journal's text is its leader's alone)."""
    return [member_out(m) for m in programmes.list_members(ctx.db, facilitator_id=id_of(f), programme_id=programme_id)]


@router.post("/{programme_id}/members/merge", response_model=ProgrammeMemberOut)
def merge_members(programme_id: RowId, body: ProgrammeMemberMerge, f: ApiFacilitator, ctx: Ctx):
    """One leader who joined twice (a lost pass): `merge_id`'s workshops and journal move to `keep_id` (the identity
    whose pass they hold now) and `merge_id` is deleted. 409 `same_workshop` where both took part in one workshop."""
    return member_out(programmes.merge_members(ctx.db, ctx.broker, facilitator_id=id_of(f), programme_id=programme_id,
                                               keep_id=body.keep_id, merge_id=body.merge_id))
