"""Activity kinds: one module per kind, registered here by name."""
from app.activities import diamond, open_text, points, poll, poster, scale, word_cloud
from app.activities.base import ActivityKind

KINDS: dict[str, ActivityKind] = {k.name: k for k in (open_text.KIND, word_cloud.KIND, poll.KIND, points.KIND, diamond.KIND,
                                              scale.KIND, poster.KIND)}


def get_kind(name: str) -> ActivityKind:
    """The kind registered under `name`; KeyError if none."""
    return KINDS[name]
