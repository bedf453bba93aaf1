"""A programme's exports (XLSX, JSON) and its printable report; no private text in any of them."""
from fastapi import APIRouter, Request
from fastapi.responses import JSONResponse, Response

from app.deps import ApiFacilitator, Ctx, PageFacilitator
from app.ids import RowId
from app.local_conventions import long_date
from app.models import id_of
from app.routers.exports import XLSX, download, file_response
from app.services import programme_export, report as report_text, report_charts
from app.web import render

router = APIRouter(tags=["exports"])


@router.get("/api/v1/programmes/{programme_id}/export.xlsx", response_class=Response,
            responses=file_response(XLSX, "The programme's workbook (an attachment)."))
def export_xlsx(programme_id: RowId, f: ApiFacilitator, ctx: Ctx):
    """One workbook: the programme's workshops, its leaders (pseudonyms and counts) and a sheet per workshop."""
    filename, data = programme_export.workbook(ctx.db, facilitator_id=id_of(f), programme_id=programme_id)
    return download(data, filename, XLSX)


@router.get("/api/v1/programmes/{programme_id}/export.json")
def export_json(programme_id: RowId, f: ApiFacilitator, ctx: Ctx):
    """The programme with each workshop's export; leaders as pseudonyms with counts, journals as counts only."""
    return JSONResponse(programme_export.dump(ctx.db, facilitator_id=id_of(f), programme_id=programme_id),
                        headers={"Content-Disposition": f'attachment; filename="samling-program-{programme_id}.json"',
                                 "Cache-Control": "no-store"})


@router.get("/facilitator/programmes/{programme_id}/report", include_in_schema=False)
def report(programme_id: RowId, request: Request, ctx: Ctx, f: PageFacilitator):
    """A printable report of the programme: its workshops, and the questions asked on several days side by side."""
    export = programme_export.collect(ctx.db, facilitator_id=id_of(f), programme_id=programme_id)
    language = export.programme.language
    return render(request, "facilitator/programme_report.html", {
        "programme": export.programme, "days": export.days, "members": export.members,
        "compared": programme_export.compared(export),
        "journal_entries": sum(m["journal_entries"] for m in export.members),
        "writers": sum(1 for m in export.members if m["journal_entries"]),
        "held_on": lambda day: long_date(report_text.workshop_day(day.workshop, day.parts), language),
        "answered": report_text.people_answered, "cell": lambda v: report_text.cell(v, language),
        "chart": lambda part: report_charts.chart(part, language) or ""})
