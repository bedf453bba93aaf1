"""The open text kind's rounds in the demo day (app/services/demo.py): (place in the day, question, settings)."""
ROUNDS = [
    (2, "Hva er det aller viktigste kommunen bør oppnå gjennom lederutviklingsprogrammet?", {"max_answers": 3}),
    (8, "Hvilke kommentarer har dere til dagens samling?", {"max_answers": 3}),
]
