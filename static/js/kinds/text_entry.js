// Phone view shared by kinds whose entries are one typed text: a field, a send button, own entries.
import { el } from "../live.js";
import { prompt, sendState } from "./phone_parts.js";

/**
 * Render the answer form.
 * opts: {multiline, placeholder, listLabel}
 */
export function textEntryPhone(root, ctx, opts) {
  const { activity, entries, t } = ctx;
  const limit = opts.limit(activity.settings);
  const maxLength = activity.settings.max_length;
  const used = entries.length;
  const left = Math.max(0, limit - used);
  const inputId = `answer-${activity.id}`;
  const field = opts.multiline
    ? el("textarea", { id: inputId, maxlength: maxLength, rows: 4, placeholder: opts.placeholder, "aria-describedby": "answer-count" })
    : el("input", { id: inputId, maxlength: maxLength, autocomplete: "off", placeholder: opts.placeholder, "aria-describedby": "answer-count" });
  const draft = ctx.draft.get(); // typed but not sent: kept across reloads by the phone
  field.value = typeof draft === "string" ? draft : "";
  field.addEventListener("input", () => ctx.draft.set(field.value));
  const disabled = activity.locked || left === 0;
  field.disabled = disabled;
  const send = el("button", { class: "btn primary big", type: "submit", disabled }, t("Send"));
  const problem = el("p", { class: "alert", role: "alert", hidden: !ctx.error }, ctx.error || "");
  const form = el("form", { class: "answer-form", novalidate: true },
    el("label", { for: inputId, class: "visually-hidden" }, opts.placeholder),
    field,
    el("p", { id: "answer-count", class: "counter" },
      activity.locked ? t("Answers are locked.") :
      left === 0 ? t("You have used all your answers.") : t("%(left)s of %(limit)s left", { left, limit })),
    problem,
    send,
  );
  form.addEventListener("submit", (event) => {
    event.preventDefault();
    const text = field.value.trim();
    if (!text) { ctx.fail(t("The answer is empty.")); return; }
    if (text.length > maxLength) { ctx.fail(t("The answer is too long (at most %(limit)s characters).", { limit: maxLength })); return; }
    ctx.draft.set("");
    ctx.submit({ text });
  });
  root.append(prompt(activity), form);
  if (entries.length) {
    root.append(
      el("h2", { class: "visually-hidden" }, opts.listLabel),
      el("ul", { class: "mine", "aria-label": opts.listLabel },
        entries.map((e) => el("li", {},
          el("span", {}, e.payload.text),
          el("span", { class: `state${e.pending ? " pending" : ""}` }, sendState(e.pending, ctx))))));
  }
  return field;
}
