// Open question: phone form, presenter answer wall, console moderation list.
import { el } from "../live.js";
import { fitText, overflows } from "../fit.js";
import { paginate } from "../pager.js";
import { readableMin } from "./rounds.js";
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

/** The wall's text as large as fits, never below a size read from the back; a word longer than its card shrinks that card. */
function fitCards(wall) {
  for (const card of wall.children) card.style.fontSize = "";
  fitText(wall, { height: true, min: readableMin() * 1.1 });
  for (const card of wall.children) if (!card.hidden && overflows(card)) fitText(card, { min: 12 });
}

/**
 * The answer wall, newest first. After mounting, the text shrinks to fit; answers that still do not fit
 * go on further pages that turn by themselves ("1/2"), so the room can read every answer.
 */
export function presenter(root, { results, t, state }) {
  if (!results.cards.length) { root.append(el("p", { class: "hidden-results" }, t("Waiting for answers…"))); return null; }
  const wall = el("div", { class: "wall", role: "list" });
  const cards = results.cards.map((card) => {
    const fresh = !seen.has(card.id);
    seen.add(card.id);
    // Once popped in, a card stays still when the pager or a resize hides and shows it again.
    return el("div", { class: `answer${fresh ? " fresh" : ""}`, role: "listitem", "data-entry": card.id,
      onanimationend: (event) => event.currentTarget.classList.remove("fresh") }, card.text);
  });
  wall.append(...cards);
  root.append(wall);
  return () => paginate(wall, cards, { key: `wall-${state?.activity?.id}`, fit: () => fitCards(wall) });
}

export function console(root, { results, command: act, t }) {
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
