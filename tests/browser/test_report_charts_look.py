"""The report's charts as Chromium draws them (issue 12): every chart has a size on the page, its texts stay
inside it, and the page is saved as test-artifacts/screenshots/report-charts.png to look at."""
from tests.browser.conftest import LAPTOP, shot
from tests.conftest import ROOT
from tests.test_report_charts import build_workshop


def test_report_charts_render_inside_their_boxes(client, browser):
    _acts, html = build_workshop(client)
    page = browser.new_context(**LAPTOP).new_page()
    page.set_content(html)  # the page's own markup, with our stylesheet; no server needed
    page.add_style_tag(path=str(ROOT / "static/css/app.css"))
    boxes = page.eval_on_selector_all("svg.report-chart", """svgs => svgs.map(s => {
        const r = s.getBoundingClientRect();
        const out = [...s.querySelectorAll('text, rect')].filter(t => {
            const b = t.getBoundingClientRect();
            return b.left < r.left - 1 || b.right > r.right + 1 || b.top < r.top - 1 || b.bottom > r.bottom + 1;
        }).map(t => t.textContent || t.outerHTML);
        return {chart: s.dataset.chart, w: r.width, h: r.height, out};
    })""")
    shot_path = page.screenshot(path=str(ROOT / "test-artifacts/screenshots/report-charts.png"), full_page=True)
    assert shot_path
    assert [b["chart"] for b in boxes] == ["points", "poll", "scale", "cloud", "diamond", "ranking"]
    for b in boxes:
        assert b["w"] > 200 and b["h"] > 40 and not b["out"], b
    page.emulate_media(media="print")
    shot(page, "report-charts-print")
    page.context.close()
