"""Refused page links (issue 12): a facilitator opening another's console, editor, presenter or report
gets our own page in their language with the status kept; the API keeps answering JSON."""
import pytest

from tests.test_accounts import html_log_in, invite
from tests.test_api import add, go_live, make_workshop

HTML = {"Accept": "text/html,application/xhtml+xml,*/*;q=0.8"}  # what a browser sends for a link
PAGES = ("", "/console", "/present", "/report")


@pytest.fixture
def others_workshop(client, auth) -> int:
    """A live workshop of the first facilitator, and the client signed in (by cookie) as a second one."""
    wid = make_workshop(client, auth)
    add(client, auth, wid, "open_text", "Hva fungerer?")
    go_live(client, auth, wid)
    invite(client, auth, email="kollega@example.no")
    html_log_in(client, "kollega@example.no")
    return wid


def refused(client, path: str, headers=None):
    r = client.get(path, headers={**HTML, **(headers or {})}, follow_redirects=False)
    assert r.headers["content-type"].startswith("text/html"), (path, r.headers["content-type"])
    assert '"detail"' not in r.text and '{"' not in r.text.split("<main", 1)[1], path
    return r


@pytest.mark.parametrize("page", PAGES)
def test_another_facilitators_page_is_our_page_in_bokmal(client, others_workshop, page):
    r = refused(client, f"/facilitator/workshops/{others_workshop}{page}")
    assert r.status_code == 404
    assert '<html lang="nb">' in r.text
    assert "Samlingen finnes ikke." in r.text
    assert 'href="/facilitator"' in r.text and "Dine samlinger" in r.text
    assert "content-security-policy" in r.headers  # the site's page, with the site's headers


def test_a_missing_workshop_is_the_same_page(client, others_workshop):
    r = refused(client, "/facilitator/workshops/999999/console")
    assert r.status_code == 404 and "Samlingen finnes ikke." in r.text


def test_the_page_follows_the_chosen_language(client, others_workshop):
    client.cookies.set("samling_lang", "en")
    r = refused(client, f"/facilitator/workshops/{others_workshop}/console")
    assert r.status_code == 404
    assert '<html lang="en">' in r.text and "No such workshop." in r.text and "Your workshops" in r.text
    r = refused(client, f"/facilitator/workshops/{others_workshop}/report?lang=nn")
    assert '<html lang="nn">' in r.text and "Samlinga finst ikkje." in r.text


def test_a_plain_client_gets_the_page_too(client, others_workshop):
    """No Accept header at all (curl, a link checker): the page, not JSON."""
    r = client.get(f"/facilitator/workshops/{others_workshop}/console", headers={"Accept": "*/*"})
    assert r.status_code == 404 and r.headers["content-type"].startswith("text/html")


def test_the_api_still_answers_json(client, auth, others_workshop):
    for path in (f"/api/v1/workshops/{others_workshop}", f"/api/v1/workshops/{others_workshop}/export.json"):
        r = client.get(path, headers=HTML)  # signed in by cookie as the other facilitator
        assert r.status_code in (401, 404), path
        assert r.headers["content-type"] == "application/json", path
    other = invite(client, auth, email="tredje@example.no")
    r = client.get(f"/api/v1/workshops/{others_workshop}", headers={**HTML, **other})
    assert r.status_code == 404
    assert r.json()["detail"] == {"code": "workshop", "message": "Samlingen finnes ikke."}


def test_ones_own_pages_still_open(client, auth, others_workshop):
    mine = make_workshop(client, auth)  # made through the API by the first facilitator...
    r = client.get(f"/facilitator/workshops/{mine}/console", headers=HTML)
    assert r.status_code == 404  # ...so still not the second one's
    html_log_in(client)  # the first facilitator in the browser
    assert client.get(f"/facilitator/workshops/{mine}/console", headers=HTML).status_code == 200
