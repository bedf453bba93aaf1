"""The diamond kind's rounds in the demo day (app/services/demo.py): (place in the day, question, settings)."""
ROUNDS = [(4, "Bli enige om 9 verdier. Prioriter dem i diamanten.", {"mode": "group", "items": [
    "Tillit", "Respekt", "Åpenhet", "Likeverd", "Ærlighet", "Raushet", "Mot", "Inkludering", "Retning"]})]
