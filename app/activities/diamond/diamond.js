// Diamond ranking: drag (touch or mouse) or tap-to-place nine values into rows of 1-2-3-2-1.
// In group mode every member's phone shows the group's shared board live; a move is sent at once and
// shown at once, and the server's board (every member's moves in commit order) is the one that stays.
import Sortable from "../../vendor/sortablejs/sortable.core.esm.js";
import { el } from "../live.js";
import { fitText, overflows } from "../fit.js";
import { paginate } from "../pager.js";
import { alertLine, prompt } from "./phone_parts.js";
import { bars, chainPanel, fitToStage, newest, readableMin } from "./rounds.js";

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

/** Run `fn` once `node` is in the document (now, or on the next frame: a view is built before it is mounted). */
function whenMounted(node, fn) {
  if (node.isConnected) fn(); else requestAnimationFrame(() => { if (node.isConnected) fn(); });
}

/** A value too long for the phone's width shrinks until its longest word fits; it is never broken. */
function fitChips(root) {
  for (const chip of root.querySelectorAll(".chip")) if (overflows(chip)) fitText(chip, { min: 11 });
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
  root.append(prompt(ctx.activity), body);
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
      // "Send again" only once the answer is saved: one still on its way is not offered as if it were.
      nodes.push(el("button", { class: "btn primary big", type: "button", disabled: !full || frozen,
        onclick: () => context.submit({ rows: rowsOf(board.slots) }) }, saved && !saved.pending ? t("Send again") : t("Send")),
      context.sendNote(saved));
    }
    if (context.error) nodes.unshift(alertLine(context.error));
    const focused = document.activeElement;
    const refocus = body.contains(focused) ? (focused.id ? `#${focused.id}` : focused.dataset.item
      ? `.chip[data-item="${CSS.escape(focused.dataset.item)}"]` : null) : null;
    body.replaceChildren(...nodes);
    whenMounted(body, () => fitChips(body));
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

/** A group's (or, in the console, a person's) board: five rows of values, its name, a lock once final. */
function miniDiamond(b, t) {
  const locked = b.locked && b.group !== undefined;
  return el("article", { class: "mini-diamond", "data-board": b.group ?? b.participant },
    el("h2", {}, el("span", { class: "group-name" }, b.name),
      locked ? el("span", { class: "lock", role: "img", "aria-label": t("Locked") }) : ""),
    rowsOf(b.slots).map((row, r) => el("div", { class: "diamond-row", "data-row": r + 1 },
      row.map((item) => el("span", { class: item ? "slot" : "slot empty" }, item || "")))));
}

/** Every row of a board at one font size (px). */
function sizeRows(board, size) {
  for (const row of board.querySelectorAll(".diamond-row")) row.style.fontSize = `${size}px`;
}

/** The share of its content's width that `node` has room for (1: it fits). */
function room(node) {
  return node.scrollWidth > node.clientWidth + 1 ? node.clientWidth / node.scrollWidth : 1;
}

function crowded(board) {
  return [...board.querySelectorAll(".diamond-row")].some((row) => room(row) < 1);
}

/**
 * All boards' values at one size: the largest at which every board's rows fit with their values side by
 * side, but not below `min` px. A board that needs smaller text at that size lets its rows wrap between
 * values instead (class "wrap"; never inside one); only a value wider than the whole board shrinks more.
 */
function fitBoards(boards, min) {
  // A live round redraws several times a second, mostly with the same boards: the same text in the same
  // window gets the sizes found last time without measuring again.
  const key = `${innerWidth}x${innerHeight} ${min} ${[...boards.children].map((b) => `${b.querySelectorAll(".lock").length}|${
    [...b.querySelectorAll("h2, .slot")].map((n) => n.textContent).join("|")}`).join("\n")}`;
  if (lastFit.key !== key) lastFit = { key, recipe: measureBoards(boards, min) };
  applyBoards(boards, lastFit.recipe);
}
let lastFit = { key: "", recipe: null };

/** Set the sizes (px) a recipe says: rows, group names, and the boards that wrap (at their own size). */
function applyBoards(boards, { size, nameSize, wrapped }) {
  [...boards.children].forEach((board, i) => {
    board.classList.toggle("wrap", wrapped.has(i));
    sizeRows(board, wrapped.get(i) ?? size);
    board.querySelector("h2").style.fontSize = `${nameSize}px`;
  });
}

/**
 * Measure the sizes for fitBoards. Values, paddings and gaps are all sized in em, so a row's width is in
 * proportion to its font size: one measuring pass gives the size, with no search (few layouts).
 */
function measureBoards(boards, min) {
  const all = [...boards.children];
  const rows = [...boards.querySelectorAll(".diamond-row")];
  const names = [...boards.querySelectorAll(".mini-diamond h2")];
  if (!rows.length) return { size: min, nameSize: min, wrapped: new Map() };
  for (const board of all) board.classList.remove("wrap");
  for (const node of [...rows, ...names]) node.style.fontSize = "";
  const start = parseFloat(getComputedStyle(rows[0]).fontSize);
  const size = Math.min(start, Math.max(min, start * Math.min(...rows.map(room)) * 0.98));
  const nameStart = parseFloat(getComputedStyle(names[0]).fontSize);
  const nameSize = Math.min(nameStart, Math.max(10, nameStart * Math.min(...names.map(room)) * 0.98));
  for (const row of rows) row.style.fontSize = `${size}px`;
  const crowdedOnes = all.filter(crowded);
  for (const board of crowdedOnes) board.classList.add("wrap");
  const wrapped = new Map();
  for (const board of crowdedOnes) {
    const share = Math.min(...[...board.querySelectorAll(".diamond-row")].map(room));
    wrapped.set(all.indexOf(board), share < 1 ? Math.max(8, size * share * 0.98) : size);
  }
  return { size, nameSize, wrapped };
}

function ranking(results, t) {
  const list = bars(results.ranking.map((r) => ({ label: r.item, value: r.score, rank: r.rank, tied: r.tied })), { rank: true });
  // The sum needs its scoring said: a value's points are its row's, summed over every diamond.
  return [list, el("section", { class: "diamond-ranking" },
    el("h2", { class: "ranking-heading" }, t("All diamonds together")),
    el("p", { class: "diamond-legend" }, t("Points: top row 5 … bottom row 1")), list)];
}

/** Before the first value is placed: the values to rank, so the room reads them while the groups work. */
function waiting(root, items, t) {
  const list = el("ul", { class: "diamond-values", role: "list" }, items.map((item) => el("li", { "data-item": item }, item)));
  root.append(el("div", { class: "diamond-waiting" }, el("p", { class: "waiting-line" }, t("Waiting for answers…")),
    items.length ? list : ""));
  return items.length ? fitToStage(list, { parts: "li" }) : null;
}

let lastList = { key: "", size: "" };

/** A fit step for the ranking that reuses its last result while the ranking and its room are the same. */
function remembered(list, fit) {
  return () => {
    const box = list.parentElement;
    const key = `${box.clientWidth}x${box.clientHeight} ${list.textContent}`;
    if (lastList.key === key) { list.style.fontSize = lastList.size; return; }
    fit();
    lastList = { key, size: list.style.fontSize };
  };
}

/**
 * The projector: the summed ranking beside the group boards. The boards that do not fit are paged (the
 * page kept across the many redraws of a live round). Returns the after-mount step.
 */
export function presenter(root, { results, t, state }) {
  const activity = state?.activity;
  if (!results.boards.length && !results.ranking.length) return waiting(root, activity?.settings?.items || [], t);
  const [list, side] = ranking(results, t);
  const fitList = remembered(list, fitToStage(list, { parts: ".bar-label" }));
  if (!results.boards.length) {
    root.append(el("div", { class: "diamond-view" }, side));
    return fitList;
  }
  const boards = el("div", { class: "diamonds" }, results.boards.map((b) => miniDiamond(b, t)));
  root.append(el("div", { class: "diamond-view with-boards" }, side, el("section", { class: "diamond-boards" }, boards)));
  return () => {
    fitList();
    const min = readableMin();
    paginate(boards, [...boards.children], { key: `diamond-${activity?.id}`, fit: () => fitBoards(boards, min) });
  };
}

const CONSOLE_MIN = 13; // px: a laptop is read from arm's length
let consoleBoards = null; // the console's boards, fitted again when its window changes size
addEventListener("resize", () => { if (consoleBoards?.isConnected) fitBoards(consoleBoards, CONSOLE_MIN); });

/** The console: every board (no paging: the page scrolls) and the ranking, every value whole. */
export function console(root, { results, command: act, t }) {
  if (!results.boards.length && !results.ranking.length) { root.append(el("p", { class: "hint" }, t("No answers yet."))); return; }
  const boards = el("div", { class: "diamonds" }, results.boards.map((b) => miniDiamond(b, t)));
  root.append(el("div", { class: "diamond-view" }, results.boards.length ? boards : "", ranking(results, t)[1]));
  consoleBoards = boards;
  whenMounted(root, () => fitBoards(boards, CONSOLE_MIN));
}

export function setup(root, { activity, t }) { chainPanel(root, activity, t); }
