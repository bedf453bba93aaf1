"""Pieces shared by the kinds that work on a list of items: cleaning the list, the latest answer of
each participant, and ranks with ties."""
from collections.abc import Mapping
from typing import Annotated, Any

from pydantic import BaseModel, BeforeValidator, ConfigDict, Field
from pydantic.json_schema import SkipJsonSchema

from app.activities.base import StoredEntry
from app.text import clean_text, word_key

MAX_ITEMS = 40
MAX_ITEM = 80


def tidy_lines(raw: list[Any]) -> list[str]:
    """Items with spaces tidied, blanks and repeats (by case, spacing, Unicode form) dropped."""
    items, seen = [], set()
    for item in raw:
        text = " ".join(clean_text(str(item)).split())
        key = word_key(text)
        if key and key not in seen:
            seen.add(key)
            items.append(text)
    return items


def clean_items(raw: Any, longest: int = MAX_ITEM, most: int = MAX_ITEMS) -> list[str]:
    """One line per item, tidied; ValueError for an item or a list that is too long."""
    if isinstance(raw, str):
        raw = raw.split("\n")
    if not isinstance(raw, list):
        raise ValueError("a list of items")
    items = tidy_lines(raw)
    if any(len(item) > longest for item in items):
        raise ValueError(f"an item has at most {longest} characters")
    if len(items) > most:
        raise ValueError(f"at most {most} items")
    return items


# A settings field holding such a list: one line per item in the editor, cleaned on the way in.
Items = Annotated[list[str], BeforeValidator(lambda value: clean_items(value))]

MAX_FEED = 20


class Feed(BaseModel):
    """A plan to fill an empty list, when its round opens, with the top `n` of each board or list of an
    earlier activity (app/services/chaining.py checks the source and resolves the plan)."""

    model_config = ConfigDict(extra="forbid", strict=True)

    source_id: int = Field(ge=1)
    n: int = Field(ge=1, le=MAX_FEED)


# The settings field of the kinds a plan can feed; the console's chain panel edits it, not the editor form.
FeedPlan = SkipJsonSchema[Feed | None]


def latest_by_participant(entries: list[StoredEntry]) -> dict[int | str, StoredEntry]:
    """Each participant's newest entry, unless the facilitator hid it: a new answer replaces the
    earlier one, and hiding the newest never brings an older one back."""
    latest: dict[int | str, StoredEntry] = {}
    for e in sorted(entries, key=lambda e: e.id):
        latest[e.participant_id] = e
    return {pid: e for pid, e in latest.items() if not e.hidden}


def ranked(scores: Mapping[str, float], order: list[str]) -> list[dict[str, Any]]:
    """Items by score, highest first; equal scores share a rank (1, 2, 2, 4) and keep list order."""
    place = {item: i for i, item in enumerate(order)}
    rows = sorted(order, key=lambda item: (-scores.get(item, 0), place[item]))
    out: list[dict[str, Any]] = []
    for i, item in enumerate(rows):
        score = scores.get(item, 0)
        rank = out[-1]["rank"] if out and out[-1]["score"] == score else i + 1
        out.append({"item": item, "score": score, "rank": rank})
    for row in out:
        row["tied"] = sum(r["rank"] == row["rank"] for r in out) > 1
    return out


def pooled(lists: list[list[str]]) -> list[str]:
    """Items of several lists as one, first-seen order, equal items (case, spacing, Unicode) once;
    items too long to be one are left out, and the list stops at the most a round can hold."""
    return [item for item in tidy_lines([i for items in lists for i in items]) if len(item) <= MAX_ITEM][:MAX_ITEMS]
