"""Duos: the people of each network group (or of the whole room) paired at random for a timed talk; each phone sees
its duo's number and partners, every screen the shared countdown ("Snakk sammen i duoer … 7 minutter")."""
import random
from typing import Any, Literal

from pydantic import BaseModel, ConfigDict, Field

from app.activities.base import (ActivityKind, EntryRejected, LiveContext, Member, ModerationRejected, StoredEntry,
                                 Table)
from app.i18n import N_

TALK = "duos:talk"  # the phase a pairing starts (named on the screens by duos.js)


class DuosSettings(BaseModel):
    """Editor settings of a duo round."""

    model_config = ConfigDict(extra="forbid")

    scope: Literal["group", "room"] = "group"
    minutes: int = Field(default=7, ge=1, le=60)


def pair_up(people: list[int], rng: random.Random) -> list[list[int]]:
    """People in pairs at random; with an odd number one trio, so nobody talks alone (one person: no duo)."""
    shuffled = list(people)
    rng.shuffle(shuffled)
    pairs = [shuffled[i:i + 2] for i in range(0, len(shuffled) - 1, 2)]
    if len(shuffled) % 2 and pairs:
        pairs[-1].append(shuffled[-1])
    return pairs


class Duos(ActivityKind[DuosSettings]):
    """No answers: the facilitator pairs people (again) and the talk's countdown starts on every screen."""

    name = "duos"
    label = N_("Duos")
    description = N_("People paired at random, in their group or across the room, with a shared timer.")
    order = 65
    Settings = DuosSettings
    setting_labels = {"scope": N_("Pair people"), "minutes": N_("Minutes to talk")}
    setting_options = {"scope": {"group": N_("within each group"), "room": N_("across the room")}}
    column_labels = {"duo": N_("Duo"), "members": N_("Members")}
    moderation_actions = frozenset({"pair"})

    def entry_limit(self, settings: DuosSettings) -> int:
        return 0

    def parse_entry(self, settings: DuosSettings, payload: Any, author=None) -> dict[str, Any]:
        raise EntryRejected("no_answers", "This round takes no answers.")

    def moderate(self, moderation: dict[str, Any], action: str, args: dict[str, Any],
                 live: LiveContext | None = None) -> dict[str, Any]:
        if action != "pair" or live is None:
            raise ModerationRejected(action)
        scope = args.get("scope", "group")
        minutes = args.get("minutes", 7)
        if scope not in ("group", "room") or not isinstance(minutes, int) or isinstance(minutes, bool) \
                or not 1 <= minutes <= 60:
            raise ModerationRejected("scope is group or room; minutes 1-60")
        rng = random.SystemRandom()
        groups = [members for _gid, _name, members in live.groups if members]
        if scope == "room":
            groups = [[p for members in groups for p in members]]
        pairs = [pair for members in groups for pair in pair_up(members, rng)]
        if not pairs:
            raise ModerationRejected("pairing needs at least two people in a group")
        live.new_phases = [(TALK, minutes * 60, False)]
        return {**moderation, "pairs": pairs, "round": int(moderation.get("round", 0)) + 1}

    def tally(self, settings: DuosSettings, entries: list[StoredEntry], moderation: dict[str, Any],
              groups: dict[int, str] | None = None) -> dict[str, Any]:
        pairs = moderation.get("pairs", [])
        return {"pairs": pairs, "duos": len(pairs), "people": sum(len(p) for p in pairs),
                "round": moderation.get("round", 0)}

    def presenter_results(self, results: dict[str, Any]) -> dict[str, Any]:
        return {"duos": results["duos"], "people": results["people"], "round": results["round"]}

    def participant_views(self, settings: DuosSettings, results: dict[str, Any], moderation: dict[str, Any],
                          people: list[Member], live: LiveContext) -> dict[int, dict[str, Any]]:
        names = {m.participant_id: m.name for m in people}
        duo_of = {pid: (number, pair) for number, pair in enumerate(results["pairs"], start=1) for pid in pair}
        views: dict[int, dict[str, Any]] = {}
        for m in people:
            number, pair = duo_of.get(m.participant_id, (None, []))
            views[m.participant_id] = {"duo": number, "round": results["round"],
                                       "partners": [names.get(p) or None for p in pair if p != m.participant_id]}
        return views

    def entry_table(self, entries: list[StoredEntry], moderation: dict[str, Any]) -> Table:
        return Table(["entry_id", "participant", "created_at", "hidden"], [])

    def result_table(self, results: dict[str, Any]) -> Table:
        return Table(["duo", "members"], [[i, len(pair)] for i, pair in enumerate(results["pairs"], start=1)])

    def report_table(self, results: dict[str, Any]) -> Table:
        return Table([N_("Duos"), N_("People")], [[results["duos"], results["people"]]])


KIND = Duos()
