"""Msgids the peer-coaching kind's script shows (app/ui_strings.py hands them to the pages)."""
from app.i18n import N_, P_

# The plan's steps on every screen's clock (registerPhases in peer_coaching.js) and on the projector.
_STEPS = [N_("Presentation"), N_("Clarifying questions"), N_("Advice"), N_("Reflection"), N_("Step %(n)s of %(total)s")]

PHONE = _STEPS + [
    N_("Share your problem"), N_("The first in your group to share becomes the case owner. Only your group sees the text."),
    N_("Share with your group"), N_("Save the problem"), N_("Change the problem"), N_("Take it from your journal"),
    N_("Choose an entry…"), N_("Your problem"), N_("The problem"), N_("Case owner: %(name)s"),
    N_("The case owner has not shared the problem yet."), N_("Advice from your group"),
    N_("No advice yet: it appears here as it is written."), N_("New advice"), N_("Advice you have sent"), N_("You have not written any advice yet."),
    N_("Send advice"), N_("Your reflection: what do you take with you?"),
    N_("Your problem, the advice and your reflection go into your journal."), N_("Save the reflection"),
    # the owner's task in each step
    N_("You are the case owner. Only your group sees your problem."), N_("Present your problem to the group."),
    N_("Answer the group's clarifying questions."), N_("Listen: the advice appears below as it is written."),
    N_("Tell the group what you take with you, and write it down."), N_("Peer coaching is done. Thank you for sharing."),
    # a consultant's task in each step
    N_("Read the problem. The facilitator starts the steps."), N_("Listen while the case owner presents."),
    N_("Ask clarifying questions: ask, do not advise yet."), N_("Write your advice to the case owner."),
    N_("Listen to the case owner's reflection."), N_("Peer coaching is done. Thank you for your advice."),
]
STAFF = _STEPS + [
    N_("Problem shared"), N_("Case owner chosen"), N_("Waiting for a problem"),
    P_("%(n)s piece of advice", "%(n)s pieces of advice"), N_("Reflection written"), N_("No reflection yet"),
    N_("Only the group sees the problem and the advice: here you see how far each group has come."),
    N_("Start peer coaching"), N_("Start the steps again"), N_("End peer coaching"), N_("Case owner"),
    N_("Case owner in %(group)s"), N_("Change the case owner…"), N_("Whoever shares first"),
]
