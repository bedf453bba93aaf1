"""Group posters ("VERDI: Som leder skal jeg ...", the purpose poster) and the gallery walk over them.

Every save from a phone is an entry {"type": "edit", "base": revision seen, "text": whole text}. The
poster's text is a fold over its edits in commit order: an edit made from the newest revision
replaces the text; an edit made from an older one is merged three-way with what was committed
meanwhile (app/services/text_merge.py), keeping both versions where two phones changed the same
lines. So concurrent edits never silently lose text, and the fold needs no read-then-write.
Each group's fold is cached (`_FoldCache`): a results rebuild with no new save merges nothing, and
a new save costs one merge, not a replay of the poster's whole history.

The gallery walk: hosts stay with their group's poster, the other members (the group's visiting set)
move round the other posters by app/services/rotation.py, one timed stop at a time (the activity's
phase clock: "walk:<stop>:present", "walk:<stop>:comment", then "walk:return"). Visitors' comments
and the hosts' marks are entries too. Ending the walk (at any stop) removes its phases from the clock
and keeps the walk, marked ended: every group is back at its poster with its feedback.
"""
import random
import threading
from collections import OrderedDict
from dataclasses import dataclass
from datetime import datetime
from typing import Annotated, Any, Literal

from pydantic import BaseModel, BeforeValidator, ConfigDict, Field

from app.activities.base import (ActivityKind, Author, EntryRejected, Label, LiveContext, Member,
                                 ModerationRejected, Phrase, StoredEntry, Table)
from app.i18n import N_
from app.activities.poster.rotation import schedule
from app.activities.poster.text_merge import merge3
from app.text import clean_text, strip_controls, strip_invisible

MARKS = ("agreed", "discuss", "")
MARK_LABELS = {"agreed": N_("Agreed"), "discuss": N_("To discuss"), "": ""}
MAX_COMMENT = 500
# The longest poster any activity may allow: every save is merged with what others saved meanwhile,
# and a merge's cost grows with the length of the texts (docs/benchmarks.md, poster merges).
MAX_POSTER = 5000


class PosterSettings(BaseModel):
    """Editor settings of a group poster."""

    model_config = ConfigDict(extra="forbid")

    editors: Literal["everyone", "secretary"] = "everyone"
    # Clamped rather than refused: a poster saved with a larger limit before the cap keeps its
    # other settings (a refused value would reset them all to the defaults).
    max_length: Annotated[int, BeforeValidator(lambda v: min(v, MAX_POSTER) if isinstance(v, int) else v)] = \
        Field(default=3000, ge=100, le=MAX_POSTER)


def _poster_text(raw: str) -> str:
    """Typed poster text: control, bidi and invisible characters out, line breaks kept, no trailing blanks."""
    text = raw.replace("\r\n", "\n").replace("\r", "\n")
    text = strip_invisible(strip_controls(text))
    return "\n".join(line.rstrip() for line in text.split("\n")).strip("\n")


@dataclass(frozen=True)
class _Fold:
    """One group's poster after folding its edits so far; never changed once built (threads share it)."""

    keys: list[tuple[int, datetime, int | str, int, str]]  # (id, created_at, participant, base, text) of each edit
    revisions: list[str]  # revision n is the text after the n-th edit; 0 is ""
    own: dict[int | str, tuple[int, str]]  # participant -> (revision, text) of their last save


_EMPTY = _Fold([], [""], {})


def _fold_edit(revisions: list[str], own: dict[int | str, tuple[int, str]], participant_id: int | str, base: int,
               text: str) -> None:
    """Apply one save to a group's revisions (in place)."""
    base = base if 0 <= base < len(revisions) else 0
    current = revisions[-1]
    mine = own.get(participant_id)
    if mine and mine[0] > base:
        # A phone that saves again before the merged text came back typed on from its own
        # last save, not from `base`: merging from there keeps its text from doubling.
        revisions.append(merge3(mine[1], current, text))
    elif base == len(revisions) - 1:
        revisions.append(text)
    else:
        revisions.append(merge3(revisions[base], current, text))
    own[participant_id] = (len(revisions) - 1, text)


class _FoldCache:
    """Folds of the groups' posters by (group, first edit's id), extended by the saves made since.

    A cached fold is used only when its edits are exactly the first edits of the group now (same ids,
    times, authors and texts: a deleted or replaced entry means a full replay). The live path passes
    the same entry objects each time (app/services/entry_cache.py), so that check compares
    references, not texts."""

    def __init__(self, size: int = 256):
        self.size = size
        self._folds: OrderedDict[tuple[int, int], _Fold] = OrderedDict()
        self._lock = threading.Lock()

    def fold(self, group: int, edits: list[StoredEntry]) -> _Fold:
        """The group's fold over `edits` (its edit entries in id order)."""
        if not edits:
            return _EMPTY
        keys = [(e.id, e.created_at, e.participant_id, e.payload["base"], e.payload["text"]) for e in edits]
        key = (group, edits[0].id)
        if not all(isinstance(e.participant_id, int) for e in edits):
            # An export's pseudonymised entries: fold them apart, leaving the live fold in the cache.
            revisions: list[str] = [""]
            own: dict[int | str, tuple[int, str]] = {}
            for e in edits:
                _fold_edit(revisions, own, e.participant_id, e.payload["base"], e.payload["text"])
            return _Fold(keys, revisions, own)
        with self._lock:
            cached = self._folds.get(key)
        done = len(cached.keys) if cached and cached.keys == keys[:len(cached.keys)] else 0
        start = cached if cached and done else _EMPTY
        if done == len(keys):
            fold = start
        else:
            revisions, own = list(start.revisions), dict(start.own)
            for e in edits[done:]:
                _fold_edit(revisions, own, e.participant_id, e.payload["base"], e.payload["text"])
            fold = _Fold(keys, revisions, own)
        with self._lock:
            self._folds[key] = fold
            self._folds.move_to_end(key)
            while len(self._folds) > self.size:
                self._folds.popitem(last=False)
        return fold


FOLDS = _FoldCache()


def walk_stop(clock: dict[str, Any] | None) -> tuple[int, str] | None:
    """(stop number, "present" | "comment") while a walk's stop runs, (0, "return") after it, else None."""
    label = (clock or {}).get("label") or ""
    if label == "walk:return":
        return 0, "return"
    parts = label.split(":")
    if len(parts) == 3 and parts[0] == "walk" and parts[1].isdigit():
        return int(parts[1]), parts[2]
    return None


def _mark_text(p: dict[str, Any]) -> Phrase:
    """A host's mark on a comment (the comment's entry number): "Kommentar 12: Enige" for people,
    "#12: agreed" in the raw CSV ("-" when the mark was taken off)."""
    comment, mark = p.get("comment"), p.get("mark")
    raw = f"#{comment}: {mark or '-'}"
    if mark in MARK_LABELS and mark:
        return Phrase(raw, N_("Comment %(n)s: %(mark)s"), n=comment, mark=Label(MARK_LABELS[mark]))
    return Phrase(raw, N_("Comment %(n)s: mark removed"), n=comment)


class Poster(ActivityKind[PosterSettings]):
    """One shared text per group, edited live from the members' phones; optionally a gallery walk."""

    name = "poster"
    label = N_("Group poster")
    description = N_("Each group writes a poster; a gallery walk lets the others comment.")
    order = 70
    setting_labels = {"editors": N_("Who writes on the poster"), "max_length": N_("Longest poster (characters)")}
    setting_options = {"editors": {"everyone": N_("Every member"), "secretary": N_("The secretary")}}
    Settings = PosterSettings
    column_labels = {"poster": N_("Poster"), "text": N_("Text"), "part": N_("Part"),
                     "edits / from group": N_("Edits / from group"), "mark": N_("Mark")}
    value_labels = {"type": {"edit": N_("Change"), "comment": N_("Comment"), "mark": N_("Mark")},
                    "part": {"poster": N_("Poster"), "comment": N_("Comment")},
                    "mark": {"agreed": N_("Agreed"), "discuss": N_("To discuss")}}
    group_columns = frozenset({"group", "poster"})
    moderation_actions = frozenset({"walk_start", "walk_end", "walk_hosts", "show_poster"})

    def entry_limit(self, settings: PosterSettings) -> int:
        return 5000  # saves of a whole day's writing, comments and marks

    def parse_entry(self, settings: PosterSettings, payload: Any, author: Author | None = None) -> dict[str, Any]:
        if not isinstance(payload, dict) or payload.get("type") not in ("edit", "comment", "mark"):
            raise EntryRejected("invalid", "Unknown poster action.")
        if author is None or author.group_id is None:
            raise EntryRejected("no_group", "Join a group first.")
        kind = payload["type"]
        if kind == "edit":
            base, text = payload.get("base"), payload.get("text")
            if not isinstance(base, int) or isinstance(base, bool) or base < 0 or not isinstance(text, str):
                raise EntryRejected("invalid", "The poster could not be read; reload the page.")
            if settings.editors == "secretary" and not author.writes:
                raise EntryRejected("not_writer", "Only the group's secretary writes on this poster.")
            text = _poster_text(text)
            if len(text) > settings.max_length:
                raise EntryRejected("too_long", "The answer is too long (at most %(limit)s characters).",
                                    limit=settings.max_length)
            return {"type": "edit", "group": author.group_id, "base": base, "text": text}
        if kind == "comment":
            poster, text = payload.get("poster"), payload.get("text")
            if not isinstance(poster, int) or isinstance(poster, bool) or not isinstance(text, str):
                raise EntryRejected("invalid", "The comment could not be read; reload the page.")
            if poster == author.group_id:
                raise EntryRejected("own_poster", "Comment on the other groups' posters.")
            text = clean_text(text)
            if not text:
                raise EntryRejected("empty", "The answer is empty.")
            if len(text) > MAX_COMMENT:
                raise EntryRejected("too_long", "The answer is too long (at most %(limit)s characters).",
                                    limit=MAX_COMMENT)
            return {"type": "comment", "group": author.group_id, "poster": poster, "text": text}
        comment, mark = payload.get("comment"), payload.get("mark")
        if not isinstance(comment, int) or isinstance(comment, bool) or mark not in MARKS:
            raise EntryRejected("invalid", "The mark could not be read; reload the page.")
        return {"type": "mark", "group": author.group_id, "comment": comment, "mark": mark}

    def tally(self, settings, entries: list[StoredEntry], moderation: dict[str, Any],
              groups: dict[int, str] | None = None) -> dict[str, Any]:
        saves: dict[int, list[StoredEntry]] = {}
        comments: dict[int, dict[str, Any]] = {}
        for e in sorted(entries, key=lambda e: e.id):
            p = e.payload
            if p.get("type") == "edit":
                saves.setdefault(p["group"], []).append(e)
            elif p.get("type") == "comment":
                comments[e.id] = {"id": e.id, "poster": p["poster"], "from_group": p["group"], "text": p["text"],
                                  "mark": "", "hidden": e.hidden}
            elif p.get("type") == "mark":
                c = comments.get(p["comment"])
                if c is not None and c["poster"] == p["group"]:  # only the poster's own group marks
                    c["mark"] = p["mark"]
        history = {g: FOLDS.fold(g, group_saves).revisions for g, group_saves in saves.items()}
        names = groups or {}
        ids = list(names) + sorted(g for g in history if g not in names)
        posters = [{"group": g, "name": names.get(g, f"#{g}"), "text": history.get(g, [""])[-1],
                    "rev": len(history.get(g, [""])) - 1, "edits": len(saves.get(g, []))} for g in ids]
        return {"posters": posters, "comments": list(comments.values()), "walk": moderation.get("walk"),
                "focus": moderation.get("focus"), "entries": len(entries),
                "participants": len({e.participant_id for e in entries})}

    def presenter_results(self, results: dict[str, Any]) -> dict[str, Any]:
        return {**results, "comments": [c for c in results["comments"] if not c["hidden"]]}

    def participant_views(self, settings: PosterSettings, results: dict[str, Any], moderation: dict[str, Any],
                          people: list[Member], live: LiveContext) -> dict[int, dict[str, Any]]:
        posters = {p["group"]: p for p in results["posters"]}
        comments = [c for c in results["comments"] if not c["hidden"]]
        walk = moderation.get("walk")
        # An ended walk keeps every group back at its poster with its feedback, whatever clock runs later.
        stop = walk_stop(live.clock) if walk and not walk.get("ended") else None
        views = {}
        for m in people:
            own = posters.get(m.group_id)
            view: dict[str, Any] = {
                "group": m.group_id,
                "poster": {"text": own["text"], "rev": own["rev"]} if own else {"text": "", "rev": 0},
                "can_edit": m.group_id is not None and (settings.editors == "everyone" or m.writes),
            }
            if walk and m.group_id in walk["order"]:
                view["walk"] = self._walk_view(walk, stop, m, posters, comments)
            views[m.participant_id] = view
        return views

    @staticmethod
    def _walk_view(walk: dict[str, Any], stop: tuple[int, str] | None, m: Member, posters: dict,
                   comments: list[dict[str, Any]]) -> dict[str, Any]:
        """Where one member is during the walk and what they see there."""
        on_mine = [c for c in comments if c["poster"] == m.group_id]
        host = walk["hosts"].get(str(m.group_id)) == m.participant_id
        if stop is None or stop[0] == 0:  # back with the group: read the feedback, finalise the poster
            return {"stage": "return", "host": host, "comments": on_mine}
        number, step = stop
        if host:
            return {"stage": step, "stop": number, "host": True, "at": m.group_id, "comments": on_mine}
        order = walk["order"]
        at = order[walk["schedule"][number - 1].index(order.index(m.group_id))]
        poster = posters.get(at) or {"text": "", "name": ""}
        mine = [c for c in comments if c["poster"] == at and c["from_group"] == m.group_id]
        return {"stage": step, "stop": number, "host": False, "at": at, "at_name": poster.get("name", ""),
                "at_text": poster["text"], "comments": mine}

    def moderate(self, moderation: dict[str, Any], action: str, args: dict[str, Any],
                 live: LiveContext | None = None) -> dict[str, Any]:
        moderation = dict(moderation)
        groups = [g for g in (live.groups if live else []) if g[2]]  # groups with members
        if action == "show_poster":
            focus = args.get("group_id")
            if focus is not None and focus not in {g[0] for g in groups}:
                raise ModerationRejected("no such group")
            moderation["focus"] = focus
        elif action in ("walk_start", "walk_hosts"):
            if len(groups) < 2 or live is None:  # (groups come from `live`: none without it)
                raise ModerationRejected("a gallery walk needs at least two groups with members")
            rng = random.SystemRandom()
            hosts = {str(gid): rng.choice(members) for gid, _name, members in groups}
            if action == "walk_hosts":
                if not moderation.get("walk") or moderation["walk"].get("ended"):
                    raise ModerationRejected("no gallery walk is running")
                moderation["walk"] = {**moderation["walk"], "hosts": {**moderation["walk"]["hosts"], **hosts}}
                return moderation
            stops = args.get("stops", len(groups) - 1)
            present, comment, back = (args.get(k, d) for k, d in
                                      (("present_seconds", 60), ("comment_seconds", 180), ("return_seconds", 300)))
            if not all(isinstance(v, int) and not isinstance(v, bool) and 1 <= v <= 3600 for v in (present, comment, back)):
                raise ModerationRejected("each stop lasts between 1 and 3600 seconds")
            try:
                plan = schedule(len(groups), stops if isinstance(stops, int) else -1)
            except ValueError as e:
                raise ModerationRejected(str(e))
            moderation["walk"] = {"order": [g[0] for g in groups], "hosts": hosts,
                                  "schedule": [list(s.at) for s in plan]}
            live.new_phases = [(f"walk:{s.number}:{step}", sec, False) for s in plan
                               for step, sec in (("present", present), ("comment", comment))] + \
                              [("walk:return", back, False)]
        elif action == "walk_end":
            self._end_walk(moderation, live)
        else:
            raise ModerationRejected(action)
        return moderation

    def owns_phases(self, labels: list[str]) -> bool:
        return any(str(label).startswith("walk:") for label in labels)

    def _end_walk(self, moderation: dict[str, Any], live: LiveContext | None) -> None:
        """End the walk (in place): its stops leave the clock, and the walk stays, marked ended, so every
        group is back at its poster with the comments and marks it got."""
        walk = moderation.get("walk")
        if not walk:
            return
        moderation["walk"] = {**walk, "ended": True}
        phases = ((live.clock if live else None) or {}).get("phases") or []
        if live is not None and self.owns_phases([p.get("label", "") for p in phases]):
            live.new_phases = []  # only the walk's own phases: a plan set after it stays

    def entry_table(self, entries: list[StoredEntry], moderation: dict[str, Any]) -> Table:
        rows = []
        for e in entries:
            p = e.payload
            text = p.get("text", "") if p.get("type") != "mark" else _mark_text(p)
            rows.append([e.id, f"P{e.participant_id}", e.created_at, p.get("type"), p.get("group"),
                         p.get("poster", p.get("group")), text, e.hidden])
        return Table(["entry_id", "participant", "created_at", "type", "group", "poster", "text", "hidden"], rows)

    def result_table(self, results: dict[str, Any]) -> Table:
        names = {p["group"]: p["name"] for p in results["posters"]}
        rows = [["poster", p["name"], p["text"], p["edits"], ""] for p in results["posters"]]
        rows += [["comment", names.get(c["poster"], c["poster"]), c["text"], names.get(c["from_group"], ""),
                  c["mark"]] for c in results["comments"] if not c["hidden"]]
        return Table(["part", "poster", "text", "edits / from group", "mark"], rows)

    def report_table(self, results: dict[str, Any]) -> Table:
        names = {p["group"]: p["name"] for p in results["posters"]}
        comments = [c for c in results["comments"] if not c["hidden"]]
        if not comments:
            return Table([N_("Group"), N_("Poster")], [[p["name"], p["text"]] for p in results["posters"]])
        def comment_row(c):
            return [f"{names.get(c['poster'], '')} ← {names.get(c['from_group'], '')}", c["text"],
                    Label(MARK_LABELS.get(c["mark"], ""))]

        rows = []
        for p in results["posters"]:  # each poster with the comments it got, marked as its group marked them
            rows.append([p["name"], p["text"], Label("")])
            rows += [comment_row(c) for c in comments if c["poster"] == p["group"]]
        rows += [comment_row(c) for c in comments if c["poster"] not in names]  # a poster no longer listed
        return Table([N_("Group"), N_("Poster"), N_("Mark")], rows)


KIND = Poster()
