// The throwaway mood kind: three buttons on the phone, the tally on the projector and in the console.
import { el } from "../live.js";

const MOODS = { sol: "☀ sol", skyer: "☁ skyer", regn: "☂ regn" };

export function phone(root, ctx) {
  const newest = ctx.entries[ctx.entries.length - 1];
  root.append(el("div", { class: "mood-choices" }, Object.entries(MOODS).map(([mood, label]) =>
    el("button", { class: `btn big mood${newest?.payload?.mood === mood ? " chosen" : ""}`, type: "button",
      "data-mood": mood, disabled: ctx.activity.locked, onclick: () => ctx.submit({ mood }) }, label))));
  if (ctx.error) root.append(el("p", { class: "alert", role: "alert" }, ctx.error));
}

export function presenter(root, { results }) {
  root.append(el("ul", { class: "mood-tally" }, Object.entries(results.counts).map(([mood, n]) =>
    el("li", { "data-mood": mood }, `${MOODS[mood]}: ${n}`))));
  return null;
}

export function console(root, { results }) {
  root.append(el("p", { class: "mood-people" }, `${results.participants}`));
}
