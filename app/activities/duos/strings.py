"""Msgids the duos kind's script shows (app/ui_strings.py hands them to the pages)."""
from app.i18n import N_, P_

# The talk's phase on every screen's clock (registerPhases in duos.js).
_TALK = [N_("Talk in duos")]

PHONE = _TALK + [
    N_("Duo %(n)s"), N_("You talk with %(names)s."), N_("You talk with the others who have duo %(n)s."),
    N_("Find the others with the same number."), N_("Not in a duo yet: the facilitator pairs people again."),
    N_("The facilitator pairs people when the round starts."), N_("a participant"), N_("and"),
]
STAFF = _TALK + [
    P_("%(n)s duo", "%(n)s duos"), N_("Pair people"), N_("Pair again"), N_("within each group"), N_("across the room"),
    N_("Minutes to talk"), N_("Nobody is paired yet."), P_("%(n)s person paired", "%(n)s people paired"),
]
