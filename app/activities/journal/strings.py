"""Msgids the journal's scripts show (the journal round and the journal page, static/js/journal_form.js)."""
from app.activities.journal.questions import FOLLOW_UP, START
from app.i18n import N_, P_

PHONE = START + FOLLOW_UP + [
    N_("The journal belongs to a programme: this workshop is in none."),
    N_("Only you can read your journal. You can come back to it between the workshops."),
    N_("Open your whole journal"), N_("Your timeline"), N_("Nothing written yet."), N_("Between the workshops"),
    N_("Share with my network group"), N_("Delete this journal entry?"), N_("Delete"), N_("From your network group"),
    N_("Shared in your network group"), N_("Someone in your group"), N_("Statement"), N_("Your own scores"),
    N_("Write in your journal"), N_("Your scores, workshop by workshop"),
]
STAFF = START + FOLLOW_UP + [
    P_("%(n)s has written in their journal", "%(n)s have written in their journal"),
    N_("You see how many have written, never what: the journal is private."),
]
