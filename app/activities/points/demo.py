"""The points kind's rounds in the demo day (app/services/demo.py): (place in the day, question, settings)."""
ROUNDS: list[tuple[int, str, dict]] = [(5, "Prioriter de verdiene som er viktigst for lederskapet. Du kan fordele 100 poeng.", {})]
