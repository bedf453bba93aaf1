// The phone: follows the facilitator, submits with client ids, keeps unsent answers across reloads.
import { socketFor, loadKind, preloadKinds, clientId, el, translator } from "./live.js";
import { PhaseTimer } from "./clock.js";
import { sendState } from "./kinds/phone_parts.js";
import { fitText, overflows } from "./fit.js";

const root = document.getElementById("phone");
const t = translator(root);
preloadKinds(root);
const statusEl = document.getElementById("status");
const area = document.getElementById("activity");
const workshopId = root.dataset.workshop;
const outboxKey = `samling.outbox.${workshopId}`;
const draftPrefix = `samling.draft.${workshopId}.`;
const cardKey = `samling.card.${workshopId}`;

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

// Drafts (what is typed or allocated but not sent) survive a reload: kept per workshop and activity,
// removed by the kind once sent or saved.
function getDraft(activityId) {
  if (!(activityId in drafts)) {
    try { drafts[activityId] = JSON.parse(localStorage.getItem(draftPrefix + activityId) || '""'); } catch { drafts[activityId] = ""; }
  }
  return drafts[activityId];
}
function setDraft(activityId, value) {
  drafts[activityId] = value;
  try {
    if (value === "" || value === null || value === undefined) localStorage.removeItem(draftPrefix + activityId);
    else localStorage.setItem(draftPrefix + activityId, JSON.stringify(value));
  } catch {}
}
/** An ended workshop leaves no drafts behind on the phone. */
function dropDrafts() {
  try {
    for (const key of Object.keys(localStorage)) if (key.startsWith(draftPrefix)) localStorage.removeItem(key);
  } catch {}
}

function setStatus(s) {
  const changed = statusEl.dataset.state !== s;
  statusEl.dataset.state = s;
  if (changed && outbox.length) render();
  statusEl.textContent = s === "open" ? t("Connected") : s === "reconnecting" || s === "closed" ? t("Reconnecting…") : t("Connecting…");
}

const RETRYABLE = new Set(["retry", "unavailable"]);

/** Under a send button: whether the newest answer is saved, on its way, or waiting for the network. */
function sendNote(entry, extra) {
  if (!entry) return "";
  const online = () => statusEl.dataset.state === "open";
  const state = !entry.pending ? "saved" : online() ? "sending" : "waiting";
  return el("p", { class: "counter send-state", "data-state": state },
    `${sendState(entry.pending, { t, online })}${entry.pending ? "" : extra}`);
}

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
let cardOpen = false; // the group card shows the role's duty and rule
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
  firstLook(me);
  const more = [
    role?.duty ? el("p", { class: "role-duty" }, role.duty) : "",
    role?.rule ? el("p", { class: "hint" }, `${t("Chosen by the rule")}: ${role.rule}`) : "",
    state.group_choice ? el("details", { class: "change-group" }, el("summary", {}, t("Change group")),
      el("div", { class: "group-buttons" }, groups.filter((g) => g.id !== me.group.id).map((g) => el("button", {
        class: "btn small", type: "button", "data-group": g.id, onclick: () => chooseGroup(g.id) }, g.name)))) : "",
  ].filter(Boolean);
  const open = cardOpen && more.length > 0;
  const summary = el("span", { class: "group-summary" },
    el("span", { class: "visually-hidden" }, `${t("Your group")}: `), el("span", { class: "group-name" }, me.group.name),
    role ? [el("span", { class: "visually-hidden" }, ` ${t("Your role")}: `), el("strong", { class: "role-name" }, role.name)] : "");
  // One line that opens to the role's duty and rule: the question, not the card, fills the first screen.
  const line = more.length
    ? el("button", { class: "group-line", type: "button", "aria-expanded": String(open), "aria-controls": "group-more",
      onclick: () => { cardOpen = !open; renderGroupBar(); } }, summary, el("span", { class: "toggle", "aria-hidden": "true" }, open ? "▾" : "▸"))
    : el("p", { class: "group-line" }, summary);
  groupBar.replaceChildren(el("div", { class: "group-card" }, line,
    more.length ? el("div", { class: "group-more", id: "group-more", hidden: !open }, ...more) : ""));
  fitText(line, { min: 12 });
  return false;
}

/** The card opens by itself the first time this phone sees its role (a new role too); compact afterwards. */
function firstLook(me) {
  const seen = JSON.stringify([me.group.id, me.role?.name || null]);
  let before = null;
  try { before = localStorage.getItem(cardKey); } catch {}
  if (before === seen) return;
  try { localStorage.setItem(cardKey, seen); } catch {}
  cardOpen = Boolean(me.role);
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

/** Draw the phone from the current state; false when a newer state took over while a kind loaded. */
async function render() {
  if (!state) return false;
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
  if (nodes.length) { mounted = null; area.replaceChildren(...nodes); return true; }
  let module;
  try {
    module = await loadKind(activity.kind);
  } catch {
    setTimeout(render, 2000); // the network went while the round's script loaded: try again soon
    return false;
  }
  if (state.activity !== activity) return false; // a newer state arrived while loading
  const stored = mine[activity.id] || [];
  const pending = outbox.filter((o) => o.activity_id === activity.id && !stored.some((s) => s.client_id === o.client_id))
    .map((o) => ({ ...o, pending: true }));
  const ctx = {
    activity, t,
    entries: [...stored, ...pending],
    error: errors[activity.id],
    draft: { get: () => getDraft(activity.id) || "", set: (v) => setDraft(activity.id, v) },
    submit: (payload) => submit(activity, payload),
    online: () => statusEl.dataset.state === "open",
    sendNote: (entry, extra = "") => sendNote(entry, extra),
    fail: (message) => { errors[activity.id] = message; render(); },
    me: personal,
    own: personal && personal.activity_id === activity.id ? personal.activity : null,
    programme: state.workshop.programme_id || null,
  };
  // A kind that can update in place (a poster being typed on) keeps its elements between renders.
  if (mounted && mounted.activityId === activity.id && mounted.handle?.update) {
    mounted.handle.update(ctx);
    return true;
  }
  const container = el("div", {});
  const handle = module.phone(container, ctx);
  mounted = { activityId: activity.id, handle };
  area.replaceChildren(container);
  fitPrompt();
  if (focused) document.getElementById(focused)?.focus();
  return true;
}

/** The question shrinks until its longest word fits the phone; breaking a word is the last resort. */
function fitPrompt() {
  const prompt = document.getElementById("prompt");
  if (!prompt) return;
  prompt.style.overflowWrap = "normal";
  let size = fitText(prompt, { min: 15 });
  // fitText allows a pixel of spill (whole-pixel scroll widths); the last half pixels by the text's own boxes.
  for (let i = 0; i < 4 && size > 15 && spills(prompt); i += 1) prompt.style.fontSize = `${(size -= 0.5)}px`;
  if (overflows(prompt)) prompt.style.overflowWrap = ""; // longer than any size: breaking is the last resort
}

/** Whether any line of the node's text reaches past its box. */
function spills(node) {
  const range = document.createRange();
  range.selectNodeContents(node);
  const box = node.getBoundingClientRect();
  return [...range.getClientRects()].some((r) => r.right > box.right + 0.25 || r.left < box.left - 0.25);
}
// A turned phone has another width; a phone hiding its address bar only another height (no refit then).
let fittedWidth = window.innerWidth;
addEventListener("resize", () => {
  if (window.innerWidth === fittedWidth) return;
  fittedWidth = window.innerWidth;
  fitPrompt();
  const line = groupBar.querySelector(".group-line");
  if (line) fitText(line, { min: 12 });
});

// A new round starts at its question: the phone scrolls there (below the status bar while it sticks
// to the top), with the compact group card kept in view above it when it is close.
let roundPending = false; // the activity changed and the phone has not scrolled to it yet
let settle = null; // {until, y}: the scroll is redone while late parts (the personal view) still move the question

function toQuestion() {
  const prompt = document.getElementById("prompt");
  if (!prompt) return;
  const top = (node) => node.getBoundingClientRect().top + window.scrollY;
  const stuck = statusEl.dataset.state !== "open" ? statusEl.getBoundingClientRect().height : 0;
  let anchor = top(prompt);
  // What is above the question (the connection line, the group card) when it is small enough to keep.
  const head = stuck ? (groupBar.childElementCount ? top(groupBar) : anchor) : top(statusEl);
  if (anchor - head < window.innerHeight * 0.3) anchor = head;
  window.scrollTo({ top: Math.max(0, anchor - stuck - 8), behavior: "instant" });
  settle = { until: Date.now() + 2000, y: window.scrollY };
}

function settleScroll() {
  if (!settle || Date.now() > settle.until) { settle = null; return; }
  if (Math.abs(window.scrollY - settle.y) > 2) { settle = null; return; } // the person has scrolled: leave it
  toQuestion();
}

/** Once a render has put the new round on screen: focus its question and scroll there. */
function afterRender(done) {
  if (!done) return; // a newer state took over while this one loaded
  if (!roundPending) { settleScroll(); return; }
  roundPending = false;
  const prompt = document.getElementById("prompt");
  if (!prompt) return;
  // Someone already at work in the new round (a value picked, a field typed in) keeps their focus.
  if (area.contains(document.activeElement) && document.activeElement !== prompt) return;
  prompt.setAttribute("tabindex", "-1");
  prompt.focus({ preventScroll: true });
  toQuestion();
}

function onMessage(msg) {
  if (msg.type === "state") {
    if (state && state.activity?.id !== msg.activity?.id) {
      roundPending = true;
      cardOpen = false; // a first look at the role lasts until the next round
    }
    state = msg;
    if ("mine" in msg) mine = msg.mine;
    if (msg.workshop.status === "ended") dropDrafts();
    render().then(afterRender);
  } else if (msg.type === "personal") {
    personal = msg;
    render().then(afterRender);
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

const socket = socketFor(root, "/ws/participant", { onMessage, onStatus: setStatus, onOpen: flushOutbox });
