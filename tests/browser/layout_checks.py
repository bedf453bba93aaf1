"""What a person would see as broken on a screen, measured in the browser: elements outside the viewport,
content cut or spilling out of its box, and words broken across lines without a hyphen."""
from playwright.sync_api import Page

# Runs in the page. Returns a list of human-readable problems (empty: the view is sound).
_PROBLEMS_JS = """([rootSelector, vertical]) => {
  const root = document.querySelector(rootSelector);
  if (!root) return [`no element ${rootSelector}`];
  const vw = document.documentElement.clientWidth, vh = window.innerHeight;
  const problems = [];
  const name = (el) => {
    const cls = typeof el.className === 'string' && el.className ? '.' + el.className.trim().split(/\\s+/).join('.') : '';
    const text = (el.textContent || '').trim().replace(/\\s+/g, ' ').slice(0, 40);
    return `${el.tagName.toLowerCase()}${el.id ? '#' + el.id : ''}${cls} "${text}"`;
  };
  const hidden = (el) => !!el.closest('.visually-hidden, [hidden], [aria-hidden="true"] .visually-hidden');
  const shown = (el) => {
    const s = getComputedStyle(el);
    if (s.display === 'none' || s.visibility === 'hidden' || Number(s.opacity) === 0) return false;
    const r = el.getBoundingClientRect();
    return r.width > 0 && r.height > 0;
  };
  const skipBox = new Set(['TEXTAREA', 'INPUT', 'SELECT', 'OPTION', 'svg', 'IMG', 'HTML', 'BODY']);
  for (const el of root.querySelectorAll('*')) {
    if (hidden(el) || !shown(el)) continue;
    // A closed <details> keeps its content out of view by design.
    if (el.closest('details:not([open]) > :not(summary)')) continue;
    const r = el.getBoundingClientRect();
    if (r.left < -1 || r.right > vw + 1 || (!vertical && (r.top < -1 || r.bottom > vh + 1))) {
      problems.push(`outside the viewport (${Math.round(r.left)},${Math.round(r.top)},${Math.round(r.right)},${Math.round(r.bottom)} of ${vw}x${vh}): ${name(el)}`);
      continue;
    }
    const s = getComputedStyle(el);
    if (skipBox.has(el.tagName) || s.display === 'inline' || s.display === 'contents') continue;
    const scrolls = ['auto', 'scroll'].includes(s.overflowX) || ['auto', 'scroll'].includes(s.overflowY);
    if (scrolls && vertical) continue;  // a scroll box on a phone: its content is reachable
    if (el.scrollWidth > el.clientWidth + 1 && el.clientWidth > 0) {
      problems.push(`content wider than its box (${el.scrollWidth} > ${el.clientWidth}): ${name(el)}`);
    } else if (s.overflowY !== 'visible' && el.scrollHeight > el.clientHeight + 1 && el.clientHeight > 0
               && !(vertical && el === document.scrollingElement)) {
      problems.push(`content cut at the bottom (${el.scrollHeight} > ${el.clientHeight}): ${name(el)}`);
    }
  }
  // Words broken across lines: a word whose text spans more than one line box, with no hyphen.
  const walker = document.createTreeWalker(root, NodeFilter.SHOW_TEXT);
  const range = document.createRange();
  for (let node = walker.nextNode(); node; node = walker.nextNode()) {
    const parent = node.parentElement;
    if (!parent || hidden(parent) || !shown(parent) || parent.closest('textarea, script, style, option')) continue;
    for (const m of node.data.matchAll(/\\S+/g)) {
      if (m[0].length < 2 || /[-\\u00AD\\u2010\\u2011]/.test(m[0])) continue;
      range.setStart(node, m.index);
      range.setEnd(node, m.index + m[0].length);
      const lines = new Set([...range.getClientRects()].filter((r) => r.width > 0.5).map((r) => Math.round(r.top)));
      if (lines.size > 1) problems.push(`word broken across ${lines.size} lines: "${m[0]}" in ${name(parent)}`);
    }
  }
  return problems;
}"""


def layout_problems(page: Page, root: str = "body", vertical: bool = False) -> list[str]:
    """Problems of the view under `root`; `vertical=True` allows scrolling down (a phone)."""
    return page.evaluate(_PROBLEMS_JS, [root, vertical])


def prompt_on_first_screen(page: Page, selector: str = "#prompt") -> bool:
    """Whether the question is wholly visible without scrolling (the page scrolled to the top)."""
    return page.evaluate("""(sel) => {
      const el = document.querySelector(sel);
      if (!el) return false;
      const r = el.getBoundingClientRect();
      return r.top >= 0 && r.bottom <= window.innerHeight && r.height > 0;
    }""", selector)
