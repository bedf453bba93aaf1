// Pieces shared by the list-based kinds (points, poll, diamond, scale): ranked bars and the console's
// "build the list from an earlier round" panel.
import { api, el } from "../live.js";

/** Horizontal bars, longest first as given; rows: [{label, value, rank?, note?, mark?}]. */
export function bars(rows, { unit = "", rank = false } = {}) {
  const max = Math.max(1, ...rows.map((r) => r.value));
  return el("ol", { class: "bars", role: "list" }, rows.map((r) => el("li", {
    "data-item": r.label, "data-value": r.value, "data-rank": r.rank ?? "", class: r.mark ? "marked" : "",
  },
    rank ? el("span", { class: "rank" }, r.tied ? `=${r.rank}` : String(r.rank)) : "",
    el("span", { class: "bar-label" }, r.label, r.mark ? el("span", { class: "mark-tag" }, ` ${r.mark}`) : ""),
    el("span", { class: "bar" }, el("span", { class: "fill", style: `width: ${(100 * r.value) / max}%` })),
    el("span", { class: "bar-value" }, `${r.value}${unit}`),
    r.note ? el("span", { class: "bar-note" }, r.note) : "")));
}

/** The console panel that pools the top items of an earlier round into this activity's list. */
export function chainPanel(root, activity, t) {
  const box = el("details", { class: "chain" }, el("summary", {}, t("Build the list from an earlier round")));
  const status = el("p", { class: "hint", "aria-live": "polite" });
  const source = el("select", { id: `chain-source-${activity.id}` });
  const n = el("input", { id: `chain-n-${activity.id}`, type: "number", min: 1, max: 20, value: 3 });
  const list = el("textarea", { id: `chain-items-${activity.id}`, rows: 8 });
  list.value = (activity.settings.items || []).join("\n");
  const pool = el("button", { class: "btn", type: "button", id: "chain-pool" }, t("Pool the top items"));
  const use = el("button", { class: "btn primary", type: "button", id: "chain-use" }, t("Use this list"));
  box.append(
    el("div", { class: "row" },
      el("div", { style: "flex: 3 1 14rem" }, el("label", { for: source.id }, t("Earlier round")), source),
      el("div", { style: "flex: 1 1 6rem" }, el("label", { for: n.id }, t("Top items from each")), n), pool),
    el("label", { for: list.id }, t("Items (one per line)")), list,
    el("p", { class: "hint" }, t("Equal items are merged. Merge other spellings by hand, remove or add items, then use the list.")),
    el("p", { class: "row" }, use), status);
  box.addEventListener("toggle", async () => {
    if (!box.open || source.options.length) return;
    try {
      const sources = await api(`/api/v1/activities/${activity.id}/sources`, "GET");
      source.replaceChildren(...sources.map((s) => el("option", { value: s.id }, s.prompt)));
      pool.disabled = !sources.length;
      if (!sources.length) status.textContent = t("No earlier round can feed this one.");
    } catch (err) { status.textContent = err.message; }
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
    } catch (err) { status.textContent = err.message; }
  });
  root.append(box);
}

/** A participant's newest entry of this activity (a new answer replaces the earlier one). */
export function newest(entries) {
  return entries.length ? entries[entries.length - 1] : null;
}
