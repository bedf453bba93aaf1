// Text that fits its box without breaking a word: shrink the font (binary search on the computed size)
// instead of letting the browser break "Medarbeiderinvolvering" mid-word. Browsers without hyphenation
// data for Norwegian break such words with no hyphen at all, so shrinking is the only safe fallback.

/** Whether a node's content spills out of its box (wider, or taller when `height` is set). */
export function overflows(node, { height = false } = {}) {
  return node.scrollWidth > node.clientWidth + 1 || (height && node.scrollHeight > node.clientHeight + 1);
}

/** The largest font (px, from `min` to `max`) at which `crowded(node)` is false; `min` if none is. */
export function largestFit(node, min, max, crowded) {
  node.style.fontSize = `${min}px`;
  if (crowded(node)) return min;
  node.style.fontSize = `${max}px`;
  if (!crowded(node)) return max;
  let lo = min;
  let hi = max;
  for (let i = 0; i < 8 && hi - lo > 0.5; i += 1) {
    const mid = (lo + hi) / 2;
    node.style.fontSize = `${mid}px`;
    if (crowded(node)) hi = mid; else lo = mid;
  }
  return lo;
}

/**
 * Shrink `node`'s font size (px) until nothing in it overflows; never below `min` px, never above the
 * size its stylesheet gives it. Returns the size used. Call after the node is in the document.
 */
export function fitText(node, { min = 10, height = false } = {}) {
  node.style.fontSize = "";
  const start = parseFloat(getComputedStyle(node).fontSize) || 16;
  if (!overflows(node, { height })) return start;
  const size = largestFit(node, Math.min(min, start), start, (n) => overflows(n, { height }));
  node.style.fontSize = `${size}px`;
  return size;
}

/** fitText on every element matching `selector` inside `root`, all shrunk to the smallest size any needs. */
export function fitTogether(root, selector, { min = 10, height = false } = {}) {
  const nodes = [...root.querySelectorAll(selector)];
  if (!nodes.length) return null;
  const size = Math.min(...nodes.map((n) => fitText(n, { min, height })));
  for (const n of nodes) n.style.fontSize = `${size}px`;
  return size;
}
