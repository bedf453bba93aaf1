// Self-assessment 1-6 with a reason: private answers on the phone, an anonymous distribution for the room.
import { loadJournal, scoreTables } from "../journal_form.js";
import { el, formatNumber } from "../live.js";
import { alertLine, prompt } from "./phone_parts.js";
import { fitGrid, newest, readableMin } from "./rounds.js";

/** What would be sent: the scored statements of the list, reasons trimmed. */
function scoredOf(answers, items) {
  return Object.fromEntries(Object.entries(answers).filter(([k, a]) => items.includes(k) && a?.score)
    .map(([k, a]) => [k, { score: a.score, reason: String(a.reason || "").trim() }]));
}

function sameAs(answers, items, entry) {
  if (!entry) return false;
  const mine = scoredOf(answers, items);
  const theirs = entry.payload.answers || {};
  return items.every((i) => (mine[i]?.score || 0) === (theirs[i]?.score || 0) && (mine[i]?.reason || "") === (theirs[i]?.reason || ""));
}

export function phone(root, ctx) {
  const { activity, t } = ctx;
  const items = activity.settings.items || [];
  const saved = newest(ctx.entries);
  // The phone's draft (kept across reloads) until it is saved as it stands; else the newest answer.
  const draft = ctx.draft.get();
  const answers = draft && typeof draft === "object" ? draft : JSON.parse(JSON.stringify(saved?.payload.answers || {}));
  if (sameAs(answers, items, saved) && !saved.pending) ctx.draft.set("");
  const keep = () => { ctx.draft.set(answers); refresh(); };
  root.append(prompt(activity),
    el("p", { class: "hint" }, t("1 = not at all, 6 = fully. Your answers are yours: the room sees only how many chose each score, and only when enough have answered.")));
  const form = el("form", { class: "scale-form", novalidate: true });
  items.forEach((item, i) => {
    const current = answers[item] || {};
    const reasonId = `reason-${activity.id}-${i}`;
    const reason = el("textarea", { id: reasonId, rows: 2, maxlength: activity.settings.max_length });
    reason.value = current.reason || "";
    reason.addEventListener("input", () => { (answers[item] ||= {}).reason = reason.value; keep(); });
    form.append(el("fieldset", { class: "scale-item", "data-item": item },
      el("legend", {}, item),
      el("div", { class: "scale-scores" }, [1, 2, 3, 4, 5, 6].map((score) => {
        const id = `score-${activity.id}-${i}-${score}`;
        const input = el("input", { type: "radio", name: `score-${activity.id}-${i}`, id, value: score,
          checked: current.score === score, disabled: activity.locked });
        input.addEventListener("change", () => { (answers[item] ||= {}).score = score; keep(); });
        return el("span", {}, input, el("label", { for: id }, String(score)));
      })),
      el("label", { for: reasonId, class: "hint" }, t("Why? (optional)")), reason));
  });
  // "Save again" only once an answer is saved; one waiting to be sent goes by itself unless changed.
  const send = el("button", { class: "btn primary big", type: "submit" }, saved && !saved.pending ? t("Save again") : t("Save"));
  function refresh() { send.disabled = activity.locked || Boolean(saved?.pending && sameAs(answers, items, saved)); }
  form.append(alertLine(ctx.error), send, ctx.sendNote(saved));
  form.addEventListener("submit", (event) => {
    event.preventDefault();
    const scored = scoredOf(answers, items);
    if (!Object.keys(scored).length) { ctx.fail(t("Score at least one statement.")); return; }
    ctx.submit({ answers: scored });
  });
  root.append(form);
  refresh();
  if (ctx.programme && saved && !saved.pending) root.append(ownOverDays(activity, saved, ctx));
}

// The leader's own scores of this question on the programme's earlier days, beside today's: fetched once per saved
// answer (a phone re-renders often; the journal does not change meanwhile).
const ownCache = { key: null, data: null };

function ownOverDays(activity, saved, ctx) {
  const box = el("section", { class: "own-over-days", "aria-live": "polite" });
  const key = `${ctx.programme}:${activity.id}:${saved.id ?? saved.client_id}`;
  const draw = (data) => {
    const series = data.scores.filter((x) => x.prompt.toLowerCase() === activity.prompt.toLowerCase());
    if (!series.length || series[0].days.length < 2) return;
    box.replaceChildren(el("h2", {}, ctx.t("Your scores, workshop by workshop")));
    scoreTables(box, series, ctx.t);
    box.querySelector("h3")?.remove(); // the question is the heading of the whole view already
  };
  if (ownCache.key === key && ownCache.data) draw(ownCache.data);
  else {
    ownCache.key = key;
    loadJournal(ctx.programme).then((data) => { if (ownCache.key === key) { ownCache.data = data; draw(data); } })
      .catch(() => {});
  }
  return box;
}

const SCORES = [1, 2, 3, 4, 5, 6];

/** Six columns on one baseline (counts above the bars, scores below) and a dashed line at the median. */
function histogram(s, t) {
  const max = Math.max(1, ...s.histogram);
  return el("div", { class: "histogram", role: "img",
    "aria-label": t("Scores 1 to 6: %(counts)s; median %(median)s", { counts: s.histogram.join(", "), median: formatNumber(s.median) }) },
  el("div", { class: "plot" },
    s.histogram.map((n, i) => el("span", { class: "col", "data-score": i + 1, style: `--k: ${n / max}` },
      el("span", { class: "bar" }), el("span", { class: "n" }, String(n)))),
    // The median sits between the columns it falls between: column i is centred at (i - 0.5) / 6.
    el("span", { class: "median-line", style: `left: ${(100 * (s.median - 0.5)) / SCORES.length}%` })),
  el("div", { class: "axis" }, SCORES.map((score) => el("span", {}, String(score)))));
}

function chart(s, results, t) {
  return s.shown ? histogram(s, t)
    : el("p", { class: "hint too-few" }, t("Shown from %(min)s answers (%(n)s so far).", { min: results.min_count, n: s.count }));
}

/** Today's chart of a statement beside those of the programme's earlier days (each shown from its minimum). */
function overDays(s, results, t) {
  const days = (results.earlier || []).map((day) => {
    const then = day.results.statements.find((x) => x.item === s.item);
    return el("figure", { class: "scale-day", "data-day": day.activity_id },
      then?.shown ? histogram(then, t) : el("p", { class: "hint too-few" }, t("Too few answers")),
      el("figcaption", { title: day.workshop }, day.workshop));
  });
  return el("div", { class: "scale-days" }, ...days,
    el("figure", { class: "scale-day today" }, chart(s, results, t), el("figcaption", {}, t("Today"))));
}

function statements(results, t) {
  const compared = (results.earlier || []).length > 0;
  return el("div", { class: `scale-results${compared ? " compared" : ""}` }, results.statements.map((s) => el("section", { class: "scale-result", "data-item": s.item, "data-count": s.count },
    el("div", { class: "scale-head" }, el("h2", {}, s.item),
      s.shown ? el("span", { class: "median" }, `${t("Median")}: ${formatNumber(s.median)}`) : ""),
    compared ? overDays(s, results, t) : chart(s, results, t))));
}

export function presenter(root, { results, t }) {
  const grid = statements(results, t);
  root.append(grid);
  // Charts a little wider than tall read best; the axis may be a little smaller than other stage text.
  return fitGrid(grid, { fill: true, aspect: 1.6, min: () => readableMin() * 0.85 });
}

export function console(root, { results, command: act, t }) { root.append(statements(results, t)); }
