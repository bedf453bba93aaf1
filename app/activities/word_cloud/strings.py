"""Msgids the word cloud kind's script shows (app/ui_strings.py hands them to the pages)."""
from app.i18n import N_

PHONE = [
    N_("Your words"),
    N_("A word or two"),
]
STAFF = [
    N_("Merge"),
    N_("Merge into"),
    N_("merged into %(word)s"),
    N_("Undo merge"),
]
