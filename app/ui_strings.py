"""Msgids the page scripts show; the server translates them and hands them to the page as JSON."""
from app.activities import KINDS, kind_strings
from app.i18n import N_, P_

_SHARED: list[str | tuple[str, str]] = [N_("Connecting…"), N_("Connected"), N_("Reconnecting…"),
           # phase clock (static/js/clock.js)
           N_("Individual"), N_("Group"), N_("Plenary"), N_("All phases are done"), N_("Not started yet"), N_("paused"),
           N_("%(time)s left"), N_("Member %(n)s"), N_("Speaking now: %(name)s (%(n)s of %(total)s) · %(time)s"),
           N_("Phase %(n)s of %(total)s"),
           N_("Save")]
# The agenda and the console name each kind by its label.
_SHARED = _SHARED + [kind.label for kind in KINDS.values()]
PHONE = _SHARED + [
    N_("Send"), N_("Sending…"), N_("Saved"), N_("Not sent yet: waiting for the connection…"),
    N_("Waiting for the facilitator to start…"), N_("Answers are locked."),
    N_("You have used all your answers."), N_("%(left)s of %(limit)s left"),
    N_("This workshop has ended. Thank you!"), N_("The answer is empty."),
    N_("The answer is too long (at most %(limit)s characters)."), N_("Join the workshop again with its code."),
    N_("The facilitator will put you in a group."), N_("Which group are you in?"), P_("%(n)s member", "%(n)s members"),
    N_("Your group"), N_("Your role"), N_("Chosen by the rule"), N_("Change group"),
    N_("Join a group first."),
    # rounds with a list (static/js/kinds/rounds.js)
    N_("The list is on its way…"), N_("Send again"),
    N_("The list comes from the earlier round…"),
    # deleting one's own answers (static/js/participant.js)
    N_("Delete my answers…"), N_("Delete your answers? This cannot be undone."),
    N_("What you wrote for your group (a poster, a group diamond) stays."), N_("Only this question"),
    N_("All my answers in this workshop"), N_("Cancel"), N_("Your answers are deleted."),
    N_("There was nothing of yours to delete."),
]

STAFF = _SHARED + [
    N_("Results are hidden"), N_("Waiting for answers…"), N_("%(n)s joined"), N_("%(n)s online"),
    N_("%(n)s answered"), P_("%(n)s answer", "%(n)s answers"), N_("Answers locked"), N_("Lock answers"), N_("Unlock answers"),
    N_("Show results"), N_("Hide results"), N_("Hide"), N_("Show"),
    N_("Lobby: join screen"), N_("Scan to join"), N_("Go to"), N_("and use the code"), N_("hidden"),
    N_("Nothing on screen. Press Next to start."), N_("Activity %(n)s of %(total)s"),
    N_("This workshop has ended."), N_("No answers yet."),
    N_("%(n)s not in a group yet"),
    N_("Groups"), N_("Sound on"), N_("Phase %(n)s"), N_("Minutes"), N_("Turn by turn"), N_("Start again"),
    N_("Start phases"), N_("Resume"), N_("Pause"), N_("Save phases"), N_("No phases"), N_("Move %(name)s to"),
    N_("No group"), N_("Anonymous #%(n)s"), N_("Role"), N_("Rule"), N_("Duty"), N_("Writes the poster"),
    N_("New group"), N_("Add group"), N_("Split everyone at random"),
    N_("Put everyone who has joined into new random groups?"), N_("Delete"), N_("Delete the group %(name)s?"),
    N_("Save roles"), N_("Use the standard roles"), N_("Draw roles in every group"),
    N_("Participants choose their group when they join"), N_("Roles"),
    N_("Build the list from an earlier round"), N_("Pool the top items"), N_("Use this list"), N_("Earlier round"),
    N_("Top items from each"), N_("Items (one per line)"),
    N_("Equal items are merged. Merge other spellings by hand, remove or add items, then use the list."),
    N_("No earlier round can feed this one."), N_("%(n)s items pooled from %(lists)s lists."),
    N_("The list is in use: %(n)s items."), N_("Use this plan when the round opens"), N_("Remove the plan"),
    N_("Filled with the top %(n)s from each group or list in «%(source)s» when the round opens."),
    N_("The planned round no longer comes before this one."), P_("%(n)s person has voted", "%(n)s people have voted"),
    # the diamond's points legend and a group's final board (static/js/kinds/diamond.js)
    # the projector's poll: votes beside the percentages (static/js/kinds/poll.js)
    N_("This round sets these phases itself: change or end them with its own buttons."),
    # why the server closed the console for good (static/js/console.js)
    N_("Sign in first."), N_("You no longer run this workshop."), N_("No such workshop."),
    # the editor's agenda line (static/js/editor_prep.js)
    P_("%(n)s phase, %(time)s", "%(n)s phases, %(time)s"),
    # planned vs actual on the console (static/js/schedule.js)
    N_("Planned %(time)s"), N_("started %(time)s"), N_("on schedule"),
    P_("%(n)s minute behind schedule", "%(n)s minutes behind schedule"),
    P_("%(n)s minute ahead of schedule", "%(n)s minutes ahead of schedule"),
    N_("Next planned start: %(time)s (activity %(n)s)"), P_("in %(n)s minute", "in %(n)s minutes"),
]

# Each kind's own script strings come from its folder (app/activities/<kind>/strings.py).
PHONE += kind_strings("PHONE")
STAFF += kind_strings("STAFF")
