"""The action-learning journal's questions from the seeds: the start of the project (day 1) and the follow-up of
later days. They are msgids, so each phone reads them in its own language (bokmål, nynorsk, English)."""
from app.i18n import N_

START = [
    N_("What do you want to characterise your leadership?"),
    N_("Based on the model, what do you think are your most important points of development?"),
    N_("What is the first action: the first thing you will do differently or practise?"),
    N_("When will you practise?"),
    N_("How will you find out whether you are on the right track?"),
]
FOLLOW_UP = [
    N_("Based on the development goal you set yourself: what have you tested?"),
    N_("What have you learned?"),
    N_("With today in mind: what will you take with you in developing your leadership?"),
    N_("Problem for peer coaching"),
]
STAGES = {"start": START, "follow_up": FOLLOW_UP}
# Every question whose text is a msgid: the timeline translates these, and shows any other as it was asked.
KNOWN = frozenset(START + FOLLOW_UP)
