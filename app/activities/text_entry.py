"""Shared base for kinds whose entries are one typed text each."""
from typing import Any

from app.activities.base import ActivityKind, EntryRejected, SettingsT
from app.text import clean_text


class TextEntryKind(ActivityKind[SettingsT]):
    """Entries are `{"text": ...}`, cleaned and length-checked against `max_length`."""

    def max_length(self, settings) -> int:
        """The longest text accepted."""
        return settings.max_length

    def parse_entry(self, settings, payload: Any, author=None) -> dict[str, Any]:
        if not isinstance(payload, dict) or not isinstance(payload.get("text"), str):
            raise EntryRejected("invalid", "The answer must be text.")
        text = clean_text(payload["text"])
        if not text:
            raise EntryRejected("empty", "The answer is empty.")
        limit = self.max_length(settings)
        if len(text) > limit:
            raise EntryRejected("too_long", "The answer is too long (at most %(limit)s characters).", limit=limit)
        return {"text": text}
