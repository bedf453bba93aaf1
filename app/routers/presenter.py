"""The projected presenter screen and the join QR code."""
import io

import qrcode
import qrcode.image.svg
from fastapi import APIRouter, HTTPException, Request
from fastapi.responses import Response

from app import ui_strings
from app.ids import RowId
from app.models import id_of
from app.deps import Ctx, PageFacilitator
from app.i18n import catalog_for_js, current_language
from app.joincode import parse_code
from app.services import agenda
from app.web import render

router = APIRouter(include_in_schema=False)


def join_url(request: Request, public_url: str | None, code: str) -> str:
    """The address a phone opens to join: the configured public URL, else this request's host."""
    base = (public_url or str(request.base_url)).rstrip("/")
    return f"{base}/{code}"


@router.get("/facilitator/workshops/{workshop_id}/present")
def present(workshop_id: RowId, request: Request, ctx: Ctx, f: PageFacilitator):
    """The presenter view for the projector."""
    w, _items = agenda.get_workshop(ctx.db, facilitator_id=id_of(f), workshop_id=workshop_id)
    base = (ctx.settings.public_url or str(request.base_url)).rstrip("/")
    return render(request, "presenter/present.html", {"workshop": w, "join_base": base,
                                                       "strings": catalog_for_js(current_language(), ui_strings.STAFF)})


@router.get("/qr/{code}.svg")
def qr(code: str, request: Request, ctx: Ctx):
    """The join link for a code as an SVG QR code. Drawn for any well-formed code without looking it
    up: the answer must not tell which codes are live (that would be a guessing oracle, unthrottled)."""
    code = parse_code(code) or ""
    if not code:
        raise HTTPException(404)
    image = qrcode.make(join_url(request, ctx.settings.public_url, code), image_factory=qrcode.image.svg.SvgPathImage,
                        box_size=10, border=2)
    buf = io.BytesIO()
    image.save(buf)
    return Response(buf.getvalue(), media_type="image/svg+xml", headers={"Cache-Control": "private, max-age=300"})
