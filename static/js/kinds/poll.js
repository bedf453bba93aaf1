// Poll: big option buttons (one or several), a changed vote replaces the earlier one; bars for the room.
import { el } from "../live.js";
import { bars, chainPanel, newest } from "./rounds.js";

const chosen = {}; // activity id -> Set of options, kept across re-renders

export function phone(root, ctx) {
  const { activity, t } = ctx;
  const { items = [], multiple } = activity.settings;
  root.append(el("h1", { class: "prompt", id: "prompt" }, activity.prompt));
  if (!items.length) { root.append(el("p", { class: "waiting" }, t("The list is on its way…"))); return; }
  const saved = newest(ctx.entries);
  const picks = chosen[activity.id] ||= new Set(saved?.payload.choices || []);
  for (const p of [...picks]) if (!items.includes(p)) picks.delete(p);
  const send = el("button", { class: "btn primary big", type: "submit" }, saved ? t("Change my vote") : t("Vote"));
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
  send.disabled = activity.locked || !picks.size;
  const form = el("form", { class: "poll-form", novalidate: true }, options,
    el("p", { class: "counter" }, multiple ? t("Choose one or more.") : t("Choose one.")),
    ctx.error ? el("p", { class: "alert", role: "alert" }, ctx.error) : "", send,
    saved ? el("p", { class: "counter" }, saved.pending ? t("Sending…") : `✓ ${t("Saved")}: ${saved.payload.choices.join(", ")}`) : "");
  form.addEventListener("submit", (event) => {
    event.preventDefault();
    if (picks.size) ctx.submit({ choices: items.filter((i) => picks.has(i)) });
  });
  root.append(form);
}

function view(results, t) {
  return [el("p", { class: "hint big-hint" }, t("%(n)s people have voted", { n: results.voters })),
    bars(results.options.map((o) => ({ label: o.item, value: o.votes, mark: o.correct ? "✓" : "" })))];
}

export function presenter(root, results, t) { root.append(...view(results, t)); }
export function console(root, results, act, t) { root.append(...view(results, t)); }
export function setup(root, activity, t) { chainPanel(root, activity, t); }
