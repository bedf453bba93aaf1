// The journal round: each leader answers the day's questions in their private journal (saved with their programme
// pass, not through the room's socket); a marker entry per saved answer lets the room count who has written.
import { el, formatNumber } from "../live.js";
import { loadJournal, questionFields } from "../journal_form.js";
import { prompt } from "./phone_parts.js";

export function phone(root, ctx) {
  const { activity, t } = ctx;
  root.append(prompt(activity));
  if (!ctx.programme) {
    root.append(el("p", { class: "waiting" }, t("The journal belongs to a programme: this workshop is in none.")));
    return;
  }
  root.append(el("p", { class: "hint" }, t("Only you can read your journal. You can come back to it between the workshops.")));
  const fields = el("div", { class: "journal-round" });
  const more = el("p", {}, el("a", { href: `/journal/${ctx.programme}`, class: "btn" }, t("Open your whole journal")));
  root.append(fields, more);
  loadJournal(ctx.programme).then((data) => {
    const answers = {};
    for (const e of data.entries) if (e.activity_id === activity.id) answers[e.question] = e;
    questionFields(fields, {
      programme: ctx.programme, activity: activity.id, questions: activity.settings.questions, answers, t,
      // The room counts writers through an entry without text (sent once per question: a revision adds nothing).
      onSaved: (_entry, n) => {
        if (!ctx.entries.some((x) => x.payload?.question === n)) ctx.submit({ question: n });
      },
    });
  }).catch((error) => {
    fields.append(el("p", { class: "alert", role: "alert" }, error.message));
  });
}

function counts(root, results, t, total) {
  root.append(el("ul", { class: "journal-counts" }, ...results.questions.map((q) => el("li", {},
    el("span", { class: "journal-count-q" }, t(q.question)),
    el("strong", { class: "journal-count-n" }, formatNumber(q.writers))))));
  root.append(el("p", { class: "journal-writers" },
    t("%(n)s have written in their journal", { n: results.writers }) + (total ? ` · ${t("%(n)s joined", { n: total })}` : "")));
}

export function presenter(root, { results, counts: c, t }) {
  counts(root, results, t, c?.joined);
  return null;
}

export function console(root, { results, t }) {
  root.append(el("p", { class: "hint" }, t("You see how many have written, never what: the journal is private.")));
  counts(root, results, t, 0);
}

