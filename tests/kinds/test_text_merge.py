"""The three-way merge behind group posters: edits made at the same time are kept, never silently lost."""
from difflib import SequenceMatcher

from hypothesis import given
from hypothesis import strategies as st

from app.activities.poster.text_merge import merge3

BASE = "VERDI: Som leder skal jeg ...\n1 lytte\n2 gi tillit\n3 være tydelig"


def test_three_editors_appending_different_lines_keep_all_three():
    a, b, c = BASE + "\n4 vise raushet", BASE + "\n4 stille krav", BASE + "\n4 se hver ansatt"
    merged = merge3(BASE, merge3(BASE, a, b), c).split("\n")
    assert merged == BASE.split("\n") + ["4 vise raushet", "4 stille krav", "4 se hver ansatt"]


def test_two_editors_changing_the_same_line_keep_both_new_lines_ours_first():
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


def test_a_deletion_of_a_line_the_other_side_left_untouched_is_applied():
    ours = BASE.replace("1 lytte", "1 lytte aktivt")
    theirs = BASE.replace("\n2 gi tillit", "")
    assert merge3(BASE, ours, theirs) == ours.replace("\n2 gi tillit", "")


def test_a_deletion_of_a_line_the_other_side_changed_keeps_the_change():
    ours = BASE.replace("2 gi tillit", "2 gi tillit og ansvar")
    theirs = BASE.replace("\n2 gi tillit", "")
    assert merge3(BASE, ours, theirs) == ours
    assert merge3(BASE, theirs, ours) == ours


def test_identical_changes_appear_once():
    same = BASE.replace("1 lytte", "1 lytte aktivt") + "\n4 mot"
    assert merge3(BASE, same, same) == same
    assert merge3(BASE, same, BASE + "\n4 mot").count("4 mot") == 1


def test_line_endings_from_any_phone_are_one_kind():
    assert merge3("a\nb", "a\r\nb\r\nc", "a\nb") == "a\nb\nc"


# A small alphabet, so both sides often pick the same lines and their edits collide.
texts = st.lists(st.sampled_from(["lytte", "tillit", "krav", "mot", "raushet", "", "tydelig"]),
                 max_size=8).map("\n".join)


def added(base: str, other: str) -> list[str]:
    """The lines `other` inserted or wrote in place of base lines, per the line diff."""
    b, o = base.split("\n"), other.split("\n")
    return [line for tag, _i1, _i2, j1, j2 in SequenceMatcher(None, b, o, autojunk=False).get_opcodes()
            if tag != "equal" for line in o[j1:j2]]


@given(texts, texts)
def test_no_change_on_one_side_gives_the_other(base, other):
    assert merge3(base, other, base) == other
    assert merge3(base, base, other) == other


@given(texts, texts, texts)
def test_every_line_either_side_added_survives(base, ours, theirs):
    merged = merge3(base, ours, theirs).split("\n")
    for side in (ours, theirs):
        for line in added(base, side):
            assert line in merged


@given(texts, texts, texts)
def test_nothing_is_invented(base, ours, theirs):
    merged = merge3(base, ours, theirs)
    known = set(base.split("\n")) | set(ours.split("\n")) | set(theirs.split("\n"))
    # The one exception: both sides deleting everything leaves an empty text, read as one "" line.
    assert merged == "" or set(merged.split("\n")) <= known
