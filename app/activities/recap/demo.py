"""The recap kind's rounds in the demo day (app/services/demo.py): none, since the demo day is in no programme and
has no earlier workshop to recap."""
ROUNDS: list[tuple[float, str, dict]] = []
