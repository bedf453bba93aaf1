"""Msgids the page scripts show; the server translates them and hands them to the page as JSON."""
from app.i18n import N_

_SHARED = [N_("Connecting…"), N_("Connected"), N_("Reconnecting…"), N_("Open question"), N_("Word cloud")]

PHONE = _SHARED + [
    N_("Send"), N_("Sending…"), N_("Saved"), N_("Not sent yet: waiting for the connection…"),
    N_("Waiting for the facilitator to start…"), N_("Answers are locked."), N_("Your answers"), N_("Your words"),
    N_("You have used all your answers."), N_("%(left)s of %(limit)s left"), N_("Your answer"), N_("A word or two"),
    N_("This workshop has ended. Thank you!"), N_("The answer is empty."),
    N_("The answer is too long (at most %(limit)s characters)."), N_("Join the workshop again with its code."),
]

STAFF = _SHARED + [
    N_("Results are hidden"), N_("Waiting for answers…"), N_("%(n)s joined"), N_("%(n)s online"),
    N_("%(n)s answered"), N_("%(n)s answers"), N_("Answers locked"), N_("Lock answers"), N_("Unlock answers"),
    N_("Show results"), N_("Hide results"), N_("Hide"), N_("Show"), N_("Merge"), N_("Merge into"),
    N_("Lobby: join screen"), N_("Scan to join"), N_("Go to"), N_("and use the code"), N_("hidden"),
    N_("merged into %(word)s"), N_("Nothing on screen. Press Next to start."), N_("Activity %(n)s of %(total)s"),
    N_("This workshop has ended."), N_("Undo merge"), N_("No answers yet."), N_("Command failed"),
]
