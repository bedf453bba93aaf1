// Diamond ranking: drag (touch or mouse) or tap-to-place nine values into rows of 1-2-3-2-1.
// In group mode every member's phone shows the group's shared board live; a move is sent at once and
// shown at once, and the server's board (every member's moves in commit order) is the one that stays.
import Sortable from "../../vendor/sortablejs/sortable.core.esm.js";
import { el } from "../live.js";
import { bars, chainPanel, newest } from "./rounds.js";

const SHAPE = [1, 2, 3, 2, 1];
const SLOTS = 9;
const ROW_OF = SHAPE.flatMap((w, r) => Array(w).fill(r));
const mine = {}; // activity id -> individual board {slots, pool}

/** The same move rule as the server: the moved item trades places with the slot's occupant. */
export function applyMove(board, item, slot) {
  if (board.locked) return;
  const from = board.slots.indexOf(item);
  const inPool = board.pool.indexOf(item);
  if (from < 0 && inPool < 0) return;
  const cameFrom = from >= 0 ? from : null;
  if (slot === cameFrom) return;
  if (cameFrom === null) board.pool.splice(inPool, 1); else board.slots[cameFrom] = null;
  if (slot === null) { board.pool.push(item); return; }
  const occupant = board.slots[slot];
  board.slots[slot] = item;
  if (occupant) { if (cameFrom === null) board.pool.push(occupant); else board.slots[cameFrom] = occupant; }
}

function clone(board) {
  return { slots: [...board.slots], pool: [...board.pool], locked: !!board.locked };
}

function rowsOf(slots) {
  let start = 0;
  return SHAPE.map((w) => { const row = slots.slice(start, start + w); start += w; return row; });
}

export function phone(root, ctx) {
  let selected = null;
  let dragging = false; // a value is being dragged, or a finger or button is down on one
  let stale = false; // a redraw is owed for when it is let go
  let typed = ""; // a value being typed in, kept across redraws
  let context = ctx;
  let board = null;
  const body = el("div", { class: "diamond-phone" });
  root.append(el("h1", { class: "prompt", id: "prompt" }, ctx.activity.prompt), body);
  // Another member's move redraws the board; never under a finger that has just touched a value,
  // or the gesture it started would lose its element.
  const hold = (event) => { if (event.target.closest?.(".chip")) dragging = true; };
  const release = () => { if (!dragging) return; setTimeout(() => { dragging = false; if (stale) draw(); }, 0); };
  body.addEventListener("touchstart", hold, { passive: true });
  body.addEventListener("pointerdown", hold);
  for (const name of ["touchend", "touchcancel", "pointerup", "pointercancel"]) document.addEventListener(name, release, { passive: true });

  function group() { return context.activity.settings.mode === "group"; }

  /** The board to show: the server's (group) with this phone's unsent moves on top, or one's own. */
  function current() {
    const { activity } = context;
    if (group()) {
      const server = context.own?.board;
      if (!server) return null;
      const b = clone(server);
      for (const e of context.entries) if (e.pending && e.payload?.type === "move") applyMove(b, e.payload.item, e.payload.slot);
      return b;
    }
    const items = activity.settings.items || [];
    if (items.length < SLOTS) return null; // the facilitator has not set the nine (or more) values yet
    const key = items.join("\n");
    if (!mine[activity.id] || mine[activity.id].key !== key) { // new, or the list changed
      const saved = newest(context.entries)?.payload.rows?.flat() || [];
      const slots = saved.length === SLOTS && saved.every((i) => items.includes(i)) ? saved : Array(SLOTS).fill(null);
      mine[activity.id] = { key, slots, pool: items.filter((i) => !slots.includes(i)), locked: false };
    }
    return mine[activity.id];
  }

  function move(item, slot) {
    selected = null;
    if (group()) context.submit({ type: "move", item, slot });
    else { applyMove(board, item, slot); draw(); }
    if (group()) draw();
  }

  function chip(item, where) {
    return el("button", {
      class: `chip${selected === item ? " selected" : ""}`, type: "button", "data-item": item, "aria-pressed": selected === item ? "true" : "false",
      "aria-label": where === null ? context.t("%(item)s, not placed", { item }) : context.t("%(item)s, row %(row)s", { item, row: ROW_OF[where] + 1 }),
      disabled: board.locked || context.activity.locked,
      onclick: (event) => {
        event.stopPropagation();
        if (selected && selected !== item && where !== null) { move(selected, where); return; }
        selected = selected === item ? null : item;
        draw();
      },
    }, item);
  }

  function draw() {
    if (dragging) { stale = true; return; } // a finger is on a value: redraw when it lets go
    stale = false;
    const { activity, t } = context;
    board = current();
    if (!board) {
      body.replaceChildren(el("p", { class: "waiting" }, group() ? t("Join a group first.") : t("The list is on its way…")));
      return;
    }
    const frozen = board.locked || activity.locked;
    const rows = rowsOf(board.slots.map((item, k) => ({ item, k }))).map((row, r) => el("div", { class: "diamond-row", "data-row": r + 1 },
      row.map(({ item, k }) => el("div", {
        class: "slot", "data-slot": k,
        onclick: () => selected && !frozen && move(selected, k),
      }, item ? chip(item, k) : el("button", { class: "slot-empty", type: "button", disabled: frozen || !selected },
        r === 0 ? t("Most important") : r === SHAPE.length - 1 ? t("Least important") : "",
        el("span", { class: "visually-hidden" }, ` ${selected ? t("Place %(item)s in row %(row)s", { item: selected, row: r + 1 })
          : t("Empty place in row %(row)s", { row: r + 1 })}`))))));
    const diamond = el("div", { class: `diamond${frozen ? " locked" : ""}`, role: "group", "aria-label": t("Diamond") }, rows);
    const pool = el("div", { class: "pool", "data-slot": "pool", role: "group", "aria-label": t("Values not placed yet"),
      onclick: () => selected && board.slots.includes(selected) && !frozen && move(selected, null) },
    board.pool.map((item) => chip(item, null)));
    const nodes = [
      el("p", { class: "hint" }, frozen ? (board.locked ? t("The secretary has locked the diamond.") : t("Answers are locked."))
        : t("Drag a value into the diamond, or tap it and then tap a place. Top is most important.")),
      diamond,
      el("h2", { class: "pool-heading" }, t("Values not placed yet")), pool,
    ];
    if (group() && !frozen) {
      const input = el("input", { id: `diamond-add-${activity.id}`, maxlength: 80, autocomplete: "off" });
      input.value = typed; // what is being typed survives other members' moves
      input.addEventListener("input", () => { typed = input.value; });
      const add = el("form", { class: "row diamond-add" }, el("label", { for: input.id, class: "visually-hidden" }, t("Add a value")), input,
        el("button", { class: "btn", type: "submit" }, t("Add a value")));
      add.addEventListener("submit", (event) => {
        event.preventDefault();
        if (input.value.trim()) context.submit({ type: "add", text: input.value.trim() });
        input.value = typed = "";
      });
      nodes.push(add);
    }
    if (group() && context.own?.can_lock) {
      nodes.push(el("button", { class: "btn big", type: "button", id: "diamond-lock",
        onclick: () => context.submit({ type: board.locked ? "unlock" : "lock" }) },
      board.locked ? t("Unlock the diamond") : t("Lock our final diamond")));
    }
    if (!group()) {
      const full = board.slots.every(Boolean);
      const saved = newest(context.entries);
      nodes.push(el("button", { class: "btn primary big", type: "button", disabled: !full || frozen,
        onclick: () => context.submit({ rows: rowsOf(board.slots) }) }, saved ? t("Send again") : t("Send")),
      saved ? el("p", { class: "counter" }, saved.pending ? t("Sending…") : `✓ ${t("Saved")}`) : "");
    }
    if (context.error) nodes.unshift(el("p", { class: "alert", role: "alert" }, context.error));
    const focused = document.activeElement;
    const refocus = body.contains(focused) ? (focused.id ? `#${focused.id}` : focused.dataset.item
      ? `.chip[data-item="${CSS.escape(focused.dataset.item)}"]` : null) : null;
    body.replaceChildren(...nodes);
    if (refocus) body.querySelector(refocus)?.focus();
    if (frozen) return;
    for (const list of body.querySelectorAll(".slot, .pool")) {
      Sortable.create(list, {
        group: "diamond", sort: false, draggable: ".chip", animation: 120, delay: 0, touchStartThreshold: 4,
        onStart: () => { dragging = true; },
        onEnd: (event) => {
          dragging = false;
          stale = false;
          const item = event.item.dataset.item;
          // Where the finger was lifted counts, even if the drag had not caught up with it yet.
          const end = event.originalEvent?.changedTouches?.[0] || event.originalEvent;
          const under = end && typeof end.clientX === "number"
            ? document.elementFromPoint(end.clientX, end.clientY)?.closest("[data-slot]") : null;
          const to = under && body.contains(under) ? under : event.to;
          const target = to.dataset.slot;
          if (to === event.from) { draw(); return; }
          move(item, target === "pool" ? null : Number(target));
        },
      });
    }
  }

  draw();
  return { update(next) { context = next; draw(); } };
}

function miniDiamond(b) {
  return el("article", { class: "mini-diamond", "data-board": b.group ?? b.participant },
    el("h2", {}, b.name, b.locked && b.group !== undefined ? " 🔒" : ""),
    rowsOf(b.slots).map((row) => el("div", { class: "diamond-row" }, row.map((item) => el("span", { class: "slot" }, item || "")))));
}

function view(results, t) {
  return [el("div", { class: "diamond-view" },
    results.boards.length ? el("div", { class: "diamonds" }, results.boards.map(miniDiamond)) : "",
    el("section", {}, el("h2", { class: "ranking-heading" }, t("All diamonds together")),
      bars(results.ranking.map((r) => ({ label: r.item, value: r.score, rank: r.rank, tied: r.tied })), { rank: true })))];
}

export function presenter(root, results, t) { root.append(...view(results, t)); }
export function console(root, results, act, t) { root.append(...view(results, t)); }
export function setup(root, activity, t) { chainPanel(root, activity, t); }
