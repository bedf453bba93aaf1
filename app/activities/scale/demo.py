"""The scale kind's rounds in the demo day (app/services/demo.py): (place in the day, question, settings)."""
ROUNDS: list[tuple[int, str, dict]] = [(3, "Mestringsorientert leder: hvor godt stemmer dette for deg?", {})]
