"""The facilitator's REST API under /api/v1 (OpenAPI at /docs), plus the participants' join call."""
from typing import Annotated, Any

from fastapi import APIRouter, HTTPException, Path, Query, Request
from starlette.concurrency import run_in_threadpool

from app.ids import QueryRowId, RowId
from app.models import id_of
from app.activities import KINDS
from app.activities.lists import MAX_FEED
from app.deps import ApiFacilitator, Ctx, api_token, sign_in, with_password
from app.i18n import LANGUAGES, gettext, set_language
from app.routers.joining import join_by_code
from app.schemas import (ActivityCreate, ActivityOut, ActivityUpdate, Command, GroupCreate, GroupMove, GroupOut,
                         GroupSplit, InvitationOut, JoinRequest, JoinResponse, Move, Phases, Roles, SignUp,
                         TokenRequest, TokenResponse, WorkshopCreate, WorkshopOut, WorkshopSummary, WorkshopUpdate)
from app.schemas import (ApiTokenOut, FacilitatorOut, FacilitatorUpdate, InvitationListed, PasswordChange,
                         PasswordConfirm)
from app.schemas import CoFacilitatorAdd, PersonOut, TeamOut
from app.schemas import KindOut, LiveViewOut, PoolOut, RecapSourcesOut, SourceOut
from app.context import AppContext
from app.services import auth_sessions
from app.services.errors import NotFound
from app.services import agenda, chaining, co_facilitators, commands, facilitators, groups, phases, recap, retention, views
from app.services import templates

router = APIRouter(prefix="/api/v1", tags=["api"])


# First of all routes: a join storm is matched against the route table once per phone.
@router.post("/join", response_model=JoinResponse, status_code=201, tags=["participants"])
async def join(body: JoinRequest, request: Request, ctx: Ctx):
    """Join a live workshop by its code; use the token in the websocket's hello.

    While many wrong codes come from the caller's address, the answer is 429 `proof_required` with a
    proof-of-work challenge in `detail.proof`: solve it and send the same request again with `proof`
    (docs/protocol.md, "Joining")."""
    if body.language in LANGUAGES:
        set_language(body.language)  # the phone's own choice also words the errors
    p, token = await join_by_code(request, ctx, body.code, body.name, body.language, body.proof)
    return JoinResponse(participant_token=token, participant_id=p.id, workshop_id=p.workshop_id,
                        websocket="/ws/participant")


@router.post("/auth/token", response_model=TokenResponse)
async def create_token(body: TokenRequest, request: Request, ctx: Ctx):
    """Exchange email and password for a bearer token (30 days; listed under /auth/tokens).
    429 after repeated wrong passwords, 503 while too many log-ins run at once (both with Retry-After)."""
    f = await sign_in(ctx, request, body.email, body.password)
    if f is None:
        raise HTTPException(401, detail={"code": "credentials", "message": gettext("Wrong email or password.")})
    return TokenResponse(token=await run_in_threadpool(api_token, ctx, f, body.label))


@router.post("/auth/signup", response_model=TokenResponse, status_code=201)
async def sign_up_first(body: SignUp, ctx: Ctx):
    """Create the first facilitator (the administrator) of a fresh installation (refused once one exists)."""
    f = await ctx.hash_gate.run(facilitators.sign_up_first, ctx.db, body.name, body.email, body.password)
    return TokenResponse(token=await run_in_threadpool(api_token, ctx, f))


@router.post("/auth/logout", status_code=204)
def log_out(request: Request, f: ApiFacilitator, ctx: Ctx):
    """End the session or revoke the token this call is made with."""
    auth_sessions.revoke(ctx.db, id_of(f), request.state.auth_session)


@router.post("/auth/logout-everywhere", status_code=204)
def log_out_everywhere(f: ApiFacilitator, ctx: Ctx):
    """End every session and revoke every API token of your account, this one included."""
    auth_sessions.revoke_all(ctx.db, id_of(f))


@router.post("/auth/password", status_code=204)
async def change_password(body: PasswordChange, request: Request, f: ApiFacilitator, ctx: Ctx):
    """Change your password (the current one is needed); every other session and token ends."""
    await with_password(ctx, request, f, facilitators.change_password, ctx.db, id_of(f), body.current_password,
                        body.new_password, request.state.auth_session)


@router.get("/auth/tokens", response_model=list[ApiTokenOut])
def list_tokens(f: ApiFacilitator, ctx: Ctx):
    """Your live API tokens (never the tokens themselves: the id only names one for revoking)."""
    return [ApiTokenOut(id=t.id, label=t.label, created_at=t.created_at, last_used_at=t.last_used_at,
                        expires_at=t.expires_at) for t in auth_sessions.list_live(ctx.db, id_of(f), "api")]


@router.delete("/auth/tokens/{token_id}", status_code=204)
def revoke_token(token_id: Annotated[str, Path(max_length=64, pattern="^[0-9a-f]{64}$")], f: ApiFacilitator,
                 ctx: Ctx):
    """Revoke one of your API tokens at once."""
    if not auth_sessions.revoke(ctx.db, id_of(f), token_id):
        raise HTTPException(404, detail={"code": "not_found", "message": gettext("Not found.")})


@router.post("/auth/delete-account", status_code=204)
async def delete_account(body: PasswordConfirm, request: Request, f: ApiFacilitator, ctx: Ctx):
    """Delete your account with all your workshops and their answers, sessions, tokens and invitations."""
    await with_password(ctx, request, f, facilitators.delete_account, ctx.db, ctx.broker, id_of(f), body.password)


@router.post("/invitations", response_model=InvitationOut, status_code=201)
def invite(request: Request, f: ApiFacilitator, ctx: Ctx):
    """A one-time link for one more facilitator, valid for 7 days by default (administrator only)."""
    inv = facilitators.invite(ctx.db, id_of(f), ctx.settings.invitation_days)
    return InvitationOut(token=inv.token, url=str(request.url_for("invitation_page", token=inv.token)),
                         expires_at=inv.expires_at)


@router.get("/invitations", response_model=list[InvitationListed])
def list_invitations(request: Request, f: ApiFacilitator, ctx: Ctx):
    """Every invitation with its status, newest first (administrator only)."""
    out = []
    for inv in facilitators.list_invitations(ctx.db, id_of(f)):
        status = facilitators.invitation_status(inv)
        url = str(request.url_for("invitation_page", token=inv.token)) if status == "open" else None
        out.append(InvitationListed(token=inv.token, url=url, status=status, created_at=inv.created_at,
                                    expires_at=inv.expires_at, invited_by=inv.invited_by, used_by=inv.used_by))
    return out


@router.delete("/invitations/{token}", status_code=204)
def revoke_invitation(token: Annotated[str, Path(max_length=64)], f: ApiFacilitator, ctx: Ctx):
    """Make an unused invitation unusable (administrator only)."""
    facilitators.revoke_invitation(ctx.db, id_of(f), token)


@router.get("/facilitators", response_model=list[FacilitatorOut])
def list_facilitators(f: ApiFacilitator, ctx: Ctx):
    """Every facilitator of the installation (administrator only)."""
    return [FacilitatorOut.model_validate(x, from_attributes=True) for x in facilitators.list_facilitators(ctx.db, id_of(f))]


@router.patch("/facilitators/{facilitator_id}", response_model=FacilitatorOut)
def update_facilitator(facilitator_id: RowId, body: FacilitatorUpdate, f: ApiFacilitator, ctx: Ctx):
    """Deactivate or reactivate a facilitator (their sessions and tokens end at once), or make them an
    administrator too (administrator only)."""
    if body.active is not None:
        facilitators.set_active(ctx.db, id_of(f), facilitator_id, body.active)
    if body.is_admin:
        facilitators.make_admin(ctx.db, id_of(f), facilitator_id)
    target = next((x for x in facilitators.list_facilitators(ctx.db, id_of(f)) if x.id == facilitator_id), None)
    if target is None:
        raise HTTPException(404, detail={"code": "not_found", "message": gettext("Not found.")})
    return FacilitatorOut.model_validate(target, from_attributes=True)


@router.get("/kinds", response_model=list[KindOut])
def list_kinds():
    """The activity kinds and their default settings."""
    return [{"kind": k.name, "label": k.label, "settings": k.default_settings(),
             "moderation_actions": sorted(k.moderation_actions)} for k in KINDS.values()]


@router.get("/workshops", response_model=list[WorkshopSummary])
def list_workshops(f: ApiFacilitator, ctx: Ctx):
    """Your workshops, newest first (without their agendas); your templates are listed at GET /templates."""
    return [WorkshopSummary.of(w) for w in templates.running_workshops(ctx.db, facilitator_id=id_of(f))]


@router.post("/workshops", response_model=WorkshopOut, status_code=201)
def create_workshop(body: WorkshopCreate, f: ApiFacilitator, ctx: Ctx):
    """A new draft workshop."""
    return WorkshopOut.of(agenda.create_workshop(ctx.db, facilitator_id=id_of(f), title=body.title, language=body.language))


@router.get("/workshops/{workshop_id}", response_model=WorkshopOut)
def get_workshop(workshop_id: RowId, f: ApiFacilitator, ctx: Ctx):
    """A workshop with its agenda."""
    return WorkshopOut.of(*agenda.get_workshop(ctx.db, facilitator_id=id_of(f), workshop_id=workshop_id))


@router.patch("/workshops/{workshop_id}", response_model=WorkshopOut)
def update_workshop(workshop_id: RowId, body: WorkshopUpdate, f: ApiFacilitator, ctx: Ctx):
    """Change title, language, group choice or retention period."""
    agenda.update_workshop(ctx.db, ctx.broker, facilitator_id=id_of(f), workshop_id=workshop_id, title=body.title,
                           language=body.language)
    if "retention_days" in body.model_fields_set:  # an explicit null goes back to the default
        retention.set_retention(ctx.db, id_of(f), workshop_id, body.retention_days)
    if body.group_choice is not None:
        groups.set_group_choice(ctx.db, ctx.broker, facilitator_id=id_of(f), workshop_id=workshop_id,
                                allowed=body.group_choice)
    return WorkshopOut.of(*agenda.get_workshop(ctx.db, facilitator_id=id_of(f), workshop_id=workshop_id))


@router.delete("/workshops/{workshop_id}", status_code=204)
def delete_workshop(workshop_id: RowId, f: ApiFacilitator, ctx: Ctx):
    """Delete a workshop with all its answers."""
    agenda.delete_workshop(ctx.db, ctx.broker, facilitator_id=id_of(f), workshop_id=workshop_id)


@router.get("/workshops/{workshop_id}/facilitators", response_model=TeamOut)
def list_co_facilitators(workshop_id: RowId, f: ApiFacilitator, ctx: Ctx):
    """Who runs the workshop: its owner and co-facilitators."""
    return co_facilitators.team(ctx.db, id_of(f), workshop_id)


@router.post("/workshops/{workshop_id}/facilitators", response_model=PersonOut, status_code=201)
def add_co_facilitator(workshop_id: RowId, body: CoFacilitatorAdd, f: ApiFacilitator, ctx: Ctx):
    """Add an active facilitator of this installation (by id or email) as co-facilitator (owner only)."""
    if (body.facilitator_id is None) == (body.email is None):
        raise HTTPException(422, "Give either facilitator_id or email.")
    c = co_facilitators.add(ctx.db, id_of(f), workshop_id, body.facilitator_id, body.email)
    return PersonOut(id=c.id, name=c.name, email=c.email)


@router.delete("/workshops/{workshop_id}/facilitators/{facilitator_id}", status_code=204)
def remove_co_facilitator(workshop_id: RowId, facilitator_id: RowId, f: ApiFacilitator, ctx: Ctx):
    """Take a co-facilitator off the workshop (owner only)."""
    co_facilitators.remove(ctx.db, ctx.broker, id_of(f), workshop_id, facilitator_id)


@router.post("/workshops/{workshop_id}/duplicate", response_model=WorkshopOut, status_code=201)
def duplicate_workshop(workshop_id: RowId, f: ApiFacilitator, ctx: Ctx):
    """A draft copy for the next cohort: agenda, settings, phase plans, groups (empty) and roles; no
    participants, answers or moderation."""
    w = agenda.duplicate_workshop(ctx.db, facilitator_id=id_of(f), workshop_id=workshop_id)
    return WorkshopOut.of(*agenda.get_workshop(ctx.db, facilitator_id=id_of(f), workshop_id=id_of(w)))


@router.post("/workshops/{workshop_id}/activities", response_model=ActivityOut, status_code=201)
def add_activity(workshop_id: RowId, body: ActivityCreate, f: ApiFacilitator, ctx: Ctx):
    """Add an activity to the agenda (at the end unless a position is given)."""
    a = agenda.add_activity(ctx.db, ctx.broker, facilitator_id=id_of(f), workshop_id=workshop_id, kind=body.kind,
                            prompt=body.prompt, settings=body.settings, position=body.position,
                            planned_start=body.planned_start)
    return ActivityOut.of(a)


@router.patch("/activities/{activity_id}", response_model=ActivityOut)
def update_activity(activity_id: RowId, body: ActivityUpdate, f: ApiFacilitator, ctx: Ctx):
    """Edit an activity's question, settings or planned start (`"planned_start": null` clears it)."""
    planned = body.planned_start if "planned_start" in body.model_fields_set else agenda.KEEP
    return ActivityOut.of(agenda.update_activity(ctx.db, ctx.broker, facilitator_id=id_of(f), activity_id=activity_id,
                                                 prompt=body.prompt, settings=body.settings, planned_start=planned))


@router.post("/activities/{activity_id}/move", status_code=204)
def move_activity(activity_id: RowId, body: Move, f: ApiFacilitator, ctx: Ctx):
    """Move an activity to another place in the agenda."""
    agenda.move_activity(ctx.db, ctx.broker, facilitator_id=id_of(f), activity_id=activity_id, position=body.position)


@router.post("/activities/{activity_id}/duplicate", response_model=ActivityOut, status_code=201)
def duplicate_activity(activity_id: RowId, f: ApiFacilitator, ctx: Ctx):
    """Copy an activity (without answers) right after itself."""
    return ActivityOut.of(agenda.duplicate_activity(ctx.db, ctx.broker, facilitator_id=id_of(f), activity_id=activity_id))


@router.delete("/activities/{activity_id}", status_code=204)
def delete_activity(activity_id: RowId, f: ApiFacilitator, ctx: Ctx):
    """Delete an activity and its answers."""
    agenda.delete_activity(ctx.db, ctx.broker, facilitator_id=id_of(f), activity_id=activity_id)


@router.put("/activities/{activity_id}/phases", response_model=ActivityOut)
def set_phases(activity_id: RowId, body: Phases, f: ApiFacilitator, ctx: Ctx):
    """Give an activity timed phases (e.g. individual 180 s, group 900 s with turns, plenary 600 s);
    run them with the phase_* commands."""
    phases.set_phases(ctx.db, ctx.broker, facilitator_id=id_of(f), activity_id=activity_id,
                      raw=[p.model_dump() for p in body.phases])
    return ActivityOut.of(agenda.get_activity(ctx.db, facilitator_id=id_of(f), activity_id=activity_id))


@router.get("/activities/{activity_id}/sources", response_model=list[SourceOut])
def chain_sources(activity_id: RowId, f: ApiFacilitator, ctx: Ctx):
    """The earlier activities whose results can feed this one (diamonds, clouds, starred answers ...)."""
    return chaining.sources(ctx.db, id_of(f), activity_id)


@router.get("/activities/{activity_id}/pool", response_model=PoolOut)
def chain_pool(activity_id: RowId, source_id: QueryRowId, f: ApiFacilitator, ctx: Ctx,
               n: Annotated[int, Query(ge=1, le=MAX_FEED)] = 3):
    """The top n items of every board or list of an earlier activity, pooled with equal items merged;
    edit the list and save it as this activity's items (PATCH settings.items) to open the next round."""
    return chaining.pool(ctx.db, id_of(f), activity_id, source_id, n)


@router.get("/activities/{activity_id}/recap-sources", response_model=RecapSourcesOut)
def recap_sources(activity_id: RowId, f: ApiFacilitator, ctx: Ctx):
    """For a recap: the earlier workshops of its programme, with the activities whose results it can show
    (save the chosen ids, in order, as settings.sources)."""
    return recap.recap_sources(ctx.db, id_of(f), activity_id)


@router.post("/activities/{activity_id}/recap-refresh", response_model=ActivityOut)
def recap_refresh(activity_id: RowId, f: ApiFacilitator, ctx: Ctx):
    """Copy a recap's results from its sources anew (settings.snapshot); the screens showing it redraw."""
    return ActivityOut.of(recap.refresh(ctx.db, ctx.broker, facilitator_id=id_of(f), activity_id=activity_id))


def _facilitator_state(ctx: AppContext, workshop_id: int) -> dict[str, Any]:
    """The facilitator's state snapshot of a workshop the caller just looked up (deleted meanwhile: 404)."""
    states = views.state_views(ctx.db, workshop_id)
    if states is None:
        raise NotFound()
    return states["facilitator"]


@router.get("/workshops/{workshop_id}/groups")
def list_groups(workshop_id: RowId, f: ApiFacilitator, ctx: Ctx):
    """Groups with their members and roles, the people in no group, and the roles to hand out."""
    agenda.get_workshop(ctx.db, facilitator_id=id_of(f), workshop_id=workshop_id)
    view = _facilitator_state(ctx, workshop_id)
    return {k: view[k] for k in ("group_choice", "groups", "roles")}


@router.post("/workshops/{workshop_id}/groups", response_model=GroupOut, status_code=201)
def create_group(workshop_id: RowId, body: GroupCreate, f: ApiFacilitator, ctx: Ctx):
    """A new named group (Gygrene, Stjernelaget ...)."""
    g = groups.create_group(ctx.db, ctx.broker, facilitator_id=id_of(f), workshop_id=workshop_id, name=body.name)
    return GroupOut(**g.model_dump())


@router.patch("/groups/{group_id}", response_model=GroupOut)
def rename_group(group_id: RowId, body: GroupCreate, f: ApiFacilitator, ctx: Ctx):
    """Rename a group."""
    g = groups.rename_group(ctx.db, ctx.broker, facilitator_id=id_of(f), group_id=group_id, name=body.name)
    return GroupOut(**g.model_dump())


@router.delete("/groups/{group_id}", status_code=204)
def delete_group(group_id: RowId, f: ApiFacilitator, ctx: Ctx):
    """Remove a group; its members are in no group afterwards."""
    groups.delete_group(ctx.db, ctx.broker, facilitator_id=id_of(f), group_id=group_id)


@router.post("/workshops/{workshop_id}/groups/split", response_model=list[GroupOut])
def split_groups(workshop_id: RowId, body: GroupSplit, f: ApiFacilitator, ctx: Ctx):
    """Deal everyone who joined into N random groups of balanced size."""
    made = groups.split_random(ctx.db, ctx.broker, facilitator_id=id_of(f), workshop_id=workshop_id, count=body.count)
    return [GroupOut(**g.model_dump()) for g in made]


@router.post("/workshops/{workshop_id}/groups/move", status_code=204)
def move_participant(workshop_id: RowId, body: GroupMove, f: ApiFacilitator, ctx: Ctx):
    """Move a participant to another group."""
    groups.move_participant(ctx.db, ctx.broker, facilitator_id=id_of(f), workshop_id=workshop_id,
                            participant_id=body.participant_id, group_id=body.group_id)


@router.put("/workshops/{workshop_id}/roles")
def set_roles(workshop_id: RowId, body: Roles, f: ApiFacilitator, ctx: Ctx):
    """Replace the roles handed out in every group (clears the roles drawn so far)."""
    return groups.set_roles(ctx.db, ctx.broker, facilitator_id=id_of(f), workshop_id=workshop_id,
                            roles=[r.model_dump() for r in body.roles])


@router.get("/workshops/{workshop_id}/roles/presets")
def preset_roles(workshop_id: RowId, f: ApiFacilitator, ctx: Ctx):
    """The seeds' roles (chair and timekeeper, width guard, secretary) in the workshop's language."""
    w, _items = agenda.get_workshop(ctx.db, facilitator_id=id_of(f), workshop_id=workshop_id)
    return groups.preset_roles(w.language)


@router.post("/workshops/{workshop_id}/roles/draw", status_code=204)
def draw_roles(workshop_id: RowId, f: ApiFacilitator, ctx: Ctx):
    """Give every role to a random member of every group (again)."""
    groups.draw_roles(ctx.db, ctx.broker, facilitator_id=id_of(f), workshop_id=workshop_id)


@router.post("/workshops/{workshop_id}/live", response_model=WorkshopOut)
def go_live(workshop_id: RowId, f: ApiFacilitator, ctx: Ctx):
    """Open the workshop for joining; the answer carries the 8-digit join code (409 `template` for a template)."""
    templates.refuse_template(ctx.db, facilitator_id=id_of(f), workshop_id=workshop_id)
    agenda.go_live(ctx.db, ctx.broker, facilitator_id=id_of(f), workshop_id=workshop_id)
    return WorkshopOut.of(*agenda.get_workshop(ctx.db, facilitator_id=id_of(f), workshop_id=workshop_id))


@router.post("/workshops/{workshop_id}/end", response_model=WorkshopOut)
def end(workshop_id: RowId, f: ApiFacilitator, ctx: Ctx):
    """Close the workshop; answers stay for export (409 `template` for a template: it never runs)."""
    templates.refuse_template(ctx.db, facilitator_id=id_of(f), workshop_id=workshop_id)
    agenda.end_workshop(ctx.db, ctx.broker, facilitator_id=id_of(f), workshop_id=workshop_id)
    return WorkshopOut.of(*agenda.get_workshop(ctx.db, facilitator_id=id_of(f), workshop_id=workshop_id))


@router.post("/workshops/{workshop_id}/commands", response_model=WorkshopOut)
def command(workshop_id: RowId, body: Command, f: ApiFacilitator, ctx: Ctx):
    """Steer the live workshop: navigate, lock, show or hide results, moderate."""
    # The workshop as the command left it, from its own transaction: its state_version is the one the screens
    # get with this change (no second read).
    return WorkshopOut.of(*commands.run_command(ctx.db, ctx.broker, facilitator_id=id_of(f), workshop_id=workshop_id,
                                                command=body.command, args=body.args))


@router.get("/workshops/{workshop_id}/live-view", response_model=LiveViewOut)
def live_view(workshop_id: RowId, f: ApiFacilitator, ctx: Ctx):
    """The facilitator's state snapshot and current results, as the websocket sends them."""
    agenda.get_workshop(ctx.db, facilitator_id=id_of(f), workshop_id=workshop_id)
    online = ctx.hub.online_here(workshop_id)
    return {"state": _facilitator_state(ctx, workshop_id),
            "results": views.results_views(ctx.db, workshop_id, online)["facilitator"]}


