"""Websocket endpoints: phones, presenters and facilitators join their workshop's room."""
import asyncio
import contextlib
import logging
import time

from fastapi import APIRouter, WebSocket
from starlette.concurrency import run_in_threadpool
from starlette.websockets import WebSocketDisconnect

from app.activities.base import EntryRejected
from app.context import AppContext
from app.deps import API_TOKEN_MAX_AGE, facilitator_from_token
from app.i18n import N_, set_language
from app.ids import is_row_id
from app.live.connection import CLOSE_FORBIDDEN, CLOSE_NOT_FOUND, CLOSE_POLICY, CLOSE_UNAUTHORISED, Connection
from app.live.hub import dumps
from app.live.protocol import BadMessage, error, origin_allowed, parse_frame
from app.models import Workshop
from app.routers.joining import participant_from_token
from app.security import SESSION_MAX_AGE
from app.services import groups, own_answers, views
from app.services.access import runs
from app.services.entries import Submission
from app.services.errors import DomainError
from app.web import PARTICIPANT_COOKIE, SESSION_COOKIE

router = APIRouter()
log = logging.getLogger(__name__)
HELLO_TIMEOUT = 10.0


async def _open(ws: WebSocket, ctx: AppContext) -> dict | None:
    """Check Origin, accept, and wait for the hello; None if the socket was closed instead."""
    if not origin_allowed(ws, ctx.settings.allowed_origins):
        await ws.close(CLOSE_POLICY)  # before accept: the handshake is refused with 403
        return None
    await ws.accept()
    try:
        first = await asyncio.wait_for(ws.receive(), HELLO_TIMEOUT)
        if first["type"] == "websocket.disconnect":
            return None
        hello = parse_frame(first, ctx.settings.ws_max_message)
    except asyncio.TimeoutError:
        await ws.close(CLOSE_POLICY, "hello expected")
        return None
    except BadMessage as e:
        await ws.send_text(dumps(error(e.code, e.message, **e.params)))
        await ws.close(CLOSE_POLICY, "hello expected")
        return None
    if hello.get("type") != "hello":
        await ws.send_text(dumps(error("hello_expected", "The first message must be a hello.")))
        await ws.close(CLOSE_POLICY, "hello expected")
        return None
    return hello


async def _pump(ws: WebSocket, ctx: AppContext, conn: Connection, handle) -> None:
    """Receive frames until the peer leaves; bad frames get an error reply, never a crash."""
    while True:
        message = await ws.receive()
        if message["type"] == "websocket.disconnect":
            return
        try:
            data = parse_frame(message, ctx.settings.ws_max_message)
            if data["type"] == "ping":
                # The server's time lets every screen count down to the same absolute deadlines.
                conn.send(dumps({"type": "pong", "server_time": time.time()}))
            else:
                await handle(data)
        except BadMessage as e:
            conn.send(dumps(error(e.code, e.message, e.client_id, **e.params)))


async def _serve(ws: WebSocket, ctx: AppContext, conn: Connection, extras: dict | None, handle) -> None:
    room = await ctx.hub.enter(conn, extras)
    try:
        if room is None:
            await conn.flush()
            await ws.close(CLOSE_NOT_FOUND, "workshop deleted")
            return
        async with conn.receiving():
            await _pump(ws, ctx, conn, handle)
    except WebSocketDisconnect:
        pass
    finally:
        await ctx.hub.leave(conn)
        await conn.stop()


async def _delete_mine(ctx: AppContext, conn: Connection, participant_id: int, activity_id) -> None:
    """A phone deletes its own answers (all, or one activity's): `deleted` with the ids, or an error."""
    try:
        ids = await run_in_threadpool(own_answers.delete_own, ctx.db, ctx.broker, participant_id, activity_id)
    except DomainError as e:
        conn.send(dumps(error(e.code, e.message, **e.params)))
        return
    except Exception:  # the database failed us: say so, keep the connection
        log.exception("deleting own answers failed")
        conn.send(dumps(error("unavailable", N_("That did not work just now. Please try again."))))
        return
    conn.send(dumps({"type": "deleted", "activity_id": activity_id, "entry_ids": ids}))


@router.websocket("/ws/participant")
async def participant_socket(ws: WebSocket):
    """A phone: hello (token or cookie) -> state snapshot with own entries -> submits and acks."""
    ctx: AppContext = ws.app.state.ctx
    hello = await _open(ws, ctx)
    if hello is None:
        return
    token = hello.get("token") if isinstance(hello.get("token"), str) else None
    p = await run_in_threadpool(participant_from_token, ctx, token) \
        or await run_in_threadpool(participant_from_token, ctx, ws.cookies.get(PARTICIPANT_COOKIE))
    if p is None:
        await ws.send_text(dumps(error("unknown_participant", "Join the workshop again with its code.")))
        await ws.close(CLOSE_UNAUTHORISED, "unknown participant")
        return
    set_language(p.language)
    conn = Connection(ws, "participant", p.workshop_id, ctx.settings.ws_send_queue, participant_id=p.id,
                      stall_seconds=ctx.settings.ws_stall_seconds)
    extras = await run_in_threadpool(views.participant_extras, ctx.db, p.id)

    async def handle(data: dict) -> None:
        if data["type"] == "choose_group":
            try:
                await run_in_threadpool(groups.choose_group, ctx.db, ctx.broker, p.id, data.get("group_id"))
            except DomainError as e:
                conn.send(dumps(error(e.code, e.message, **e.params)))
            except Exception:  # the database failed us: say so, keep the connection
                log.exception("choosing a group failed")
                conn.send(dumps(error("unavailable", N_("That did not work just now. Please try again."))))
            return
        if data["type"] == "delete_mine":
            await _delete_mine(ctx, conn, p.id, data.get("activity_id"))
            return
        if data["type"] != "submit":
            raise BadMessage("unknown_type", "Unknown message type.")
        client_id = data.get("client_id")
        try:
            stored = await ctx.writer.submit(Submission(p.id, data.get("activity_id"), client_id, data.get("payload")))
        except EntryRejected as e:
            conn.send(dumps(error(e.code, e.message, client_id, **e.params)))
            return
        except DomainError as e:
            conn.send(dumps(error(e.code, e.message, client_id, **e.params)))
            return
        except Exception:  # the database failed us: say so, keep the connection; the phone resends
            log.exception("storing a submission failed")
            conn.send(dumps(error("unavailable", N_("The answer could not be saved just now. It will be "
                                                   "sent again by itself."), client_id)))
            return
        conn.send(dumps({"type": "ack", "client_id": stored.entry["client_id"], "entry": stored.entry,
                         "duplicate": stored.duplicate}))

    await _serve(ws, ctx, conn, extras, handle)


@router.websocket("/ws/workshop/{workshop_id}/{audience}")
async def staff_socket(ws: WebSocket, workshop_id: int, audience: str):
    """A presenter screen or facilitator console: state snapshots and coalesced results."""
    ctx: AppContext = ws.app.state.ctx
    if audience not in ("presenter", "facilitator") or not is_row_id(workshop_id):
        await ws.close(CLOSE_NOT_FOUND)
        return
    hello = await _open(ws, ctx)
    if hello is None:
        return
    token = hello.get("token") if isinstance(hello.get("token"), str) else None
    # A bearer token from the hello, else the session cookie; either must name a live server-side session.
    credential = ("api", token, API_TOKEN_MAX_AGE) if token else \
        ("session", ws.cookies.get(SESSION_COOKIE), SESSION_MAX_AGE)
    f = await run_in_threadpool(facilitator_from_token, ctx, *credential)
    if f is None or await run_in_threadpool(_access_lost, ctx, f.id, workshop_id):
        await ws.send_text(dumps(error("unauthorised", "Sign in first.")))
        await ws.close(CLOSE_UNAUTHORISED, "unauthorised")
        return
    conn = Connection(ws, audience, workshop_id, ctx.settings.ws_send_queue,
                      stall_seconds=ctx.settings.ws_stall_seconds)

    async def handle(data: dict) -> None:
        raise BadMessage("unknown_type", "Unknown message type.")

    watcher = asyncio.create_task(_end_without_access(ctx, conn, credential))
    try:
        await _serve(ws, ctx, conn, None, handle)
    finally:
        watcher.cancel()


def _access_lost(ctx: AppContext, facilitator_id: int, workshop_id: int) -> tuple[int, str] | None:
    """None while the facilitator runs the workshop (owner or co-facilitator); else (close code, reason)."""
    with ctx.db.read() as s:
        w = s.get(Workshop, workshop_id)
        if w is None:
            return CLOSE_NOT_FOUND, "workshop deleted"
        return None if runs(s, facilitator_id, w) else (CLOSE_FORBIDDEN, "access ended")


def _still_allowed(ctx: AppContext, credential: tuple, workshop_id: int) -> tuple[int, str, dict] | None:
    """None while a staff screen may stay; else its close code, reason and the error frame it is told first."""
    f = facilitator_from_token(ctx, *credential)
    if f is None:
        return CLOSE_UNAUTHORISED, "session ended", error("unauthorised", "Sign in first.")
    lost = _access_lost(ctx, f.id, workshop_id)
    if lost is None:
        return None
    if lost[0] == CLOSE_NOT_FOUND:
        return *lost, error("not_found", "No such workshop.")
    return *lost, error("access_ended", N_("You no longer run this workshop."))


async def _end_without_access(ctx: AppContext, conn: Connection, credential: tuple) -> None:
    """Close a staff screen once its session is revoked, logged out everywhere or its account deactivated, or
    its facilitator no longer runs the workshop (taken off as co-facilitator). Checked every
    staff_recheck_seconds, and at once when the hub says the workshop's access changed (in any process)."""
    changed = asyncio.Event()
    conn.on_access_changed = changed.set
    while not conn.closed:
        with contextlib.suppress(TimeoutError):
            async with asyncio.timeout(ctx.settings.staff_recheck_seconds):
                await changed.wait()
        changed.clear()
        try:
            verdict = await run_in_threadpool(_still_allowed, ctx, credential, conn.workshop_id)
        except Exception:  # the database failed us: keep the screen, ask again next time
            log.exception("re-checking a staff screen's access failed")
            continue
        if verdict is not None:
            code, reason, frame = verdict
            conn.send(dumps(frame))
            await conn.flush()
            await conn.close(code, reason)
            return
