// The projected screen: lobby with code and QR, then the current activity with coalesced results.
import { LiveSocket, loadKind, preloadKinds, api, el, translator } from "./live.js";
import { PhaseTimer } from "./clock.js";

const root = document.getElementById("presenter");
const t = translator(root);
preloadKinds(root);
const stage = document.getElementById("stage");
const workshopId = root.dataset.workshop;
let state = null;
let results = null;
let sound = false;
let showGroups = false;
const timer = new PhaseTimer(t, () => socket.serverNow(), { big: true, sound: () => sound });
document.getElementById("stage-timer").append(timer.node);

/** Every group with its member count and names (display names where given). */
function groupsView() {
  const groups = (state.groups || []).filter((g) => g.id !== null);
  const loose = (state.groups || []).find((g) => g.id === null);
  return el("div", { class: "groups-board" }, groups.map((g) => el("section", { class: "group-tile", "data-group": g.id },
    el("h2", {}, g.name, " ", el("span", { class: "count" }, `(${g.count})`)),
    el("ul", {}, g.members.map((m) => el("li", {}, m.name || "•", m.role ? el("span", { class: "role-tag" }, m.role) : ""))))),
  loose && loose.count ? el("p", { class: "hint" }, t("%(n)s not in a group yet", { n: loose.count })) : "");
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
  const w = state.workshop;
  document.getElementById("join-code").textContent = w.code_display || "";
  document.getElementById("joinbar").hidden = !state.activity || !w.code;
  renderFoot();
  timer.set(w.status === "ended" ? null : state.activity?.clock || null);
  if (w.status === "ended") { stage.replaceChildren(el("p", { class: "hidden-results" }, t("This workshop has ended."))); return; }
  if (showGroups && (state.groups || []).length) {
    stage.replaceChildren(el("h1", { class: "stage-prompt" }, t("Groups")), groupsView());
    return;
  }
  if (!state.activity) {
    const host = root.dataset.joinBase.replace(/^https?:\/\//, "");
    stage.replaceChildren(el("div", { class: "lobby" },
      el("div", {},
        el("h1", { class: "stage-prompt" }, w.title),
        el("p", { class: "where" }, `${t("Go to")} `, el("b", {}, host), ` ${t("and use the code")}`),
        el("p", { class: "big-code", "aria-label": w.code || "" }, w.code_display || "")),
      w.code ? el("figure", {}, el("img", { src: `/qr/${w.code}.svg`, alt: t("Scan to join") }),
        el("figcaption", { class: "hint" }, t("Scan to join"))) : ""));
    if ((state.groups || []).length) stage.append(groupsView());
    return;
  }
  const activity = state.activity;
  const module = await loadKind(activity.kind);
  if (state.activity !== activity) return;
  const body = el("div", { style: "display: flex; flex-direction: column; flex: 1; min-height: 0" },
    el("h1", { class: "stage-prompt" }, activity.prompt));
  if (results && results.activity_id === activity.id) {
    if (results.results) module.presenter(body, results.results, t, state);
    else body.append(el("p", { class: "hidden-results" }, `${t("Results are hidden")} · ${t("%(n)s answers", { n: results.counts.entries })}`));
  }
  stage.replaceChildren(body);
}

function onMessage(msg) {
  if (msg.type === "state") state = msg;
  else if (msg.type === "results") results = msg;
  else return;
  render();
}

const socket = new LiveSocket(`/ws/workshop/${workshopId}/presenter`, { onMessage, onStatus: () => {} });

async function command(name) {
  try { await api(`/api/v1/workshops/${workshopId}/commands`, "POST", { command: name }); } catch (err) { console.warn(err); }
}

document.addEventListener("keydown", (event) => {
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
