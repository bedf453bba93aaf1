// Open question: phone form, presenter answer wall, console moderation list.
import { el } from "../live.js";
import { textEntryPhone } from "./text_entry.js";

export function phone(root, ctx) {
  return textEntryPhone(root, ctx, {
    multiline: true,
    placeholder: ctx.t("Your answer"),
    listLabel: ctx.t("Your answers"),
    limit: (s) => s.max_answers,
  });
}

const seen = new Set();

export function presenter(root, results, t) {
  if (!results.cards.length) { root.append(el("p", { class: "hidden-results" }, t("Waiting for answers…"))); return; }
  const wall = el("div", { class: "wall", role: "list" });
  for (const card of results.cards) {
    const fresh = !seen.has(card.id);
    seen.add(card.id);
    wall.append(el("div", { class: `answer${fresh ? " fresh" : ""}`, role: "listitem", "data-entry": card.id }, card.text));
  }
  root.append(wall);
}

export function console(root, results, act, t) {
  if (!results.cards.length) { root.append(el("p", { class: "hint" }, t("No answers yet."))); return; }
  root.append(el("ul", { class: "mod-list" }, results.cards.map((c) =>
    el("li", { class: c.hidden ? "is-hidden" : "", "data-entry": c.id },
      el("span", {}, c.text, c.hidden ? el("span", { class: "visually-hidden" }, ` (${t("hidden")})`) : ""),
      el("button", {
        class: "btn small star", type: "button", "aria-pressed": c.starred ? "true" : "false",
        "aria-label": t("Star for a later round"), title: t("Star for a later round"),
        onclick: () => act(c.starred ? "unstar_entry" : "star_entry", { entry_id: c.id }),
      }, c.starred ? "★" : "☆"),
      el("button", {
        class: "btn small", type: "button",
        onclick: () => act(c.hidden ? "unhide_entry" : "hide_entry", { entry_id: c.id }),
      }, c.hidden ? t("Show") : t("Hide"))))));
}
