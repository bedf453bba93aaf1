"""The journal kind's rounds in the demo day (app/services/demo.py): none, since a journal belongs to a programme's
leaders and the demo workshop is a day of no programme."""
ROUNDS: list[tuple[float, str, dict]] = []
