// 100-point allocation: steppers and a slider per item, what is left always in view; ranked bars.
import { el } from "../live.js";
import { alertLine, prompt } from "./phone_parts.js";
import { bars, barsView, chainPanel, newest, waitingLine } from "./rounds.js";

const TOTAL = 100;

function valid(values, upTo) {
  const sum = Object.values(values).reduce((a, b) => a + b, 0);
  return upTo ? sum > 0 && sum <= TOTAL : sum === TOTAL;
}

/** The allocation to show: the phone's draft (kept across reloads) if it is a sound one, else the newest answer. */
function startValues(items, draft, saved) {
  const fromSaved = Object.fromEntries(items.map((i) => [i, saved?.payload.points?.[i] || 0]));
  if (!draft || typeof draft !== "object") return fromSaved;
  const values = Object.fromEntries(items.map((i) => [i, Number.isInteger(draft[i]) && draft[i] > 0 ? draft[i] : 0]));
  return Object.values(values).reduce((a, b) => a + b, 0) <= TOTAL ? values : fromSaved;
}

function sameAs(values, entry) {
  return Boolean(entry) && Object.keys(values).every((k) => values[k] === (entry.payload.points?.[k] || 0));
}

export function phone(root, ctx) {
  const { activity, t } = ctx;
  const items = activity.settings.items || [];
  const upTo = activity.settings.up_to;
  root.append(prompt(activity));
  if (!items.length) { root.append(el("p", { class: "waiting" }, waitingLine(activity, t))); return; }
  const saved = newest(ctx.entries);
  const values = startValues(items, ctx.draft.get(), saved);
  // Sent and saved as it stands: no draft to keep. An unsent one is kept (across reloads too).
  if (sameAs(values, saved) && !saved.pending) ctx.draft.set("");
  const left = el("p", { class: "points-left", id: `left-${activity.id}`, "aria-live": "polite" });
  // "Send again" only once an answer is saved: one still on its way is not offered as if it were.
  const send = el("button", { class: "btn primary big", type: "submit" }, saved && !saved.pending ? t("Send again") : t("Send"));
  const rows = items.map((item, i) => {
    const id = `pts-${activity.id}-${i}`;
    const out = el("output", { class: "points-value", for: id }, "");
    const slider = el("input", { type: "range", id, min: 0, max: TOTAL, step: 1, "aria-describedby": left.id });
    const set = (v) => {
      const others = Object.entries(values).filter(([k]) => k !== item).reduce((a, [, b]) => a + b, 0);
      values[item] = Math.max(0, Math.min(v, TOTAL - others)); // never more than what is left
      ctx.draft.set(values);
      refresh();
    };
    slider.addEventListener("input", () => set(Number(slider.value)));
    const step = (d, label) => el("button", { class: "btn small", type: "button", "aria-label": `${label}: ${item}`,
      onclick: () => set(values[item] + d) }, d > 0 ? `+${d}` : `${d}`);
    return { item, slider, out, node: el("div", { class: "points-row", "data-item": item },
      el("label", { for: id, class: "points-item" }, item), out,
      el("div", { class: "points-controls" }, step(-10, t("Less")), step(-1, t("Less")), slider, step(1, t("More")), step(10, t("More")))) };
  });
  function refresh() {
    const sum = Object.values(values).reduce((a, b) => a + b, 0);
    for (const r of rows) { r.slider.value = values[r.item]; r.out.textContent = String(values[r.item]); r.slider.setAttribute("aria-valuetext", t("%(n)s points", { n: values[r.item] })); }
    left.textContent = t("%(n)s of 100 points left", { n: TOTAL - sum });
    left.dataset.left = String(TOTAL - sum);
    // An answer waiting to be sent goes by itself; the button is for a changed allocation.
    send.disabled = activity.locked || !valid(values, upTo) || (saved?.pending && sameAs(values, saved));
  }
  const form = el("form", { class: "points-form", novalidate: true }, left, ...rows.map((r) => r.node),
    alertLine(ctx.error), send,
    activity.locked ? el("p", { class: "counter" }, t("Answers are locked.")) : "",
    ctx.sendNote(saved));
  form.addEventListener("submit", (event) => {
    event.preventDefault();
    if (!valid(values, upTo)) return;
    ctx.submit({ points: Object.fromEntries(Object.entries(values).filter(([k, v]) => v > 0 && items.includes(k))) });
  });
  root.append(form);
  refresh();
}

function ranking(results) {
  return bars(results.ranking.map((r) => ({ label: r.item, value: r.score, rank: r.rank, tied: r.tied })), { rank: true });
}

export function presenter(root, { results, t, state }) {
  const [view, fit] = barsView(ranking(results), t("%(n)s people have voted", { n: results.participants }),
    `points-${state?.activity?.id}`);
  root.append(view);
  return fit;
}

export function console(root, { results, command: act, t }) {
  root.append(el("p", { class: "hint" }, t("%(n)s people have voted", { n: results.participants })), ranking(results));
}

export function setup(root, { activity, t }) {
  chainPanel(root, activity, t);
}
