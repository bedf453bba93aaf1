"""Msgids the poster kind's script shows (app/ui_strings.py hands them to the pages)."""
from app.i18n import N_, P_

# The gallery walk's phases on every screen's clock (registerPhases in poster.js).
_WALK = [N_("Back in your group"), N_("Stop %(n)s: the host presents"), N_("Stop %(n)s: comments"),
         N_("Stop %(n)s of %(total)s")]

PHONE = _WALK + [
    N_("Agreed"),
    N_("To discuss"),
    N_("No comments yet."),
    N_("from %(group)s"),
    N_("The poster is empty so far."),
    N_("Our poster"),
    N_("Others have changed the poster: your text is merged with theirs when it is saved."),
    N_("Not saved yet"),
    N_("Your comment or suggestion"),
    N_("Back in your group: read the feedback and finish your poster."),
    N_("The secretary writes on the poster."),
    N_("Feedback on our poster"),
    N_("You are the host: stay with your poster and present it."),
    N_("Comments from the visitors"),
    N_("Go to the poster of %(group)s"),
    N_("Poster of %(group)s"),
    N_("Your comments here"),
]
STAFF = _WALK + [
    N_("Agreed"),
    N_("To discuss"),
    N_("No comments yet."),
    N_("from %(group)s"),
    N_("The poster is empty so far."),
    N_("Stop"),
    N_("Host"),
    N_("Visitors: %(group)s"),
    P_("%(n)s comment", "%(n)s comments"),
    N_("Host presents (seconds)"),
    N_("Comments (seconds)"),
    N_("Back in groups (seconds)"),
    N_("Restart the gallery walk"),
    N_("Start the gallery walk"),
    N_("Gallery walk"),
    N_("Draw new hosts"),
    N_("End the gallery walk"),
    N_("On the screen"),
    N_("All posters"),
    N_("Posters"),
    N_("Comments"),
]
