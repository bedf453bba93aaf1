"""Issue 14: a leader's short personal code, typed when joining on another device, makes that device the same
participant (same name, group, journal) without taking the pass from the first device; a wrong code is refused
clearly, counts as a guess, and never opens another programme's leader."""
import re

import pytest

from app.db import Database
from app.services.passes import CODE_ALPHABET, CODE_LENGTH, normalised_code
from tests.test_journal import journal, new_programme, programme_day, write
from tests.test_live import Facilitator
from tests.test_programmes import PhoneBrowser, people

pytestmark = pytest.mark.server


def shown_code(page: str) -> str:
    found = re.search(r'id="personal-code">([A-Z0-9 ]+)<', page)
    assert found, "the phone page shows no personal code"
    return found.group(1)


def join_with_code(phone: PhoneBrowser, code: str, personal_code: str, name: str = ""):
    page = phone.http.get(f"/{code}")
    assert page.status_code == 200 and 'name="personal_code"' in page.text  # no pass here: the field is offered
    csrf = re.search(r'name="csrf" value="([^"]+)"', page.text).group(1)
    return phone.http.post(f"/{code}", data={"name": name, "csrf": csrf, "personal_code": personal_code})


def test_codes_are_short_and_forgiving_to_type():
    assert normalised_code("k7qm 2xpa") == "K7QM2XPA" and normalised_code("K7QM-2XPA") == "K7QM2XPA"
    assert normalised_code("K7QM2XP") is None and normalised_code("O0I1O0I1") is None  # look-alikes are not used
    assert len(CODE_ALPHABET) == 32 and CODE_LENGTH == 8  # 40 bits; wrong guesses are throttled


def test_a_personal_code_takes_the_leader_to_another_device(server, database_url):
    fac = Facilitator(server)
    database = Database(database_url)
    phone, laptop, stranger = PhoneBrowser(server, "nb"), PhoneBrowser(server, "nb"), PhoneBrowser(server, "nb")
    try:
        programme = new_programme(fac)
        other_programme = new_programme(fac, "Et annet program")
        w1, code1, [round1] = programme_day(fac, programme, "Samling 1", ("journal", "Aksjonslæring", {}))
        _w, other_code, _ids = programme_day(fac, other_programme, "Annen samling")
        page = phone.join(code1, "Kari")
        code = shown_code(page)
        assert normalised_code(code) and shown_code(phone.page(code1)) == code  # the same code every time
        write(phone, programme, "Mitt utviklingsmål", "", round1, "first")

        # The code of one programme opens nothing in another.
        r = join_with_code(stranger, other_code, code)
        assert r.status_code == 404 and "personlige koden" in r.text
        assert 'value=""' in r.text or 'name="personal_code"' in r.text  # the form again, to type it anew

        # A wrong code: refused on the form, nobody joined.
        w2, code2, _ids = programme_day(fac, programme, "Samling 2")
        before = len(people(database, w2))
        r = join_with_code(laptop, code2, "AAAA AAAA", "Kari P.")
        assert r.status_code == 404 and 'role="alert"' in r.text and 'value="Kari P."' in r.text
        assert len(people(database, w2)) == before and "samling_programme" not in laptop.http.cookies

        # The right code, typed the way people type: lower case with a space.
        r = join_with_code(laptop, code2, code.lower())
        assert r.status_code == 303, r.text
        laptop.page(code2)
        joined = people(database, w2)
        phone_day1 = people(database, w1)
        [(member, name, _group)] = joined.values()
        assert member == next(iter(phone_day1.values()))[0] and name == "Kari"  # the same leader
        assert [e["body"] for e in journal(laptop, programme)["entries"]] == ["Mitt utviklingsmål"]
        # Both devices keep working: the code gave the laptop a pass of its own.
        assert [e["body"] for e in journal(phone, programme)["entries"]] == ["Mitt utviklingsmål"]
        phone.join(code2)
        assert len(people(database, w2)) == 1  # the phone is the same participant as the laptop
    finally:
        for browser in (phone, laptop, stranger):
            browser.close()
        fac.close()
        database.dispose()


def test_a_typed_code_wins_over_the_pass_and_guessing_is_held_back(server, database_url):
    fac = Facilitator(server)
    database = Database(database_url)
    old_phone, new_phone, guesser = PhoneBrowser(server, "nb"), PhoneBrowser(server, "nb"), PhoneBrowser(server, "nb")
    try:
        programme = new_programme(fac)
        _w1, code1, _ids = programme_day(fac, programme, "Samling 1")
        old_code = shown_code(old_phone.join(code1, "Kari"))
        new_phone.join(code1)  # lost her pass: joined as someone new, this device holds the new identity's pass
        w2, code2, _ids = programme_day(fac, programme, "Samling 2")
        r = join_with_code(new_phone, code2, old_code)  # she types her old code: the old identity it is
        assert r.status_code == 303, r.text
        new_phone.page(code2)
        [(member, name, _group)] = people(database, w2).values()
        assert name == "Kari" and member == min(m for m, _n, _g in people(database, _w1).values())

        # Guessing: from one address, even without a device cookie, twenty wrong codes a minute and no more.
        statuses = []
        for i in range(21):
            guesser.http.cookies.delete("samling_device")
            r = join_with_code(guesser, code2, f"AAAA{CODE_ALPHABET[i]}AAA")
            statuses.append(r.status_code)
        assert statuses[:20] == [404] * 20 and statuses[20] == 429
    finally:
        for browser in (old_phone, new_phone, guesser):
            browser.close()
        fac.close()
        database.dispose()
