// Pages through items that do not all fit their box at once (group boards, group tiles on a projector):
// measures after mount how many fit, shows one page at a time, turns the page by itself and says "1/2".
// When everything fits there is one page and no indicator.
//
//   import { paginate } from "./pager.js";
//   const pager = paginate(box, [...box.children], { key: `boards-${activityId}` });
//
// - box: the element whose size limits the items, already in the document. Its height must come from the
//   layout (e.g. a flex child with `flex: 1; min-height: 0`), not from its content, or everything "fits".
// - items: the nodes inside box, in order. The pager hides those not on the current page (`hidden`).
// - options.key: names the list across re-renders. A screen that rebuilds its nodes on every results
//   message calls paginate again with the same key: it stays on the same page and keeps the time left
//   before the next turn, so frequent redraws neither restart at page 1 nor hold the page still.
// - options.every: milliseconds a page stays (default 10 000).
// - options.indicator: the element to show "1/2" in (default: a <p class="pager-indicator"> put right
//   after box; it takes its place while measuring, so the pages fit with it shown).
// - options.fit: a function run with every item shown, before each measuring (on mount and after the
//   window is resized), e.g. to shrink texts with fit.js; hidden items have no size to fit.
// Returns { pages: number of pages, layout(): measure again (done by itself after a window resize), stop() }.
// A pager stops by itself once its box leaves the document or a newer pager takes its key.

const memory = new Map(); // key -> { page, turnedAt, pager }: survives the re-renders of one list
let anonymous = 0;

/** Paginate `items` inside `box`; see the top of this file. */
export function paginate(box, items, { key = null, every = 10000, indicator = null, fit = null } = {}) {
  const name = key ?? `pager-${(anonymous += 1)}`;
  const mark = indicator || makeIndicator(box);
  const remembered = memory.get(name);
  remembered?.pager.stop();
  const mem = remembered || { page: 0, turnedAt: Date.now() };
  let pages = [];
  let timer = null;
  const pager = {
    get pages() { return pages.length; },
    stop() {
      clearTimeout(timer);
      timer = null;
      if (memory.get(name)?.pager === pager) memory.get(name).pager = stopped;
    },
    layout,
  };
  mem.pager = pager;
  memory.set(name, mem);

  /** Measure the pages again and show the current one (on mount and after a resize). */
  function layout() {
    if (!box.isConnected) { pager.stop(); return; }
    mark.hidden = false;
    mark.style.visibility = "hidden"; // holds its place while measuring
    mark.textContent = "1/1";
    for (const n of items) n.hidden = false;
    fit?.();
    pages = measure(box, items);
    if (pages.length <= 1) {
      mem.page = 0;
      mem.turnedAt = Date.now(); // paging that starts later waits a full turn first
      mark.hidden = true;
    }
    mem.page = Math.min(mem.page, Math.max(0, pages.length - 1));
    mark.style.visibility = "";
    show(false);
    schedule();
  }

  function show(fade) {
    const on = new Set(pages[mem.page] || items);
    for (const n of items) {
      n.hidden = !on.has(n);
      if (fade && on.has(n)) { n.classList.remove("pager-in"); void n.offsetWidth; n.classList.add("pager-in"); }
    }
    if (pages.length > 1) mark.textContent = `${mem.page + 1}/${pages.length}`;
  }

  function schedule() {
    clearTimeout(timer);
    timer = null;
    if (pages.length <= 1) return;
    timer = setTimeout(turn, Math.max(0, mem.turnedAt + every - Date.now()));
  }

  function turn() {
    if (mem.pager !== pager || !box.isConnected) { pager.stop(); return; }
    mem.page = (mem.page + 1) % pages.length;
    mem.turnedAt = Date.now();
    show(true);
    schedule();
  }

  layout();
  return pager;
}

const stopped = { stop() {}, layout() {} };

function makeIndicator(box) {
  const next = box.nextElementSibling;
  if (next?.classList.contains("pager-indicator")) return next; // paginated again (a resize): the same one
  const p = document.createElement("p");
  p.className = "pager-indicator";
  box.after(p);
  return p;
}

/** The items split into pages, in order: each page as many as fit the box, at least one. */
function measure(box, items) {
  const pages = [];
  let start = 0;
  while (start < items.length) {
    items.forEach((n, i) => { n.hidden = i < start; });
    const limit = contentBox(box);
    let end = start + 1;
    while (end < items.length && inside(items[end], limit)) end += 1;
    pages.push(items.slice(start, end));
    start = end;
  }
  return pages;
}

function contentBox(box) {
  const r = box.getBoundingClientRect();
  const s = getComputedStyle(box);
  return { right: r.right - parseFloat(s.paddingRight) - parseFloat(s.borderRightWidth),
    bottom: r.bottom - parseFloat(s.paddingBottom) - parseFloat(s.borderBottomWidth) };
}

function inside(node, limit) {
  const r = node.getBoundingClientRect();
  return r.bottom <= limit.bottom + 1 && r.right <= limit.right + 1;
}

// One listener for every live pager: a resized window (the projector going full screen) is measured again.
let resizing = null;
window.addEventListener("resize", () => {
  cancelAnimationFrame(resizing);
  resizing = requestAnimationFrame(() => {
    for (const [name, mem] of memory) {
      if (mem.pager === stopped) memory.delete(name); else mem.pager.layout();
    }
  });
});
