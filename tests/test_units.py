"""Unit and property tests of the pure parts: join codes, text keys, throttling and the kinds' tallies."""
import random
import re
import unicodedata
from datetime import datetime, timezone

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from app import joincode
from app.activities import KINDS, get_kind
from app.activities.base import EntryRejected, ModerationRejected, StoredEntry
from app.activities.open_text import KIND as OPEN_TEXT
from app.activities.open_text import WALL_LIMIT
from app.activities.word_cloud import CLOUD_LIMIT, resolve
from app.activities.word_cloud import KIND as WORD_CLOUD
from app.joincode import format_code, new_code, parse_code
from app.text import clean_text, word_key
from app.throttle import FailureThrottle, JoinThrottle

CODES = st.from_regex(r"[1-9][0-9]{7}", fullmatch=True)
NORWEGIAN = st.text(alphabet="abcdefghijklmnopqrstuvwxyzæøåéü ", min_size=1, max_size=30)
T0 = datetime(2025, 3, 12, 9, 0, tzinfo=timezone.utc)


def entry(id_: int, participant: int, text: str, hidden: bool = False, kind=WORD_CLOUD) -> StoredEntry:
    """A stored entry as the kinds see it, with the payload the kind itself would store."""
    payload = kind.parse_entry(kind.settings({}), {"text": text})
    return StoredEntry(id=id_, participant_id=participant, payload=payload, hidden=hidden, created_at=T0)


# --- join codes --------------------------------------------------------------------------------

def test_new_code_is_eight_digits_without_leading_zero():
    """Every generated code is exactly 8 ASCII digits and never starts with 0."""
    codes = [new_code() for _ in range(500)]
    assert all(re.fullmatch(r"[1-9][0-9]{7}", c) for c in codes)
    assert {c[0] for c in codes} == set("123456789")
    assert {d for c in codes for d in c[1:]} == set("0123456789")


def test_new_code_draws_from_secrets(monkeypatch):
    """The digits come from the secrets module (a fake randbelow decides them) ..."""
    draws = iter([4, 0, 1, 2, 3, 4, 5, 6])
    monkeypatch.setattr(joincode.secrets, "randbelow", lambda n: next(draws))
    assert new_code() == "50123456"


def test_new_code_does_not_follow_the_random_seed():
    """... and not from `random`: reseeding it does not repeat the codes."""
    random.seed(2024)
    first = [new_code() for _ in range(5)]
    random.seed(2024)
    second = [new_code() for _ in range(5)]
    assert first != second


@given(CODES)
def test_format_then_parse_round_trips(code):
    """`3566 1019` as shown on the screen parses back to the code."""
    shown = format_code(code)
    assert shown == f"{code[:4]} {code[4:]}"
    assert parse_code(shown) == code


@given(CODES, st.lists(st.sampled_from([" ", "-", ".", "\u00a0", "  ", "\t"]), min_size=0, max_size=9))
def test_parse_ignores_separators_wherever_typed(code, separators):
    """Spaces, dashes, dots and no-break spaces anywhere in what was typed are ignored."""
    typed = "".join(d + (separators[i] if i < len(separators) else "") for i, d in enumerate(code))
    assert parse_code("  " + typed + " ") == code


@pytest.mark.parametrize("typed", ["", None, "1234567", "123456789", "1234 567", "abcd efgh", "1234 567x",
                                   "1234_5678", "+4712345678", "12345678\n9"])
def test_parse_rejects_what_is_no_code(typed):
    """Too few or too many digits, letters and other symbols are no code."""
    assert parse_code(typed) is None


@given(st.text(alphabet="0123456789 -.\u00a0x/", max_size=14))
def test_parse_finds_exactly_eight_digits_among_separators(typed):
    """The code is the digits when only separators surround exactly eight of them; otherwise None."""
    digits = "".join(c for c in typed if c.isdigit())
    others = set(typed) - set("0123456789")
    expected = digits if len(digits) == 8 and others <= {" ", "-", ".", "\u00a0"} else None
    assert parse_code(typed) == expected


def test_parse_fullwidth_digits_give_the_ascii_code_or_nothing():
    """Full-width digits (East Asian keyboards) never come back as a non-ASCII 'code'."""
    assert parse_code("１２３４ ５６７８") in ("12345678", None)


# --- word keys ---------------------------------------------------------------------------------

def test_word_key_case_spaces_and_unicode_forms():
    """'Åpenhet' composed, decomposed, in capitals or with spaces around is one word."""
    composed = unicodedata.normalize("NFC", "Åpenhet")
    decomposed = unicodedata.normalize("NFD", "Åpenhet")
    assert composed != decomposed
    keys = {word_key(v) for v in (composed, decomposed, "ÅPENHET", "  åpenhet ", "åpenhet!", "«Åpenhet»",
                                  "\u00a0Åpenhet\t")}
    assert keys == {"åpenhet"}
    assert word_key("Åpen het") == "åpen het"
    assert word_key("Åpen   het") == "åpen het"
    assert word_key("Åpenhet") != word_key("Apenhet")


@given(NORWEGIAN)
def test_word_key_ignores_case_edges_and_normal_form(text):
    """Upper case, surrounding spaces and NFD spelling never change a Norwegian word's key."""
    key = word_key(text)
    assert word_key(text.upper()) == key
    assert word_key("  " + text + " ") == key
    assert word_key(unicodedata.normalize("NFD", text)) == key


@given(st.text(max_size=40))
def test_word_key_is_idempotent(text):
    """A key is its own key (moderation receives keys back from the console)."""
    key = word_key(text)
    assert word_key(key) == key
    assert key == key.strip()


@given(st.text(max_size=60))
def test_clean_text_is_idempotent_and_nfc(text):
    """Cleaned text is NFC, has no control characters and cleans to itself."""
    cleaned = clean_text(text)
    assert clean_text(cleaned) == cleaned
    assert unicodedata.is_normalized("NFC", cleaned)
    assert not re.search(r"[\x00-\x08\x0b-\x1f\x7f]", cleaned)


# --- throttling --------------------------------------------------------------------------------

def test_device_limit_then_window_expiry():
    """Eight wrong codes from one phone: it must wait until the first one leaves the 60 s window."""
    t = JoinThrottle(per_device=8, free_per_address=300, window=60)
    for i in range(8):
        assert t.retry_after("telefon-1", now=100 + i) == 0
        t.fail("telefon-1", "10.0.0.7", now=100 + i)
    assert t.retry_after("telefon-1", now=110) == pytest.approx(50)
    assert t.retry_after("telefon-1", now=159.9) > 0
    assert t.retry_after("telefon-1", now=160) == 0
    # Another phone behind the same municipal NAT is not held up, nor is the address.
    assert t.retry_after("telefon-2", now=110) == 0
    assert not t.needs_proof("10.0.0.7", now=110)


def test_an_address_beyond_its_allowance_pays_work_and_is_never_locked_out():
    """Past the free allowance an address needs a proof per guess (never a wait); the work grows one bit
    per `wrong_per_bit` paid wrong guesses up to the cap, and goes back once the window has passed."""
    t = JoinThrottle(free_per_address=20, proof_bits=16, max_proof_bits=20, wrong_per_bit=8, window=60)
    for _ in range(19):
        t.fail(None, "10.0.0.7", now=1000)
    assert not t.needs_proof("10.0.0.7", now=1001)
    t.fail(None, "10.0.0.7", now=1000)
    assert t.needs_proof("10.0.0.7", now=1001) and not t.needs_proof("10.0.0.8", now=1001)
    assert t.retry_after(None, now=1001) == 0  # no address-wide wait, ever
    assert t.bits("10.0.0.7", now=1001) == 16
    for _ in range(8):
        t.fail(None, "10.0.0.7", paid=True, now=1002)
    assert t.bits("10.0.0.7", now=1003) == 17
    for _ in range(100):
        t.fail(None, "10.0.0.7", paid=True, now=1004)
    assert t.bits("10.0.0.7", now=1005) == 20
    assert t.bits("10.0.0.7", now=1065) == 16 and not t.needs_proof("10.0.0.7", now=1065)
    # Attempts refused for want of a proof keep the pressure up while a guesser goes on.
    for _ in range(20):
        t.fail(None, "10.0.0.9", now=2000)
    for i in range(90):  # one unpaid attempt a second, long after the wrong guesses left the window
        t.unpaid("10.0.0.9", now=2001 + i)
    assert t.needs_proof("10.0.0.9", now=2091)


def test_a_challenge_pays_for_one_guess_only():
    """A spent salt is refused until it is older than a challenge's lifetime; memory stays bounded."""
    t = JoinThrottle(proof_ttl=600, max_spent=3)
    assert t.spend("a", now=0) and not t.spend("a", now=1)
    assert t.spend("b", now=2) and t.spend("c", now=3) and t.spend("d", now=4)
    assert len(t._spent) == 3


def test_proof_of_work_round_trip():
    """A solved challenge verifies for its own address only, with at least the asked work."""
    from app import proof_of_work
    from app.security import Signer

    signer = Signer("secret")
    challenge = proof_of_work.issue(signer, "10.0.0.7", 8)
    proof = proof_of_work.prove(challenge)
    assert proof_of_work.verify(signer, proof, "10.0.0.7", 8, 600) == challenge["salt"]
    assert proof_of_work.verify(signer, proof, "10.0.0.8", 8, 600) is None
    assert proof_of_work.verify(signer, proof, "10.0.0.7", 9, 600) is None
    nonce = int(proof.rsplit(":", 1)[1])
    wrong = f"{challenge['challenge']}:{nonce + 1}"
    assert proof_of_work.verify(signer, wrong, "10.0.0.7", 8, 600) is None or \
        proof_of_work.is_solution(challenge["salt"], 8, str(nonce + 1))
    forged = proof_of_work.issue(Signer("other"), "10.0.0.7", 1)
    assert proof_of_work.verify(signer, proof_of_work.prove(forged), "10.0.0.7", 1, 600) is None
    assert proof_of_work.leading_zero_bits(bytes([0, 0x1F]) + bytes(30)) == 11


@settings(max_examples=200)
@given(st.lists(st.integers(min_value=0, max_value=300), min_size=1, max_size=40),
       st.integers(min_value=1, max_value=6), st.integers(min_value=0, max_value=400))
def test_retry_after_is_exact(times, limit, probe):
    """When told to wait w seconds, the key may try again at exactly now + w, and not earlier."""
    throttle = FailureThrottle(limit=limit, window=60)
    for t in sorted(times):
        throttle.fail("k", now=float(t))
    now = float(max(max(times), probe))
    wait = throttle.retry_after("k", now=now)
    recent = [t for t in times if now - t < 60]
    assert (wait > 0) == (len(recent) >= limit)
    if wait > 0:
        assert throttle.retry_after("k", now=now + wait - 0.5) > 0
        assert throttle.retry_after("k", now=now + wait) == 0


def test_failure_throttle_forgets_oldest_keys_beyond_max():
    """Memory is bounded: beyond max_keys the least recently failing key is forgotten."""
    t = FailureThrottle(limit=1, window=60, max_keys=3)
    for key in "abcd":
        t.fail(key, now=0)
    assert t.retry_after("a", now=1) == 0
    assert all(t.retry_after(k, now=1) > 0 for k in "bcd")


# --- entry validation --------------------------------------------------------------------------

@pytest.mark.parametrize("kind", [OPEN_TEXT, WORD_CLOUD], ids=lambda k: k.name)
@pytest.mark.parametrize("payload, code", [
    ({"text": ""}, "empty"), ({"text": "   \n\t "}, "empty"), ({"text": "\x00\x07"}, "empty"),
    ({"text": 42}, "invalid"), ({"text": None}, "invalid"), ({"text": ["Tillit"]}, "invalid"), ({}, "invalid"),
    ("Tillit", "invalid"), (None, "invalid"), (["Tillit"], "invalid"),
])
def test_parse_entry_refuses_empty_and_non_text(kind, payload, code):
    """Empty or whitespace-only answers and anything that is not {"text": str} are refused."""
    with pytest.raises(EntryRejected) as e:
        kind.parse_entry(kind.settings({}), payload)
    assert e.value.code == code


@pytest.mark.parametrize("kind", [OPEN_TEXT, WORD_CLOUD], ids=lambda k: k.name)
def test_parse_entry_length_limit_counts_cleaned_characters(kind):
    """Exactly max_length characters pass, one more is too long; NFD letters count as one."""
    s = kind.settings({"max_length": 20})
    assert kind.parse_entry(s, {"text": "x" * 20})["text"] == "x" * 20
    with pytest.raises(EntryRejected) as e:
        kind.parse_entry(s, {"text": "x" * 21})
    assert e.value.code == "too_long" and e.value.params == {"limit": 20}
    nfd = unicodedata.normalize("NFD", "Åpenhet og ærlighet å")  # 21 code points in NFC, more in NFD
    assert len(nfd) > 21
    with pytest.raises(EntryRejected):
        kind.parse_entry(s, {"text": nfd})
    assert kind.parse_entry(s, {"text": unicodedata.normalize("NFD", "Åpenhet og ærlighet")})["text"] == \
        "Åpenhet og ærlighet"
    assert kind.parse_entry(s, {"text": "  " + "y" * 20 + "   "})["text"] == "y" * 20


def test_word_cloud_entry_stores_text_and_key():
    """A word is stored as typed (cleaned) plus the key it counts under; punctuation alone is empty."""
    s = WORD_CLOUD.settings({})
    assert WORD_CLOUD.parse_entry(s, {"text": "  Tillit! "}) == {"text": "Tillit!", "key": "tillit"}
    with pytest.raises(EntryRejected) as e:
        WORD_CLOUD.parse_entry(s, {"text": "?!…"})
    assert e.value.code == "empty"


def test_open_text_keeps_line_breaks_but_collapses_spaces():
    """Answers keep up to one blank line; runs of spaces and carriage returns are cleaned."""
    s = OPEN_TEXT.settings({})
    got = OPEN_TEXT.parse_entry(s, {"text": "Mer tid\r\n\r\n\r\n\r\ntil   samarbeid\u200b "})
    assert got == {"text": "Mer tid\n\ntil samarbeid"}


def test_kind_settings_are_bounded():
    """Settings outside the editor's bounds are refused by pydantic; defaults are sensible."""
    from pydantic import ValidationError

    assert set(KINDS) == {"open_text", "word_cloud", "poster", "points", "diamond", "scale", "poll", "duos", "journal",
                          "peer_coaching", "recap"}
    assert get_kind("word_cloud").default_settings() == {"words_per_participant": 3, "max_length": 40}
    assert get_kind("poster").default_settings() == {"editors": "everyone", "max_length": 3000}
    for kind, bad in ((WORD_CLOUD, {"words_per_participant": 0}), (WORD_CLOUD, {"max_length": 1000}),
                      (OPEN_TEXT, {"max_answers": 21}), (OPEN_TEXT, {"colour": "red"}),
                      (get_kind("poster"), {"editors": "boss"}), (get_kind("duos"), {"minutes": 0}),
                      (get_kind("duos"), {"scope": "hall"}), (get_kind("journal"), {"stage": "day 2"}),
                      (get_kind("journal"), {"stage": "custom", "questions": ["Hva " * 80]}),
                      (get_kind("peer_coaching"), {"advice_minutes": 61}), (get_kind("recap"), {"sources": [0]})):
        with pytest.raises(ValidationError):
            kind.settings(bad)


# --- word cloud tally --------------------------------------------------------------------------

def test_word_cloud_counts_people_not_entries():
    """One person writing 'Tillit' twice counts once; the spelling most people used is shown."""
    entries = [entry(1, 1, "Tillit"), entry(2, 1, "tillit"), entry(3, 2, "tillit"), entry(4, 3, "TILLIT"),
               entry(5, 4, "tillit "), entry(6, 2, "Samarbeid")]
    r = WORD_CLOUD.tally(WORD_CLOUD.settings({}), entries, {})
    assert r["words"] == [
        {"key": "tillit", "text": "tillit", "count": 4, "hidden": False},
        {"key": "samarbeid", "text": "Samarbeid", "count": 1, "hidden": False},
    ]
    assert r["entries"] == 6 and r["participants"] == 4


def test_word_cloud_nfc_and_nfd_count_as_one_word():
    """'Åpenhet' typed composed on one phone and decomposed on another is one word with two people."""
    entries = [entry(1, 1, unicodedata.normalize("NFC", "Åpenhet")),
               entry(2, 2, unicodedata.normalize("NFD", "Åpenhet"))]
    r = WORD_CLOUD.tally(WORD_CLOUD.settings({}), entries, {})
    assert [(w["key"], w["text"], w["count"]) for w in r["words"]] == [("åpenhet", "Åpenhet", 2)]


def test_word_cloud_merges_and_hidden_words():
    """Merged words count together (once per person); hidden words are marked and left off the screen."""
    entries = [entry(1, 1, "Samarbeid"), entry(2, 2, "samarbeide"), entry(3, 1, "samhandling"),
               entry(4, 3, "Dritt"), entry(5, 4, "dritt"), entry(6, 5, "Tillit")]
    moderation = {}
    moderation = WORD_CLOUD.moderate(moderation, "merge_words", {"source": "Samarbeide", "target": "samarbeid"})
    moderation = WORD_CLOUD.moderate(moderation, "merge_words", {"source": "samhandling", "target": "samarbeide"})
    moderation = WORD_CLOUD.moderate(moderation, "hide_word", {"word": " DRITT "})
    assert moderation == {"hidden": ["dritt"], "merges": {"samarbeide": "samarbeid", "samhandling": "samarbeide"}}
    r = WORD_CLOUD.tally(WORD_CLOUD.settings({}), entries, moderation)
    by_key = {w["key"]: w for w in r["words"]}
    assert by_key["samarbeid"]["count"] == 2  # participant 1 wrote two of the merged words
    assert by_key["dritt"] == {"key": "dritt", "text": "Dritt", "count": 2, "hidden": True}
    shown = WORD_CLOUD.presenter_results(r)
    assert [w["key"] for w in shown["words"]] == ["samarbeid", "tillit"]
    assert all("hidden" not in w for w in shown["words"])
    # Undo: unhide and unmerge bring the words back as they were.
    moderation = WORD_CLOUD.moderate(moderation, "unhide_word", {"word": "dritt"})
    moderation = WORD_CLOUD.moderate(moderation, "unmerge_word", {"word": "samhandling"})
    r = WORD_CLOUD.tally(WORD_CLOUD.settings({}), entries, moderation)
    assert {w["key"]: w["count"] for w in r["words"]} == {"samarbeid": 2, "dritt": 2, "samhandling": 1, "tillit": 1}


def test_word_cloud_hidden_entries_are_not_counted():
    """An entry the facilitator hid does not count towards its word."""
    entries = [entry(1, 1, "Tillit"), entry(2, 2, "Tillit", hidden=True), entry(3, 3, "Tillit")]
    r = WORD_CLOUD.tally(WORD_CLOUD.settings({}), entries, {})
    assert r["words"][0]["count"] == 2
    table = WORD_CLOUD.entry_table(entries, {})
    assert [row[-1] for row in table.rows] == [False, True, False]


def test_word_cloud_refuses_cyclic_and_empty_merges():
    """A merge that would loop back, a merge into itself, or a missing word is refused."""
    m = WORD_CLOUD.moderate({}, "merge_words", {"source": "a-ord", "target": "b-ord"})
    m = WORD_CLOUD.moderate(m, "merge_words", {"source": "b-ord", "target": "c-ord"})
    for action, args in (("merge_words", {"source": "c-ord", "target": "a-ord"}),
                         ("merge_words", {"source": "Tillit", "target": "tillit!"}),
                         ("merge_words", {"source": "", "target": "tillit"}),
                         ("hide_word", {"word": "  "}), ("explode", {})):
        with pytest.raises(ModerationRejected):
            WORD_CLOUD.moderate(m, action, args)
    assert resolve("a-ord", m["merges"]) == "c-ord"
    assert resolve("x", {"x": "y", "y": "x"}) in ("x", "y")  # a stored cycle never loops forever


def test_word_cloud_presenter_shows_at_most_the_limit():
    """The projector shows the CLOUD_LIMIT most frequent words."""
    entries = [entry(i, i, f"ord{i:03d}") for i in range(1, CLOUD_LIMIT + 21)]
    entries += [entry(1000, 1000, "ord100"), entry(1001, 1001, "ord100")]
    r = WORD_CLOUD.tally(WORD_CLOUD.settings({}), entries, {})
    shown = WORD_CLOUD.presenter_results(r)
    assert len(shown["words"]) == CLOUD_LIMIT
    assert shown["words"][0] == {"key": "ord100", "text": "ord100", "count": 3}
    assert len(r["words"]) == CLOUD_LIMIT + 20  # the facilitator still sees every word


@settings(max_examples=100)
@given(st.lists(st.tuples(st.integers(1, 8), st.sampled_from(["Tillit", "tillit", "Åpenhet", "Å\u030apenhet",
                                                              "Samarbeid", "SAMARBEID "])),
                min_size=0, max_size=40))
def test_word_cloud_count_is_distinct_people_per_key(pairs):
    """Each word's count equals the number of different people who wrote it, whatever the spelling."""
    entries = [entry(i, p, text) for i, (p, text) in enumerate(pairs, start=1)]
    r = WORD_CLOUD.tally(WORD_CLOUD.settings({}), entries, {})
    expected: dict[str, set[int]] = {}
    for p, text in pairs:
        expected.setdefault(word_key(text), set()).add(p)
    assert {w["key"]: w["count"] for w in r["words"]} == {k: len(v) for k, v in expected.items()}
    counts = [w["count"] for w in r["words"]]
    assert counts == sorted(counts, reverse=True)


# --- open text tally ---------------------------------------------------------------------------

def test_open_text_wall_hides_hidden_cards():
    """Hidden answers stay in the facilitator's tally (marked) and are removed from the wall."""
    q = [entry(1, 1, "Mer tid til samarbeid på tvers av sektorer", kind=OPEN_TEXT),
         entry(2, 2, "Konkrete verktøy vi kan bruke i hverdagen", kind=OPEN_TEXT),
         entry(3, 2, "Upassende kommentar", hidden=True, kind=OPEN_TEXT)]
    r = OPEN_TEXT.tally(OPEN_TEXT.settings({}), q, {})
    assert [c["id"] for c in r["cards"]] == [3, 2, 1]  # newest first
    assert [c["hidden"] for c in r["cards"]] == [True, False, False]
    assert r["entries"] == 3 and r["participants"] == 2
    wall = OPEN_TEXT.presenter_results(r)
    assert wall["cards"] == [{"id": 2, "text": "Konkrete verktøy vi kan bruke i hverdagen"},
                             {"id": 1, "text": "Mer tid til samarbeid på tvers av sektorer"}]
    assert wall["shown"] == 2
    assert "Upassende kommentar" not in repr(wall)
    assert [row[-1] for row in OPEN_TEXT.entry_table(q, {}).rows] == [False, False, True]
    assert OPEN_TEXT.report_table(r).rows == [["Konkrete verktøy vi kan bruke i hverdagen"],
                                              ["Mer tid til samarbeid på tvers av sektorer"]]


def test_open_text_wall_is_capped():
    """The wall shows the newest WALL_LIMIT visible cards but reports how many are visible."""
    q = [entry(i, i, f"Svar {i}", kind=OPEN_TEXT) for i in range(1, WALL_LIMIT + 11)]
    wall = OPEN_TEXT.presenter_results(OPEN_TEXT.tally(OPEN_TEXT.settings({}), q, {}))
    assert len(wall["cards"]) == WALL_LIMIT and wall["shown"] == WALL_LIMIT + 10
    assert wall["cards"][0]["id"] == WALL_LIMIT + 10
