"""Msgids the diamond kind's script shows (app/ui_strings.py hands them to the pages)."""
from app.i18n import N_

PHONE = [
    N_("%(item)s, not placed"),
    N_("%(item)s, row %(row)s"),
    N_("Place %(item)s in row %(row)s"),
    N_("Empty place in row %(row)s"),
    N_("Most important"),
    N_("Least important"),
    N_("Diamond"),
    N_("Values not placed yet"),
    N_("The secretary has locked the diamond."),
    N_("Drag a value into the diamond, or tap it and then tap a place. Top is most important."),
    N_("Add a value"),
    N_("Unlock the diamond"),
    N_("Lock our final diamond"),
]
STAFF = [
    N_("All diamonds together"),
    N_("Points: top row 5 … bottom row 1"),
    N_("Locked"),
]
