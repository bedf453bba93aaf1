"""Three-way merge of texts edited at the same time on several phones (group posters)."""
from difflib import SequenceMatcher


def _hunks(base: list[str], other: list[str]) -> list[tuple[int, int, list[str]]]:
    """(start, end, replacement) for every region of `base` that `other` changed, in order."""
    return [(i1, i2, other[j1:j2]) for tag, i1, i2, j1, j2 in
            SequenceMatcher(None, base, other, autojunk=False).get_opcodes() if tag != "equal"]


def merge3(base: str, ours: str, theirs: str) -> str:
    """`theirs` (an edit made from `base`) merged into `ours` (what was stored meanwhile), by lines.

    A region only one side changed takes that side's lines. Where both sides changed overlapping or
    touching regions of `base` differently, the result keeps both: ours' lines, then theirs' (no
    conflict markers: a poster is read by people, and nothing typed is ever silently dropped).
    """
    base, ours, theirs = (t.replace("\r\n", "\n") for t in (base, ours, theirs))
    if ours == base or theirs == ours:
        return theirs
    if theirs == base:
        return ours
    b, o, t = base.split("\n"), ours.split("\n"), theirs.split("\n")
    mine, other = _hunks(b, o), _hunks(b, t)
    out: list[str] = []
    pos = 0  # the next base line not yet written
    i = j = 0
    while i < len(mine) or j < len(other):
        # The next group of hunks: start with the earliest, then pull in every hunk of either side
        # that overlaps or touches the group (the same base lines were changed on both sides).
        if j >= len(other) or (i < len(mine) and mine[i][0] <= other[j][0]):
            start, end = mine[i][0], mine[i][1]
        else:
            start, end = other[j][0], other[j][1]
        ours_in, theirs_in = [], []
        grew = True
        while grew:
            grew = False
            while i < len(mine) and mine[i][0] <= end:
                ours_in.append(mine[i])
                end = max(end, mine[i][1])
                i += 1
                grew = True
            while j < len(other) and other[j][0] <= end:
                theirs_in.append(other[j])
                end = max(end, other[j][1])
                j += 1
                grew = True
        out.extend(b[pos:start])
        ours_lines = _apply(b, start, end, ours_in)
        theirs_lines = _apply(b, start, end, theirs_in)
        if not theirs_in or ours_lines == theirs_lines:
            out.extend(ours_lines)
        elif not ours_in:
            out.extend(theirs_lines)
        else:
            out.extend(ours_lines + [line for line in theirs_lines if line not in ours_lines or not line])
        pos = end
    out.extend(b[pos:])
    return "\n".join(out)


def _apply(base: list[str], start: int, end: int, hunks: list[tuple[int, int, list[str]]]) -> list[str]:
    """Base lines start..end with one side's hunks (all inside that span) applied."""
    out, pos = [], start
    for h_start, h_end, lines in hunks:
        out.extend(base[pos:h_start])
        out.extend(lines)
        pos = h_end
    out.extend(base[pos:end])
    return out
