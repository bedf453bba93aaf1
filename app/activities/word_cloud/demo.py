"""The word cloud kind's rounds in the demo day (app/services/demo.py): (place in the day, question, settings)."""
ROUNDS = [(1, "Hva skal til for at et slikt program blir nyttig for deg?", {"words_per_participant": 3})]
