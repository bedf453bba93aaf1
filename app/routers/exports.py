"""Export downloads: CSV per activity, XLSX workbook, JSON dump."""
from typing import Literal

from fastapi import APIRouter
from fastapi.responses import JSONResponse, Response

from app.ids import RowId
from app.models import id_of
from app.deps import ApiFacilitator, Ctx
from app.services import exports

router = APIRouter(prefix="/api/v1", tags=["exports"])
XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
CSV = "text/csv"


def file_response(media_type: str, what: str) -> dict:
    """The OpenAPI declaration of a download: its media type, a file, not JSON."""
    return {200: {"description": what, "content": {media_type: {"schema": {"type": "string", "format": "binary"}}}}}


def download(content: bytes | str, filename: str, media_type: str) -> Response:
    return Response(content, media_type=media_type,
                    headers={"Content-Disposition": f'attachment; filename="{filename}"', "Cache-Control": "no-store"})


@router.get("/workshops/{workshop_id}/export.xlsx", response_class=Response,
            responses=file_response(XLSX, "The workbook (an attachment)."))
def export_xlsx(workshop_id: RowId, f: ApiFacilitator, ctx: Ctx):
    """One workbook: an overview sheet and a sheet per activity (hidden answers marked)."""
    filename, data = exports.workbook(ctx.db, id_of(f), workshop_id)
    return download(data, filename, XLSX)


@router.get("/workshops/{workshop_id}/export.json")
def export_json(workshop_id: RowId, f: ApiFacilitator, ctx: Ctx):
    """The whole workshop with every entry and result."""
    return JSONResponse(exports.dump(ctx.db, id_of(f), workshop_id),
                        headers={"Content-Disposition": f'attachment; filename="samling-{workshop_id}.json"',
                                 "Cache-Control": "no-store"})  # answers stay out of browser and proxy caches


@router.get("/activities/{activity_id}/export.csv", response_class=Response,
            responses=file_response(CSV, "UTF-8 with BOM (an attachment); `;` or `,` as described."))
def export_csv(activity_id: RowId, f: ApiFacilitator, ctx: Ctx, format: Literal["spreadsheet", "raw"] = "spreadsheet"):
    """One activity's raw entries as CSV (UTF-8 with BOM): by default as a spreadsheet in the workshop's
    language opens it (nb/nn: `;`, Norwegian headings, local time, group names); `?format=raw` for
    scripts (`,`, column keys, UTC ISO times, group ids)."""
    filename, text = exports.activity_csv(ctx.db, id_of(f), activity_id, raw=format == "raw")
    return download(text.encode("utf-8"), filename, f"{CSV}; charset=utf-8")
