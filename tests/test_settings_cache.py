"""Activity settings are validated once per stored value and shared: the answer path and every results tick
ask for them, and cleaning a list of items costs more than the rest of a move."""
from app.activities import get_kind
from app.activities.base import validated_settings


def test_the_same_stored_settings_are_validated_once_and_shared():
    kind = get_kind("diamond")
    stored = {"items": ["  Tillit ", "Respekt"], "mode": "group"}
    first = validated_settings(kind, stored)
    assert first.items == ["Tillit", "Respekt"]
    assert validated_settings(kind, dict(stored)) is first  # an equal value read again: the same model


def test_a_stored_values_key_order_survives():
    """A recap's snapshot holds copied results, whose order is content (the projector shows it so)."""
    kind = get_kind("recap")
    shown = {"sources": [3], "snapshot": [{"results": {"Tillit": 5, "Åpenhet": 9, "Mot": 1}}]}
    assert list(validated_settings(kind, shown).snapshot[0]["results"]) == ["Tillit", "Åpenhet", "Mot"]
    reordered = {"sources": [3], "snapshot": [{"results": {"Mot": 1, "Åpenhet": 9, "Tillit": 5}}]}
    assert list(validated_settings(kind, reordered).snapshot[0]["results"]) == ["Mot", "Åpenhet", "Tillit"]


def test_changed_settings_are_validated_afresh():
    kind = get_kind("diamond")
    before = validated_settings(kind, {"items": ["Tillit"], "mode": "group"})
    after = validated_settings(kind, {"items": ["Tillit"], "mode": "individual"})
    assert (before.mode, after.mode) == ("group", "individual")


def test_the_same_value_for_another_kind_is_that_kinds_settings():
    assert type(validated_settings(get_kind("diamond"), {})) is not type(validated_settings(get_kind("poll"), {}))


def test_settings_an_older_version_wrote_fall_back_to_defaults_every_time():
    kind = get_kind("diamond")
    stale = {"items": ["Tillit"], "colour": "red"}  # a field this version does not know
    assert validated_settings(kind, stale) == kind.settings({})
    assert validated_settings(kind, stale) == kind.settings({})


def test_a_value_no_json_column_holds_is_still_validated_each_time():
    kind = get_kind("diamond")
    odd = {"items": {"Tillit"}, "mode": "group"}  # a set: not a stored value, and refused
    first = validated_settings(kind, odd)
    assert first == kind.settings({})
    assert validated_settings(kind, odd) is not first  # not remembered
