// Word cloud: phone form, presenter cloud (real text, sized by people), console hide and merge.
import { el } from "../live.js";
import { textEntryPhone } from "./text_entry.js";
import { hash, layoutCloud } from "../cloud_layout.js";

export function phone(root, ctx) {
  return textEntryPhone(root, ctx, {
    multiline: false,
    placeholder: ctx.t("A word or two"),
    listLabel: ctx.t("Your words"),
    limit: (s) => s.words_per_participant,
  });
}

// The presenter's cloud: the last layout per activity, so a new answer grows its word where it stands.
let shown = { activity: null, memory: null, at: new Map(), list: null, words: null, size: "" };
const resized = typeof ResizeObserver === "function"
  ? new ResizeObserver(() => { if (shown.list?.isConnected) arrange(shown.list, shown.words, shown.activity); }) : null;

/** The cloud's words in the results' order (most people first, for screen readers); placed once on screen. */
export function presenter(root, { results, t, state }) {
  const words = results.words;
  if (!words.length) { root.append(el("p", { class: "hidden-results" }, t("Waiting for answers…"))); return null; }
  const list = el("ul", { class: "cloud", role: "list" }, words.map((w) =>
    el("li", { class: "word", "data-word": w.key, "data-count": w.count, "data-tone": hash(w.key) % 5,
      title: `${w.text}: ${w.count}` }, w.text, el("span", { class: "visually-hidden" }, ` (${w.count})`))));
  root.append(list);
  const activity = state?.activity?.id ?? null;
  // presenter.js calls this once the list is in the page: only then do the words have a size.
  const mount = () => {
    arrange(list, words, activity);
    resized?.disconnect();
    resized?.observe(list);
  };
  requestAnimationFrame(() => { if (list.isConnected) mount(); });  // in case nobody did (nothing to do if done)
  return mount;
}

/** Measure every word, lay the cloud out in the list's box and move each word to its place. */
function arrange(list, words, activity) {
  const W = list.clientWidth, H = list.clientHeight;
  const size = `${W}x${H}`;
  if (shown.list === list && shown.size === size) return;  // the observer's first call, or nothing changed
  const items = [...list.children];
  for (const li of items) {
    for (const a of li.getAnimations()) a.cancel();  // a gliding word's box is not its size
    li.hidden = false;
    li.classList.remove("up");
    li.style.cssText = "font-size: 100px; left: 0; top: 0";
  }
  const measured = items.map((li, i) => {
    const box = li.getBoundingClientRect();
    return { ...words[i], width: box.width / 100, height: box.height / 100 };
  });
  const same = shown.activity === activity;
  const { placed, memory } = layoutCloud(measured, W, H, same ? shown.memory : null);
  const at = new Map(placed.map((p) => [p.key, p]));
  const calm = matchMedia("(prefers-reduced-motion: reduce)").matches;
  items.forEach((li, i) => {
    const p = at.get(words[i].key);
    if (!p) { li.hidden = true; return; }
    li.style.cssText = `font-size: ${p.size.toFixed(2)}px; left: ${p.x.toFixed(2)}px; top: ${p.y.toFixed(2)}px`;
    li.classList.toggle("up", p.up);
    if (!calm && same) glide(li, shown.at.get(p.key), p);
  });
  shown = { activity, memory, at, list, words, size };
}

/** A word that moved or grew glides from where it was; a new word fades in. */
function glide(li, before, now) {
  const turn = now.up ? " rotate(-90deg)" : "";
  if (!before) { li.animate([{ opacity: 0 }, { opacity: 1 }], { duration: 400, easing: "ease-out" }); return; }
  const dx = before.x - now.x, dy = before.y - now.y, k = before.size / now.size;
  if (Math.abs(dx) < 0.5 && Math.abs(dy) < 0.5 && Math.abs(k - 1) < 0.01 && before.up === now.up) return;
  li.animate([
    { transform: `translate(${dx}px, ${dy}px) translate(-50%, -50%)${turn} scale(${k})` },
    { transform: `translate(0px, 0px) translate(-50%, -50%)${turn} scale(1)` },
  ], { duration: 450, easing: "ease-out" });
}

export function console(root, { results, command: act, t }) {
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
