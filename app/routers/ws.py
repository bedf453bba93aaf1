"""Websocket endpoints: phones, presenters and facilitators join their workshop's room."""
import asyncio
import contextlib
import logging
import time
from collections.abc import Awaitable, Callable

from fastapi import APIRouter, WebSocket
from starlette.concurrency import run_in_threadpool
from starlette.types import ASGIApp, Receive, Scope, Send
from starlette.websockets import WebSocketDisconnect

from app.activities.base import EntryRejected
from app.context import AppContext
from app.contract import (CLOSE_FORBIDDEN, CLOSE_NOT_FOUND, CLOSE_POLICY, CLOSE_UNAUTHORISED, PARTICIPANT,
                          STAFF_AUDIENCES, Ack, Deleted, Pong, dumps)
from app.deps import API_TOKEN_MAX_AGE, facilitator_from_token
from app.i18n import N_, set_language
from app.ids import is_row_id
from app.models import Participant, id_of
from app.live.connection import Connection
from app.live.protocol import BadMessage, error, origin_allowed, parse_frame
from app.routers.joining import participant_from_token
from app.security import SESSION_MAX_AGE
from app.services import access, groups, own_answers, views
from app.services.entries import Submission
from app.services.errors import DomainError
from app.web import PARTICIPANT_COOKIE, SESSION_COOKIE, scope_language

router = APIRouter()
log = logging.getLogger(__name__)
HELLO_TIMEOUT = 10.0

# Acts on one message of a connection (after the hello); replies go through `conn`.
Handler = Callable[[AppContext, Connection, dict], Awaitable[None]]


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


async def _pump(ws: WebSocket, ctx: AppContext, conn: Connection, handlers: dict[str, Handler]) -> None:
    """Receive frames until the peer leaves; bad frames get an error reply, never a crash."""
    while True:
        message = await ws.receive()
        if message["type"] == "websocket.disconnect":
            return
        try:
            data = parse_frame(message, ctx.settings.ws_max_message)
            handler = handlers.get(data["type"])
            if handler is None:
                raise BadMessage("unknown_type", "Unknown message type.")
            await handler(ctx, conn, data)
        except BadMessage as e:
            conn.send(dumps(error(e.code, e.message, e.client_id, **e.params)))


async def _serve(ws: WebSocket, ctx: AppContext, conn: Connection, extras: dict | None,
                 handlers: dict[str, Handler]) -> None:
    room = await ctx.hub.enter(conn, extras)
    try:
        if room is None:
            await conn.flush()
            await ws.close(CLOSE_NOT_FOUND, "workshop deleted")
            return
        async with conn.receiving():
            await _pump(ws, ctx, conn, handlers)
    except WebSocketDisconnect:
        pass
    finally:
        await ctx.hub.leave(conn)
        await conn.stop()


def _phone(conn: Connection) -> int:
    """The participant id of a phone's connection (the phone handlers run on nothing else)."""
    if conn.participant_id is None:
        raise RuntimeError("a phone handler ran on a connection without a participant")
    return conn.participant_id


async def _pong(ctx: AppContext, conn: Connection, data: dict) -> None:
    """The server's time lets every screen count down to the same absolute deadlines."""
    conn.send(dumps(Pong(type="pong", server_time=time.time())))


async def _submit(ctx: AppContext, conn: Connection, data: dict) -> None:
    """A phone's answer: `ack` once committed (or already stored), else an error naming its client id."""
    client_id = data.get("client_id")
    try:
        stored = await ctx.writer.submit(Submission(_phone(conn), data.get("activity_id"), client_id,
                                                    data.get("payload")))
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
    conn.send(dumps(Ack(type="ack", client_id=stored.entry["client_id"], entry=stored.entry,
                        duplicate=stored.duplicate)))


async def _choose_group(ctx: AppContext, conn: Connection, data: dict) -> None:
    """A phone picks its group; nothing comes back on success (its next personal view names the group)."""
    try:
        await run_in_threadpool(groups.choose_group, ctx.db, ctx.broker, _phone(conn), data.get("group_id"))
    except DomainError as e:
        conn.send(dumps(error(e.code, e.message, **e.params)))
    except Exception:  # the database failed us: say so, keep the connection
        log.exception("choosing a group failed")
        conn.send(dumps(error("unavailable", N_("That did not work just now. Please try again."))))


async def _delete_mine(ctx: AppContext, conn: Connection, data: dict) -> None:
    """A phone deletes its own answers (all, or one activity's): `deleted` with the ids, or an error."""
    activity_id = data.get("activity_id")
    try:
        ids = await run_in_threadpool(own_answers.delete_own, ctx.db, ctx.broker, _phone(conn), activity_id)
    except DomainError as e:
        conn.send(dumps(error(e.code, e.message, **e.params)))
        return
    except Exception:  # the database failed us: say so, keep the connection
        log.exception("deleting own answers failed")
        conn.send(dumps(error("unavailable", N_("That did not work just now. Please try again."))))
        return
    conn.send(dumps(Deleted(type="deleted", activity_id=activity_id, entry_ids=ids)))


# What each audience may send after the hello (docs/protocol.md); any other type is `unknown_type`.
PHONE_HANDLERS: dict[str, Handler] = {"ping": _pong, "submit": _submit, "choose_group": _choose_group,
                                      "delete_mine": _delete_mine}
STAFF_HANDLERS: dict[str, Handler] = {"ping": _pong}  # read-only: the facilitator steers through the REST API


PHONE_SOCKET_PATH = "/ws/participant"


class PhoneSocketShortcut:
    """Hands the phones' websocket straight to `participant_socket`, past the rest of the app's stack.

    A phone's socket stays open for hours, and every layer it passes (routing, dependency solving, the HTTP
    middlewares that only pass websockets through) stays suspended with it: about twenty coroutine frames
    and their locals per phone, and their work on every join. Nothing those layers do applies to this
    socket: it has no dependencies, checks its own Origin, and sets its own language (here from ?lang= or the
    cookie, as LanguageMiddleware would, until the hello names the participant's)."""

    def __init__(self, app: ASGIApp):
        self.app = app

    def __call__(self, scope: Scope, receive: Receive, send: Send) -> Awaitable[None]:
        # Not a coroutine itself: the returned one runs in place of this layer, leaving no frame behind.
        if scope["type"] == "websocket" and scope["path"] == PHONE_SOCKET_PATH:
            set_language(scope_language(scope))
            return participant_socket(WebSocket(scope, receive, send))
        return self.app(scope, receive, send)


@router.websocket(PHONE_SOCKET_PATH)
async def participant_socket(ws: WebSocket):
    """A phone: hello (token or cookie) -> state snapshot with own entries -> submits and acks."""
    ctx: AppContext = ws.app.state.ctx
    hello = await _open(ws, ctx)
    if hello is None:
        return
    token = hello.get("token") if isinstance(hello.get("token"), str) else None
    greeted = await run_in_threadpool(_greeting, ctx, token, ws.cookies.get(PARTICIPANT_COOKIE))
    if greeted is None:
        await ws.send_text(dumps(error("unknown_participant", "Join the workshop again with its code.")))
        await ws.close(CLOSE_UNAUTHORISED, "unknown participant")
        return
    p, extras = greeted
    set_language(p.language)
    conn = Connection(ws, PARTICIPANT, p.workshop_id, ctx.settings.ws_send_queue, participant_id=p.id,
                      stall_seconds=ctx.settings.ws_stall_seconds)
    await _serve(ws, ctx, conn, extras, PHONE_HANDLERS)


def _greeting(ctx: AppContext, token: str | None, cookie: str | None) -> tuple[Participant, dict] | None:
    """The participant a hello's token (else the cookie) names, and what the phone gets besides the snapshot: one
    trip to a worker thread per join, not three."""
    p = participant_from_token(ctx, token) or participant_from_token(ctx, cookie)
    return None if p is None else (p, views.participant_extras(ctx.db, id_of(p), known=p))


@router.websocket("/ws/workshop/{workshop_id}/{audience}")
async def staff_socket(ws: WebSocket, workshop_id: int, audience: str):
    """A presenter screen or facilitator console: state snapshots and coalesced results."""
    ctx: AppContext = ws.app.state.ctx
    if audience not in STAFF_AUDIENCES or not is_row_id(workshop_id):
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
    if f is None or await run_in_threadpool(access.standing, ctx.db, id_of(f), workshop_id) != "runs":
        await ws.send_text(dumps(error("unauthorised", "Sign in first.")))
        await ws.close(CLOSE_UNAUTHORISED, "unauthorised")
        return
    conn = Connection(ws, audience, workshop_id, ctx.settings.ws_send_queue,
                      stall_seconds=ctx.settings.ws_stall_seconds)

    watcher = asyncio.create_task(_end_without_access(ctx, conn, credential))
    try:
        await _serve(ws, ctx, conn, None, STAFF_HANDLERS)
    finally:
        watcher.cancel()


def _still_allowed(ctx: AppContext, credential: tuple, workshop_id: int) -> tuple[int, str, dict] | None:
    """None while a staff screen may stay; else its close code, reason and the error frame it is told first."""
    f = facilitator_from_token(ctx, *credential)
    if f is None:
        return CLOSE_UNAUTHORISED, "session ended", error("unauthorised", "Sign in first.")
    standing = access.standing(ctx.db, id_of(f), workshop_id)
    if standing == "runs":
        return None
    if standing == "gone":
        return CLOSE_NOT_FOUND, "workshop deleted", error("not_found", "No such workshop.")
    return CLOSE_FORBIDDEN, "access ended", error("access_ended", N_("You no longer run this workshop."))


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
