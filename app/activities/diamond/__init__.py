"""Diamond ranking: nine items in rows of 1-2-3-2-1, the top row the most important.

Individual mode: each participant sends their whole diamond; the newest counts. Group mode: one
shared board per group, built by moves from the members' phones. **Convergence rule:** the board is
a fold of the group's moves in commit order: a move puts an item on a slot (or back in the pool);
an item already on that slot trades places with it (it goes where the moved item came from). Every
phone renders the server's fold, so phones moving at the same moment all end on the same board, the
later move applied on top of the earlier one. Once the group's secretary locks the diamond, moves
are refused until it is unlocked.

Overall ranking: rows score 5, 4, 3, 2, 1, summed over every group's (or participant's) diamond.
"""
from typing import Any, Literal, TypeVar

from pydantic import BaseModel, ConfigDict

from app.activities.base import (ActivityKind, Author, EntryRejected, LiveContext, Member, Phrase, StoredEntry,
                                 Table)
from app.activities.lists import FeedPlan, Items, MAX_ITEM, latest_by_participant, ranked
from app.i18n import N_
from app.text import clean_text, word_key
from app.activities.diamond.chart import report_chart

SHAPE = (1, 2, 3, 2, 1)
SLOTS = sum(SHAPE)
ROW_OF = [row for row, width in enumerate(SHAPE) for _ in range(width)]  # slot -> row
SCORE = [len(SHAPE) - row for row in ROW_OF]  # slot -> 5, 4, 4, 3, 3, 3, 2, 2, 1
MAX_TYPED = 20


class DiamondSettings(BaseModel):
    """Editor settings of a diamond ranking."""

    model_config = ConfigDict(extra="forbid")

    items: Items = []
    mode: Literal["individual", "group"] = "group"
    feed: FeedPlan = None  # filled from an earlier round when this one opens



def _item(raw: Any) -> str:
    if not isinstance(raw, str):
        raise EntryRejected("invalid", "The diamond could not be read; reload the page.")
    text = " ".join(clean_text(raw).split())
    if not word_key(text) or len(text) > MAX_ITEM:
        raise EntryRejected("bad_item", "An item is 1 to %(limit)s characters.", limit=MAX_ITEM)
    return text


class Board:
    """One group's shared diamond while its moves are folded."""

    def __init__(self, items: list[str]):
        self.slots: list[str | None] = [None] * SLOTS
        self.pool: list[str] = list(items)
        self.locked = False
        self.moves = 0

    def add(self, text: str) -> None:
        """A value the group typed in itself, into the pool (not once the diamond is locked)."""
        if not self.locked and word_key(text) not in {word_key(i) for i in self.pool + [s for s in self.slots if s]}:
            self.pool.append(text)

    def move(self, item: str, slot: int | None) -> None:
        """Put `item` on `slot` (None: back in the pool), trading places with what was there."""
        if self.locked:
            return
        if item in self.slots:
            came_from: int | None = self.slots.index(item)
        elif item in self.pool:
            came_from = None
        else:
            return  # not this group's item: nothing to move
        if slot == came_from:
            return
        self.moves += 1
        if came_from is None:
            self.pool.remove(item)
        else:
            self.slots[came_from] = None
        if slot is None:
            self.pool.append(item)
            return
        occupant = self.slots[slot]
        self.slots[slot] = item
        if occupant is not None:
            if came_from is None:
                self.pool.append(occupant)
            else:
                self.slots[came_from] = occupant

    def view(self) -> dict[str, Any]:
        return {"slots": self.slots, "pool": self.pool, "locked": self.locked, "moves": self.moves,
                "complete": all(self.slots)}


SlotT = TypeVar("SlotT")  # a slot: an item, or None where empty


def rows_of(slots: list[SlotT]) -> list[list[SlotT]]:
    """Nine slots as the diamond's rows."""
    out: list[list[SlotT]] = []
    start = 0
    for width in SHAPE:
        out.append(slots[start:start + width])
        start += width
    return out


def _where(p: dict[str, Any]) -> Phrase:
    """Where a move (or an added value) put an item: its row of the diamond, or the values not placed
    (the raw CSV keeps the slot index 0-8, "None" for a move back to the list, nothing for an added value)."""
    item, slot = p.get("item", p.get("text", "")), p.get("slot", "")
    raw = f"{item} -> {slot}"
    if isinstance(slot, int) and 0 <= slot < SLOTS:
        return Phrase(raw, N_("%(item)s → row %(row)s"), item=item, row=ROW_OF[slot] + 1)
    return Phrase(raw, N_("%(item)s → not placed"), item=item)


class Diamond(ActivityKind[DiamondSettings]):
    """Nine items in a 1-2-3-2-1 diamond, alone or as a group on a shared board."""

    name = "diamond"
    label = N_("Diamond ranking")
    description = N_("Nine items ranked in a diamond (1-2-3-2-1), alone or as a group on one shared board.")
    order = 50
    setting_labels = {"items": N_("Items (one per line)"), "mode": N_("Who builds the diamond")}
    setting_options = {"mode": {"group": N_("Each group on one shared board"), "individual": N_("Each participant")}}
    Settings = DiamondSettings
    column_labels = {"what": N_("Content"), "diamond / rank": N_("Diamond / rank")}
    value_labels = {"type": {"diamond": N_("Diamond"), "move": N_("Move"), "add": N_("Added"), "lock": N_("Locked"),
                             "unlock": N_("Unlocked")}}
    report_chart = staticmethod(report_chart)  # its chart in the printable report (chart.py)

    def entry_limit(self, settings: DiamondSettings) -> int:
        return 2000  # every move of a day's group work

    def parse_entry(self, settings: DiamondSettings, payload: Any, author: Author | None = None) -> dict[str, Any]:
        if not isinstance(payload, dict):
            raise EntryRejected("invalid", "The diamond could not be read; reload the page.")
        if settings.mode == "individual":
            return {"rows": self._check_rows(settings, payload.get("rows"))}
        if author is None or author.group_id is None:
            raise EntryRejected("no_group", "Join a group first.")
        kind = payload.get("type")
        if kind == "move":
            slot = payload.get("slot")
            if slot is not None and (not isinstance(slot, int) or isinstance(slot, bool) or not 0 <= slot < SLOTS):
                raise EntryRejected("bad_slot", "The diamond has places 0 to 8.")
            return {"type": "move", "group": author.group_id, "item": _item(payload.get("item")), "slot": slot}
        if kind == "add":
            return {"type": "add", "group": author.group_id, "text": _item(payload.get("text"))}
        if kind in ("lock", "unlock"):
            if not author.writes:
                raise EntryRejected("not_writer", "Only the group's secretary locks the diamond.")
            return {"type": kind, "group": author.group_id}
        raise EntryRejected("invalid", "The diamond could not be read; reload the page.")

    @staticmethod
    def _check_rows(settings: DiamondSettings, rows: Any) -> list[list[str]]:
        """Nine distinct items of the list in rows of 1, 2, 3, 2 and 1."""
        if not isinstance(rows, list) or [len(r) if isinstance(r, list) else -1 for r in rows] != list(SHAPE):
            raise EntryRejected("shape", "A diamond has rows of 1, 2, 3, 2 and 1 items.")
        items = [_item(i) for row in rows for i in row]
        if len({word_key(i) for i in items}) != SLOTS:
            raise EntryRejected("repeat", "Each item may stand only once in the diamond.")
        if settings.items:
            known = {word_key(i): i for i in settings.items}
            unknown = [i for i in items if word_key(i) not in known]
            if unknown:
                raise EntryRejected("unknown_item", "Unknown item: %(item)s.", item=unknown[0])
            items = [known[word_key(i)] for i in items]
        return rows_of(items)

    def tally(self, settings: DiamondSettings, entries: list[StoredEntry], moderation: dict[str, Any],
              groups: dict[int, str] | None = None) -> dict[str, Any]:
        boards: list[dict[str, Any]] = []
        if settings.mode == "individual":
            for pid, e in sorted(latest_by_participant(entries).items()):
                slots = [i for row in e.payload.get("rows", []) for i in row]
                boards.append({"participant": pid, "name": f"P{pid}", "slots": slots, "pool": [],
                               "locked": True, "moves": 1, "complete": len(slots) == SLOTS})
        else:
            folded: dict[Any, Board] = {}  # by the group id the entries carry
            for e in sorted(entries, key=lambda e: e.id):
                if e.hidden:
                    continue
                p = e.payload
                board = folded.setdefault(p.get("group"), Board(settings.items))
                if p.get("type") == "move":
                    board.move(p["item"], p["slot"])
                elif p.get("type") == "add" and len(board.pool) + sum(map(bool, board.slots)) < \
                        len(settings.items) + MAX_TYPED:
                    board.add(p["text"])
                elif p.get("type") in ("lock", "unlock"):
                    board.locked = p["type"] == "lock"
            names = groups or {}
            for gid in list(names) + sorted(g for g in folded if g not in names):
                board = folded.get(gid) or Board(settings.items)
                boards.append({"group": gid, "name": names.get(gid, f"#{gid}"), **board.view()})
        # Equal values from different boards count together ("Tillit" and "tillit"); the first
        # spelling seen (the facilitator's list first) names them.
        spelling = {word_key(i): i for i in reversed(settings.items)}
        scores: dict[str, int] = {}
        order: list[str] = list(settings.items)
        for b in boards:
            for slot, item in enumerate(b["slots"]):
                if item:
                    name = spelling.setdefault(word_key(item), item)
                    scores[name] = scores.get(name, 0) + SCORE[slot]
                    if name not in order:
                        order.append(name)
        placed = [i for i in order if i in scores]
        return {"mode": settings.mode, "boards": boards, "ranking": ranked(scores, placed),
                "participants": len({e.participant_id for e in entries}), "entries": len(entries)}

    def presenter_results(self, results: dict[str, Any]) -> dict[str, Any]:
        if results["mode"] == "individual":  # people's own diamonds stay theirs: the room sees the sum
            return {**results, "boards": []}
        return {**results, "boards": [b for b in results["boards"] if any(b["slots"])]}

    def participant_views(self, settings: DiamondSettings, results: dict[str, Any], moderation: dict[str, Any],
                          people: list[Member], live: LiveContext) -> dict[int, dict[str, Any]]:
        if settings.mode != "group":
            return {}
        boards = {b["group"]: b for b in results["boards"]}
        return {m.participant_id: {"board": boards.get(m.group_id), "can_lock": m.writes}
                for m in people if m.group_id is not None}

    def top_items(self, results: dict[str, Any], n: int) -> list[list[str]]:
        return [[i for i in b["slots"] if i][:n] for b in results["boards"] if any(b["slots"])]

    def entry_table(self, entries: list[StoredEntry], moderation: dict[str, Any]) -> Table:
        rows = []
        for e in entries:
            p = e.payload
            what = " | ".join(", ".join(r) for r in p["rows"]) if "rows" in p else \
                _where(p) if p.get("type") in ("move", "add") else ""
            rows.append([e.id, f"P{e.participant_id}", e.created_at, p.get("type", "diamond"),
                         p.get("group", ""), what, e.hidden])
        return Table(["entry_id", "participant", "created_at", "type", "group", "what", "hidden"], rows)

    def result_table(self, results: dict[str, Any]) -> Table:
        rows = [[b["name"], *[" / ".join(i or "–" for i in row) for row in rows_of(b["slots"])]]
                for b in results["boards"]]
        rows += [[f"#{r['rank']}", r["item"], r["score"], "", "", ""] for r in results["ranking"]]
        # "row 1 (5)": row 1, worth 5 points; people read it in the workshop's language.
        rows_worth = [Phrase(f"row {r} ({len(SHAPE) + 1 - r})", N_("Row %(row)s (%(points)s)"), row=r,
                             points=len(SHAPE) + 1 - r) for r in range(1, len(SHAPE) + 1)]
        return Table(["diamond / rank", *rows_worth], rows)

    def report_table(self, results: dict[str, Any]) -> Table:
        return Table([N_("Rank"), N_("Item"), N_("Points")],
                     [[r["rank"], r["item"], r["score"]] for r in results["ranking"]])


KIND = Diamond()
