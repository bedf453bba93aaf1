"""The poster kind's rounds in the demo day (app/services/demo.py): (place in the day, question, settings)."""
ROUNDS: list[tuple[int, str, dict]] = [(6, "VERDI: Som leder skal jeg ...", {})]
