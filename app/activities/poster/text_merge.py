"""Three-way merge of texts edited at the same time on several phones (group posters)."""
from bisect import bisect_left
from collections import Counter
from difflib import SequenceMatcher

Hunk = tuple[int, int, str, list[str]]  # base start, base end, side ("ours" or "theirs"), new lines
Span = tuple[int, int, int, int]  # a[i1:i2] became b[j1:j2]

# SequenceMatcher costs about len(a) * len(b) when lines repeat ("", "-"): 2,500 such lines on each
# side took seconds. It sees at most this many line pairs at once; larger regions are first cut
# down by their common ends and by lines that occur once on each side (patience diff).
_EXACT_PAIRS = 40_000


def _exact(a: list[str], b: list[str], alo: int, ahi: int, blo: int, bhi: int) -> list[Span]:
    """SequenceMatcher's changes of a[alo:ahi] -> b[blo:bhi], in whole-list positions."""
    # autojunk off: short posters with repeated lines ("", "-") must not have lines treated as junk.
    ops = SequenceMatcher(None, a[alo:ahi], b[blo:bhi], autojunk=False).get_opcodes()
    return [(alo + i1, alo + i2, blo + j1, blo + j2) for tag, i1, i2, j1, j2 in ops if tag != "equal"]


def _anchors(a: list[str], b: list[str], alo: int, ahi: int, blo: int, bhi: int) -> list[tuple[int, int]]:
    """Lines found exactly once in each region, paired in the longest order both keep (O(n log n))."""
    ca, cb = Counter(a[alo:ahi]), Counter(b[blo:bhi])
    where_b = {line: j for j, line in enumerate(b[blo:bhi], blo) if cb[line] == 1 and ca[line] == 1}
    pairs = [(i, where_b[line]) for i, line in enumerate(a[alo:ahi], alo) if line in where_b]
    # Longest increasing run of b positions (patience sorting), so the anchors never cross.
    tails: list[int] = []  # b position ending the best run of each length
    tail_at: list[int] = []  # index into pairs of that end
    before = [-1] * len(pairs)
    for k, (_i, j) in enumerate(pairs):
        n = bisect_left(tails, j)
        if n == len(tails):
            tails.append(j)
            tail_at.append(k)
        else:
            tails[n], tail_at[n] = j, k
        before[k] = tail_at[n - 1] if n else -1
    run, k = [], tail_at[-1] if tail_at else -1
    while k != -1:
        run.append(pairs[k])
        k = before[k]
    return run[::-1]


def _changes(a: list[str], b: list[str]) -> list[Span]:
    """Regions of `a` that `b` changed, in order: exact for short texts, near-linear for long ones."""
    if len(a) * len(b) <= _EXACT_PAIRS:
        return _exact(a, b, 0, len(a), 0, len(b))
    spans: list[Span] = []
    todo = [(0, len(a), 0, len(b))]
    while todo:
        alo, ahi, blo, bhi = todo.pop()
        while alo < ahi and blo < bhi and a[alo] == b[blo]:
            alo, blo = alo + 1, blo + 1
        while alo < ahi and blo < bhi and a[ahi - 1] == b[bhi - 1]:
            ahi, bhi = ahi - 1, bhi - 1
        if alo == ahi and blo == bhi:
            continue
        if alo == ahi or blo == bhi or (ahi - alo) * (bhi - blo) <= _EXACT_PAIRS:
            spans += _exact(a, b, alo, ahi, blo, bhi)
            continue
        anchors = _anchors(a, b, alo, ahi, blo, bhi)
        if not anchors:
            spans.append((alo, ahi, blo, bhi))  # nothing to line up by: the whole region changed
            continue
        for i, j in anchors:
            todo.append((alo, i, blo, j))
            alo, blo = i + 1, j + 1
        todo.append((alo, ahi, blo, bhi))
    return sorted(spans)


def _hunks(base: list[str], other: list[str], side: str) -> list[Hunk]:
    """Every region of `base` that `other` changed, in base order."""
    return [(i1, i2, side, other[j1:j2]) for i1, i2, j1, j2 in _changes(base, other)]


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
    spans: list[list[int]] = []  # each group's base start and end, kept as it grows
    for hunk in hunks:
        if groups and _clash(spans[-1][0], spans[-1][1], hunk):
            groups[-1].append(hunk)
            spans[-1][1] = max(spans[-1][1], hunk[1])
        else:
            groups.append([hunk])
            spans.append([hunk[0], hunk[1]])
    out: list[str] = []
    pos = 0  # the next base line not yet written
    for group, (start, end) in zip(groups, spans):
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
            shown = set(mine)
            out.extend(mine + [line for line in other if line not in shown or not line])
        pos = end
    out.extend(b[pos:])
    return "\n".join(out)
