"""Three-way merge of texts edited at the same time on several phones (group posters)."""
from difflib import SequenceMatcher

Hunk = tuple[int, int, str, list[str]]  # base start, base end, side ("ours" or "theirs"), new lines


def _hunks(base: list[str], other: list[str], side: str) -> list[Hunk]:
    """Every region of `base` that `other` changed, in order."""
    return [(i1, i2, side, other[j1:j2]) for tag, i1, i2, j1, j2 in
            SequenceMatcher(None, base, other, autojunk=False).get_opcodes() if tag != "equal"]


def _clash(start: int, end: int, hunk: Hunk) -> bool:
    """Whether a hunk touches the same base lines as a group spanning start..end.

    Ranges that only meet at an edge do not clash (one phone changed line 1, another line 2); two
    insertions at the same place do."""
    s, e = hunk[0], hunk[1]
    return (s < end and start < e) or (s == e == start == end)


def merge3(base: str, ours: str, theirs: str) -> str:
    """`theirs` (an edit made from `base`) merged into `ours` (what was stored meanwhile), by lines.

    A region only one side changed takes that side's lines. Where both sides changed the same base
    lines differently, the result keeps both: ours' lines, then theirs' (no conflict markers: a poster
    is read by people, and nothing typed is ever silently dropped)."""
    base, ours, theirs = (t.replace("\r\n", "\n") for t in (base, ours, theirs))
    if ours == base or theirs == ours:
        return theirs
    if theirs == base:
        return ours
    b = base.split("\n")
    hunks = sorted(_hunks(b, ours.split("\n"), "ours") + _hunks(b, theirs.split("\n"), "theirs"),
                   key=lambda h: (h[0], h[1]))
    groups: list[list[Hunk]] = []
    for hunk in hunks:
        if groups and _clash(min(h[0] for h in groups[-1]), max(h[1] for h in groups[-1]), hunk):
            groups[-1].append(hunk)
        else:
            groups.append([hunk])
    out: list[str] = []
    pos = 0  # the next base line not yet written
    for group in groups:
        start, end = min(h[0] for h in group), max(h[1] for h in group)
        out.extend(b[pos:start])
        mine = _apply(b, start, end, [h for h in group if h[2] == "ours"])
        other = _apply(b, start, end, [h for h in group if h[2] == "theirs"])
        if mine == other or all(h[2] == "ours" for h in group):
            out.extend(mine)
        elif all(h[2] == "theirs" for h in group):
            out.extend(other)
        else:  # both changed these lines: keep both, without repeating a line ours already has
            out.extend(mine + [line for line in other if line not in mine or not line])
        pos = end
    out.extend(b[pos:])
    return "\n".join(out)


def _apply(base: list[str], start: int, end: int, hunks: list[Hunk]) -> list[str]:
    """Base lines start..end with one side's hunks (all inside that span) applied."""
    out, pos = [], start
    for h_start, h_end, _side, lines in hunks:
        out.extend(base[pos:h_start])
        out.extend(lines)
        pos = h_end
    out.extend(base[pos:end])
    return out
