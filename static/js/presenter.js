// The projected screen: lobby with code and QR, then the current activity with coalesced results.
import { socketFor, loadKind, preloadKinds, api, el, translator } from "./live.js";
import { PhaseTimer } from "./clock.js";
import { fitToStage, hiddenView } from "./kinds/rounds.js";
import { paginate } from "./pager.js";
import { fitText, overflows } from "./fit.js";

const root = document.getElementById("presenter");
const t = translator(root);
preloadKinds(root);
const stage = document.getElementById("stage");
const workshopId = root.dataset.workshop;
let state = null;
let results = null;
let sound = false;
let showGroups = false;
let afterMount = null; // the current view's fit-to-stage step, run again when the stage changes size
const timer = new PhaseTimer(t, () => socket.serverNow(), { big: true, sound: () => sound });
document.getElementById("stage-timer").append(timer.node);

/**
 * Every group with its member count and names; someone without a display name is "Member 3" (their place
 * in the group, as the phones' speaking order counts them). Returns [view, its after-mount step]: the
 * tiles that do not fit the screen are paged (key: which screen, so a redraw stays on its page).
 */
function groupsView(key) {
  const groups = (state.groups || []).filter((g) => g.id !== null);
  const loose = (state.groups || []).find((g) => g.id === null);
  const board = el("div", { class: "groups-board" }, groups.map((g) => el("section", { class: "group-tile", "data-group": g.id },
    el("h2", {}, el("span", { class: "group-name" }, g.name), " ", el("span", { class: "count" }, `(${g.count})`)),
    el("ul", {}, g.members.map((m, i) => el("li", { class: m.name ? "" : "anonymous" },
      el("span", { class: "member" }, m.name || t("Member %(n)s", { n: i + 1 })),
      m.role ? el("span", { class: "role-tag" }, m.role) : ""))))));
  const view = el("div", { class: "groups-view" }, board,
    loose && loose.count ? el("p", { class: "hint" }, t("%(n)s not in a group yet", { n: loose.count })) : "");
  return [view, () => paginate(board, [...board.children], { key, fit: () => fitGroups(board, key) })];
}

const groupsFitted = new Map(); // which board -> { key, sizes }: the last fit, reused while nothing changed

/**
 * The tiles' text as large as lets them all fit the board (up to the stylesheet's size, down to what the
 * back of the hall can read: below that the pager pages); every name's longest word fits its tile.
 * The lobby redraws on every join and count: the same names in the same room get the same sizes again.
 */
function fitGroups(board, which) {
  const nodes = [board, ...board.querySelectorAll(".group-tile h2, .group-tile li")];
  const key = `${board.clientWidth}x${board.clientHeight} ${board.textContent}`;
  const last = groupsFitted.get(which);
  if (last?.key === key) { nodes.forEach((n, i) => { n.style.fontSize = last.sizes[i]; }); return; }
  for (const n of nodes) n.style.fontSize = "";
  fitToStage(board, { parts: ".group-tile li" })();
  // Group names: one size for all, in proportion to the room the longest word lacks (text scales with it).
  const heads = [...board.querySelectorAll(".group-tile h2")];
  const share = Math.min(1, ...heads.map((h) => (overflows(h) ? h.clientWidth / h.scrollWidth : 1)));
  const start = heads.length ? parseFloat(getComputedStyle(heads[0]).fontSize) : 0;
  if (share < 1) for (const h of heads) h.style.fontSize = `${Math.max(12, start * share * 0.98)}px`;
  for (const li of board.querySelectorAll(".group-tile li")) if (overflows(li)) fitText(li, { min: 12 });
  groupsFitted.set(which, { key, sizes: nodes.map((n) => n.style.fontSize) });
}

function renderFoot() {
  const c = results?.counts;
  document.getElementById("foot-counts").textContent = c
    ? `${t("%(n)s joined", { n: c.joined })} · ${t("%(n)s answered", { n: c.answered })}` : "";
  document.getElementById("foot-flags").textContent = state?.activity?.locked ? t("Answers locked") : "";
  document.getElementById("foot-flags").className = state?.activity?.locked ? "locked-flag" : "";
  document.getElementById("foot-position").textContent = state?.activity
    ? t("Activity %(n)s of %(total)s", { n: state.position, total: state.total }) : "";
}

async function render() {
  if (!state) return;
  afterMount = null;
  const w = state.workshop;
  document.getElementById("join-code").textContent = w.code_display || "";
  document.getElementById("joinbar").hidden = !state.activity || !w.code;
  renderFoot();
  timer.set(w.status === "ended" ? null : state.activity?.clock || null);
  if (w.status === "ended") { stage.replaceChildren(el("p", { class: "hidden-results" }, t("This workshop has ended."))); return; }
  if (showGroups && (state.groups || []).length) {
    const [view, paged] = groupsView("groups");
    stage.replaceChildren(el("h1", { class: "stage-prompt" }, t("Groups")), view);
    afterMount = paged;
    afterMount();
    return;
  }
  if (!state.activity) {
    const host = root.dataset.joinBase.replace(/^https?:\/\//, "");
    const grouped = (state.groups || []).length > 0;
    stage.replaceChildren(el("div", { class: `lobby${grouped ? " with-groups" : ""}` },
      el("div", {},
        el("h1", { class: "stage-prompt" }, w.title),
        el("p", { class: "where" }, `${t("Go to")} `, el("b", {}, host), ` ${t("and use the code")}`),
        el("p", { class: "big-code", "aria-label": w.code || "" }, w.code_display || "")),
      w.code ? el("figure", {}, el("img", { src: `/qr/${w.code}.svg`, alt: t("Scan to join"), width: 1, height: 1 }),
        el("figcaption", { class: "hint" }, t("Scan to join"))) : ""));
    if (grouped) {
      const [view, paged] = groupsView("lobby");
      stage.append(view);
      afterMount = paged;
      afterMount();
    }
    return;
  }
  const activity = state.activity;
  const module = await loadKind(activity.kind);
  if (state.activity !== activity) return;
  const body = el("div", { style: "display: flex; flex-direction: column; flex: 1; min-height: 0" },
    el("h1", { class: "stage-prompt" }, activity.prompt));
  let fit = null;
  if (results && results.activity_id === activity.id) {
    const ctx = { activity, results: results.results, counts: results.counts, state, t };
    if (results.results) fit = module.presenter(body, ctx);
    // Hidden results: the items being voted on and the count growing (a kind may show its own view).
    else fit = (module.hidden || hiddenView)(body, ctx);
  }
  stage.replaceChildren(body);
  // Sizing to the stage needs the nodes laid out: a view's presenter()/hidden() may return that step.
  afterMount = typeof fit === "function" ? fit : null;
  afterMount?.();
}

function onMessage(msg) {
  if (msg.type === "state") state = msg;
  else if (msg.type === "results") results = msg;
  else return;
  render();
}

// The stage changes size with the window (or when the timer bar comes or goes): fit the view to it again.
new ResizeObserver(() => afterMount?.()).observe(stage);

const socket = socketFor(root, `/ws/workshop/${workshopId}/presenter`, { onMessage, onStatus: () => {} });

async function command(name) {
  try { await api(`/api/v1/workshops/${workshopId}/commands`, "POST", { command: name }); } catch (err) { console.warn(err); }
}

document.addEventListener("keydown", (event) => {
  if (root.dataset.preview) return; // a preview never steers the workshop
  if (event.target.closest("input, textarea, select") || event.metaKey || event.ctrlKey || event.altKey) return;
  const key = event.key.toLowerCase();
  if (["arrowright", " ", "pagedown", "n"].includes(key)) command("next");
  else if (["arrowleft", "pageup", "p"].includes(key)) command("previous");
  else if (key === "l" && state?.activity) command(state.activity.locked ? "unlock" : "lock");
  else if ((key === "r" || key === "h") && state?.activity) command(state.activity.results_visible ? "hide_results" : "show_results");
  else if (key === "g") { showGroups = !showGroups; render(); }
  else if (key === "s") { sound = !sound; document.getElementById("foot-sound").textContent = sound ? t("Sound on") : ""; }
  else if (key === "f") {
    if (document.fullscreenElement) document.exitFullscreen(); else document.documentElement.requestFullscreen?.();
  } else return;
  event.preventDefault();
});
