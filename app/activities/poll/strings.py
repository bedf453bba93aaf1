"""Msgids the poll kind's script shows (app/ui_strings.py hands them to the pages)."""
from app.i18n import N_, P_

PHONE = [
    N_("Change my vote"),
    N_("Vote"),
    N_("Choose one or more."),
    N_("Choose one."),
]
STAFF = [
    P_("%(n)s vote", "%(n)s votes"),
]
