"""Word cloud: short words; equal words from different people count together."""
from collections import Counter, defaultdict
from typing import Any

from pydantic import BaseModel, ConfigDict, Field

from app.activities.base import EntryRejected, ModerationRejected, StoredEntry, Table
from app.activities.text_entry import TextEntryKind
from app.i18n import N_
from app.text import word_key
from app.activities.word_cloud.chart import report_chart

# The presenter shows at most this many words, the most frequent first.
CLOUD_LIMIT = 80


class WordCloudSettings(BaseModel):
    """Editor settings of a word cloud."""

    model_config = ConfigDict(extra="forbid")

    words_per_participant: int = Field(default=3, ge=1, le=10)
    max_length: int = Field(default=40, ge=3, le=100)


def resolve(key: str, merges: dict[str, str]) -> str:
    """Follow merges to the word a key now counts as (cycles stop where they started)."""
    seen = {key}
    while key in merges and merges[key] not in seen:
        key = merges[key]
        seen.add(key)
    return key


def _label(key: str, spellings: Counter | None) -> str:
    """A word's shown text: the spelling most people used (first seen on ties), else the merge target's key."""
    return spellings.most_common(1)[0][0] if spellings else key


class WordCloud(TextEntryKind[WordCloudSettings]):
    """Entries are single words or short phrases; the facilitator can hide and merge words."""

    name = "word_cloud"
    label = N_("Word cloud")
    description = N_("A few words each; the most given grow largest in the cloud.")
    order = 20
    setting_labels = {"words_per_participant": N_("Words per participant"), "max_length": N_("Longest word (characters)")}
    Settings = WordCloudSettings
    column_labels = {"word": N_("Word"), "counted_as": N_("Counted as")}
    report_chart = staticmethod(report_chart)  # its chart in the printable report (chart.py)
    moderation_actions = frozenset({"hide_word", "unhide_word", "merge_words", "unmerge_word"})

    def entry_limit(self, settings: WordCloudSettings) -> int:
        return settings.words_per_participant

    def parse_entry(self, settings, payload: Any, author=None) -> dict[str, Any]:
        entry = super().parse_entry(settings, payload)
        key = word_key(entry["text"])
        if not key:
            raise EntryRejected("empty", "The answer is empty.")
        return {"text": entry["text"], "key": key}

    def tally(self, settings, entries: list[StoredEntry], moderation: dict[str, Any], groups=None) -> dict[str, Any]:
        merges = moderation.get("merges", {})
        hidden_words = set(moderation.get("hidden", []))
        people: dict[str, set[int | str]] = defaultdict(set)
        # Spellings of the word itself only: merged-in words count, but never name the group.
        spellings: dict[str, Counter] = defaultdict(Counter)
        for e in sorted(entries, key=lambda e: e.id):
            if e.hidden:
                continue
            own = e.payload.get("key", "")
            key = resolve(own, merges)
            people[key].add(e.participant_id)
            if own == key:
                spellings[key][e.payload.get("text", key)] += 1
        words: list[dict[str, Any]] = [
            {
                "key": key,
                "text": _label(key, spellings.get(key)),
                "count": len(members),
                "hidden": key in hidden_words,
            }
            for key, members in people.items()
        ]
        words.sort(key=lambda w: (-w["count"], w["key"]))
        return {
            "words": words,
            "merges": merges,
            "entries": len(entries),
            "participants": len({e.participant_id for e in entries}),
        }

    def presenter_results(self, results: dict[str, Any]) -> dict[str, Any]:
        visible = [{"key": w["key"], "text": w["text"], "count": w["count"]} for w in results["words"] if not w["hidden"]]
        return {"words": visible[:CLOUD_LIMIT], "entries": results["entries"], "participants": results["participants"]}

    def moderate(self, moderation: dict[str, Any], action: str, args: dict[str, Any], live=None) -> dict[str, Any]:
        hidden = set(moderation.get("hidden", []))
        merges = dict(moderation.get("merges", {}))
        if action in ("hide_word", "unhide_word", "unmerge_word"):
            key = word_key(str(args.get("word", "")))
            if not key:
                raise ModerationRejected("word is required")
            if action == "hide_word":
                hidden.add(key)
            elif action == "unhide_word":
                hidden.discard(key)
            else:
                merges.pop(key, None)
        elif action == "merge_words":
            source, target = word_key(str(args.get("source", ""))), word_key(str(args.get("target", "")))
            if not source or not target or source == target:
                raise ModerationRejected("source and target must be two different words")
            if resolve(target, merges) == source:
                raise ModerationRejected("that merge would make a cycle")
            merges[source] = target
        else:
            raise ModerationRejected(action)
        return {"hidden": sorted(hidden), "merges": merges}

    def top_items(self, results: dict[str, Any], n: int) -> list[list[str]]:
        return [[w["text"] for w in results["words"] if not w["hidden"]][:n]]

    def entry_table(self, entries: list[StoredEntry], moderation: dict[str, Any]) -> Table:
        merges = moderation.get("merges", {})
        hidden_words = set(moderation.get("hidden", []))
        rows = []
        for e in entries:
            key = e.payload.get("key", "")
            counted_as = resolve(key, merges)
            rows.append([e.id, f"P{e.participant_id}", e.created_at, e.payload.get("text", ""),
                         counted_as, e.hidden or counted_as in hidden_words])
        return Table(["entry_id", "participant", "created_at", "word", "counted_as", "hidden"], rows)

    def result_table(self, results: dict[str, Any]) -> Table:
        return Table(["word", "people", "hidden"], [[w["text"], w["count"], w["hidden"]] for w in results["words"]])

    def report_table(self, results: dict[str, Any]) -> Table:
        return Table([N_("Word"), N_("People")], [[w["text"], w["count"]] for w in results["words"] if not w["hidden"]])


KIND = WordCloud()
