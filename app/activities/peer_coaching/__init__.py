"""Peer coaching (kollegaveiledning) in the network groups: one case owner per group shares a problem from their
action-learning work, the others (the consultants) ask clarifying questions and write advice, the owner reflects.

One timed plan for every group (present, questions, advice, reflection), started from the console. The texts
belong to the group and the owner: the owner's phone gets the case, the advice and the reflection; a consultant's
phone the case; every other screen (console, projector, API, exports) counts only. The owner's journal gets the case,
each advice and the reflection (`journal_items`).

Who owns a group's case is a function of the entries and the moderation, so a group never has two: the console's
choice (`moderation["owners"]`, group -> participant) if any, else whoever in the group shared a case first.
An advice names the case entry it answers, so it stays with that owner when the console changes the owner later.
"""
from typing import Any

from pydantic import BaseModel, ConfigDict, Field

from app.activities.base import (ActivityKind, Author, EntryRejected, JournalItem, Label, LiveContext, Member,
                                 ModerationRejected, StoredEntry, Table)
from app.i18n import N_
from app.text import clean_text

PREFIX = "coaching:"
STEPS = ("present", "questions", "advice", "reflection")  # the method's order; phase labels are PREFIX + step
TYPES = ("case", "advice", "reflection")
MAX_TEXT = {"case": 2000, "advice": 1000, "reflection": 2000}
# What the owner's journal calls each text (msgids, shown translated).
JOURNAL_QUESTIONS = {"case": N_("The problem you brought to peer coaching"), "advice": N_("Advice from your group"),
                     "reflection": N_("Your reflection on the advice")}


class PeerCoachingSettings(BaseModel):
    """Editor settings: the minutes of each step and which steps go round the group turn by turn."""

    model_config = ConfigDict(extra="forbid")

    present_minutes: int = Field(default=5, ge=1, le=60)
    questions_minutes: int = Field(default=5, ge=1, le=60)
    questions_turns: bool = False
    advice_minutes: int = Field(default=10, ge=1, le=60)
    advice_turns: bool = True
    reflection_minutes: int = Field(default=5, ge=1, le=60)


def _minutes(args: dict[str, Any], step: str) -> int:
    """A step's minutes from a start command (the console sends the settings); the settings' default when left out."""
    value = args.get(f"{step}_minutes", PeerCoachingSettings.model_fields[f"{step}_minutes"].default)
    if not isinstance(value, int) or isinstance(value, bool) or not 1 <= value <= 60:
        raise ModerationRejected("each step lasts between 1 and 60 minutes")
    return value


def plan_phases(args: dict[str, Any]) -> list[tuple[str, int, bool]]:
    """The timed plan a start command sets: every step in the method's order, questions and advice optionally
    turn by turn (each member in turn, "rekkefremlegg")."""
    turns = {"questions": bool(args.get("questions_turns", False)), "advice": bool(args.get("advice_turns", True))}
    return [(PREFIX + step, _minutes(args, step) * 60, turns.get(step, False)) for step in STEPS]


def _chosen(moderation: dict[str, Any]) -> dict[int, Any]:
    """The console's owners, group id -> participant (JSON keeps the group ids as strings)."""
    owners = moderation.get("owners") or {}
    return {int(g): p for g, p in owners.items() if str(g).isdigit() and p is not None}


def _first_sharers(entries: list[StoredEntry]) -> dict[int, Any]:
    """Group -> the participant whose case came first there (entries in commit order)."""
    first: dict[int, Any] = {}
    for e in entries:
        if e.payload.get("type") == "case":
            first.setdefault(e.payload["group"], e.participant_id)
    return first


def _kept(entries: list[StoredEntry]) -> list[StoredEntry]:
    """The entries that count, in commit order: a hidden one does not."""
    return sorted((e for e in entries if not e.hidden and isinstance(e.payload, dict)), key=lambda e: e.id)


def _counts(case: dict[str, Any]) -> dict[str, Any]:
    """One group's progress with no text and no participant: what facilitators and the room see."""
    return {"group": case["group"], "name": case["name"], "owner": case["owner"] is not None,
            "shared": case["case"] is not None, "advice": len(case["advice"]), "reflection": case["reflection"] is not None}


class PeerCoaching(ActivityKind[PeerCoachingSettings]):
    """A case owner per group, advice from the others, the owner's reflection; staff and the room see counts."""

    name = "peer_coaching"
    label = N_("Peer coaching")
    description = N_("In each group one leader shares a problem, the others give advice; you see only progress.")
    order = 75
    Settings = PeerCoachingSettings
    setting_labels = {"present_minutes": N_("Minutes to present the problem"),
                      "questions_minutes": N_("Minutes for clarifying questions"),
                      "questions_turns": N_("Questions turn by turn"),
                      "advice_minutes": N_("Minutes for advice"), "advice_turns": N_("Advice turn by turn"),
                      "reflection_minutes": N_("Minutes for the owner's reflection")}
    column_labels = {"owner": N_("Case owner chosen"), "shared": N_("Problem shared"), "advice": N_("Advice"),
                     "reflection": N_("Reflection written")}
    value_labels = {"type": {"case": N_("Problem"), "advice": N_("Advice"), "reflection": N_("Reflection")}}
    moderation_actions = frozenset({"coaching_start", "coaching_owner", "coaching_stop"})
    # The texts belong to the group and the owner: exports carry no participant key with the entries.
    private = True

    def entry_limit(self, settings: PeerCoachingSettings) -> int:
        return 200  # a day's advice, and a case or reflection saved again after changes

    def parse_entry(self, settings: PeerCoachingSettings, payload: Any,
                    author: Author | None = None) -> dict[str, Any]:
        kinds = [k for k in TYPES if isinstance(payload, dict) and k in payload]
        if len(kinds) != 1 or not isinstance(payload[kinds[0]], str):
            raise EntryRejected("invalid", "The request is not valid.")
        if author is None or author.group_id is None:
            raise EntryRejected("no_group", "Join a group first.")
        kind = kinds[0]
        text = clean_text(payload[kind])
        if not text:
            raise EntryRejected("empty", "The answer is empty.")
        if len(text) > MAX_TEXT[kind]:
            raise EntryRejected("too_long", "The answer is too long (at most %(limit)s characters).",
                                limit=MAX_TEXT[kind])
        stored: dict[str, Any] = {"type": kind, "group": author.group_id, "text": text}
        if kind == "advice":
            case = payload.get("case_id")
            if case is not None and (not isinstance(case, int) or isinstance(case, bool) or case < 1):
                raise EntryRejected("invalid", "The request is not valid.")
            stored["case"] = case
        return stored

    def participant_settings(self, settings: PeerCoachingSettings) -> dict[str, Any]:
        return settings.model_dump()  # the console starts the plan with these minutes

    def tally(self, settings: PeerCoachingSettings, entries: list[StoredEntry], moderation: dict[str, Any],
              groups: dict[int, str] | None = None) -> dict[str, Any]:
        kept = _kept(entries)
        by_id = {e.id: e for e in kept}
        owners = {**_first_sharers(kept), **_chosen(moderation)}
        names = groups or {}
        seen = {e.payload.get("group") for e in kept}  # a group deleted since keeps its entries
        ids = list(names) + sorted(g for g in seen if isinstance(g, int) and g not in names)
        cases = []
        for g in ids:
            owner = owners.get(g)
            mine = [e for e in kept if e.payload.get("group") == g and e.participant_id == owner and owner is not None]
            case = next((e for e in reversed(mine) if e.payload.get("type") == "case"), None)
            reflection = next((e for e in reversed(mine) if e.payload.get("type") == "reflection"), None)
            advice = [{"id": e.id, "text": e.payload["text"]} for e in kept
                      if owner is not None and e.payload.get("type") == "advice" and e.payload.get("group") == g
                      and e.participant_id != owner and self._answers(e, owner, by_id)]
            cases.append({"group": g, "name": names.get(g, f"#{g}"), "owner": owner,
                          "case_id": case.id if case else None, "case": case.payload["text"] if case else None,
                          "advice": advice, "reflection": reflection.payload["text"] if reflection else None})
        counts = [_counts(c) for c in cases]
        return {"cases": cases, **self._totals(counts)}

    @staticmethod
    def _answers(advice: StoredEntry, owner: Any, by_id: dict[int, StoredEntry]) -> bool:
        """Whether an advice answers `owner`'s case: the case entry it names is theirs and was shared in the
        advice's group (an advice naming none goes to whoever owns the group's case now)."""
        ref = advice.payload.get("case")
        if ref is None:
            return True
        case = by_id.get(ref)
        return (case is not None and case.payload.get("type") == "case" and case.participant_id == owner
                and case.payload.get("group") == advice.payload.get("group"))

    @staticmethod
    def _totals(counts: list[dict[str, Any]]) -> dict[str, Any]:
        return {"groups": counts, "owners": sum(c["owner"] for c in counts), "advice": sum(c["advice"] for c in counts),
                "reflections": sum(c["reflection"] for c in counts)}

    def staff_results(self, results: dict[str, Any]) -> dict[str, Any]:
        # Counts only: the case, the advice, the reflection and who owns which case stay with the group.
        return self._totals(results["groups"])

    def presenter_results(self, results: dict[str, Any]) -> dict[str, Any]:
        return self.staff_results(results)

    def participant_views(self, settings: PeerCoachingSettings, results: dict[str, Any], moderation: dict[str, Any],
                          people: list[Member], live: LiveContext) -> dict[int, dict[str, Any]]:
        cases = {c["group"]: c for c in results.get("cases", [])}
        names = {m.participant_id: m.name for m in people}
        views: dict[int, dict[str, Any]] = {}
        for m in people:
            case = cases.get(m.group_id) if m.group_id is not None else None
            if m.group_id is None:
                views[m.participant_id] = {"role": "none"}
            elif case is None or case["owner"] is None:
                views[m.participant_id] = {"role": "open", "group": m.group_id}
            elif case["owner"] == m.participant_id:
                views[m.participant_id] = {"role": "owner", "group": m.group_id, "owner_id": m.participant_id,
                                           "case_id": case["case_id"],
                                           "case": case["case"], "advice": case["advice"],
                                           "reflection": case["reflection"]}
            else:
                # The owner's id and name: the group's phones know their members; the turns go round the others.
                views[m.participant_id] = {"role": "consultant", "group": m.group_id, "owner_id": case["owner"],
                                           "case_id": case["case_id"], "case": case["case"],
                                           "owner_name": names.get(case["owner"]) or None}
        return views

    def journal_items(self, settings: PeerCoachingSettings, entries: list[StoredEntry],
                      participant_id: int) -> list[JournalItem]:
        kept = _kept(entries)
        first = _first_sharers(kept)
        by_id = {e.id: e for e in kept}
        mine = [e for e in kept if e.participant_id == participant_id]
        case = next((e for e in reversed(mine) if e.payload.get("type") == "case"), None)
        reflection = next((e for e in reversed(mine) if e.payload.get("type") == "reflection"), None)
        # Advice naming one of this leader's cases, or naming none in a group whose first case was theirs
        # (without the console's choice, which only the live view knows).
        advice = [e for e in kept if e.payload.get("type") == "advice" and e.participant_id != participant_id
                  and (self._answers(e, participant_id, by_id) if e.payload.get("case") is not None
                       else first.get(e.payload["group"]) == participant_id)]
        shown = ([case] if case else []) + advice + ([reflection] if reflection else [])
        return [JournalItem(JOURNAL_QUESTIONS[e.payload["type"]], e.payload["text"], e.created_at) for e in shown]

    def moderate(self, moderation: dict[str, Any], action: str, args: dict[str, Any],
                 live: LiveContext | None = None) -> dict[str, Any]:
        if live is None:
            raise ModerationRejected(action)
        moderation = dict(moderation)
        if action == "coaching_start":
            live.new_phases = plan_phases(args)
            moderation["round"] = int(moderation.get("round", 0)) + 1
        elif action == "coaching_stop":
            phases = (live.clock or {}).get("phases") or []
            if self.owns_phases([p.get("label", "") for p in phases]):
                live.new_phases = []  # only the coaching plan's phases: a plan set by hand afterwards stays
        elif action == "coaching_owner":
            group, person = args.get("group_id"), args.get("participant_id")
            members = {gid: ids for gid, _name, ids in live.groups}
            if not isinstance(group, int) or isinstance(group, bool) or group not in members:
                raise ModerationRejected("no such group")
            owners = {str(g): p for g, p in (moderation.get("owners") or {}).items()}
            if person is None:
                owners.pop(str(group), None)  # back to the rule: whoever shared first
            elif person in members[group] and not isinstance(person, bool):
                owners[str(group)] = person  # one value per group: setting it replaces the owner before
            else:
                raise ModerationRejected("the case owner must be a member of the group")
            moderation["owners"] = owners
        else:
            raise ModerationRejected(action)
        return moderation

    def owns_phases(self, labels: list[str]) -> bool:
        return any(str(label).startswith(PREFIX) for label in labels)

    def shared_entry(self, payload: dict[str, Any]) -> bool:
        return False  # a case, an advice, a reflection: each its writer's own, gone when they delete their answers

    def export_payload(self, payload: dict[str, Any]) -> dict[str, Any]:
        return {"type": payload.get("type"), "group": payload.get("group")}  # no text, no case reference

    def entry_table(self, entries: list[StoredEntry], moderation: dict[str, Any]) -> Table:
        return Table(["entry_id", "created_at", "type", "group", "hidden"],
                     [[e.id, e.created_at, e.payload.get("type"), e.payload.get("group"), e.hidden] for e in entries])

    def result_table(self, results: dict[str, Any]) -> Table:
        return Table(["group", "owner", "shared", "advice", "reflection"],
                     [[g["name"], g["owner"], g["shared"], g["advice"], g["reflection"]] for g in results["groups"]])

    def report_table(self, results: dict[str, Any]) -> Table:
        def yes(value: bool) -> Label:
            return Label(N_("yes") if value else N_("no"))

        return Table([N_("Group"), N_("Case owner chosen"), N_("Problem shared"), N_("Advice"), N_("Reflection written")],
                     [[g["name"], yes(g["owner"]), yes(g["shared"]), g["advice"], yes(g["reflection"])]
                      for g in results["groups"]])


KIND = PeerCoaching()
