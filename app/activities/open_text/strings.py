"""Msgids the open text kind's script shows (app/ui_strings.py hands them to the pages)."""
from app.i18n import N_

PHONE = [
    N_("Your answers"),
    N_("Your answer"),
]
STAFF = [
    N_("Star for a later round"),
]
