// Poll: big option buttons (one or several), a changed vote replaces the earlier one; bars for the room.
import { el, formatPercent } from "../live.js";
import { alertLine, prompt } from "./phone_parts.js";
import { bars, barsView, chainPanel, newest, waitingLine } from "./rounds.js";
import { fitTogether } from "../fit.js";

const chosen = {}; // activity id -> Set of options, kept across re-renders

export function phone(root, ctx) {
  const { activity, t } = ctx;
  const { items = [], multiple } = activity.settings;
  root.append(prompt(activity));
  if (!items.length) { root.append(el("p", { class: "waiting" }, waitingLine(activity, t))); return; }
  const saved = newest(ctx.entries);
  const picks = chosen[activity.id] ||= new Set(saved?.payload.choices || []);
  for (const p of [...picks]) if (!items.includes(p)) picks.delete(p);
  // "Change my vote" only once a vote is saved: one still on its way is not offered as if it were.
  const done = saved && !saved.pending;
  const unchanged = saved && items.every((i) => picks.has(i) === (saved.payload.choices || []).includes(i));
  const send = el("button", { class: "btn primary big", type: "submit" }, done ? t("Change my vote") : t("Vote"));
  const options = el("div", { class: "poll-options", role: multiple ? "group" : "radiogroup", "aria-labelledby": "prompt" },
    items.map((item) => el("button", {
      class: `btn big option${picks.has(item) ? " chosen" : ""}`, type: "button", "data-item": item,
      role: multiple ? "checkbox" : "radio", "aria-checked": picks.has(item) ? "true" : "false", disabled: activity.locked,
      onclick: () => {
        if (!multiple) picks.clear();
        if (picks.has(item)) picks.delete(item); else picks.add(item);
        root.replaceChildren();
        phone(root, ctx);
        root.querySelector(`[data-item="${CSS.escape(item)}"]`)?.focus();
      },
    }, item)));
  send.disabled = activity.locked || !picks.size || Boolean(saved?.pending && unchanged);
  const form = el("form", { class: "poll-form", novalidate: true }, options,
    el("p", { class: "counter" }, multiple ? t("Choose one or more.") : t("Choose one.")),
    alertLine(ctx.error), send,
    ctx.sendNote(saved, saved ? `: ${saved.payload.choices.join(", ")}` : ""));
  form.addEventListener("submit", (event) => {
    event.preventDefault();
    if (picks.size) ctx.submit({ choices: items.filter((i) => picks.has(i)) });
  });
  root.append(form);
  // Once on screen: a long compound ("Medarbeiderinvolvering") shrinks the options a little rather than break.
  queueMicrotask(() => fitTogether(options, ".option", { min: 13 }));
}

/** One bar per option: its share of the voters (several choices each may add up to more than 100 %) and its votes. */
function optionBars(results, t) {
  return bars(results.options.map((o) => ({
    label: o.item, value: o.votes, mark: o.correct ? "✓" : "",
    text: formatPercent(o.votes / Math.max(1, results.voters)), note: t("%(n)s votes", { n: o.votes }),
  })));
}

export function presenter(root, { results, t, state }) {
  const [view, fit] = barsView(optionBars(results, t), t("%(n)s people have voted", { n: results.voters }),
    `poll-${state?.activity?.id}`);
  root.append(view);
  return fit;
}

export function console(root, { results, command: act, t }) {
  root.append(el("p", { class: "hint big-hint" }, t("%(n)s people have voted", { n: results.voters })), optionBars(results, t));
}

export function setup(root, { activity, t }) { chainPanel(root, activity, t); }
