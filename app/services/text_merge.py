"""Three-way merge of texts edited at the same time on several phones (group posters)."""
from difflib import SequenceMatcher

Hunk = tuple[int, int, str, list[str]]  # base start, base end, side ("ours" or "theirs"), new lines


def _hunks(base: list[str], other: list[str], side: str) -> list[Hunk]:
    """Every region of `base` that `other` changed, in base order."""
    # autojunk off: short posters with repeated lines ("", "-") must not have lines treated as junk.
    return [(i1, i2, side, other[j1:j2]) for tag, i1, i2, j1, j2 in
            SequenceMatcher(None, base, other, autojunk=False).get_opcodes() if tag != "equal"]


def _clash(start: int, end: int, hunk: Hunk) -> bool:
    """Whether `hunk` touches the base lines start..end of the group before it."""
    s, e = hunk[0], hunk[1]
    # Ranges that only meet at an edge stay apart (one phone changed line 1, another line 2: both
    # apply, nothing duplicated); two insertions at the very same place do clash.
    return (s < end and start < e) or (s == e == start == end)


def _apply(base: list[str], start: int, end: int, hunks: list[Hunk]) -> list[str]:
    """Base lines start..end with one side's hunks (all inside that span) applied."""
    out, pos = [], start
    for h_start, h_end, _side, lines in hunks:
        out.extend(base[pos:h_start])
        out.extend(lines)
        pos = h_end
    out.extend(base[pos:end])
    return out


def merge3(base: str, ours: str, theirs: str) -> str:
    """`theirs` (an edit made from `base`) merged by lines into `ours` (what was stored meanwhile)."""
    # Phones differ in line endings; compare lines, not line terminators.
    base, ours, theirs = (t.replace("\r\n", "\n") for t in (base, ours, theirs))
    if ours == base or theirs == ours:
        return theirs
    if theirs == base:
        return ours
    b = base.split("\n")
    # Stable sort: at equal positions ours' hunk comes first, so ours' lines lead in the result.
    hunks = sorted(_hunks(b, ours.split("\n"), "ours") + _hunks(b, theirs.split("\n"), "theirs"),
                   key=lambda h: (h[0], h[1]))
    groups: list[list[Hunk]] = []  # runs of hunks over shared base lines (chains like diff3's)
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
            out.extend(mine)  # one side's edit (a deletion included) or the same edit twice: once
        elif all(h[2] == "theirs" for h in group):
            out.extend(other)
        else:
            # Both changed these lines: a poster is read by people, so no conflict markers; keep
            # both, ours first, and skip theirs' lines ours already shows (blank lines still count).
            out.extend(mine + [line for line in other if line not in mine or not line])
        pos = end
    out.extend(b[pos:])
    return "\n".join(out)
