"""Numbers on screens follow the page's language: a decimal comma in bokmål and nynorsk."""
import pytest

from tests.browser.conftest import PHONE


@pytest.mark.parametrize("lang, median", [("nb", "3,5"), ("nn", "3,5"), ("en", "3.5")])
def test_a_median_is_written_the_languages_way(browser, server, lang, median):
    """The helper every script formats numbers with (the scale's median on the projector), in Chromium."""
    page = browser.new_context(**PHONE).new_page()
    page.goto(f"{server.base}/?lang={lang}")
    got = page.evaluate("import('/static/js/live.js').then((m) => [m.formatNumber(3.5), m.formatNumber(4)])")
    assert got == [median, "4"]
