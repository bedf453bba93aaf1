// Pieces every kind's phone view shares: the question, a refusal's alert, and where an answer stands.
import { el } from "../live.js";

/** The question at the top of a phone view (participant.js fits its size and scrolls to it). */
export function prompt(activity) {
  return el("h1", { class: "prompt", id: "prompt" }, activity.prompt);
}

/** The server's refusal of this phone's last answer, read out at once; "" when there is none. */
export function alertLine(message) {
  return message ? el("p", { class: "alert", role: "alert" }, message) : "";
}

/** Where an answer stands: on its way, waiting for the connection, or saved. */
export function sendState(pending, ctx) {
  const t = ctx.t;
  if (!pending) return `✓ ${t("Saved")}`;
  return ctx.online() ? t("Sending…") : t("Not sent yet: waiting for the connection…");
}
