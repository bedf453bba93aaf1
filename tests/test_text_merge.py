"""The three-way merge behind group posters: edits made at the same time are kept, never silently lost."""
from hypothesis import given
from hypothesis import strategies as st

from app.services.text_merge import merge3

BASE = "VERDI: Som leder skal jeg ...\n1 lytte\n2 gi tillit\n3 være tydelig"


def test_three_editors_appending_different_lines_keep_all_three():
    a, b, c = BASE + "\n4 vise raushet", BASE + "\n4 stille krav", BASE + "\n4 se hver ansatt"
    merged = merge3(BASE, merge3(BASE, a, b), c)
    for line in ("4 vise raushet", "4 stille krav", "4 se hver ansatt"):
        assert line in merged.split("\n")


def test_two_editors_changing_the_same_line_keep_both_new_lines_earlier_first():
    ours = BASE.replace("1 lytte", "1 lytte aktivt")
    theirs = BASE.replace("1 lytte", "1 lytte før jeg svarer")
    lines = merge3(BASE, ours, theirs).split("\n")
    assert lines.index("1 lytte aktivt") + 1 == lines.index("1 lytte før jeg svarer")
    assert "1 lytte" not in lines


def test_changes_to_different_lines_both_apply():
    ours = BASE.replace("1 lytte", "1 lytte aktivt")
    theirs = BASE.replace("3 være tydelig", "3 være tydelig på forventninger")
    assert merge3(BASE, ours, theirs) == BASE.replace("1 lytte", "1 lytte aktivt").replace(
        "3 være tydelig", "3 være tydelig på forventninger")


def test_a_deletion_of_an_untouched_line_is_applied_and_identical_changes_appear_once():
    theirs = BASE.replace("\n2 gi tillit", "")
    ours = BASE.replace("1 lytte", "1 lytte aktivt")
    assert "2 gi tillit" not in merge3(BASE, ours, theirs)
    same = BASE + "\n4 mot"
    assert merge3(BASE, same, same).count("4 mot") == 1


def test_line_endings_from_any_phone_are_one_kind():
    assert merge3("a\nb", "a\r\nb\r\nc", "a\nb") == "a\nb\nc"


lines = st.lists(st.sampled_from(["lytte", "tillit", "krav", "mot", "raushet", "", "tydelig"]), max_size=8)


@given(lines, lines)
def test_no_change_on_one_side_gives_the_other(base, other):
    b, o = "\n".join(base), "\n".join(other)
    assert merge3(b, o, b) == o
    assert merge3(b, b, o) == o


@given(lines, lines, lines)
def test_every_line_either_side_added_survives_and_nothing_is_invented(base, ours, theirs):
    b, o, t = ("\n".join(x) for x in (base, ours, theirs))
    base, ours, theirs = (x.split("\n") for x in (b, o, t))  # an empty text is one empty line
    merged = merge3(b, o, t).split("\n")
    for side in (ours, theirs):
        for line in set(side) - set(base):
            assert line in merged
    assert set(merged) <= set(base) | set(ours) | set(theirs) | {""}  # "" : the merge may empty the text
