"""A leader's action-learning journal: its page and its JSON API, both opened only by the phone's programme pass
(the signed cookie the programme's workshops or the personal link gave it). Writes carry the page's CSRF token."""
from typing import Any

from fastapi import APIRouter, HTTPException, Request
from pydantic import BaseModel, Field
from starlette.concurrency import run_in_threadpool

from app import ui_strings
from app.deps import Ctx
from app.i18n import catalog_for_js, current_language, gettext
from app.ids import RowId
from app.models import ProgrammeMember, id_of
from app.routers.joining import programme_passes
from app.services import journal, passes
from app.web import CSRF_HEADER, csrf_ok, render

router = APIRouter(tags=["journal"])


class JournalWrite(BaseModel):
    """An answer to save; `client_id` makes a resend harmless."""

    client_id: str = Field(max_length=64)
    question: str = Field(default="", max_length=500)
    body: str = Field(max_length=20000)  # (the service's limit is smaller and says so in the leader's language)
    activity_id: int | None = None


class JournalEdit(BaseModel):
    """A revision of an entry's text, or its sharing with the network group."""

    body: str | None = Field(default=None, max_length=20000)
    shared: bool | None = None


async def _member(request: Request, ctx: Ctx, programme_id: int) -> ProgrammeMember:
    """The programme's member this browser's pass proves, or 403: the journal opens with the pass only."""
    carried, _damaged = programme_passes(request, ctx)
    member = await run_in_threadpool(journal.member_of, ctx.db, programme_id, carried)
    if member is None:
        raise HTTPException(403, detail={"code": "no_pass", "message": gettext(
            "This device has no programme pass for this journal. Open your personal link first.")})
    return member


def _check_csrf(request: Request) -> None:
    if not csrf_ok(request, request.headers.get(CSRF_HEADER)):
        raise HTTPException(403, detail={"code": "csrf", "message": gettext("Missing or wrong CSRF token.")})


@router.get("/api/v1/journal/{programme_id}")
async def read_journal(programme_id: RowId, request: Request, ctx: Ctx) -> dict[str, Any]:
    """The leader's journal: entries, what the programme's activities added, what their group shared, their own
    self-assessments side by side, and the questions to write on."""
    member = await _member(request, ctx, programme_id)
    return await run_in_threadpool(lambda: journal.journal_of(ctx.db, programme_id=programme_id, member=member))


@router.post("/api/v1/journal/{programme_id}/entries", status_code=201)
async def write_entry(programme_id: RowId, body: JournalWrite, request: Request, ctx: Ctx) -> dict[str, Any]:
    """Save an answer: `{client_id, question, body, activity_id?}` (in a journal round: one answer per question,
    written again it is revised)."""
    _check_csrf(request)
    member = await _member(request, ctx, programme_id)
    return await run_in_threadpool(lambda: journal.write(
        ctx.db, programme_id=programme_id, member_id=id_of(member), client_id=body.client_id,
        question=body.question, body=body.body, activity_id=body.activity_id))


@router.patch("/api/v1/journal/{programme_id}/entries/{entry_id}")
async def edit_entry(programme_id: RowId, entry_id: RowId, body: JournalEdit, request: Request,
                     ctx: Ctx) -> dict[str, Any]:
    """Revise an entry's `body`, or set `shared` (shown to the leader's network group)."""
    _check_csrf(request)
    member = await _member(request, ctx, programme_id)
    return await run_in_threadpool(lambda: journal.edit(
        ctx.db, programme_id=programme_id, member_id=id_of(member), entry_id=entry_id, body=body.body,
        shared=body.shared))


@router.delete("/api/v1/journal/{programme_id}/entries/{entry_id}", status_code=204)
async def delete_entry(programme_id: RowId, entry_id: RowId, request: Request, ctx: Ctx) -> None:
    """Delete one of the leader's entries."""
    _check_csrf(request)
    member = await _member(request, ctx, programme_id)
    await run_in_threadpool(lambda: journal.remove(ctx.db, member_id=id_of(member), entry_id=entry_id))


@router.get("/journal/{programme_id}", include_in_schema=False)
async def journal_page(programme_id: RowId, request: Request, ctx: Ctx):
    """The journal on the phone, between the days as in a workshop."""
    carried, _damaged = programme_passes(request, ctx)
    member = await run_in_threadpool(journal.member_of, ctx.db, programme_id, carried)
    title = await run_in_threadpool(passes.programme_title, ctx.db, programme_id) if member else ""
    response = render(request, "participant/journal.html", {
        "programme_id": programme_id, "programme_title": title, "valid": member is not None,
        "strings": catalog_for_js(current_language(), ui_strings.PHONE)}, status_code=200 if member else 403)
    response.headers["X-Robots-Tag"] = "noindex"
    return response
