"""Msgids the recap kind's script shows (app/ui_strings.py hands them to the pages)."""
from app.i18n import N_, P_

# The summary's heading: on the phones and the projector alike.
_SHARED = [N_("Summary")]

PHONE = _SHARED + [N_("The facilitator shows results from earlier workshops on the big screen.")]
STAFF = _SHARED + [
    N_("No results chosen yet."), N_("Results from earlier workshops"), N_("Results shown, in this order"),
    N_("Summary (one point per line; start a line with - for a list)"), N_("Save the recap"), N_("Saved."),
    N_("Refresh the results"), N_("Only workshops of a programme can recap earlier ones."),
    N_("No earlier workshop of the programme has results to show yet."), N_("Move up"), N_("Move down"),
    N_("Results are hidden"),
    P_("%(n)s chosen result is no longer in an earlier workshop of the programme: it is left out.",
       "%(n)s chosen results are no longer in an earlier workshop of the programme: they are left out."),
]
