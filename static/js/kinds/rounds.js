// Pieces shared by the list-based kinds (points, poll, diamond, scale): ranked bars and the console's
// "build the list from an earlier round" panel.
import { api, el } from "../live.js";
import { largestFit, overflows } from "../fit.js";
import { paginate } from "../pager.js";

/**
 * Horizontal bars in the order given; rows: [{label, value, text?, rank?, tied?, note?, mark?}]. `max` is the
 * value of a full bar (default: the largest value); `text` replaces the value shown (e.g. "40 %").
 */
export function bars(rows, { unit = "", rank = false, max } = {}) {
  const full = Math.max(1, max ?? Math.max(0, ...rows.map((r) => r.value)));
  const noted = rows.some((r) => r.note);
  // One grid for all rows (the rows are subgrids): labels, bars and numbers line up down the list.
  return el("ol", { class: `bars${rank ? " ranked" : ""}${noted ? " noted" : ""}`, role: "list" }, rows.map((r) => el("li", {
    "data-item": r.label, "data-value": r.value, "data-rank": r.rank ?? "", class: r.mark ? "marked" : "",
  },
    rank ? el("span", { class: "rank" }, r.tied ? `=${r.rank}` : String(r.rank)) : "",
    el("span", { class: "bar-label" }, r.label, r.mark ? el("span", { class: "mark-tag" }, ` ${r.mark}`) : ""),
    el("span", { class: "bar" }, el("span", { class: "fill", style: `width: ${(100 * r.value) / full}%` })),
    el("span", { class: "bar-value" }, r.text ?? `${r.value}${unit}`),
    noted ? el("span", { class: "bar-note" }, r.note || "") : "")));
}

/** The smallest font (px) the projector may shrink text to: still readable from the back of a hall. */
export function readableMin() {
  return Math.max(14, window.innerHeight / 46);
}

/** A fit's smallest font now: `min` is px, or a function of the stage's size now (it changes with the window). */
function floorOf(min) {
  return typeof min === "function" ? min() : (min ?? readableMin());
}

/** Whether `node` spills out of its box, or any of its `parts` (selector) out of theirs. */
function spills(node, parts) {
  return overflows(node, { height: true }) || (parts ? [...node.querySelectorAll(parts)].some((p) => overflows(p)) : false);
}

/**
 * A function (to call after mounting) that shrinks `node`'s font until it and its `parts` fit their boxes on
 * the stage: never above the stylesheet's size, never below `min` (px, or a function giving px).
 */
export function fitToStage(node, { min, parts = "" } = {}) {
  return () => {
    node.style.fontSize = "";
    const max = parseFloat(getComputedStyle(node).fontSize) || 16;
    node.style.fontSize = `${largestFit(node, Math.min(floorOf(min), max), max, (n) => spills(n, parts))}px`;
  };
}

/**
 * A function (to call after mounting) that lays `grid`'s children out in the columns x rows shape letting
 * the text be largest, and sets that font size. Columns are fixed fractions of the stage (not em), so a
 * smaller font always makes a long word fit. `fill`: rows share the height (charts) instead of
 * taking their content's; `aspect`: among shapes allowing about the same size, cells closest to it win
 * (else the fewest columns: a list reads best).
 */
export function fitGrid(grid, { min, maxColumns = Infinity, fill = false, aspect = null } = {}) {
  const template = (cols, rows) => {
    grid.style.gridTemplateColumns = `repeat(${cols}, minmax(0, 1fr))`;
    grid.style.gridTemplateRows = fill ? `repeat(${rows}, minmax(0, 1fr))` : "";
  };
  const crowded = (g) => overflows(g, { height: true }) || [...g.children].some((c) => overflows(c, { height: fill }));
  return () => {
    const n = grid.children.length;
    if (!n) return;
    grid.style.fontSize = "";
    const max = parseFloat(getComputedStyle(grid).fontSize) || 24;
    const floor = Math.min(floorOf(min), max);
    const { width, height } = grid.getBoundingClientRect();
    const columns = [...new Set(Array.from({ length: n }, (_, i) => Math.ceil(n / (i + 1))))].filter((c) => c <= maxColumns);
    const tried = columns.map((cols) => {
      const rows = Math.ceil(n / cols);
      template(cols, rows);
      const fit = aspect ? Math.abs(Math.log(((width / cols) / (height / rows)) / aspect)) : cols;
      return { cols, rows, size: largestFit(grid, floor, max, crowded), fit };
    });
    const top = Math.max(...tried.map((s) => s.size));
    const best = tried.filter((s) => s.size >= top - 1).sort((a, b) => a.fit - b.fit)[0];
    template(best.cols, best.rows);
    grid.style.fontSize = `${best.size}px`;
  };
}

/**
 * The projector's bars with a line above them (who has voted): the font shrinks to fit the stage, and a
 * list longer than fits at a readable size is paged ("1/2" at the end of that line). `key` names the list
 * across redraws. Returns [view, after-mount step].
 */
export function barsView(list, line, key) {
  const indicator = el("span", { class: "pager-indicator", hidden: true });
  const view = el("div", { class: "round-view" }, el("p", { class: "hint big-hint" }, el("span", {}, line), indicator), list);
  const fit = fitToStage(list);
  return [view, () => paginate(list, [...list.children], { key, fit, indicator })];
}

/**
 * The room's view while results are hidden: the items voted on (no bars) and a count that grows as
 * answers come in. Kinds without items show only the calm line and the count. Returns the after-mount fit.
 */
export function hiddenView(root, { activity, counts, t }) {
  const items = activity.settings?.items || [];
  // A vote counts people (a changed vote replaces the earlier one); a wall or a cloud counts answers.
  const n = items.length ? counts.answered : counts.entries;
  const status = el("p", { class: `hidden-results${items.length ? " with-items" : ""}`, "data-count": n },
    el("span", { class: "hidden-line" }, t("Results are hidden")),
    el("span", { class: "hidden-count" }, t("%(n)s answers", { n })));
  if (!items.length) { root.append(el("div", { class: "hidden-view empty" }, status)); return null; }
  const list = el("ul", { class: "hidden-items", role: "list" },
    items.map((item) => el("li", { "data-item": item }, item)));
  root.append(el("div", { class: "hidden-view" }, status, list));
  return fitGrid(list, { maxColumns: 5 });
}

/**
 * The console panel that pools the top items of an earlier round into this activity's list, now or as a plan
 * (settings.feed) the server resolves when the round opens with an empty list.
 */
export function chainPanel(root, activity, t) {
  const box = el("details", { class: "chain" }, el("summary", {}, t("Build the list from an earlier round")));
  const status = el("p", { class: "hint", "aria-live": "polite" });
  const planLine = el("p", { class: "hint chain-plan", id: `chain-plan-${activity.id}`, "aria-live": "polite" });
  const source = el("select", { id: `chain-source-${activity.id}` });
  const n = el("input", { id: `chain-n-${activity.id}`, type: "number", min: 1, max: 20, value: activity.settings.feed?.n || 3 });
  const list = el("textarea", { id: `chain-items-${activity.id}`, rows: 8 });
  list.value = (activity.settings.items || []).join("\n");
  const pool = el("button", { class: "btn", type: "button", id: `chain-pool-${activity.id}` }, t("Pool the top items"));
  const use = el("button", { class: "btn primary", type: "button", id: `chain-use-${activity.id}` }, t("Use this list"));
  const plan = el("button", { class: "btn", type: "button", id: `chain-save-plan-${activity.id}` }, t("Use this plan when the round opens"));
  const drop = el("button", { class: "btn", type: "button", id: `chain-drop-${activity.id}` }, t("Remove the plan"));
  let sources = null; // loaded once, when the panel opens or a plan is to be shown
  // The page around the panel (the editor's form and agenda line) hears of a new list or plan.
  const changed = (detail) => root.dispatchEvent(new CustomEvent("chainchange", { bubbles: true, detail }));

  async function loadSources() {
    if (sources) return sources;
    sources = await api(`/api/v1/activities/${activity.id}/sources`, "GET");
    source.replaceChildren(...sources.map((s) => el("option", { value: s.id }, s.prompt)));
    if (activity.settings.feed) source.value = String(activity.settings.feed.source_id);
    pool.disabled = plan.disabled = !sources.length;
    if (!sources.length) status.textContent = t("No earlier round can feed this one.");
    return sources;
  }

  /** The saved plan in words, with the source round's question (it may have moved after this one since). */
  async function showPlan() {
    const feed = activity.settings.feed;
    drop.hidden = !feed;
    if (!feed) { planLine.textContent = ""; return; }
    const found = (await loadSources()).find((s) => s.id === feed.source_id);
    planLine.textContent = found
      ? t("Filled with the top %(n)s from each group or list in «%(source)s» when the round opens.", { n: feed.n, source: found.prompt })
      : t("The planned round no longer comes before this one.");
  }

  box.append(
    el("div", { class: "row" },
      el("div", { style: "flex: 3 1 14rem" }, el("label", { for: source.id }, t("Earlier round")), source),
      el("div", { style: "flex: 1 1 6rem" }, el("label", { for: n.id }, t("Top items from each")), n), pool),
    el("p", { class: "row" }, plan, drop),
    el("label", { for: list.id }, t("Items (one per line)")), list,
    el("p", { class: "hint" }, t("Equal items are merged. Merge other spellings by hand, remove or add items, then use the list.")),
    el("p", { class: "row" }, use), status);
  box.addEventListener("toggle", async () => {
    if (!box.open || sources) return;
    try { await loadSources(); } catch (err) { status.textContent = err.message; }
  });
  pool.addEventListener("click", async () => {
    try {
      const result = await api(`/api/v1/activities/${activity.id}/pool?source_id=${source.value}&n=${n.value}`, "GET");
      list.value = result.items.join("\n");
      status.textContent = t("%(n)s items pooled from %(lists)s lists.", { n: result.items.length, lists: result.lists.length });
    } catch (err) { status.textContent = err.message; }
  });
  use.addEventListener("click", async () => {
    const items = list.value.split("\n").map((s) => s.trim()).filter(Boolean);
    try {
      await api(`/api/v1/activities/${activity.id}`, "PATCH", { settings: { items } });
      status.textContent = t("The list is in use: %(n)s items.", { n: items.length });
      changed({ items });
    } catch (err) { status.textContent = err.message; }
  });
  /** Save (or clear) the plan; the server checks it and answers with the settings it stored. */
  async function savePlan(feed) {
    try {
      const saved = await api(`/api/v1/activities/${activity.id}`, "PATCH", { settings: { feed } });
      activity.settings.feed = saved.settings.feed;
      status.textContent = "";
      changed({ feed: saved.settings.feed });
      await showPlan();
    } catch (err) { status.textContent = err.message; }
  }
  plan.addEventListener("click", () => savePlan({ source_id: Number(source.value), n: Number(n.value) }));
  drop.addEventListener("click", () => savePlan(null));
  root.append(planLine, box);
  showPlan().catch((err) => { planLine.textContent = err.message; });
}

/** A phone's line while a round has no list yet: where it will come from, when the round has a plan. */
export function waitingLine(activity, t) {
  return activity.settings.feed ? t("The list comes from the earlier round…") : t("The list is on its way…");
}

/** A participant's newest entry of this activity (a new answer replaces the earlier one). */
export function newest(entries) {
  return entries.length ? entries[entries.length - 1] : null;
}
