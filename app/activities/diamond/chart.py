"""The diamond kind's chart in the printable report: its result as the room saw it, as inline SVG."""
from typing import Any

from markupsafe import Markup

from app.activities.charts import bars, label, svg
from app.local_conventions import number

DIAMOND_ROWS = (1, 2, 3, 2, 1)
BOX_W, BOX_H, BOX_GAP = 130, 34, 6
BOARD_WIDTH = 3 * BOX_W + 2 * BOX_GAP + 8  # a board's own viewBox: its widest row, so boards side by side stay legible


def diamond_board(name: str, slots: list[str | None], top: float) -> tuple[list[str], float]:
    """One board as a diamond: rows of 1-2-3-2-1 boxes, centred, the group's name above; its markup and height."""
    box_w, box_h, gap = BOX_W, BOX_H, BOX_GAP
    parts = [label(BOARD_WIDTH / 2, top + 16, name, size=15, cls="chart-label chart-strong", anchor="middle",
                   room=BOARD_WIDTH)]
    y, slot = top + 26, 0
    for count in DIAMOND_ROWS:
        x = (BOARD_WIDTH - (count * box_w + (count - 1) * gap)) / 2
        for _ in range(count):
            item = slots[slot] if slot < len(slots) else None
            parts.append(f'<rect class="chart-slot{"" if item else " empty"}" x="{x:.1f}" y="{y:.1f}" '
                         f'width="{box_w}" height="{box_h}" rx="5"/>')
            if item:
                parts.append(label(x + box_w / 2, y + 22, item, cls="chart-label", anchor="middle", room=box_w - 10))
            x += box_w + gap
            slot += 1
        y += box_h + gap
    return parts, y - top + 10


def report_chart(activity_id: int, title: str, results: dict[str, Any], language: str) -> Markup | None:
    """Diamond: each group's board as the room saw it, then the summed ranking as bars (one svg each)."""
    charts = []
    for board in results["boards"]:
        parts, height = diamond_board(board["name"], board["slots"], 0)
        charts.append(svg(activity_id, "diamond", f'{title} · {board["name"]}', height, parts, BOARD_WIDTH))
    ranking = [(r["item"], r["score"], number(r["score"], language)) for r in results["ranking"]]
    if ranking:
        charts.append(bars(activity_id, "ranking", title, ranking))
    return Markup("").join(charts) if charts else None
