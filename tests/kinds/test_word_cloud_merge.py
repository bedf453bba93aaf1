"""Merged words (issue 12): the group is named by the word the facilitator merged into, on every screen and export."""
import io
from datetime import datetime, timezone

from openpyxl import load_workbook

from app.activities.base import StoredEntry
from app.activities.word_cloud import KIND as WORD_CLOUD
from app.services import entries, participants
from app.services.events import NullBus
from app.services.views import FACILITATOR, PRESENTER, results_views
from tests.test_api import add, command, go_live, make_workshop
from tests.test_retention import cookie_login

T0 = datetime(2026, 11, 30, 9, 0, tzinfo=timezone.utc)


def entry(id_: int, participant: int, text: str, hidden: bool = False) -> StoredEntry:
    """A stored word as the kind itself would store it."""
    payload = WORD_CLOUD.parse_entry(WORD_CLOUD.settings({}), {"text": text})
    return StoredEntry(id=id_, participant_id=participant, payload=payload, hidden=hidden, created_at=T0)


def test_merged_word_is_named_by_its_target_even_when_the_source_is_more_common():
    """Two people wrote 'nærvær', one 'Tilstedeværelse': merged into the latter, it shows with 3 people."""
    words = [entry(1, 1, "nærvær"), entry(2, 2, "Nærvær"), entry(3, 3, "Tilstedeværelse"), entry(4, 4, "Tillit")]
    moderation = WORD_CLOUD.moderate({}, "merge_words", {"source": "nærvær", "target": "tilstedeværelse"})
    r = WORD_CLOUD.tally(WORD_CLOUD.settings({}), words, moderation)
    assert [(w["key"], w["text"], w["count"]) for w in r["words"]] == \
        [("tilstedeværelse", "Tilstedeværelse", 3), ("tillit", "Tillit", 1)]
    assert [(w["text"], w["count"]) for w in WORD_CLOUD.presenter_results(r)["words"]] == \
        [("Tilstedeværelse", 3), ("Tillit", 1)]
    assert WORD_CLOUD.result_table(r).rows[0][:2] == ["Tilstedeværelse", 3]
    assert WORD_CLOUD.report_table(r).rows == [["Tilstedeværelse", 3], ["Tillit", 1]]
    assert WORD_CLOUD.top_items(r, 1) == [["Tilstedeværelse"]]


def test_a_chain_of_merges_is_named_by_its_last_target_and_a_person_counts_once():
    """samhandling -> samarbeide -> samarbeid: the group is 'samarbeid'; one person writing two of them counts once."""
    words = [entry(1, 1, "samhandling"), entry(2, 2, "samhandling"), entry(3, 3, "Samarbeide"),
             entry(4, 1, "samarbeid"), entry(5, 4, "samarbeid")]
    m = WORD_CLOUD.moderate({}, "merge_words", {"source": "samarbeide", "target": "samarbeid"})
    m = WORD_CLOUD.moderate(m, "merge_words", {"source": "samhandling", "target": "samarbeide"})
    r = WORD_CLOUD.tally(WORD_CLOUD.settings({}), words, m)
    assert [(w["text"], w["count"]) for w in r["words"]] == [("samarbeid", 4)]


def test_a_target_nobody_wrote_visibly_is_named_by_its_word():
    """When every entry of the target itself is hidden, the group still carries the target's word, not the source's."""
    words = [entry(1, 1, "nærvær"), entry(2, 2, "nærvær"), entry(3, 3, "Tilstedeværelse", hidden=True)]
    moderation = WORD_CLOUD.moderate({}, "merge_words", {"source": "nærvær", "target": "tilstedeværelse"})
    r = WORD_CLOUD.tally(WORD_CLOUD.settings({}), words, moderation)
    assert [(w["text"], w["count"]) for w in r["words"]] == [("tilstedeværelse", 2)]


def test_merge_label_reaches_presenter_console_xlsx_and_report(client, auth):
    """Through the real command and stores: presenter, console, XLSX and report show 'Tilstedeværelse (3)'."""
    db, bus = client.app.state.ctx.db, NullBus()
    wid = make_workshop(client, auth)
    cloud = add(client, auth, wid, "word_cloud", "Ett ord om en god leder")
    go_live(client, auth, wid)
    command(client, auth, wid, "next")
    people = [participants.join(db, wid, f"Leder {i}") for i in range(3)]
    for i, (p, word) in enumerate(zip(people, ["nærvær", "Nærvær", "Tilstedeværelse"])):
        entries.submit(db, bus, p.id, cloud["id"], f"ord-{i:06d}", {"text": word})
    command(client, auth, wid, "merge_words", source="nærvær", target="tilstedeværelse")
    command(client, auth, wid, "show_results")

    views = results_views(db, wid, online=0)
    for audience in (PRESENTER, FACILITATOR):
        assert [(w["text"], w["count"]) for w in views[audience]["results"]["words"]] == [("Tilstedeværelse", 3)]

    book = load_workbook(io.BytesIO(client.get(f"/api/v1/workshops/{wid}/export.xlsx", headers=auth).content))
    cells = [c for row in book[book.sheetnames[1]].iter_rows(values_only=True) for c in row if c is not None]
    # Only the result table puts a count right after a word (the raw rows follow it with its key).
    counted = [(word, n) for word, n in zip(cells, cells[1:]) if isinstance(n, int) and isinstance(word, str)]
    assert ("Tilstedeværelse", 3) in counted and not {w for w, _ in counted} & {"nærvær", "Nærvær"}

    cookie_login(client)
    page = client.get(f"/facilitator/workshops/{wid}/report").text
    assert "<td>Tilstedeværelse</td><td>3</td>" in page
    assert "<td>Nærvær</td>" not in page and "<td>nærvær</td>" not in page
