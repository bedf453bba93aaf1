"""The gallery walk's rotation: hosts stay with their poster, visiting sets move round the others."""
from dataclasses import dataclass


@dataclass(frozen=True)
class Stop:
    """One timed stop of the walk: which visiting set stands at which poster."""

    number: int  # 1-based
    # at[poster] = the group whose visitors are at that poster (posters and groups are 0-based indexes)
    at: tuple[int, ...]

    def poster_of(self, group: int) -> int:
        """The poster a group's visitors are at during this stop."""
        return self.at.index(group)


def schedule(groups: int, stops: int | None = None) -> list[Stop]:
    """Every visiting set sees every other poster once, one set per poster at a time.

    Group g's visitors stand at poster (g + k) mod n at stop k: a cyclic shift, so each stop is a
    permutation with no set at its own poster, and over n - 1 stops each set meets every other poster
    exactly once. Fewer stops give each set that many different posters."""
    if groups < 2:
        raise ValueError("a gallery walk needs at least two groups")
    stops = groups - 1 if stops is None else stops
    if not 1 <= stops <= groups - 1:
        raise ValueError(f"between 1 and {groups - 1} stops for {groups} groups")
    return [Stop(k, tuple((poster - k) % groups for poster in range(groups))) for k in range(1, stops + 1)]
