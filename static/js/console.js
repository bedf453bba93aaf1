// The facilitator console: agenda, navigation, lock, results, moderation and counts, all live.
import { LiveSocket, loadKind, preloadKinds, api, el, translator } from "./live.js";

const root = document.getElementById("console");
const t = translator(root);
preloadKinds(root);
const workshopId = root.dataset.workshop;
const statusEl = document.getElementById("status");
let state = null;
let results = null;

async function command(name, args = {}) {
  try {
    await api(`/api/v1/workshops/${workshopId}/commands`, "POST", { command: name, args });
  } catch (err) {
    statusEl.textContent = `${t("Command failed")}: ${err.message}`;
  }
}

function renderAgenda() {
  const current = state.activity?.id ?? null;
  const items = [el("li", {}, el("button", { type: "button", "aria-current": current === null ? "true" : "false",
    onclick: () => command("lobby") }, t("Lobby: join screen")))];
  state.agenda.forEach((a, i) => items.push(el("li", {},
    el("button", { type: "button", "aria-current": a.id === current ? "true" : "false", "data-activity": a.id,
      onclick: () => command("goto", { activity_id: a.id }) },
      el("span", { class: "kind" }, `${i + 1} · ${t(a.label)}`),
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

function renderCounts() {
  const c = results?.counts;
  if (!c) return;
  document.getElementById("counts").replaceChildren(
    el("span", {}, t("%(n)s joined", { n: c.joined })),
    el("span", {}, t("%(n)s online", { n: c.online })),
    el("span", {}, t("%(n)s answered", { n: c.answered })),
    el("span", {}, t("%(n)s answers", { n: c.entries })));
}

async function renderModeration() {
  const box = document.getElementById("moderation");
  const a = state.activity;
  if (!a || !results || results.activity_id !== a.id || !results.results) { box.replaceChildren(); return; }
  const module = await loadKind(a.kind);
  const container = el("div", {});
  module.console(container, results.results, command, t);
  box.replaceChildren(container);
}

function render() {
  if (!state) return;
  renderAgenda();
  renderControls();
  renderCounts();
  renderModeration();
}

function onMessage(msg) {
  if (msg.type === "state") state = msg;
  else if (msg.type === "results") results = msg;
  else return;
  render();
}

new LiveSocket(`/ws/workshop/${workshopId}/facilitator`, {
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
  if (event.key === "ArrowRight") { command("next"); event.preventDefault(); }
  if (event.key === "ArrowLeft") { command("previous"); event.preventDefault(); }
});
