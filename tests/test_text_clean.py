"""Zero-width and bidi characters (issue 10, Low): they hide no word from moderation, turn no text
round on the projector, and titles, prompts, names and group names are cleaned like answers."""
import pytest

from app.activities.open_text import KIND as OPEN_TEXT
from app.activities.poster import KIND as POSTER
from app.activities.base import Author
from app.db import Database
from app.services import agenda, commands, entries, facilitators, groups, participants, views
from app.services.events import RecordingBus
from app.services.views import PRESENTER
from app.text import clean_text, word_key

# Seven spellings of one word that look like it on a screen (the review's list).
SPELLINGS = ["ha\u200bte", "h\u200date", "\u202ehate", "hat\u2060e", "\ufeffhate", "ha\u00adte", "h\u200eate"]
INVISIBLE = set("\u200b\u200c\u200d\u2060\ufeff\u00ad\u200e\u200f\u061c\u202a\u202b\u202c\u202d\u202e"
                "\u2066\u2067\u2068\u2069")


@pytest.fixture
def live(database_url):
    """A live workshop whose word cloud is on screen, and a facilitator."""
    db = Database(database_url)
    db.migrate()
    bus = RecordingBus()
    f = facilitators.sign_up_first(db, "Fasilitator", "f@example.no", "correct horse battery")
    w = agenda.create_workshop(db, facilitator_id=f.id, title="Samling 3")
    cloud = agenda.add_activity(db, bus, facilitator_id=f.id, workshop_id=w.id, kind="word_cloud", prompt="Ett ord?",
                                settings={"words_per_participant": 3})
    text = agenda.add_activity(db, bus, facilitator_id=f.id, workshop_id=w.id, kind="open_text",
                               prompt="Hva tenker du?", settings={})
    agenda.go_live(db, bus, facilitator_id=f.id, workshop_id=w.id)
    commands.run_command(db, bus, facilitator_id=f.id, workshop_id=w.id, command="next")
    yield db, bus, f, w, cloud, text
    db.dispose()


def test_every_hidden_spelling_of_a_hidden_word_stays_off_the_projector(live):
    db, bus, f, w, cloud, _text = live
    commands.run_command(db, bus, facilitator_id=f.id, workshop_id=w.id, command="hide_word", args={"word": "hate"})
    for i, word in enumerate(SPELLINGS + ["hate", "Tillit"]):
        p = participants.join(db, w.id, "", "nb")
        entries.submit(db, bus, p.id, cloud.id, f"client-{i:04d}", {"text": word})
    commands.run_command(db, bus, facilitator_id=f.id, workshop_id=w.id, command="show_results")
    shown = views.results_views(db, w.id, 0)[PRESENTER]["results"]["words"]
    assert [(x["text"], x["count"]) for x in shown] == [("Tillit", 1)]


@pytest.mark.parametrize("spelling", SPELLINGS)
def test_each_spelling_has_the_plain_key_and_text(spelling):
    assert word_key(spelling) == "hate"
    assert clean_text(spelling) == "hate"


def test_an_override_in_an_answer_is_not_stored(live):
    db, bus, f, w, _cloud, text = live
    commands.run_command(db, bus, facilitator_id=f.id, workshop_id=w.id, command="next")
    p = participants.join(db, w.id, "", "nb")
    stored = entries.submit(db, bus, p.id, text.id, "client-rlo-0001", {"text": "Vi \u202eetah\u202c dere \u2067alle\u2069"})
    assert stored.entry["payload"]["text"] == "Vi etah dere alle"
    commands.run_command(db, bus, facilitator_id=f.id, workshop_id=w.id, command="show_results")
    cards = views.results_views(db, w.id, 0)[PRESENTER]["results"]["cards"]
    assert not INVISIBLE & set("".join(c["text"] for c in cards))


def test_emoji_keep_their_joiners_and_rtl_scripts_their_non_joiners():
    assert clean_text("Team 👩\u200d💻👨\u200d👩\u200d👧") == "Team 👩\u200d💻👨\u200d👩\u200d👧"
    assert clean_text("خانه\u200cها") == "خانه\u200cها"
    assert word_key("👩\u200d💻") == word_key("👩💻")


def test_posters_and_comments_lose_bidi_and_invisible_characters():
    settings = POSTER.settings({})
    author = Author(participant_id=1, group_id=7, writes=True)
    edit = POSTER.parse_entry(settings, {"type": "edit", "base": 0, "text": "VERDI:\n\u202eetah\n  lytte\u200b"}, author)
    assert edit["text"] == "VERDI:\netah\n  lytte"
    comment = POSTER.parse_entry(settings, {"type": "comment", "poster": 8, "text": "\u2066bra\u2069"}, author)
    assert comment["text"] == "bra"
    assert OPEN_TEXT.parse_entry(OPEN_TEXT.settings({}), {"text": "\u202ebra\ufeff"})["text"] == "bra"


def test_titles_prompts_names_and_group_names_are_cleaned(live):
    db, bus, f, w, cloud, _text = live
    titled = agenda.update_workshop(db, bus, facilitator_id=f.id, workshop_id=w.id,
                                    title="Samling\x07 \u202e3\u200b\x1b")
    assert titled.title == "Samling 3"
    made = agenda.add_activity(db, bus, facilitator_id=f.id, workshop_id=w.id, kind="open_text",
                               prompt="Hva\x00 nå\u202e?\r\nLinje to\x0b", settings={})
    assert made.prompt == "Hva nå?\nLinje to"
    changed = agenda.update_activity(db, bus, facilitator_id=f.id, activity_id=cloud.id, prompt="\ufeffEtt\u2067 ord?")
    assert changed.prompt == "Ett ord?"
    g = groups.create_group(db, bus, facilitator_id=f.id, workshop_id=w.id, name="Gyg\u200brene\x01\n")
    assert g.name == "Gygrene"
    p = participants.join(db, w.id, "\u202eKari\u200d Nordmann\x02", "nb")
    assert p.display_name == "Kari Nordmann"
    roles = groups.set_roles(db, bus, facilitator_id=f.id, workshop_id=w.id,
                             roles=[{"name": "Sekre\u200btær\x07", "rule": "\u202eden yngste",
                                     "duty": "skriver", "writes": True}])
    assert roles[0]["name"] == "Sekretær" and roles[0]["rule"] == "den yngste"


def test_a_title_of_only_invisible_characters_is_refused(live):
    db, bus, f, _w, _cloud, _text = live
    from app.services.errors import Invalid

    with pytest.raises(Invalid):
        agenda.create_workshop(db, facilitator_id=f.id, title="\u200b\u202e\x07")
