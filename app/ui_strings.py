"""Msgids the page scripts show; the server translates them and hands them to the page as JSON."""
from app.i18n import N_, P_

_SHARED = [N_("Connecting…"), N_("Connected"), N_("Reconnecting…"), N_("Open question"), N_("Word cloud"),
           N_("Group poster"), N_("100 points"), N_("Diamond ranking"), N_("Self-assessment 1-6"), N_("Poll"),
           # phase clock (static/js/clock.js)
           N_("Individual"), N_("Group"), N_("Plenary"), N_("Back in your group"), N_("Stop %(n)s: the host presents"),
           N_("Stop %(n)s: comments"), N_("All phases are done"), N_("Not started yet"), N_("paused"),
           N_("%(time)s left"), N_("Member %(n)s"), N_("Speaking now: %(name)s (%(n)s of %(total)s) · %(time)s"),
           N_("Stop %(n)s of %(total)s"), N_("Phase %(n)s of %(total)s"),
           # posters (static/js/kinds/poster.js)
           N_("Agreed"), N_("To discuss"), N_("No comments yet."), N_("from %(group)s"), N_("Save"),
           N_("The poster is empty so far.")]

PHONE = _SHARED + [
    N_("Send"), N_("Sending…"), N_("Saved"), N_("Not sent yet: waiting for the connection…"),
    N_("Waiting for the facilitator to start…"), N_("Answers are locked."), N_("Your answers"), N_("Your words"),
    N_("You have used all your answers."), N_("%(left)s of %(limit)s left"), N_("Your answer"), N_("A word or two"),
    N_("This workshop has ended. Thank you!"), N_("The answer is empty."),
    N_("The answer is too long (at most %(limit)s characters)."), N_("Join the workshop again with its code."),
    N_("The facilitator will put you in a group."), N_("Which group are you in?"), P_("%(n)s member", "%(n)s members"),
    N_("Your group"), N_("Your role"), N_("Chosen by the rule"), N_("Change group"), N_("Our poster"),
    N_("Others have changed the poster: your text is merged with theirs when it is saved."), N_("Not saved yet"),
    N_("Your comment or suggestion"), N_("Join a group first."),
    N_("Back in your group: read the feedback and finish your poster."), N_("The secretary writes on the poster."),
    N_("Feedback on our poster"), N_("You are the host: stay with your poster and present it."),
    N_("Comments from the visitors"), N_("Go to the poster of %(group)s"), N_("Poster of %(group)s"),
    N_("Your comments here"),
    # structured rounds (static/js/kinds/points.js, poll.js, scale.js, diamond.js)
    N_("The list is on its way…"), N_("Send again"), N_("Less"), N_("More"), P_("%(n)s point", "%(n)s points"),
    N_("The list comes from the earlier round…"),
    N_("%(n)s of 100 points left"), N_("Change my vote"), N_("Vote"), N_("Choose one or more."), N_("Choose one."),
    N_("1 = not at all, 6 = fully. Your answers are yours: the room sees only how many chose each score, and only "
       "when enough have answered."), N_("Why? (optional)"), N_("Save again"), N_("Score at least one statement."),
    N_("%(item)s, not placed"), N_("%(item)s, row %(row)s"), N_("Place %(item)s in row %(row)s"),
    N_("Empty place in row %(row)s"), N_("Most important"), N_("Least important"), N_("Diamond"),
    N_("Values not placed yet"), N_("The secretary has locked the diamond."),
    N_("Drag a value into the diamond, or tap it and then tap a place. Top is most important."), N_("Add a value"),
    N_("Unlock the diamond"), N_("Lock our final diamond"),
    # deleting one's own answers (static/js/participant.js)
    N_("Delete my answers…"), N_("Delete your answers? This cannot be undone."),
    N_("What you wrote for your group (a poster, a group diamond) stays."), N_("Only this question"),
    N_("All my answers in this workshop"), N_("Cancel"), N_("Your answers are deleted."),
    N_("There was nothing of yours to delete."),
]

STAFF = _SHARED + [
    N_("Results are hidden"), N_("Waiting for answers…"), N_("%(n)s joined"), N_("%(n)s online"),
    N_("%(n)s answered"), P_("%(n)s answer", "%(n)s answers"), N_("Answers locked"), N_("Lock answers"), N_("Unlock answers"),
    N_("Show results"), N_("Hide results"), N_("Hide"), N_("Show"), N_("Merge"), N_("Merge into"),
    N_("Lobby: join screen"), N_("Scan to join"), N_("Go to"), N_("and use the code"), N_("hidden"),
    N_("merged into %(word)s"), N_("Nothing on screen. Press Next to start."), N_("Activity %(n)s of %(total)s"),
    N_("This workshop has ended."), N_("Undo merge"), N_("No answers yet."),
    N_("Stop"), N_("Host"), N_("Visitors: %(group)s"), P_("%(n)s comment", "%(n)s comments"), N_("Host presents (seconds)"),
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
    N_("Build the list from an earlier round"), N_("Pool the top items"), N_("Use this list"), N_("Earlier round"),
    N_("Top items from each"), N_("Items (one per line)"),
    N_("Equal items are merged. Merge other spellings by hand, remove or add items, then use the list."),
    N_("No earlier round can feed this one."), N_("%(n)s items pooled from %(lists)s lists."),
    N_("The list is in use: %(n)s items."), N_("Use this plan when the round opens"), N_("Remove the plan"),
    N_("Filled with the top %(n)s from each group or list in «%(source)s» when the round opens."),
    N_("The planned round no longer comes before this one."), P_("%(n)s person has voted", "%(n)s people have voted"),
    N_("Scores 1 to 6: %(counts)s; median %(median)s"), N_("Median"), N_("Shown from %(min)s answers (%(n)s so far)."),
    N_("All diamonds together"), N_("Star for a later round"),
    # the diamond's points legend and a group's final board (static/js/kinds/diamond.js)
    N_("Points: top row 5 … bottom row 1"), N_("Locked"),
    # the projector's poll: votes beside the percentages (static/js/kinds/poll.js)
    P_("%(n)s vote", "%(n)s votes"),
    N_("The gallery walk sets these phases. End the gallery walk to plan others."),
    # why the server closed the console for good (static/js/console.js)
    N_("Sign in first."), N_("You no longer run this workshop."), N_("No such workshop."),
    # the editor's agenda line (static/js/editor_prep.js)
    P_("%(n)s phase, %(time)s", "%(n)s phases, %(time)s"),
]
