// The phone: follows the facilitator, submits with client ids, keeps unsent answers across reloads.
import { LiveSocket, loadKind, preloadKinds, clientId, el, translator } from "./live.js";
import { PhaseTimer } from "./clock.js";

const root = document.getElementById("phone");
const t = translator(root);
preloadKinds(root);
const statusEl = document.getElementById("status");
const area = document.getElementById("activity");
const workshopId = root.dataset.workshop;
const outboxKey = `samling.outbox.${workshopId}`;

let state = null;
let personal = null; // this phone's own view: group, fellow members, role, the activity's own part
let mounted = null; // {activityId, handle} of the kind view on screen, for in-place updates
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

const groupBar = document.getElementById("group-bar");
const timer = new PhaseTimer(t, () => socket.serverNow());
document.getElementById("phase").append(timer.node);

function chooseGroup(groupId) {
  socket.send({ type: "choose_group", group_id: groupId });
}

/** Your group and role at the top; the group picker while you have none and may choose. */
function renderGroupBar() {
  const groups = state.groups || [];
  const me = personal;
  if (!groups.length || state.workshop.status === "ended") { groupBar.replaceChildren(); return false; }
  if (!me?.group) {
    if (!state.group_choice) {
      groupBar.replaceChildren(el("p", { class: "notice" }, t("The facilitator will put you in a group.")));
      return false;
    }
    groupBar.replaceChildren(el("section", { class: "choose-group", "aria-labelledby": "choose-heading" },
      el("h1", { class: "prompt", id: "choose-heading" }, t("Which group are you in?")),
      el("div", { class: "group-buttons" }, groups.map((g) => el("button", {
        class: "btn big", type: "button", "data-group": g.id, onclick: () => chooseGroup(g.id),
      }, g.name, el("span", { class: "count" }, t("%(n)s members", { n: g.count })))))));
    return true;
  }
  const role = me.role;
  groupBar.replaceChildren(el("div", { class: "group-card" },
    el("p", { class: "group-name" }, el("span", { class: "visually-hidden" }, `${t("Your group")}: `), me.group.name),
    role ? el("div", { class: "role" },
      el("p", { class: "role-line" }, `${t("Your role")}: `, el("strong", { class: "role-name" }, role.name)),
      role.duty ? el("p", { class: "role-duty" }, role.duty) : "",
      role.rule ? el("p", { class: "hint" }, `${t("Chosen by the rule")}: ${role.rule}`) : "") : "",
    state.group_choice ? el("details", { class: "change-group" }, el("summary", {}, t("Change group")),
      el("div", { class: "group-buttons" }, groups.filter((g) => g.id !== me.group.id).map((g) => el("button", {
        class: "btn small", type: "button", "data-group": g.id, onclick: () => chooseGroup(g.id) }, g.name)))) : ""));
  return false;
}

// Deleting one's own answers while the workshop is live: a button, a confirm step, then the
// server's "deleted" (or an error). Unsent answers of what is deleted leave the outbox too.
const eraseBox = document.getElementById("erase");
let erasing = false; // the confirm step is open
let erasePending = false; // a delete_mine is on its way
let eraseNote = "";

function renderErase() {
  const live = state && state.workshop.status === "live";
  const any = Object.values(mine).some((list) => list.length);
  if (!live || (!any && !eraseNote)) { eraseBox.replaceChildren(); return; }
  const activity = state.activity;
  const here = activity && (mine[activity.id] || []).length;
  const note = eraseNote ? el("p", { class: "notice", role: "status" }, eraseNote) : "";
  if (!erasing || !any) {
    eraseBox.replaceChildren(note, any ? el("button", {
      class: "btn small", type: "button", id: "erase-open",
      onclick: () => { erasing = true; eraseNote = ""; renderErase(); document.getElementById("erase-question")?.focus(); },
    }, t("Delete my answers…")) : "");
    return;
  }
  const close = () => { erasing = false; renderErase(); document.getElementById("erase-open")?.focus(); };
  eraseBox.replaceChildren(el("div", { class: "card erase-confirm", role: "group", "aria-labelledby": "erase-question" },
    el("p", { id: "erase-question", tabindex: "-1" }, t("Delete your answers? This cannot be undone.")),
    el("p", { class: "hint" }, t("What you wrote for your group (a poster, a group diamond) stays.")),
    el("div", { class: "row" },
      here ? el("button", { class: "btn danger", type: "button", onclick: () => eraseMine(activity.id) },
        t("Only this question")) : "",
      el("button", { class: "btn danger", type: "button", onclick: () => eraseMine(null) },
        t("All my answers in this workshop")),
      el("button", { class: "btn", type: "button", onclick: close }, t("Cancel")))));
}

function eraseMine(activityId) {
  const message = activityId === null ? { type: "delete_mine" } : { type: "delete_mine", activity_id: activityId };
  if (!socket.send(message)) { eraseNote = t("Not sent yet: waiting for the connection…"); renderErase(); return; }
  erasePending = true;
  outbox = outbox.filter((o) => activityId !== null && o.activity_id !== activityId);
  saveOutbox();
  erasing = false;
  eraseNote = "";
  renderErase();
}

async function render() {
  if (!state) return;
  renderErase();
  const focused = document.activeElement && area.contains(document.activeElement) ? document.activeElement.id : null;
  const activity = state.activity;
  const picking = renderGroupBar();
  timer.set(state.workshop.status === "ended" ? null : activity?.clock || null, personal?.members || []);
  const nodes = [];
  if (state.workshop.status === "ended") {
    nodes.push(el("p", { class: "waiting" }, t("This workshop has ended. Thank you!")));
  } else if (picking) {
    nodes.push(el("span"));
  } else if (!activity) {
    nodes.push(el("h1", { class: "prompt" }, state.workshop.title),
      el("p", { class: "waiting" }, t("Waiting for the facilitator to start…")));
  }
  if (nodes.length) { mounted = null; area.replaceChildren(...nodes); return; }
  const module = await loadKind(activity.kind);
  if (state.activity !== activity) return; // a newer state arrived while loading
  const stored = mine[activity.id] || [];
  const pending = outbox.filter((o) => o.activity_id === activity.id && !stored.some((s) => s.client_id === o.client_id))
    .map((o) => ({ ...o, pending: true }));
  const ctx = {
    activity, t,
    entries: [...stored, ...pending],
    error: errors[activity.id],
    draft: { get: () => drafts[activity.id] || "", set: (v) => { drafts[activity.id] = v; } },
    submit: (payload) => submit(activity, payload),
    online: () => statusEl.dataset.state === "open",
    fail: (message) => { errors[activity.id] = message; render(); },
    me: personal,
    own: personal && personal.activity_id === activity.id ? personal.activity : null,
  };
  // A kind that can update in place (a poster being typed on) keeps its elements between renders.
  if (mounted && mounted.activityId === activity.id && mounted.handle?.update) {
    mounted.handle.update(ctx);
    return;
  }
  const container = el("div", {});
  const handle = module.phone(container, ctx);
  mounted = { activityId: activity.id, handle };
  area.replaceChildren(container);
  if (focused) document.getElementById(focused)?.focus();
}

function onMessage(msg) {
  if (msg.type === "state") {
    const changed = !state || state.activity?.id !== msg.activity?.id;
    state = msg;
    if ("mine" in msg) mine = msg.mine;
    render().then(() => { if (changed) document.getElementById("prompt")?.focus?.(); });
  } else if (msg.type === "personal") {
    personal = msg;
    render();
  } else if (msg.type === "ack") {
    outbox = outbox.filter((o) => o.client_id !== msg.client_id);
    saveOutbox();
    const key = String(msg.entry.activity_id);
    mine[key] = (mine[key] || []).filter((e) => e.client_id !== msg.client_id).concat([msg.entry]);
    render();
  } else if (msg.type === "deleted") {
    erasePending = false;
    const gone = new Set(msg.entry_ids);
    for (const key of Object.keys(mine)) mine[key] = mine[key].filter((e) => !gone.has(e.id));
    eraseNote = gone.size ? t("Your answers are deleted.") : t("There was nothing of yours to delete.");
    mounted = null; // the kind view redraws without them
    render();
  } else if (msg.type === "error") {
    if (erasePending && !msg.client_id) { erasePending = false; eraseNote = msg.message; renderErase(); return; }
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
