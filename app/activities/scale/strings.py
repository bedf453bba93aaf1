"""Msgids the scale kind's script shows (app/ui_strings.py hands them to the pages)."""
from app.i18n import N_

PHONE = [
    N_("1 = not at all, 6 = fully. Your answers are yours: the room sees only how many chose each score, and only "
       "when enough have answered."),
    N_("Why? (optional)"),
    N_("Save again"),
    N_("Score at least one statement."),
    # the leader's own scores over the programme's days (static/js/journal_form.js)
    N_("Your scores, workshop by workshop"), N_("Statement"),
]
STAFF = [
    N_("Scores 1 to 6: %(counts)s; median %(median)s"),
    N_("Median"),
    N_("Shown from %(min)s answers (%(n)s so far)."),
    N_("Too few answers"), N_("Today"),
]
