"""Property tests of the gallery walk's rotation schedule for 2 to 10 groups."""
import pytest
from hypothesis import given
from hypothesis import strategies as st

from app.activities.poster.rotation import schedule


@given(st.integers(min_value=2, max_value=10))
def test_every_visiting_set_sees_every_other_poster_exactly_once(groups):
    """Over the full walk each set visits each other poster once and never its own; one set per poster."""
    stops = schedule(groups)
    assert len(stops) == groups - 1
    for group in range(groups):
        seen = [stop.poster_of(group) for stop in stops]
        assert sorted(seen) == [p for p in range(groups) if p != group]
    for stop in stops:
        assert sorted(stop.at) == list(range(groups))  # every poster has exactly one set at a time
        assert all(stop.at[poster] != poster for poster in range(groups))  # hosts stay; no set at home


@given(st.integers(min_value=2, max_value=10).flatmap(lambda n: st.tuples(st.just(n), st.integers(1, n - 1))))
def test_a_shorter_walk_never_repeats_a_poster(case):
    """With fewer stops than posters, each set still sees different posters, one set per poster."""
    groups, stops = case
    walk = schedule(groups, stops)
    assert [s.number for s in walk] == list(range(1, stops + 1))
    for group in range(groups):
        seen = [stop.poster_of(group) for stop in walk]
        assert len(set(seen)) == stops and group not in seen
    for stop in walk:
        assert len(set(stop.at)) == groups


@pytest.mark.parametrize("groups, stops", [(1, None), (3, 0), (3, 3)])
def test_impossible_walks_are_refused(groups, stops):
    """One group has nobody to visit; a walk longer than the other posters would repeat one."""
    with pytest.raises(ValueError):
        schedule(groups, stops)
