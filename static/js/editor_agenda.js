// The editor's compact agenda: one line per activity, one opened at a time to edit (with its chain plan and a
// preview); drag or arrows reorder without a reload; the add panel chooses a kind by its description.
import Sortable from "../vendor/sortablejs/sortable.core.esm.js";
import { api, loadKind, translator } from "./live.js";

const root = document.getElementById("editor");
const t = translator(root);
const list = root.querySelector("ol.agenda-edit");
const alertBox = document.getElementById("agenda-error");
const items = () => [...list.children];

/** Open or close one activity's editing panel (its preview and chain panel load the first time). */
function setOpen(item, on) {
  item.querySelector(".agenda-body").hidden = !on;
  item.querySelector(".agenda-open").setAttribute("aria-expanded", String(on));
  item.classList.toggle("open", on);
  if (!on) return;
  for (const frame of item.querySelectorAll("iframe[data-src]:not([src])")) frame.src = frame.dataset.src;
  setupChain(item).catch((err) => showError(err.message));
  fedHint(item);
}

/** Open `item` and close the others; the address keeps it, so a reload after saving comes back to it. */
function openOnly(item) {
  for (const other of items()) if (other !== item && other.classList.contains("open")) setOpen(other, false);
  setOpen(item, true);
  history.replaceState(null, "", `#${item.id}`);
}

for (const item of items()) {
  item.querySelector(".agenda-open").addEventListener("click", () => {
    if (item.classList.contains("open")) {
      setOpen(item, false);
      history.replaceState(null, "", location.pathname + location.search);
    } else openOnly(item);
  });
  for (const button of item.querySelectorAll("button.move")) {
    button.addEventListener("click", () => step(item, Number(button.dataset.step), button));
  }
}

/** The chain panel of a kind whose list can come from an earlier round, drawn by the kind's own console code. */
async function setupChain(item) {
  const host = item.querySelector(".chain-host");
  if (!host || host.dataset.ready) return;
  host.dataset.ready = "1";
  const activity = JSON.parse(host.dataset.activity);
  const module = await loadKind(activity.kind);
  module.setup?.(host, { activity, t });
}

/** The line under an empty list that says it can come from an earlier round. */
function fedHint(item) {
  const hint = item.querySelector(".fed-hint");
  const field = item.querySelector("textarea[name='settings.items']");
  if (!hint || !field) return;
  const show = () => { hint.hidden = field.value.trim() !== ""; };
  if (!field.dataset.hinted) { field.dataset.hinted = "1"; field.addEventListener("input", show); }
  show();
}

// The chain panel changed the list or the plan: the form and the line show it, and so does the preview.
list.addEventListener("chainchange", (event) => {
  const item = event.target.closest(".agenda-item");
  const { items: pooled, feed } = event.detail;
  const field = item.querySelector("textarea[name='settings.items']");
  if (pooled && field) field.value = pooled.join("\n");
  if (feed !== undefined) item.querySelector(".feed-badge").hidden = !feed;
  fedHint(item);
  for (const frame of item.querySelectorAll("iframe[src]")) frame.contentWindow?.location.reload();
});

function showError(message) {
  alertBox.textContent = message;
  alertBox.hidden = !message;
}

/** Numbers and the arrows' ends after a move. */
function renumber() {
  const all = items();
  all.forEach((item, i) => {
    item.querySelector(".agenda-number").textContent = String(i + 1);
    item.querySelector("button.move[data-step='-1']").disabled = i === 0;
    item.querySelector("button.move[data-step='1']").disabled = i === all.length - 1;
  });
}

/** Store a move the page already shows; if the server refuses it, the page reloads to the stored order. */
async function store(item, position) {
  renumber();
  showError("");
  try {
    await api(`/api/v1/activities/${item.dataset.activity}/move`, "POST", { position });
  } catch (err) {
    showError(err.message);
    setTimeout(() => location.reload(), 1500);
  }
}

/** One place up or down with the arrow buttons; the focus stays on the pressed arrow. */
function step(item, by, button) {
  const all = items();
  const from = all.indexOf(item);
  const to = from + by;
  if (to < 0 || to >= all.length) return;
  list.insertBefore(item, by < 0 ? all[to] : all[to].nextSibling);
  (button.disabled ? item.querySelector(`button.move[data-step='${-by}']`) : button).focus();
  store(item, to);
}

Sortable.create(list, {
  handle: ".drag-handle",
  animation: 150,
  forceFallback: true, // the same drag for mouse and touch, with the line following the pointer
  onEnd: (event) => { if (event.oldIndex !== event.newIndex) store(event.item, event.newIndex); },
});
renumber();

// --- adding an activity: a kind is chosen by its description, then its form opens ---------------------
const cards = [...root.querySelectorAll(".kind-card")];
for (const card of cards) {
  card.addEventListener("click", () => {
    for (const other of cards) {
      const on = other === card && other.getAttribute("aria-expanded") !== "true";
      other.setAttribute("aria-expanded", String(on));
      document.getElementById(`add-${other.dataset.kind}`).hidden = !on;
    }
    if (card.getAttribute("aria-expanded") === "true") document.getElementById(`new-${card.dataset.kind}`).focus();
  });
}

const target = location.hash.startsWith("#activity-") && document.getElementById(location.hash.slice(1));
if (target && target.classList.contains("agenda-item")) {
  openOnly(target);
  target.scrollIntoView({ block: "start" });
}
