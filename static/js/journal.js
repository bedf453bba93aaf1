// The journal page: a leader writes between the workshops and reads their timeline (static/js/journal_form.js).
import { el, translator } from "./live.js";
import { loadJournal, questionFields, scoreTables, timeline } from "./journal_form.js";

const root = document.getElementById("journal");
const t = translator(root);
const programme = Number(root.dataset.programme);

async function show() {
  let data;
  try {
    data = await loadJournal(programme);
  } catch (error) {
    root.replaceChildren(el("p", { class: "alert", role: "alert" }, error.message));
    return;
  }
  // A journal with entries opens on its timeline; the questions to write on fold away under one heading.
  const write = el("details", { class: "journal-write card", open: !data.entries.length },
    el("summary", {}, el("h2", { class: "journal-write-h" }, t("Write in your journal"))));
  questionFields(write, { programme, activity: null, questions: data.questions, t, onSaved: () => show() });
  const scores = el("section", { class: "journal-own" });
  if (data.scores.length) {
    scores.append(el("h2", {}, t("Your scores, workshop by workshop")));
    scoreTables(scores, data.scores, t);
  }
  const history = el("section", { class: "journal-history" });
  timeline(history, data, programme, t, show);
  root.replaceChildren(write, scores, history);
}

show();
