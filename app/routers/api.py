"""The facilitator's REST API under /api/v1 (OpenAPI at /docs), plus the participants' join call."""
from fastapi import APIRouter, HTTPException, Request

from app.activities import KINDS
from app.deps import ApiFacilitator, Ctx, api_token, sign_in
from app.i18n import LANGUAGES, gettext, set_language
from app.routers.joining import join_by_code
from app.schemas import (ActivityCreate, ActivityOut, ActivityUpdate, Command, GroupCreate, GroupMove, GroupOut,
                         GroupSplit, InvitationOut, JoinRequest, JoinResponse, Move, Phases, Roles, SignUp,
                         TokenRequest, TokenResponse, WorkshopCreate, WorkshopOut, WorkshopSummary, WorkshopUpdate)
from app.services import chaining, facilitators, groups, phases, views, workshops

router = APIRouter(prefix="/api/v1", tags=["api"])


@router.post("/auth/token", response_model=TokenResponse)
def create_token(body: TokenRequest, ctx: Ctx):
    """Exchange email and password for a bearer token (30 days)."""
    f = sign_in(ctx, body.email, body.password)
    if f is None:
        raise HTTPException(401, detail={"code": "credentials", "message": gettext("Wrong email or password.")})
    return TokenResponse(token=api_token(ctx, f))


@router.post("/auth/signup", response_model=TokenResponse, status_code=201)
def sign_up_first(body: SignUp, ctx: Ctx):
    """Create the first facilitator of a fresh installation (refused once one exists)."""
    f = facilitators.sign_up_first(ctx.db, body.name, body.email, body.password)
    return TokenResponse(token=api_token(ctx, f))


@router.post("/invitations", response_model=InvitationOut, status_code=201)
def invite(request: Request, f: ApiFacilitator, ctx: Ctx):
    """A one-time link for one more facilitator."""
    inv = facilitators.invite(ctx.db, f.id)
    return InvitationOut(token=inv.token, url=str(request.url_for("invitation_page", token=inv.token)))


@router.get("/kinds")
def list_kinds():
    """The activity kinds and their default settings."""
    return [{"kind": k.name, "label": k.label, "settings": k.default_settings(),
             "moderation_actions": sorted(k.moderation_actions)} for k in KINDS.values()]


@router.get("/workshops", response_model=list[WorkshopSummary])
def list_workshops(f: ApiFacilitator, ctx: Ctx):
    """Your workshops, newest first (without their agendas)."""
    return [WorkshopSummary.of(w) for w in workshops.list_workshops(ctx.db, f.id)]


@router.post("/workshops", response_model=WorkshopOut, status_code=201)
def create_workshop(body: WorkshopCreate, f: ApiFacilitator, ctx: Ctx):
    """A new draft workshop."""
    return WorkshopOut.of(workshops.create_workshop(ctx.db, f.id, body.title, body.language))


@router.get("/workshops/{workshop_id}", response_model=WorkshopOut)
def get_workshop(workshop_id: int, f: ApiFacilitator, ctx: Ctx):
    """A workshop with its agenda."""
    return WorkshopOut.of(*workshops.get_workshop(ctx.db, f.id, workshop_id))


@router.patch("/workshops/{workshop_id}", response_model=WorkshopOut)
def update_workshop(workshop_id: int, body: WorkshopUpdate, f: ApiFacilitator, ctx: Ctx):
    """Change title or language."""
    workshops.update_workshop(ctx.db, ctx.broker, f.id, workshop_id, body.title, body.language)
    if body.group_choice is not None:
        groups.set_group_choice(ctx.db, ctx.broker, f.id, workshop_id, body.group_choice)
    return WorkshopOut.of(*workshops.get_workshop(ctx.db, f.id, workshop_id))


@router.delete("/workshops/{workshop_id}", status_code=204)
def delete_workshop(workshop_id: int, f: ApiFacilitator, ctx: Ctx):
    """Delete a workshop with all its answers."""
    workshops.delete_workshop(ctx.db, ctx.broker, f.id, workshop_id)


@router.post("/workshops/{workshop_id}/activities", response_model=ActivityOut, status_code=201)
def add_activity(workshop_id: int, body: ActivityCreate, f: ApiFacilitator, ctx: Ctx):
    """Add an activity to the agenda (at the end unless a position is given)."""
    a = workshops.add_activity(ctx.db, ctx.broker, f.id, workshop_id, body.kind, body.prompt, body.settings,
                               body.position)
    return ActivityOut.of(a)


@router.patch("/activities/{activity_id}", response_model=ActivityOut)
def update_activity(activity_id: int, body: ActivityUpdate, f: ApiFacilitator, ctx: Ctx):
    """Edit an activity's question or settings."""
    return ActivityOut.of(workshops.update_activity(ctx.db, ctx.broker, f.id, activity_id, body.prompt, body.settings))


@router.post("/activities/{activity_id}/move", status_code=204)
def move_activity(activity_id: int, body: Move, f: ApiFacilitator, ctx: Ctx):
    """Move an activity to another place in the agenda."""
    workshops.move_activity(ctx.db, ctx.broker, f.id, activity_id, body.position)


@router.post("/activities/{activity_id}/duplicate", response_model=ActivityOut, status_code=201)
def duplicate_activity(activity_id: int, f: ApiFacilitator, ctx: Ctx):
    """Copy an activity (without answers) right after itself."""
    return ActivityOut.of(workshops.duplicate_activity(ctx.db, ctx.broker, f.id, activity_id))


@router.delete("/activities/{activity_id}", status_code=204)
def delete_activity(activity_id: int, f: ApiFacilitator, ctx: Ctx):
    """Delete an activity and its answers."""
    workshops.delete_activity(ctx.db, ctx.broker, f.id, activity_id)


@router.put("/activities/{activity_id}/phases", response_model=ActivityOut)
def set_phases(activity_id: int, body: Phases, f: ApiFacilitator, ctx: Ctx):
    """Give an activity timed phases (e.g. individual 180 s, group 900 s with turns, plenary 600 s);
    run them with the phase_* commands."""
    phases.set_phases(ctx.db, ctx.broker, f.id, activity_id, [p.model_dump() for p in body.phases])
    return ActivityOut.of(workshops.get_activity(ctx.db, f.id, activity_id))


@router.get("/activities/{activity_id}/sources")
def chain_sources(activity_id: int, f: ApiFacilitator, ctx: Ctx):
    """The earlier activities whose results can feed this one (diamonds, clouds, starred answers ...)."""
    return chaining.sources(ctx.db, f.id, activity_id)


@router.get("/activities/{activity_id}/pool")
def chain_pool(activity_id: int, source_id: int, f: ApiFacilitator, ctx: Ctx, n: int = 3):
    """The top n items of every board or list of an earlier activity, pooled with equal items merged;
    edit the list and save it as this activity's items (PATCH settings.items) to open the next round."""
    return chaining.pool(ctx.db, f.id, activity_id, source_id, n)


@router.get("/workshops/{workshop_id}/groups")
def list_groups(workshop_id: int, f: ApiFacilitator, ctx: Ctx):
    """Groups with their members and roles, the people in no group, and the roles to hand out."""
    workshops.get_workshop(ctx.db, f.id, workshop_id)
    view = views.state_views(ctx.db, workshop_id)["facilitator"]
    return {k: view[k] for k in ("group_choice", "groups", "roles")}


@router.post("/workshops/{workshop_id}/groups", response_model=GroupOut, status_code=201)
def create_group(workshop_id: int, body: GroupCreate, f: ApiFacilitator, ctx: Ctx):
    """A new named group (Gygrene, Stjernelaget ...)."""
    return GroupOut(**groups.create_group(ctx.db, ctx.broker, f.id, workshop_id, body.name).model_dump())


@router.patch("/groups/{group_id}", response_model=GroupOut)
def rename_group(group_id: int, body: GroupCreate, f: ApiFacilitator, ctx: Ctx):
    """Rename a group."""
    return GroupOut(**groups.rename_group(ctx.db, ctx.broker, f.id, group_id, body.name).model_dump())


@router.delete("/groups/{group_id}", status_code=204)
def delete_group(group_id: int, f: ApiFacilitator, ctx: Ctx):
    """Remove a group; its members are in no group afterwards."""
    groups.delete_group(ctx.db, ctx.broker, f.id, group_id)


@router.post("/workshops/{workshop_id}/groups/split", response_model=list[GroupOut])
def split_groups(workshop_id: int, body: GroupSplit, f: ApiFacilitator, ctx: Ctx):
    """Deal everyone who joined into N random groups of balanced size."""
    return [GroupOut(**g.model_dump()) for g in groups.split_random(ctx.db, ctx.broker, f.id, workshop_id, body.count)]


@router.post("/workshops/{workshop_id}/groups/move", status_code=204)
def move_participant(workshop_id: int, body: GroupMove, f: ApiFacilitator, ctx: Ctx):
    """Move a participant to another group."""
    groups.move_participant(ctx.db, ctx.broker, f.id, workshop_id, body.participant_id, body.group_id)


@router.put("/workshops/{workshop_id}/roles")
def set_roles(workshop_id: int, body: Roles, f: ApiFacilitator, ctx: Ctx):
    """Replace the roles handed out in every group (clears the roles drawn so far)."""
    return groups.set_roles(ctx.db, ctx.broker, f.id, workshop_id, [r.model_dump() for r in body.roles])


@router.get("/workshops/{workshop_id}/roles/presets")
def preset_roles(workshop_id: int, f: ApiFacilitator, ctx: Ctx):
    """The seeds' roles (chair and timekeeper, width guard, secretary) in the workshop's language."""
    w, _items = workshops.get_workshop(ctx.db, f.id, workshop_id)
    return groups.preset_roles(w.language)


@router.post("/workshops/{workshop_id}/roles/draw", status_code=204)
def draw_roles(workshop_id: int, f: ApiFacilitator, ctx: Ctx):
    """Give every role to a random member of every group (again)."""
    groups.draw_roles(ctx.db, ctx.broker, f.id, workshop_id)


@router.post("/workshops/{workshop_id}/live", response_model=WorkshopOut)
def go_live(workshop_id: int, f: ApiFacilitator, ctx: Ctx):
    """Open the workshop for joining; the answer carries the 8-digit join code."""
    workshops.go_live(ctx.db, ctx.broker, f.id, workshop_id)
    return WorkshopOut.of(*workshops.get_workshop(ctx.db, f.id, workshop_id))


@router.post("/workshops/{workshop_id}/end", response_model=WorkshopOut)
def end(workshop_id: int, f: ApiFacilitator, ctx: Ctx):
    """Close the workshop; answers stay for export."""
    workshops.end_workshop(ctx.db, ctx.broker, f.id, workshop_id)
    return WorkshopOut.of(*workshops.get_workshop(ctx.db, f.id, workshop_id))


@router.post("/workshops/{workshop_id}/commands", response_model=WorkshopOut)
def command(workshop_id: int, body: Command, f: ApiFacilitator, ctx: Ctx):
    """Steer the live workshop: navigate, lock, show or hide results, moderate."""
    workshops.run_command(ctx.db, ctx.broker, f.id, workshop_id, body.command, body.args)
    return WorkshopOut.of(*workshops.get_workshop(ctx.db, f.id, workshop_id))


@router.get("/workshops/{workshop_id}/live-view")
def live_view(workshop_id: int, f: ApiFacilitator, ctx: Ctx):
    """The facilitator's state snapshot and current results, as the websocket sends them."""
    workshops.get_workshop(ctx.db, f.id, workshop_id)
    room = ctx.hub.rooms.get(workshop_id)
    online = room.count("participant") if room else 0
    return {"state": views.state_views(ctx.db, workshop_id)["facilitator"],
            "results": views.results_views(ctx.db, workshop_id, online)["facilitator"]}


@router.post("/join", response_model=JoinResponse, status_code=201, tags=["participants"])
async def join(body: JoinRequest, request: Request, ctx: Ctx):
    """Join a live workshop by its code; use the token in the websocket's hello."""
    if body.language in LANGUAGES:
        set_language(body.language)  # the phone's own choice also words the errors
    p, token = await join_by_code(request, ctx, body.code, body.name, body.language)
    return JoinResponse(participant_token=token, participant_id=p.id, workshop_id=p.workshop_id,
                        websocket="/ws/participant")
