"""The editor's preview pages: the real phone and presenter views, fed once with an activity as it opens."""
from fastapi import APIRouter, Request
from fastapi.responses import Response

from app import ui_strings
from app.deps import Ctx, PageFacilitator
from app.i18n import catalog_for_js, current_language, set_language
from app.ids import RowId
from app.models import id_of
from app.services.preview import preview_messages
from app.web import render

router = APIRouter(include_in_schema=False)


@router.get("/facilitator/activities/{activity_id}/preview/phone")
def phone(activity_id: RowId, request: Request, ctx: Ctx, f: PageFacilitator):
    """The phone view of an activity, in the workshop's language, answering nowhere."""
    w, messages = preview_messages(ctx.db, id_of(f), activity_id)
    set_language(w.language)  # what the phones will read, whatever the facilitator's pages speak
    return _framed(request, render(request, "participant/live.html", {
        "workshop": w, "kinds": [], "preview": messages["phone"],
        "strings": catalog_for_js(current_language(), ui_strings.PHONE)}))


@router.get("/facilitator/activities/{activity_id}/preview/presenter")
def presenter(activity_id: RowId, request: Request, ctx: Ctx, f: PageFacilitator):
    """The presenter view of an activity as it opens, with no answers yet."""
    w, messages = preview_messages(ctx.db, id_of(f), activity_id)
    set_language(w.language)
    base = (ctx.settings.public_url or str(request.base_url)).rstrip("/")
    return _framed(request, render(request, "presenter/present.html", {
        "workshop": w, "join_base": base, "preview": messages["presenter"],
        "strings": catalog_for_js(current_language(), ui_strings.STAFF)}))


def _framed(request: Request, response: Response) -> Response:
    """A preview lives in the editor's frames: our own pages may frame it, nobody else's."""
    response.headers["content-security-policy"] = request.app.state.framed_csp
    response.headers["x-frame-options"] = "SAMEORIGIN"
    return response
