"""Msgids the points kind's script shows (app/ui_strings.py hands them to the pages)."""
from app.i18n import N_, P_

PHONE = [
    N_("Less"),
    N_("More"),
    P_("%(n)s point", "%(n)s points"),
    N_("%(n)s of 100 points left"),
]
STAFF: list = []
