"""The poll kind's rounds in the demo day (app/services/demo.py): (place in the day, question, settings)."""
ROUNDS = [(7, "Vil du ha mer gruppearbeid på neste samling?", {"items": ["Ja", "Nei", "Som i dag"]})]
