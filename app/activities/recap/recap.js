// Recap of earlier workshops: each chosen result drawn by its own kind's presenter view (one page at a time, two
// side by side on a wide projector) and the facilitator's summary; the phones read the summary.
import { api, el, loadKind } from "../live.js";
import { paginate } from "../pager.js";
import { fitToStage } from "./rounds.js";
import { prompt } from "./phone_parts.js";

const SUMMARY_MAX = 2000;

/** "14. september 2026" in the page's language, from "2026-09-14"; "" for none. */
function longDate(iso) {
  if (!iso) return "";
  const lang = document.documentElement.lang || "nb";
  const locales = lang === "nn" ? ["nn", "nb", "no"] : [lang]; // some browsers lack nynorsk: bokmål writes dates alike
  return new Intl.DateTimeFormat(locales, { day: "numeric", month: "long", year: "numeric", timeZone: "UTC" })
    .format(new Date(`${iso}T12:00:00Z`));
}

/** "Samling 1 · 14. september 2026": which day a result is from. */
function fromLine(workshop) {
  return [workshop.title, longDate(workshop.date)].filter(Boolean).join(" · ");
}

/**
 * The summary as the facilitator wrote it: lines starting with "-", "•", "*" or "1." become a list, other lines
 * paragraphs, a blank line ends a list.
 */
export function summaryView(text, attrs = {}) {
  const blocks = [];
  let list = null;
  for (const raw of String(text || "").split("\n")) {
    const line = raw.trim();
    const point = /^(?:[-–•*]|(\d+)[.)])\s+(.+)$/.exec(line);
    if (!line) { list = null; continue; }
    if (!point) { list = null; blocks.push(el("p", {}, line)); continue; }
    const tag = point[1] ? "ol" : "ul";
    if (!list || list.tagName.toLowerCase() !== tag) { list = el(tag, {}); blocks.push(list); }
    list.append(el("li", {}, point[2]));
  }
  return el("div", { class: "recap-summary", ...attrs }, blocks);
}

export function phone(root, { activity, t }) {
  root.append(prompt(activity));
  const summary = activity.settings.summary || "";
  root.append(summary
    ? summaryView(summary, { "aria-label": t("Summary") })
    : el("p", { class: "waiting" }, t("The facilitator shows results from earlier workshops on the big screen.")));
}

/** A source's page: where it is from, its question, and its own kind's presenter view drawn in `body`. */
function sourcePage(item, t, state) {
  const body = el("div", { class: "recap-body" });
  const node = el("section", { class: "recap-page recap-source", "data-kind": item.kind, "data-source": item.source_id },
    el("p", { class: "recap-from" }, fromLine(item.workshop)),
    el("h2", { class: "recap-prompt" }, item.prompt),
    body);
  // The source as its own view knows an activity; its results are what that room saw.
  const activity = { id: item.source_id, kind: item.kind, prompt: item.prompt, settings: item.settings || {},
    locked: true, results_visible: true, clock: null };
  const results = item.results || {};
  const ctx = { activity, results, t,
    counts: { joined: 0, online: 0, answered: results.participants ?? 0, entries: results.entries ?? 0 },
    // No groups: the source's groups were another day's (a poster view would filter by today's).
    state: { type: "state", workshop: state?.workshop, activity, groups: undefined } };
  const draw = () => loadKind(item.kind).then((module) => {
    const fit = module.presenter(body, ctx);
    return typeof fit === "function" ? fit : null;
  }).catch((err) => {
    window.console.warn(err); // (this module's own `console` is the console view)
    body.append(el("p", { class: "hidden-results" }, "…"));
    return null;
  });
  return { node, draw };
}

/** Whether anything in `node` is wider than its box (a view drawn for the whole stage, squeezed). */
function crowded(node) {
  return [node, ...node.querySelectorAll("*")].some((n) => n.clientWidth > 0 && n.scrollWidth > n.clientWidth + 1
    && !n.closest(".visually-hidden")); // (a screen reader's text is clipped to a pixel on purpose)
}

/** The summary's after-mount step: as large as fits, down to what the back of the hall reads; then its lines paged. */
function summaryFit(view, key) {
  const fit = fitToStage(view);
  const lines = [...view.querySelectorAll(":scope > p, li")];
  return () => paginate(view, lines, { key, fit });
}

function summaryPage(text, t, key) {
  const view = summaryView(text);
  const node = el("section", { class: "recap-page recap-summary-page" }, el("h2", { class: "recap-prompt" }, t("Summary")), view);
  return { node, draw: () => Promise.resolve(summaryFit(view, key)) };
}

export function presenter(root, { activity, results, state, t }) {
  const items = results.items || [];
  const pages = items.map((item) => sourcePage(item, t, state));
  if (results.summary) pages.push(summaryPage(results.summary, t, `recap-summary-${activity.id}`));
  if (!pages.length) { root.append(el("p", { class: "hidden-results" }, t("No results chosen yet."))); return null; }
  const box = el("div", { class: `recap-pages${pages.length > 1 ? " two" : ""}` }, pages.map((p) => p.node));
  root.append(el("div", { class: "recap-view" }, box));
  let fits = null; // each page's own fit, once the kinds' views are drawn (their scripts load first)
  let mounted = false;
  const fitAll = () => {
    box.style.gridAutoRows = `${box.clientHeight}px`; // one page per row: a second row is the next page
    for (const fit of fits) fit?.();
  };
  const layout = () => {
    if (!mounted || !fits || !box.isConnected) return;
    paginate(box, pages.map((p) => p.node), { key: `recap-${activity.id}`, every: 15000, fit: () => {
      // Side by side where the screen is wide, unless a view does not fit half of it (its own sizes follow the
      // window, not its box): then one at a time.
      box.classList.remove("single");
      fitAll();
      if (getComputedStyle(box).gridTemplateColumns.split(" ").length > 1 && pages.some((p) => crowded(p.node))) {
        box.classList.add("single");
        fitAll();
      }
    } });
  };
  Promise.all(pages.map((p) => p.draw())).then((drawn) => { fits = drawn; layout(); });
  return () => { mounted = true; layout(); };
}

/** Results hidden: the room reads the summary alone. */
export function hidden(root, { activity, t }) {
  const text = activity.settings.summary || "";
  if (!text) { root.append(el("p", { class: "hidden-results" }, t("Results are hidden"))); return null; }
  const view = summaryView(text);
  root.append(el("div", { class: "recap-view" }, el("section", { class: "recap-page recap-summary-page" }, view)));
  return summaryFit(view, `recap-summary-hidden-${activity.id}`);
}

export function console(root, { activity, results, t }) {
  const items = results.items || [];
  const gone = (results.sources || []).length - items.length;
  const error = el("p", { class: "console-error", role: "alert" });
  const refresh = el("button", { class: "btn", type: "button", id: `recap-refresh-${activity.id}` }, t("Refresh the results"));
  refresh.addEventListener("click", async () => {
    error.textContent = "";
    try { await api(`/api/v1/activities/${activity.id}/recap-refresh`, "POST"); } catch (err) { error.textContent = err.message; }
  });
  root.append(
    items.length
      ? el("ol", { class: "recap-chosen" }, items.map((i) => el("li", { "data-source": i.source_id },
        el("span", { class: "recap-from" }, `${fromLine(i.workshop)}:`), " ", el("span", {}, i.prompt))))
      : el("p", { class: "hint" }, t("No results chosen yet.")),
    gone > 0 ? el("p", { class: "hint" }, t("%(n)s chosen results are no longer in an earlier workshop of the programme: they are left out.", { n: gone })) : "",
    results.summary ? summaryView(results.summary, { "aria-label": t("Summary") }) : "",
    el("p", { class: "row" }, refresh), error);
}

/** Choosing the results (by workshop, in the order shown) and writing the summary; in the editor and the console. */
export function setup(root, { activity, t }) {
  const box = el("section", { class: "recap-setup", "aria-label": t("Results from earlier workshops") });
  const status = el("p", { class: "hint", role: "status" });
  root.append(box);
  api(`/api/v1/activities/${activity.id}/recap-sources`, "GET")
    .then((data) => draw(data))
    .catch((err) => { status.textContent = err.message; box.append(status); });

  function draw(data) {
    const known = new Map();
    for (const w of data.workshops) for (const a of w.activities) known.set(a.id, { a, w });
    const chosen = data.sources.filter((id) => known.has(id)); // one no longer offered is dropped on saving
    const gone = data.sources.length - chosen.length;
    const order = el("ol", { class: "recap-order" });
    const orderBox = el("div", {}, el("h3", {}, t("Results shown, in this order")), order);

    function drawOrder() {
      orderBox.hidden = !chosen.length;
      order.replaceChildren(...chosen.map((id, i) => {
        const { a, w } = known.get(id);
        const move = (step, label, arrow) => el("button", { class: "btn small", type: "button", "aria-label": `${label}: ${a.prompt}`,
          disabled: !chosen[i + step], onclick: () => { [chosen[i], chosen[i + step]] = [chosen[i + step], chosen[i]]; drawOrder(); } }, arrow);
        return el("li", { "data-source": id }, el("span", {}, `${w.title}: ${a.prompt}`), " ",
          move(-1, t("Move up"), "↑"), move(1, t("Move down"), "↓"));
      }));
    }

    const lists = data.workshops.filter((w) => w.activities.length).map((w) => el("fieldset", { class: "recap-workshop" },
      el("legend", {}, fromLine(w)),
      w.activities.map((a) => {
        const id = `recap-${activity.id}-source-${a.id}`;
        const input = el("input", { type: "checkbox", id, value: a.id, checked: chosen.includes(a.id) });
        input.addEventListener("change", () => {
          if (input.checked && !chosen.includes(a.id)) chosen.push(a.id);
          if (!input.checked) chosen.splice(chosen.indexOf(a.id), 1);
          drawOrder();
        });
        return el("label", { class: "check", for: id }, input, ` ${t(a.label)}: ${a.prompt}`);
      })));
    const empty = !data.in_programme ? t("Only workshops of a programme can recap earlier ones.")
      : !lists.length ? t("No earlier workshop of the programme has results to show yet.") : "";
    const summaryId = `recap-summary-${activity.id}`;
    const summary = el("textarea", { id: summaryId, rows: 6, maxlength: SUMMARY_MAX });
    summary.value = data.summary || "";
    const save = el("button", { class: "btn primary", type: "button", id: `recap-save-${activity.id}` }, t("Save the recap"));
    save.addEventListener("click", async () => {
      status.textContent = "";
      try {
        await api(`/api/v1/activities/${activity.id}`, "PATCH", { settings: { sources: chosen, summary: summary.value } });
        status.textContent = t("Saved.");
        root.dispatchEvent(new CustomEvent("chainchange", { bubbles: true, detail: {} })); // the editor's preview redraws
      } catch (err) { status.textContent = err.message; }
    });
    box.append(
      el("h3", {}, t("Results from earlier workshops")),
      empty ? el("p", { class: "hint" }, empty) : "",
      gone > 0 ? el("p", { class: "hint" }, t("%(n)s chosen results are no longer in an earlier workshop of the programme: they are left out.", { n: gone })) : "",
      ...lists, orderBox,
      el("label", { for: summaryId }, t("Summary (one point per line; start a line with - for a list)")), summary,
      el("p", { class: "row" }, save), status);
    drawOrder();
  }
}
