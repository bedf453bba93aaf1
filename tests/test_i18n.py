"""Every user-facing string exists in bokmål and nynorsk, and the catalogues match the code."""
import re
import subprocess
import sys
from pathlib import Path

import pytest
from babel.messages.pofile import read_po

ROOT = Path(__file__).resolve().parent.parent
LOCALE = ROOT / "app" / "locale"
PLACEHOLDER = re.compile(r"%\((\w+)\)s")


def catalogue(lang):
    with open(LOCALE / lang / "LC_MESSAGES" / "messages.po", "rb") as f:
        return read_po(f, locale=lang)


def extracted_msgids(tmp_path) -> set[str]:
    """Run the same extraction scripts/i18n.sh runs, into a temporary template."""
    keywords = [a for k in (ROOT / "scripts" / "i18n-keywords.txt").read_text().split() for a in ("-k", k)]
    out = tmp_path / "messages.pot"
    pybabel = Path(sys.executable).with_name("pybabel")
    subprocess.run([str(pybabel), "extract", "-F", str(ROOT / "babel.cfg"), *keywords, "-o", str(out),
                        str(ROOT / "app")], check=True, capture_output=True)
    with open(out, "rb") as f:
        return {m.id for m in read_po(f) if m.id}  # a plural entry's id is its (singular, plural) pair


@pytest.mark.parametrize("lang", ["nb", "nn"])
def test_every_msgid_is_translated_with_the_same_placeholders(lang):
    """No empty or fuzzy translation; every %(name)s of the msgid survives."""
    problems = []
    for m in catalogue(lang):
        if not m.id:
            continue
        # A plural entry has a pair of msgids and one translation per plural form.
        ids = m.id if isinstance(m.id, tuple) else (m.id,)
        strings = m.string if isinstance(m.string, tuple) else (m.string,)
        if not all(strings) or m.fuzzy:
            problems.append(f"untranslated: {m.id!r}")
        elif any(set(PLACEHOLDER.findall(ids[-1])) != set(PLACEHOLDER.findall(t)) for t in strings):
            problems.append(f"placeholders differ: {m.id!r} -> {m.string!r}")
    assert problems == []


def test_catalogues_cover_every_string_in_the_code(tmp_path):
    """Nothing marked for translation in code or templates is missing from nb and nn."""
    in_code = extracted_msgids(tmp_path)
    assert len(in_code) > 100
    for lang in ("nb", "nn"):
        known = {m.id for m in catalogue(lang) if m.id}
        assert sorted(in_code - known) == [], lang


@pytest.mark.parametrize("lang, heading", [("nb", "Bli med i en samling"), ("nn", "Bli med i ei samling"),
                                           ("en", "Join a workshop")])
def test_join_page_speaks_the_chosen_language(client, lang, heading):
    """?lang= picks the language; the html lang attribute follows."""
    html = client.get(f"/?lang={lang}").text
    assert heading in html
    assert f'<html lang="{lang}">' in html


def test_bokmal_is_the_default_and_the_choice_sticks(client):
    """No choice means bokmål; the language link sets a cookie that later pages follow."""
    assert "Bli med i en samling" in client.get("/").text
    client.get("/language/nn?next=/", follow_redirects=False)
    assert "Bli med i ei samling" in client.get("/").text


def test_lang_parameter_sticks(client):
    """?lang=nn on one page keeps nynorsk on the next."""
    client.get("/?lang=nn")
    assert "Bli med i ei samling" in client.get("/").text


def test_phones_default_to_the_workshop_language(client, auth):
    """A nynorsk workshop greets a phone that has made no choice in nynorsk."""
    w = client.post("/api/v1/workshops", json={"title": "Samling for einingsleiarane", "language": "nn"},
                    headers=auth).json()
    client.post(f"/api/v1/workshops/{w['id']}/activities", headers=auth,
                json={"kind": "open_text", "prompt": "Kva er viktigast for deg?"})
    code = client.post(f"/api/v1/workshops/{w['id']}/live", headers=auth).json()["join_code"]
    client.cookies.clear()
    html = client.get(f"/{code}").text
    assert '<html lang="nn">' in html and "Namnet ditt (valfritt)" in html


@pytest.mark.parametrize("lang", ["nb", "nn"])
def test_catalogue_headers(lang):
    """Each catalogue names its language and the Norwegian plural rule."""
    cat = catalogue(lang)
    assert str(cat.locale) == lang
    assert cat.plural_forms == "nplurals=2; plural=(n != 1);"


@pytest.mark.parametrize("lang, one, many", [("nb", "1 medlem", "6 medlemmer"), ("nn", "1 medlem", "6 medlemer"),
                                             ("en", "1 member", "6 members")])
def test_scripts_get_both_plural_forms(lang, one, many):
    """The phone's strings carry [one, other] for a count: never "1 medlemmer" or "1 kommentarer"."""
    from app import ui_strings
    from app.i18n import catalog_for_js

    forms = catalog_for_js(lang, ui_strings.PHONE)["%(n)s members"]
    assert [forms[0].replace("%(n)s", "1"), forms[1].replace("%(n)s", "6")] == [one, many]
    staff = catalog_for_js(lang, ui_strings.STAFF)["%(n)s comments"]
    assert staff[0].startswith("%(n)s") and staff[0] != staff[1]

