"""Msgids the page scripts show; the server translates them and hands them to the page as JSON."""
from app.i18n import N_

_SHARED = [N_("Connecting…"), N_("Connected"), N_("Reconnecting…"), N_("Open question"), N_("Word cloud"),
           N_("Group poster"),
           # phase clock (static/js/clock.js)
           N_("Individual"), N_("Group"), N_("Plenary"), N_("Back in your group"), N_("Stop %(n)s: the host presents"),
           N_("Stop %(n)s: comments"), N_("All phases are done"), N_("Not started yet"), N_("paused"),
           N_("%(time)s left"), N_("Member %(n)s"), N_("Speaking now: %(name)s (%(n)s of %(total)s) · %(time)s"),
           # posters (static/js/kinds/poster.js)
           N_("Agreed"), N_("To discuss"), N_("No comments yet."), N_("from %(group)s"), N_("Save"),
           N_("The poster is empty so far.")]

PHONE = _SHARED + [
    N_("Send"), N_("Sending…"), N_("Saved"), N_("Not sent yet: waiting for the connection…"),
    N_("Waiting for the facilitator to start…"), N_("Answers are locked."), N_("Your answers"), N_("Your words"),
    N_("You have used all your answers."), N_("%(left)s of %(limit)s left"), N_("Your answer"), N_("A word or two"),
    N_("This workshop has ended. Thank you!"), N_("The answer is empty."),
    N_("The answer is too long (at most %(limit)s characters)."), N_("Join the workshop again with its code."),
    N_("The facilitator will put you in a group."), N_("Which group are you in?"), N_("%(n)s members"),
    N_("Your group"), N_("Your role"), N_("Chosen by the rule"), N_("Change group"), N_("Our poster"),
    N_("Others have changed the poster: your text is merged with theirs when it is saved."), N_("Not saved yet"),
    N_("Your comment or suggestion"), N_("Join a group first."),
    N_("Back in your group: read the feedback and finish your poster."), N_("The secretary writes on the poster."),
    N_("Feedback on our poster"), N_("You are the host: stay with your poster and present it."),
    N_("Comments from the visitors"), N_("Go to the poster of %(group)s"), N_("Poster of %(group)s"),
    N_("Your comments here"),
]

STAFF = _SHARED + [
    N_("Results are hidden"), N_("Waiting for answers…"), N_("%(n)s joined"), N_("%(n)s online"),
    N_("%(n)s answered"), N_("%(n)s answers"), N_("Answers locked"), N_("Lock answers"), N_("Unlock answers"),
    N_("Show results"), N_("Hide results"), N_("Hide"), N_("Show"), N_("Merge"), N_("Merge into"),
    N_("Lobby: join screen"), N_("Scan to join"), N_("Go to"), N_("and use the code"), N_("hidden"),
    N_("merged into %(word)s"), N_("Nothing on screen. Press Next to start."), N_("Activity %(n)s of %(total)s"),
    N_("This workshop has ended."), N_("Undo merge"), N_("No answers yet."), N_("Command failed"),
    N_("Stop"), N_("Host"), N_("Visitors: %(group)s"), N_("%(n)s comments"), N_("Host presents (seconds)"),
    N_("Comments (seconds)"), N_("Back in groups (seconds)"), N_("Restart the gallery walk"),
    N_("Start the gallery walk"), N_("Gallery walk"), N_("Draw new hosts"), N_("End the gallery walk"),
    N_("On the screen"), N_("All posters"), N_("Posters"), N_("Comments"), N_("%(n)s not in a group yet"),
    N_("Groups"), N_("Sound on"), N_("Phase %(n)s"), N_("Minutes"), N_("Turn by turn"), N_("Start again"),
    N_("Start phases"), N_("Resume"), N_("Pause"), N_("Save phases"), N_("No phases"), N_("Move %(name)s to"),
    N_("No group"), N_("Anonymous #%(n)s"), N_("Role"), N_("Rule"), N_("Duty"), N_("Writes the poster"),
    N_("New group"), N_("Add group"), N_("Split everyone at random"),
    N_("Put everyone who has joined into new random groups?"), N_("Delete"), N_("Delete the group %(name)s?"),
    N_("Save roles"), N_("Use the standard roles"), N_("Draw roles in every group"),
    N_("Participants choose their group when they join"), N_("Roles"),
]
