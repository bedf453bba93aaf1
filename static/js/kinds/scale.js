// Self-assessment 1-6 with a reason: private answers on the phone, an anonymous distribution for the room.
import { el, formatNumber } from "../live.js";
import { newest } from "./rounds.js";

const drafts = {}; // activity id -> {statement: {score, reason}}

export function phone(root, ctx) {
  const { activity, t } = ctx;
  const items = activity.settings.items || [];
  const saved = newest(ctx.entries);
  const answers = drafts[activity.id] ||= JSON.parse(JSON.stringify(saved?.payload.answers || {}));
  root.append(el("h1", { class: "prompt", id: "prompt" }, activity.prompt),
    el("p", { class: "hint" }, t("1 = not at all, 6 = fully. Your answers are yours: the room sees only how many chose each score, and only when enough have answered.")));
  const form = el("form", { class: "scale-form", novalidate: true });
  items.forEach((item, i) => {
    const current = answers[item] || {};
    const reasonId = `reason-${activity.id}-${i}`;
    const reason = el("textarea", { id: reasonId, rows: 2, maxlength: activity.settings.max_length });
    reason.value = current.reason || "";
    reason.addEventListener("input", () => { (answers[item] ||= {}).reason = reason.value; });
    form.append(el("fieldset", { class: "scale-item", "data-item": item },
      el("legend", {}, item),
      el("div", { class: "scale-scores" }, [1, 2, 3, 4, 5, 6].map((score) => {
        const id = `score-${activity.id}-${i}-${score}`;
        const input = el("input", { type: "radio", name: `score-${activity.id}-${i}`, id, value: score,
          checked: current.score === score, disabled: activity.locked });
        input.addEventListener("change", () => { (answers[item] ||= {}).score = score; });
        return el("span", {}, input, el("label", { for: id }, String(score)));
      })),
      el("label", { for: reasonId, class: "hint" }, t("Why? (optional)")), reason));
  });
  const send = el("button", { class: "btn primary big", type: "submit", disabled: activity.locked }, saved ? t("Save again") : t("Save"));
  form.append(ctx.error ? el("p", { class: "alert", role: "alert" }, ctx.error) : "", send,
    saved ? el("p", { class: "counter" }, saved.pending ? t("Sending…") : `✓ ${t("Saved")}`) : "");
  form.addEventListener("submit", (event) => {
    event.preventDefault();
    const scored = Object.fromEntries(Object.entries(answers).filter(([k, a]) => items.includes(k) && a.score)
      .map(([k, a]) => [k, { score: a.score, reason: (a.reason || "").trim() }]));
    if (!Object.keys(scored).length) { ctx.fail(t("Score at least one statement.")); return; }
    ctx.submit({ answers: scored });
  });
  root.append(form);
}

function statements(results, t) {
  return el("div", { class: "scale-results" }, results.statements.map((s) => el("section", { class: "scale-result", "data-item": s.item, "data-count": s.count },
    el("h2", {}, s.item),
    s.shown ? el("div", { class: "histogram", role: "img", "aria-label": t("Scores 1 to 6: %(counts)s; median %(median)s", { counts: s.histogram.join(", "), median: formatNumber(s.median) }) },
      s.histogram.map((n, i) => el("span", { class: "col", style: `--h: ${(100 * n) / Math.max(1, ...s.histogram)}%` },
        el("span", { class: "n" }, String(n)), el("span", { class: "bar" }), el("span", { class: "score" }, String(i + 1)))),
      el("span", { class: "median" }, `${t("Median")}: ${formatNumber(s.median)}`))
      : el("p", { class: "hint too-few" }, t("Shown from %(min)s answers (%(n)s so far).", { min: results.min_count, n: s.count })))));
}

export function presenter(root, results, t) { root.append(statements(results, t)); }
export function console(root, results, act, t) { root.append(statements(results, t)); }
