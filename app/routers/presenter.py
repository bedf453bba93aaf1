"""The projected presenter screen and the join QR code."""
import io

import qrcode
import qrcode.image.svg
from fastapi import APIRouter, HTTPException, Request
from fastapi.responses import Response

from app import ui_strings
from app.deps import Ctx, PageFacilitator
from app.i18n import catalog_for_js, current_language
from app.joincode import parse_code
from app.services import workshops
from app.web import render

router = APIRouter(include_in_schema=False)


def join_url(request: Request, public_url: str | None, code: str) -> str:
    """The address a phone opens to join: the configured public URL, else this request's host."""
    base = (public_url or str(request.base_url)).rstrip("/")
    return f"{base}/{code}"


@router.get("/facilitator/workshops/{workshop_id}/present")
def present(workshop_id: int, request: Request, ctx: Ctx, f: PageFacilitator):
    """The presenter view for the projector."""
    w, _items = workshops.get_workshop(ctx.db, f.id, workshop_id)
    base = (ctx.settings.public_url or str(request.base_url)).rstrip("/")
    return render(request, "presenter/present.html", {"workshop": w, "join_base": base,
                                                       "strings": catalog_for_js(current_language(), ui_strings.STAFF)})


@router.get("/qr/{code}.svg")
def qr(code: str, request: Request, ctx: Ctx):
    """The join link of a live workshop as an SVG QR code."""
    code = parse_code(code) or ""
    if not code or workshops.live_workshop_by_code(ctx.db, code) is None:
        raise HTTPException(404)
    image = qrcode.make(join_url(request, ctx.settings.public_url, code), image_factory=qrcode.image.svg.SvgPathImage,
                        box_size=10, border=2)
    buf = io.BytesIO()
    image.save(buf)
    return Response(buf.getvalue(), media_type="image/svg+xml", headers={"Cache-Control": "private, max-age=300"})
