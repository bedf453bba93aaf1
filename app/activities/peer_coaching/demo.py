"""The peer-coaching kind's rounds in the demo day (app/services/demo.py): none yet, the demo day is day 3's plan as
tests/kinds/test_kind_folders.py pins it."""
ROUNDS: list[tuple[float, str, dict]] = []
