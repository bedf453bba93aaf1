"""The recap kind ("Oppsummering fra samling 1"): results of earlier workshops of the same programme, copied into the
recap as the room saw them when it opens; sources from elsewhere refused; private answers never copied."""
import io
import json
import uuid
from typing import Any

import pytest
from openpyxl import load_workbook
from pydantic import BaseModel, ConfigDict

from app.activities import KINDS
from app.activities.base import ActivityKind, Author, StoredEntry, Table
from app.db import Database
from app.models import Activity
from app.services import agenda, commands, entries, exports, facilitators, participants, programmes, recap, views
from app.services.errors import Invalid
from app.services.events import RecordingBus

VALUES = ["Tillit", "Respekt", "Åpenhet", "Mot", "Raushet"]
VOTES = [{"Tillit": 60, "Respekt": 40}, {"Tillit": 50, "Mot": 50}, {"Respekt": 70, "Åpenhet": 30},
         {"Tillit": 100}, {"Raushet": 20, "Tillit": 30, "Respekt": 50}]


class Day:
    """A facilitator's programme on a real database, driven through the services."""

    def __init__(self, db: Database):
        self.db, self.bus = db, RecordingBus()
        self.f = facilitators.sign_up_first(db, "Fasilitator", "f@example.no", "correct horse battery")
        self.programme = programmes.create_programme(db, facilitator_id=self.f.id, title="Lederutvikling Seljord")

    def workshop(self, title: str, programme=None):
        """A draft workshop: a day of `programme` (this one by default; False: of none)."""
        if programme is False:
            return agenda.create_workshop(self.db, facilitator_id=self.f.id, title=title)
        return programmes.create_workshop(self.db, self.bus, facilitator_id=self.f.id,
                                          programme_id=(programme or self.programme).id, title=title)

    def add(self, w, kind: str, prompt: str, settings: dict | None = None) -> Activity:
        return agenda.add_activity(self.db, self.bus, facilitator_id=self.f.id, workshop_id=w.id, kind=kind,
                                   prompt=prompt, settings=settings or {})

    def run(self, w, activity: Activity, payloads: list[dict]) -> None:
        """The round live with one phone per payload, each answered."""
        agenda.go_live(self.db, self.bus, facilitator_id=self.f.id, workshop_id=w.id)
        self.command(w, "goto", activity_id=activity.id)
        for payload in payloads:
            p = participants.join(self.db, w.id, "", "nb")
            entries.submit(self.db, self.bus, p.id, activity.id, uuid.uuid4().hex, payload)

    def command(self, w, name: str, **args: Any) -> None:
        commands.run_command(self.db, self.bus, facilitator_id=self.f.id, workshop_id=w.id, command=name, args=args)

    def end(self, w) -> None:
        agenda.end_workshop(self.db, self.bus, facilitator_id=self.f.id, workshop_id=w.id)

    def settings(self, activity: Activity) -> dict[str, Any]:
        with self.db.read() as s:
            found = s.get(Activity, activity.id)
            assert found is not None
            return found.settings

    def choose(self, activity: Activity, sources: list[int], summary: str | None = None) -> Activity:
        change = {"sources": sources} if summary is None else {"sources": sources, "summary": summary}
        return agenda.update_activity(self.db, self.bus, facilitator_id=self.f.id, activity_id=activity.id,
                                      settings=change)


@pytest.fixture
def day(database_url):
    db = Database(database_url)
    db.migrate()
    yield Day(db)
    db.dispose()


def test_opening_a_recap_copies_the_earlier_vote_as_the_room_saw_it(day):
    first, second = day.workshop("Samling 1"), day.workshop("Samling 2")
    vote = day.add(first, "points", "Prioriter verdiene: fordel 100 poeng", {"items": VALUES})
    day.run(first, vote, [{"points": v} for v in VOTES])
    day.end(first)
    summary = "Dette tok vi med oss:\n- Tillit først\n- Respekt   og mot\n\n\n\nVi bygger videre i dag."
    rec = day.add(second, "recap", "Oppsummering fra samling 1", {"sources": [vote.id], "summary": summary,
                                                                   "snapshot": [{"forged": True}]})
    saved = day.settings(rec)
    assert saved["summary"] == "Dette tok vi med oss:\n- Tillit først\n- Respekt og mot\n\nVi bygger videre i dag."
    assert [i["source_id"] for i in saved["snapshot"]] == [vote.id]  # the server's copy, never a client's

    agenda.go_live(day.db, day.bus, facilitator_id=day.f.id, workshop_id=second.id)
    day.command(second, "next")
    (item,) = day.settings(rec)["snapshot"]
    assert (item["kind"], item["prompt"], item["workshop"]["title"], item["workshop"]["position"]) == \
        ("points", "Prioriter verdiene: fordel 100 poeng", "Samling 1", 0)
    assert len(item["workshop"]["date"]) == 10 and item["settings"]["items"] == VALUES
    ranking = item["results"]["ranking"]
    assert [(r["item"], r["score"], r["rank"]) for r in ranking[:3]] == [("Tillit", 240, 1), ("Respekt", 160, 2),
                                                                          ("Mot", 50, 3)]
    assert item["results"]["participants"] == 5

    # The projector gets the copy with the results; the phones only the title and summary (no results, no ids).
    shown = views.results_views(day.db, second.id, 0)[views.PRESENTER]["results"]
    assert shown["items"][0]["results"]["ranking"] == ranking and shown["summary"] == saved["summary"]
    phone = views.state_views(day.db, second.id)[views.PARTICIPANT]["activity"]
    assert phone["settings"] == {"sources": [vote.id], "summary": saved["summary"]}

    # The exports of workshop 2 name what the recap showed; the printable report has the summary too.
    assert exports.activity_csv(day.db, day.f.id, rec.id)[1] == "\ufeffLøpenr.;Deltaker;Tidspunkt;Skjult\r\n"
    sheet = load_workbook(io.BytesIO(exports.workbook(day.db, day.f.id, second.id)[1])).worksheets[-1]
    cells = [c for row in sheet.iter_rows(values_only=True) for c in row if c]
    assert ["Samling", "Aktivitet", "Spørsmål", "Samling 1", "100 poeng", "Prioriter verdiene: fordel 100 poeng"] == \
        cells[cells.index("Samling"):cells.index("Samling") + 6]
    report = KINDS["recap"].report_table(KINDS["recap"].tally(KINDS["recap"].settings(saved), [], {}))
    assert report.rows == [["Samling 1", "Prioriter verdiene: fordel 100 poeng"], ["Summary", saved["summary"]]]

    # A refresh copies them again; a copy of workshop 2 (the next cohort's) carries no results of this cohort.
    recap.refresh(day.db, day.bus, facilitator_id=day.f.id, activity_id=rec.id)
    assert day.settings(rec)["snapshot"][0]["results"]["ranking"] == ranking
    copy = agenda.duplicate_workshop(day.db, facilitator_id=day.f.id, workshop_id=second.id)
    _w, (copied,) = agenda.get_workshop(day.db, facilitator_id=day.f.id, workshop_id=copy.id)
    assert copied.settings["snapshot"] == [] and copied.settings["summary"] == saved["summary"]


def test_the_sources_offered_are_the_earlier_workshops_shown_results(day):
    first, second, third = day.workshop("Samling 1"), day.workshop("Samling 2"), day.workshop("Samling 3")
    vote = day.add(first, "points", "Fordel 100 poeng", {"items": VALUES})
    day.add(first, "duos", "Snakk sammen i duoer")  # takes no answers: nothing to show
    cloud = day.add(first, "word_cloud", "Hvilke verdier?")
    day.add(third, "poll", "Senere", {"items": ["Ja", "Nei"]})
    rec = day.add(second, "recap", "Oppsummering fra samling 1")
    offered = recap.recap_sources(day.db, day.f.id, rec.id)
    assert offered["in_programme"] and offered["sources"] == [] and offered["summary"] == ""
    assert [(w["title"], [a["id"] for a in w["activities"]]) for w in offered["workshops"]] == \
        [("Samling 1", [vote.id, cloud.id])]
    assert offered["workshops"][0]["activities"][0]["label"] == "100 points"
    with pytest.raises(Invalid):
        recap.recap_sources(day.db, day.f.id, vote.id)  # not a recap


def test_a_source_of_another_programme_or_a_later_workshop_is_refused(day):
    first, second, third = day.workshop("Samling 1"), day.workshop("Samling 2"), day.workshop("Samling 3")
    other = programmes.create_programme(day.db, facilitator_id=day.f.id, title="Et annet program")
    elsewhere = day.workshop("Samling 1 (et annet program)", programme=other)
    loose = day.workshop("Enkeltstående samling", programme=False)
    vote = day.add(first, "points", "Fordel 100 poeng", {"items": VALUES})
    duos = day.add(first, "duos", "Snakk sammen i duoer")
    rec = day.add(second, "recap", "Oppsummering fra samling 1", {"sources": [vote.id]})
    later = day.add(third, "points", "Senere", {"items": VALUES})
    foreign = day.add(elsewhere, "points", "Et annet program", {"items": VALUES})
    alone = day.add(loose, "points", "Ingen program", {"items": VALUES})
    own = day.add(second, "poll", "Samme dag", {"items": ["Ja", "Nei"]})
    for source in (foreign, alone, later, own, duos):
        with pytest.raises(Invalid) as refused:
            day.choose(rec, [vote.id, source.id])
        assert refused.value.code == "sources", source.prompt
    assert day.settings(rec)["sources"] == [vote.id]  # nothing of a refused change is stored
    with pytest.raises(Invalid):
        day.add(second, "recap", "Ny", {"sources": [foreign.id]})
    with pytest.raises(Invalid):  # a recap in no programme has no earlier workshop
        day.add(loose, "recap", "Oppsummering", {"sources": [vote.id]})

    # Workshop 1 moved after workshop 2: opening the recap leaves the source out (the day goes on); a refresh says why.
    programmes.reorder_workshops(day.db, day.bus, facilitator_id=day.f.id, programme_id=day.programme.id,
                                 workshop_ids=[second.id, first.id, third.id])
    agenda.go_live(day.db, day.bus, facilitator_id=day.f.id, workshop_id=second.id)
    day.command(second, "goto", activity_id=rec.id)
    assert day.settings(rec)["snapshot"] == []
    with pytest.raises(Invalid):
        recap.refresh(day.db, day.bus, facilitator_id=day.f.id, activity_id=rec.id)


def test_a_self_assessment_source_carries_only_the_anonymous_distribution(day):
    first, second = day.workshop("Samling 1"), day.workshop("Samling 2")
    statements = ["Gir autonomi og tillit", "Stiller krav", "Ser ansatte"]
    scale = day.add(first, "scale", "Mestringsorientert leder", {"items": statements, "min_count": 5})
    answers = [{"answers": {"Gir autonomi og tillit": {"score": 1 + i % 6, "reason": f"Hemmelig begrunnelse {i}"},
                            "Stiller krav": {"score": 4, "reason": "Stiller krav"}}} for i in range(6)]
    answers[0]["answers"]["Ser ansatte"] = {"score": 6, "reason": "Bare jeg svarte på denne"}
    day.run(first, scale, answers)
    rec = day.add(second, "recap", "Oppsummering", {"sources": [scale.id]})
    (item,) = day.settings(rec)["snapshot"]
    results = item["results"]
    assert {"statements", "min_count", "participants", "entries"} <= set(results)  # the kind's presenter results
    by_item = {s["item"]: s for s in results["statements"]}
    assert by_item["Gir autonomi og tillit"]["histogram"] == [1, 1, 1, 1, 1, 1]
    assert by_item["Ser ansatte"] == {"item": "Ser ansatte", "count": 1, "shown": False, "histogram": None,
                                      "median": None}  # one answer: below the minimum, nothing of it shown
    copied = json.dumps(day.settings(rec), ensure_ascii=False)
    assert "Hemmelig" not in copied and "Bare jeg" not in copied
    assert not keys_of(day.settings(rec)) & {"participant", "participant_id", "reason", "answers", "name"}


def keys_of(value: Any) -> set[str]:
    """Every key anywhere in a JSON value."""
    if isinstance(value, dict):
        return set(value).union(*map(keys_of, value.values()))
    if isinstance(value, list):
        return set().union(*map(keys_of, value))
    return set()


# A journal-like kind: what leaders write is theirs; the room sees how many wrote.
class NotesSettings(BaseModel):
    model_config = ConfigDict(extra="forbid")


class Notes(ActivityKind[NotesSettings]):
    name = "notes"
    label = "Notes"
    Settings = NotesSettings
    private = True

    def entry_limit(self, settings) -> int:
        return 5

    def parse_entry(self, settings, payload: Any, author: Author | None = None) -> dict[str, Any]:
        return {"text": str(payload["text"])}

    def tally(self, settings, entries: list[StoredEntry], moderation, groups=None) -> dict[str, Any]:
        return {"texts": [e.payload["text"] for e in entries], "writers": len({e.participant_id for e in entries})}

    def staff_results(self, results: dict[str, Any]) -> dict[str, Any]:
        return {"writers": results["writers"]}

    def presenter_results(self, results: dict[str, Any]) -> dict[str, Any]:
        return {"writers": results["writers"]}

    def entry_table(self, entries, moderation) -> Table:
        return Table(["entry_id"], [[e.id] for e in entries])


class LeakyNotes(Notes):
    """The same, with a presenter view that would show the texts (a mistake the recap must not pass on)."""

    name = "leaky_notes"

    def staff_results(self, results: dict[str, Any]) -> dict[str, Any]:
        return results

    def presenter_results(self, results: dict[str, Any]) -> dict[str, Any]:
        return results


def test_nothing_of_a_journal_like_private_text_goes_into_a_recap(day, monkeypatch):
    monkeypatch.setitem(KINDS, "notes", Notes())
    monkeypatch.setitem(KINDS, "leaky_notes", LeakyNotes())
    first, second = day.workshop("Samling 1"), day.workshop("Samling 2")
    notes = day.add(first, "notes", "Hva har du testet ut siden sist?")
    day.run(first, notes, [{"text": f"Mitt private prosjekt nr. {i}"} for i in range(5)])
    leaky = day.add(first, "leaky_notes", "Hva vil du ha hjelp til?")
    day.run(first, leaky, [{"text": f"Min private sak nr. {i}"} for i in range(3)])

    rec = day.add(second, "recap", "Oppsummering", {"sources": [notes.id]})
    (item,) = day.settings(rec)["snapshot"]
    assert item["results"] == {"writers": 5}
    assert "privat" not in json.dumps(day.settings(rec), ensure_ascii=False)
    with pytest.raises(Invalid) as refused:
        day.choose(rec, [notes.id, leaky.id])
    assert refused.value.code == "sources"
    assert "privat" not in json.dumps(day.settings(rec), ensure_ascii=False)
