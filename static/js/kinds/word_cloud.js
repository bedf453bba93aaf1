// Word cloud: phone form, presenter cloud (real text, sized by people), console hide and merge.
import { el } from "../live.js";
import { textEntryPhone } from "./text_entry.js";

export function phone(root, ctx) {
  return textEntryPhone(root, ctx, {
    multiline: false,
    placeholder: ctx.t("A word or two"),
    listLabel: ctx.t("Your words"),
    limit: (s) => s.words_per_participant,
  });
}

export function presenter(root, results, t) {
  const words = results.words;
  if (!words.length) { root.append(el("p", { class: "hidden-results" }, t("Waiting for answers…"))); return; }
  const max = Math.max(...words.map((w) => w.count));
  // Interleave big and small words so the biggest sit in the middle of the cloud.
  const ordered = [];
  words.forEach((w, i) => (i % 2 ? ordered.push(w) : ordered.unshift(w)));
  root.append(el("ul", { class: "cloud", role: "list" }, ordered.map((w) => {
    const size = 1.4 + 5.6 * Math.sqrt(w.count / max);
    return el("li", { class: "word", style: `font-size: clamp(1rem, ${size * 0.8}vw, ${size}rem); list-style: none`,
      "data-word": w.key, "data-count": w.count, title: `${w.text}: ${w.count}` }, w.text,
      el("span", { class: "visually-hidden" }, ` (${w.count})`));
  })));
}

export function console(root, results, act, t) {
  const words = results.words;
  if (!words.length) { root.append(el("p", { class: "hint" }, t("No answers yet."))); return; }
  root.append(el("ul", { class: "mod-list" }, words.map((w) =>
    el("li", { class: w.hidden ? "is-hidden" : "", "data-word": w.key },
      el("span", {}, el("b", {}, `${w.count}`), " ", w.text),
      el("button", { class: "btn small", type: "button",
        onclick: () => act(w.hidden ? "unhide_word" : "hide_word", { word: w.key }) },
        w.hidden ? t("Show") : t("Hide"))))));
  if (words.length > 1) {
    const options = () => words.map((w) => el("option", { value: w.key }, w.text));
    const source = el("select", { id: "merge-source" }, options());
    const target = el("select", { id: "merge-target" }, options());
    target.selectedIndex = 1;
    root.append(el("form", { class: "row merge-form", style: "margin-top: 1rem",
      onsubmit: (e) => { e.preventDefault(); act("merge_words", { source: source.value, target: target.value }); } },
      el("label", { for: "merge-source" }, t("Merge")), source,
      el("label", { for: "merge-target" }, t("Merge into")), target,
      el("button", { class: "btn small", type: "submit" }, t("Merge"))));
  }
  const merged = Object.entries(results.merges || {});
  if (merged.length) {
    root.append(el("ul", { class: "mod-list", style: "margin-top: .5rem" }, merged.map(([from, to]) =>
      el("li", {}, el("span", {}, from, " → ", t("merged into %(word)s", { word: to })),
        el("button", { class: "btn small", type: "button", onclick: () => act("unmerge_word", { word: from }) }, t("Undo merge"))))));
  }
}
