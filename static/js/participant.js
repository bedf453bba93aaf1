// The phone: follows the facilitator, submits with client ids, keeps unsent answers across reloads.
import { LiveSocket, loadKind, preloadKinds, clientId, el, translator } from "./live.js";

const root = document.getElementById("phone");
const t = translator(root);
preloadKinds(root);
const statusEl = document.getElementById("status");
const area = document.getElementById("activity");
const workshopId = root.dataset.workshop;
const outboxKey = `samling.outbox.${workshopId}`;

let state = null;
let mine = {};
let errors = {};
const drafts = {};
let outbox = loadOutbox();

function loadOutbox() {
  try { return JSON.parse(localStorage.getItem(outboxKey) || "[]"); } catch { return []; }
}
function saveOutbox() {
  try { localStorage.setItem(outboxKey, JSON.stringify(outbox)); } catch {}
}

function setStatus(s) {
  const changed = statusEl.dataset.state !== s;
  statusEl.dataset.state = s;
  if (changed && outbox.length) render();
  statusEl.textContent = s === "open" ? t("Connected") : s === "reconnecting" || s === "closed" ? t("Reconnecting…") : t("Connecting…");
}

const RETRYABLE = new Set(["retry", "unavailable"]);

function flushOutbox() {
  for (const item of outbox) sendItem(item);
}

function sendItem(item) {
  const { sentAt, ...message } = item;
  if (socket.send({ type: "submit", ...message })) item.sentAt = Date.now();
}

// An answer without an ack after a while is sent again: the server stores each client id once,
// so a resend can never count twice, and a frame lost on a dying connection is not lost for good.
setInterval(() => {
  const now = Date.now();
  for (const item of outbox) if (!item.sentAt || now - item.sentAt > 5000) sendItem(item);
}, 2500);

function submit(activity, payload) {
  const item = { client_id: clientId(), activity_id: activity.id, payload };
  outbox.push(item);
  saveOutbox();
  errors[activity.id] = null;
  sendItem(item);
  render();
}

async function render() {
  if (!state) return;
  const focused = document.activeElement && area.contains(document.activeElement) ? document.activeElement.id : null;
  const activity = state.activity;
  const nodes = [];
  if (state.workshop.status === "ended") {
    nodes.push(el("p", { class: "waiting" }, t("This workshop has ended. Thank you!")));
  } else if (!activity) {
    nodes.push(el("h1", { class: "prompt" }, state.workshop.title),
      el("p", { class: "waiting" }, t("Waiting for the facilitator to start…")));
  }
  if (nodes.length) { area.replaceChildren(...nodes); return; }
  const module = await loadKind(activity.kind);
  if (state.activity !== activity) return; // a newer state arrived while loading
  const stored = mine[activity.id] || [];
  const pending = outbox.filter((o) => o.activity_id === activity.id && !stored.some((s) => s.client_id === o.client_id))
    .map((o) => ({ ...o, pending: true }));
  const container = el("div", {});
  module.phone(container, {
    activity, t,
    entries: [...stored, ...pending],
    error: errors[activity.id],
    draft: { get: () => drafts[activity.id] || "", set: (v) => { drafts[activity.id] = v; } },
    submit: (payload) => submit(activity, payload),
    online: () => statusEl.dataset.state === "open",
    fail: (message) => { errors[activity.id] = message; render(); },
  });
  area.replaceChildren(container);
  if (focused) document.getElementById(focused)?.focus();
}

function onMessage(msg) {
  if (msg.type === "state") {
    const changed = !state || state.activity?.id !== msg.activity?.id;
    state = msg;
    if ("mine" in msg) mine = msg.mine;
    render().then(() => { if (changed) document.getElementById("prompt")?.focus?.(); });
  } else if (msg.type === "ack") {
    outbox = outbox.filter((o) => o.client_id !== msg.client_id);
    saveOutbox();
    const key = String(msg.entry.activity_id);
    mine[key] = (mine[key] || []).filter((e) => e.client_id !== msg.client_id).concat([msg.entry]);
    render();
  } else if (msg.type === "error") {
    // A passing server trouble: the answer stays in the outbox and the resend timer tries again.
    if (msg.client_id && RETRYABLE.has(msg.code)) return;
    if (msg.client_id) {
      const item = outbox.find((o) => o.client_id === msg.client_id);
      outbox = outbox.filter((o) => o.client_id !== msg.client_id);
      saveOutbox();
      if (item) errors[item.activity_id] = msg.message;
      render();
    }
  } else if (msg.type === "closed") {
    area.replaceChildren(el("p", { class: "alert", role: "alert" }, t("Join the workshop again with its code.")),
      el("p", {}, el("a", { href: "/", class: "btn primary big" }, "Samling")));
  }
}

const socket = new LiveSocket("/ws/participant", { onMessage, onStatus: setStatus, onOpen: flushOutbox });
