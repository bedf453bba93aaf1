"""The duos kind's rounds in the demo day (app/services/demo.py): (place in the day, question, settings)."""
ROUNDS: list[tuple[float, str, dict]] = [
    (6.5, "Snakk sammen i duoer: hva har du testet ut siden sist? Husk å fordele tiden.", {"minutes": 7}),
]
