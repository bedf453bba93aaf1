// The facilitator console: agenda, navigation, lock, results, moderation and counts, all live.
import { LiveSocket, loadKind, preloadKinds, api, el, translator } from "./live.js";
import { PhaseTimer, mmss, ownedPlan, phaseLabel } from "./clock.js";
import { IGP, inMinutes, phaseNames, phaseRow, readPhases, readRoles, roleRows } from "./plan_forms.js";
import { scheduleLines } from "./schedule.js";

const root = document.getElementById("console");
const t = translator(root);
preloadKinds(root);
const workshopId = root.dataset.workshop;
const statusEl = document.getElementById("status");
let state = null;
let results = null;

function command(name, args = {}) {
  return call(`/api/v1/workshops/${workshopId}/commands`, "POST", { command: name, args });
}

function renderAgenda() {
  const current = state.activity?.id ?? null;
  const items = [el("li", {}, el("button", { type: "button", "aria-current": current === null ? "true" : "false",
    onclick: () => command("lobby") }, t("Lobby: join screen")))];
  state.agenda.forEach((a, i) => items.push(el("li", {},
    el("button", { type: "button", "aria-current": a.id === current ? "true" : "false", "data-activity": a.id,
      onclick: () => command("goto", { activity_id: a.id }) },
      el("span", { class: "kind" }, a.planned_start ? el("span", { class: "planned" }, a.planned_start) : "",
        `${i + 1} · ${t(a.label)}`),
      a.prompt))));
  document.getElementById("agenda").replaceChildren(...items);
}

function renderControls() {
  const a = state.activity;
  const lock = document.getElementById("lock");
  const res = document.getElementById("results");
  lock.disabled = res.disabled = !a;
  lock.textContent = a?.locked ? t("Unlock answers") : t("Lock answers");
  lock.setAttribute("aria-pressed", a?.locked ? "true" : "false");
  res.textContent = a?.results_visible ? t("Hide results") : t("Show results");
  res.setAttribute("aria-pressed", a?.results_visible ? "false" : "true");
  const index = a ? state.agenda.findIndex((x) => x.id === a.id) : -1;
  document.getElementById("prev").disabled = !a;
  document.getElementById("next").disabled = index >= state.agenda.length - 1;
  document.getElementById("current-prompt").textContent = a ? a.prompt : t("Nothing on screen. Press Next to start.");
  document.getElementById("code-pill").textContent = state.workshop.code_display || t("This workshop has ended.");
}

/** Planned vs actual under the controls; it runs with the clock, so it is drawn again every 15 seconds too. */
function renderSchedule() {
  if (state) document.getElementById("schedule").replaceChildren(...scheduleLines(state, socket.serverNow(), t));
}
setInterval(renderSchedule, 15000);

function renderCounts() {
  const c = results?.counts;
  if (!c) return;
  // People who answered, never entries: a group diamond counts every drag and a poster every save.
  document.getElementById("counts").replaceChildren(
    el("span", {}, t("%(n)s joined", { n: c.joined })),
    el("span", {}, t("%(n)s online", { n: c.online })),
    el("span", {}, t("%(n)s answered", { n: c.answered })));
}

async function renderModeration() {
  const box = document.getElementById("moderation");
  const a = state.activity;
  if (!a || !results || results.activity_id !== a.id || !results.results) { box.replaceChildren(); return; }
  const module = await loadKind(a.kind);
  const container = el("div", {});
  module.console(container, { activity: state.activity, results: results.results, command, state, t });
  if (holdWhileTyping(box, renderModeration)) return;
  box.replaceChildren(container);
}

/** Leave a panel alone while the facilitator types in it; redraw it when they leave the field. */
function holdWhileTyping(panel, redraw) {
  const active = document.activeElement;
  if (!panel.contains(active) || !active.matches("input:not([type=checkbox]), textarea, select")) return false;
  active.addEventListener("blur", () => setTimeout(redraw, 0), { once: true });
  return true;
}

// --- errors next to the control that failed ------------------------------------------------------
// The control the facilitator last used: its zone (data-error-zone) names the region under its group.
let lastControl = null;
for (const type of ["click", "submit", "change"]) root.addEventListener(type, (e) => { lastControl = e.target; }, true);
// Regions inside the groups panel, which is redrawn on every change: the same nodes come back each time.
const groupsError = el("p", { class: "console-error", id: "groups-error", role: "alert" });
const rolesError = el("p", { class: "console-error", id: "roles-error", role: "alert" });

function errorRegion(control) {
  const zone = control?.closest?.("[data-error-zone]") || document.querySelector(".controls");
  return zone.dataset.errorZone === "roles-error" ? rolesError : zone.dataset.errorZone === "groups-error"
    ? groupsError : document.getElementById(zone.dataset.errorZone);
}

function clearErrors() {
  for (const region of [...root.querySelectorAll(".console-error"), groupsError, rolesError]) region.textContent = "";
}

/** One message at a time: a new failure replaces the last one, wherever it was. */
function showError(control, message) {
  clearErrors();
  const region = errorRegion(control);
  region.textContent = message;
  region.scrollIntoView({ block: "nearest" });
}

/** Call the API; a failure is shown under the control that made the call (and gives null). */
async function call(path, method, body) {
  const control = lastControl;
  try {
    const answer = await api(path, method, body);
    clearErrors();
    return answer;
  } catch (err) {
    // The server's own words ("No activity is on screen."), not a generic prefix before them.
    showError(control, err.message);
    return null;
  }
}

// --- timed phases of the current activity --------------------------------------------------------
const timer = new PhaseTimer(t, () => socket.serverNow());
document.getElementById("phase-timer").append(timer.node);
// Field ids of the console's forms: #ph-label-0, #role-name-0 ...
const phaseId = (field, i) => `ph-${field}-${i}`;
const roleId = (field, i) => `role-${field}-${i}`;

// A kind that names its own phases (the gallery walk) loads after the first draw: draw the plan again then.
document.addEventListener("phases-named", () => renderPhases());

function renderPhases() {
  const a = state.activity;
  const panel = document.getElementById("phases");
  timer.set(a?.clock || null);
  const running = a?.clock && !a.clock.over && a.clock.index >= 0;
  for (const [id, enabled] of [["phase-start", a?.clock], ["phase-pause", running], ["phase-add", running],
    ["phase-skip", running], ["phase-end", running]]) document.getElementById(id).disabled = !enabled;
  document.getElementById("phase-start").textContent = a?.clock && a.clock.index >= 0 ? t("Start again") : t("Start phases");
  const pause = document.getElementById("phase-pause");
  pause.textContent = a?.clock && !a.clock.running && a.clock.remaining !== null ? t("Resume") : t("Pause");
  if (!a || holdWhileTyping(panel, renderPhases)) return;
  if (a.clock && ownedPlan(a.clock.phases)) { panel.replaceChildren(walkPlan(a.clock)); return; }
  const plan = a.clock ? a.clock.phases.map(inMinutes) : IGP;
  const form = el("form", { class: "phase-plan" }, phaseNames("phase-names", t),
    ...plan.concat([["", "", false]]).map((p, i) => phaseRow(phaseId, p, i, t, "phase-names")),
    el("p", { class: "row" }, el("button", { class: "btn", type: "submit" }, t("Save phases")),
      el("button", { class: "btn small", type: "button", onclick: () => savePhases(a.id, []) }, t("No phases"))));
  form.addEventListener("submit", (event) => {
    event.preventDefault();
    savePhases(a.id, readPhases(form, t));
  });
  panel.replaceChildren(form);
}

/** Phases a round set by its own action (a gallery walk's stops, peer coaching's steps), read only: a hand-edited
 * step would break the round's own plan. */
function walkPlan(clock) {
  return el("div", { class: "walk-plan" },
    el("p", { class: "hint" }, t("This round sets these phases itself: change or end them with its own buttons.")),
    el("ol", { class: "walk-phases" }, clock.phases.map((p, i) => el("li", {
      class: i === clock.index ? "now" : i < clock.index || clock.over ? "done" : "",
      "aria-current": i === clock.index ? "step" : false,
    }, `${phaseLabel(p.label, t)} · ${mmss(p.seconds)}`))));
}

function savePhases(activityId, phases) {
  return call(`/api/v1/activities/${activityId}/phases`, "PUT", { phases });
}

document.getElementById("phase-start").addEventListener("click", () => command("phase_start"));
document.getElementById("phase-pause").addEventListener("click", () =>
  command(state.activity.clock.running ? "phase_pause" : "phase_resume"));
document.getElementById("phase-add").addEventListener("click", () => command("phase_add", { seconds: 60 }));
document.getElementById("phase-skip").addEventListener("click", () => command("phase_skip"));
document.getElementById("phase-end").addEventListener("click", () => command("phase_end"));

// --- groups and roles -------------------------------------------------------------------------
const groupsApi = `/api/v1/workshops/${workshopId}`;

function memberItem(m, groups) {
  const select = el("select", { "aria-label": t("Move %(name)s to", { name: m.name || `#${m.id}` }), "data-member": m.id },
    el("option", { value: "" }, t("No group")),
    groups.filter((g) => g.id !== null).map((g) => el("option", { value: g.id }, g.name)));
  select.value = m.group ?? "";
  select.addEventListener("change", () => call(`${groupsApi}/groups/move`, "POST",
    { participant_id: m.id, group_id: select.value ? Number(select.value) : null }));
  return el("li", {}, el("span", {}, m.name || t("Anonymous #%(n)s", { n: m.id }), m.role ? el("span", { class: "role-tag" }, m.role) : ""), select);
}

function renderGroups() {
  const panel = document.getElementById("groups");
  if (holdWhileTyping(panel, renderGroups)) return;
  const groups = (state.groups || []).map((g) => ({ ...g, members: g.members.map((m) => ({ ...m, group: g.id })) }));
  const choice = el("input", { type: "checkbox", id: "group-choice", checked: state.group_choice });
  choice.addEventListener("change", () => call(groupsApi, "PATCH", { group_choice: choice.checked }));
  const name = el("input", { id: "new-group", maxlength: 60, placeholder: "Gygrene" });
  const add = el("form", { class: "row" }, el("div", { style: "flex: 1 1 12rem" }, el("label", { for: "new-group" }, t("New group")), name),
    el("button", { class: "btn", type: "submit" }, t("Add group")));
  add.addEventListener("submit", (e) => { e.preventDefault(); if (name.value.trim()) call(`${groupsApi}/groups`, "POST", { name: name.value }); });
  const count = el("input", { id: "split-count", type: "number", min: 2, max: 50, value: Math.max(2, groups.filter((g) => g.id !== null).length) });
  const split = el("form", { class: "row" }, el("div", { style: "flex: 0 1 8rem" }, el("label", { for: "split-count" }, t("Groups")), count),
    el("button", { class: "btn", type: "submit", id: "split" }, t("Split everyone at random")));
  split.addEventListener("submit", (e) => {
    e.preventDefault();
    if (confirm(t("Put everyone who has joined into new random groups?"))) call(`${groupsApi}/groups/split`, "POST", { count: Number(count.value) });
  });
  const tiles = groups.filter((g) => g.id !== null || g.count).map((g) => el("section", { class: "group-tile", "data-group": g.id ?? "none" },
    el("h3", {}, g.id === null ? t("No group") : g.name, " ", el("span", { class: "count" }, `(${g.count})`),
      g.id !== null ? el("button", { class: "btn small danger", type: "button", "aria-label": `${t("Delete")}: ${g.name}`,
        onclick: () => confirm(t("Delete the group %(name)s?", { name: g.name })) && call(`/api/v1/groups/${g.id}`, "DELETE") }, "×") : ""),
    el("ul", { class: "members" }, g.members.map((m) => memberItem(m, groups)))));
  const roles = state.roles || [];
  const roleForm = el("form", { class: "roles-form", "data-error-zone": "roles-error" }, ...roleRows(roleId, roles, t),
    el("p", { class: "row" }, el("button", { class: "btn", type: "submit" }, t("Save roles")),
      el("button", { class: "btn", type: "button", onclick: async () => {
        const presets = await call(`${groupsApi}/roles/presets`, "GET");
        if (presets) call(`${groupsApi}/roles`, "PUT", { roles: presets });
      } }, t("Use the standard roles")),
      el("button", { class: "btn primary", type: "button", id: "draw-roles", disabled: !roles.length,
        onclick: () => call(`${groupsApi}/roles/draw`, "POST") }, t("Draw roles in every group"))));
  roleForm.addEventListener("submit", (e) => {
    e.preventDefault();
    call(`${groupsApi}/roles`, "PUT", { roles: readRoles(roleForm) });
  });
  panel.replaceChildren(
    el("label", { class: "check" }, choice, t("Participants choose their group when they join")),
    add, split, groupsError, el("div", { class: "groups-board" }, tiles),
    el("h3", {}, t("Roles")), roleForm, rolesError);
}

let setupFor = null;

/** A kind's preparation panel (e.g. building the list from an earlier round), once per activity. */
async function renderSetup() {
  const box = document.getElementById("setup");
  const a = state.activity;
  const key = a ? `${a.id}:${state.version}` : null;
  if (!a) { box.replaceChildren(); setupFor = null; return; }
  if (setupFor && setupFor.startsWith(`${a.id}:`) && box.contains(document.activeElement)) return;
  if (setupFor === key) return;
  setupFor = key;
  const module = await loadKind(a.kind);
  const container = el("div", {});
  if (module.setup) module.setup(container, { activity: a, t });
  if (holdWhileTyping(box, renderSetup)) return;
  const open = box.querySelector("details")?.open;
  box.replaceChildren(container);
  if (open) container.querySelector("details")?.setAttribute("open", "");
}

// --- ending the workshop: asked in the page, then the exports ------------------------------------
const endCard = document.getElementById("end-card");
const endAsk = document.getElementById("end-workshop");

function askToEnd(asking) {
  document.getElementById("end-ask").hidden = asking;
  document.getElementById("end-confirm").hidden = !asking;
  endAsk.setAttribute("aria-expanded", String(asking));
  (asking ? document.getElementById("end-yes") : endAsk).focus();
}

function renderEnd() {
  const status = state.workshop.status;
  if (endCard.dataset.status === status) return;
  endCard.dataset.status = status;
  const ended = status === "ended";
  document.getElementById("end-confirm").hidden = true;
  document.getElementById("end-ask").hidden = status !== "live";
  document.getElementById("end-done").hidden = !ended;
  if (ended && endCard.contains(document.activeElement)) document.getElementById("end-notice").focus();
}

endAsk.addEventListener("click", () => askToEnd(true));
document.getElementById("end-cancel").addEventListener("click", () => askToEnd(false));
document.getElementById("end-yes").addEventListener("click", async () => {
  const ended = await call(`/api/v1/workshops/${workshopId}/end`, "POST");
  if (ended && state) { state.workshop.status = ended.status; renderEnd(); }
});

function render() {
  if (!state) return;
  renderEnd();
  renderAgenda();
  renderControls();
  renderSchedule();
  renderPhases();
  renderSetup();
  renderCounts();
  renderModeration();
}

// Why the server closed this console for good (live.js stops reconnecting on these codes).
const CLOSED = { 4401: "Sign in first.", 4403: "You no longer run this workshop.", 4404: "No such workshop." };

function onMessage(msg) {
  if (msg.type === "closed") {
    statusEl.dataset.state = "closed";
    statusEl.textContent = t(CLOSED[msg.code] || "Reconnecting…");
    return;
  }
  if (msg.type === "state") { state = msg; render(); renderGroups(); return; }
  if (msg.type === "results") results = msg;
  else return;
  render();
}

const socket = new LiveSocket(`/ws/workshop/${workshopId}/facilitator`, {
  onMessage,
  onStatus: (s) => {
    statusEl.dataset.state = s;
    statusEl.textContent = s === "open" ? t("Connected") : s === "connecting" ? t("Connecting…") : t("Reconnecting…");
  },
});

document.getElementById("next").addEventListener("click", () => command("next"));
document.getElementById("prev").addEventListener("click", () => command("previous"));
document.getElementById("lock").addEventListener("click", () => command(state.activity.locked ? "unlock" : "lock"));
document.getElementById("results").addEventListener("click", () =>
  command(state.activity.results_visible ? "hide_results" : "show_results"));
document.addEventListener("keydown", (event) => {
  if (event.target.closest("input, textarea, select, button") || event.metaKey || event.ctrlKey || event.altKey) return;
  lastControl = document.getElementById("next");  // a failure of a key shows under the Next/Previous buttons
  if (event.key === "ArrowRight") { command("next"); event.preventDefault(); }
  if (event.key === "ArrowLeft") { command("previous"); event.preventDefault(); }
});
