// Duos: each phone its duo's number and partners, the projector how many duos talk, the console the pairing.
import { el } from "../live.js";
import { registerPhases } from "../clock.js";
import { prompt } from "./phone_parts.js";

// The talk a pairing starts, named on every screen's clock.
registerPhases({
  owns: (label) => label.startsWith("duos:"),
  label: (_label, t) => t("Talk in duos"),
  progress: () => "",
});

/** "Kari and Ola" (an anonymous partner is "a participant"). */
function names(partners, t) {
  const shown = partners.map((n) => n || t("a participant"));
  return shown.length > 1 ? `${shown.slice(0, -1).join(", ")} ${t("and")} ${shown[shown.length - 1]}` : shown[0] || "";
}

export function phone(root, ctx) {
  const { activity, t, own } = ctx;
  root.append(prompt(activity));
  if (!own || !own.duo) {
    const line = own && own.round ? t("Not in a duo yet: the facilitator pairs people again.")
      : t("The facilitator pairs people when the round starts.");
    root.append(el("p", { class: "waiting" }, line));
    return;
  }
  const named = own.partners.some(Boolean);
  root.append(el("div", { class: "duo-card", "data-duo": own.duo },
    el("p", { class: "duo-number" }, t("Duo %(n)s", { n: own.duo })),
    el("p", { class: "duo-partners" }, named ? t("You talk with %(names)s.", { names: names(own.partners, t) })
      : t("You talk with the others who have duo %(n)s.", { n: own.duo })),
    el("p", { class: "hint" }, t("Find the others with the same number."))));
}

export function presenter(root, { results, t }) {
  root.append(el("p", { class: "duo-count", "data-duos": results.duos },
    results.duos ? t("%(n)s duos", { n: results.duos }) : t("Nobody is paired yet.")));
  return null;
}

export function console(root, { results, activity, command: act, t }) {
  const settings = activity?.settings || {};
  root.append(
    el("p", { class: "hint" }, results.duos
      ? `${t("%(n)s duos", { n: results.duos })} · ${t("%(n)s people paired", { n: results.people })}`
      : t("Nobody is paired yet.")),
    el("button", { class: "btn primary", type: "button", id: "duos-pair",
      onclick: () => act("pair", { scope: settings.scope || "group", minutes: settings.minutes || 7 }) },
    results.round ? t("Pair again") : t("Pair people")));
}
