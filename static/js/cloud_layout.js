// Word-cloud layout, without the DOM: words packed round the middle of a box along an Archimedean spiral,
// never overlapping, and each word's place remembered so that one more answer grows its word where it
// stands and leaves every other word where it was. Lengths are px; a word's `width` and `height` are its
// box per px of font size (measured by the caller), `count` the people behind it.

const TURN = 2 * Math.PI;
const SPREAD = 0.6;     // how fast a word grows with its count (its size goes with the square root)
const RESERVE = 0.3;    // at most this share of its size a word keeps free round it, to grow by one answer
const FILL = 0.6;       // share of the area the words' boxes cover, for a first guess at the scale
const HEADROOM = 0.95;  // a fresh layout shrinks by this much: room at the edges for the next words
const MANY = 12;        // from this many words on, some stand on end (a few words all stay level)
// When to lay the whole cloud out afresh instead of keeping every word's place:
const TOO_ROOMY = 1.4;  // words went away and the rest could be this much bigger
const REDO = 1.1;       // the cloud must shrink anyway, and afresh its words come out this much bigger
const DRIFT = 0.2;      // a word had to move, and the words most people share sit this much further out
                        // (in shares of the way from the middle to the edge) than afresh

/** FNV-1a hash of a string (32 bits): a word's start angle, turn and colour are the same everywhere. */
export function hash(text) {
  let h = 0x811c9dc5;
  for (let i = 0; i < text.length; i += 1) h = Math.imul(h ^ text.charCodeAt(i), 0x01000193);
  return h >>> 0;
}

/**
 * A word's size in units of the cloud's scale, from its own count only (so one more answer changes one
 * word): 1 for one person, about 3 for fifteen. The square root keeps the step from one to two people small
 * enough for the room a word keeps to grow in.
 */
export function weight(count) {
  return Math.sqrt(1 + SPREAD * (Math.max(1, count) - 1));
}

/**
 * Whether a word may stand on end: one in five (chosen by its key) of the single words of up to 12 letters
 * that few people wrote. The words most people share stay level, the easiest to read from the back.
 */
export function turnable(word) {
  return word.count <= 3 && hash(word.key) % 5 === 2 && !/\s/.test(word.text) && word.text.length <= 12;
}

/** Whether a word stands on end: as it stood (turning would move it), or if turnable in a cloud no longer small. */
function standsUp(word, was, n) {
  return was ? was.up : turnable(word) && n >= MANY;
}

/** The largest scale: a word one person wrote, alone on the screen, is big but leaves room. */
function maxScale(W, H) {
  return Math.min(0.16 * H, 0.07 * W);
}

/** A first guess at the scale at which the words' boxes cover FILL of the box. */
function estimate(words, W, H) {
  const area = words.reduce((sum, w) => sum + w.width * w.height * weight(w.count) ** 2, 0);
  return Math.sqrt((FILL * W * H) / area);
}

/**
 * Font size, orientation and boxes of `word` at scale `s`, never wider or taller than the area. The hard
 * box (w×h) is the word with clear space round it: no two overlap, ever. The soft box (sw×sh) adds the
 * room the word needs to grow by one more answer; new words keep out of it, so that the next answer
 * usually grows a word where it stands.
 */
function sized(word, s, W, H, turn) {
  const size = Math.min(s * weight(word.count), (0.94 * W) / word.width, (0.34 * H) / word.height);
  const up = turn && word.width * size <= 0.8 * H;
  const pad = (px) => 2 + 0.06 * px;  // clear space between words, and slack for rounding in the browser
  const grown = size * (1 + Math.min(RESERVE, weight(word.count + 1) / weight(word.count) - 1));
  const [w, h] = [word.width * size + pad(size), word.height * size + pad(size)];
  const [sw, sh] = [word.width * grown + pad(grown) + 0.5, word.height * grown + pad(grown) + 0.5];  // + rounding
  return up ? { size, up, w: h, h: w, sw: sh, sh: sw } : { size, up, w, h, sw, sh };
}

/** The placed words' boxes, bucketed in a coarse grid so that a spiral step checks only its neighbours. */
class Boxes {
  constructor(W, H) {
    this.W = W;
    this.H = H;
    this.cell = 48;
    this.cols = Math.ceil(W / this.cell) + 1;
    this.cells = Array.from({ length: this.cols * (Math.ceil(H / this.cell) + 1) }, () => []);
    this.last = null;  // the box hit last time: the next step of a spiral likely hits it again
  }

  /** Whether a w×h box centred on (x, y) lies in the area, clear of every placed hard (or soft) box. */
  free(x, y, w, h, soft) {
    const x0 = x - w / 2, y0 = y - h / 2, x1 = x + w / 2, y1 = y + h / 2;
    if (x0 < 0 || y0 < 0 || x1 > this.W || y1 > this.H) return false;
    const k = soft ? 1 : 0;
    let r = this.last?.[k];
    if (r && r[0] < x1 && x0 < r[2] && r[1] < y1 && y0 < r[3]) return false;
    const c0 = Math.floor(x0 / this.cell), c1 = Math.floor(x1 / this.cell);
    for (let row = Math.floor(y0 / this.cell); row <= Math.floor(y1 / this.cell); row += 1) {
      for (let col = c0; col <= c1; col += 1) {
        for (const entry of this.cells[row * this.cols + col]) {
          r = entry[k];
          if (r[0] < x1 && x0 < r[2] && r[1] < y1 && y0 < r[3]) { this.last = entry; return false; }
        }
      }
    }
    return true;
  }

  /** Record a word placed at (x, y) with the boxes from sized(). */
  add(x, y, b) {
    const box = (w, h) => [x - w / 2, y - h / 2, x + w / 2, y + h / 2];
    const entry = [box(b.w, b.h), box(Math.max(b.w, b.sw), Math.max(b.h, b.sh))];
    const r = entry[1];
    for (let row = Math.max(0, Math.floor(r[1] / this.cell)); row <= Math.floor(r[3] / this.cell); row += 1) {
      for (let col = Math.max(0, Math.floor(r[0] / this.cell)); col <= Math.floor(r[2] / this.cell); col += 1) {
        this.cells[row * this.cols + col]?.push(entry);
      }
    }
  }

  /**
   * Where a word goes: at (fx, fy) itself if `stay` and its hard box fits there; else the first spot, on a
   * spiral out from (fx, fy) as wide as the area and starting at the word's own angle, with room for its
   * soft box. Null when there is none.
   */
  find(fx, fy, b, seed, stay) {
    if (stay && this.free(fx, fy, b.w, b.h, false)) return [fx, fy];
    const e = Math.min(4, Math.max(1, this.W / this.H));
    const a0 = ((seed % 360) * TURN) / 360;
    const dir = seed & 0x400 ? 1 : -1;
    const gap = Math.min(16, Math.max(3, 0.5 * Math.min(b.sw, b.sh)));  // between the spiral's arms
    const reach = Math.hypot(Math.max(fx, this.W - fx) / e, Math.max(fy, this.H - fy));  // to the far corner
    for (let t = 0; ; ) {
      const r = (gap * t) / TURN;
      if (r > reach) return null;
      const x = fx + e * r * Math.cos(a0 + dir * t);
      const y = fy + r * Math.sin(a0 + dir * t);
      if (this.free(x, y, b.sw, b.sh, true)) return [x, y];
      t += Math.min(1, gap / Math.max(1, e * r));
    }
  }
}

/**
 * Every word placed at scale `s`, or null when one finds no room. Words with a remembered place go
 * first and stay there if they fit, unchanged ones before those whose count changed, so that a grown
 * word yields to the others; new words follow, the most people's first.
 */
function pass(words, W, H, s, memory) {
  const old = (w) => memory?.places.get(w.key);
  const rank = (w) => (!old(w) ? 2 : old(w).count === w.count ? 0 : 1);
  const order = [...words].sort((a, b) => rank(a) - rank(b) || b.count - a.count || (a.key < b.key ? -1 : 1));
  const boxes = new Boxes(W, H);
  const placed = [];
  for (const word of order) {
    const was = old(word);
    const b = sized(word, s, W, H, standsUp(word, was, words.length));
    const at = was ? boxes.find(W / 2 + was.x * s, H / 2 + was.y * s, b, hash(word.key), true)
      : boxes.find(W / 2, H / 2, b, hash(word.key), false);
    if (!at) return null;
    boxes.add(at[0], at[1], b);
    placed.push({ key: word.key, x: at[0], y: at[1], size: b.size, up: b.up, w: b.w, h: b.h,
      sw: Math.max(b.w, b.sw), sh: Math.max(b.h, b.sh) });
  }
  return placed;
}

/** The layout to show, and what the next layout of the same cloud needs to remember. */
function result(placed, s, W, H, words) {
  const counts = new Map(words.map((w) => [w.key, w.count]));
  const places = new Map(placed.map((p) => [p.key,
    { x: (p.x - W / 2) / s, y: (p.y - H / 2) / s, count: counts.get(p.key), up: p.up }]));
  return { scale: s, placed, memory: { W, H, scale: s, places } };
}

/**
 * The cloud moved as one so that the words with their room to grow sit in the middle of the area (that
 * room stays inside it), as far as every word itself stays inside.
 */
function centred(placed, W, H) {
  const shift = (at, size, room, length) => {
    const lo = (extent) => Math.min(...placed.map((p) => at(p) - extent(p) / 2));
    const hi = (extent) => Math.max(...placed.map((p) => at(p) + extent(p) / 2));
    return Math.min(length - hi(size), Math.max(-lo(size), length / 2 - (lo(room) + hi(room)) / 2));
  };
  const dx = shift((p) => p.x, (p) => p.w, (p) => p.sw, W);
  const dy = shift((p) => p.y, (p) => p.h, (p) => p.sh, H);
  return placed.map((p) => ({ ...p, x: p.x + dx, y: p.y + dy }));
}

/** A layout from scratch: the largest scale at which every word fits, most people's words in the middle. */
function fresh(words, W, H) {
  const top = maxScale(W, H);
  let s = Math.min(top, estimate(words, W, H));
  let placed = pass(words, W, H, s, null);
  if (placed) {
    for (let i = 0; i < 6 && s < top; i += 1) {
      const bigger = Math.min(top, s * 1.08);
      const more = pass(words, W, H, bigger, null);
      if (!more) break;
      [s, placed] = [bigger, more];
    }
  } else {
    while (!placed && s > 0.5) {
      s *= 0.92;
      placed = pass(words, W, H, s, null);
    }
    if (!placed) return { scale: 0, placed: [], memory: null };
  }
  // Leave room at the edges for the next words (a pass of its own: every word keeps its room to grow).
  const roomier = s < top ? pass(words, W, H, s * HEADROOM, null) : null;
  if (roomier) [s, placed] = [s * HEADROOM, roomier];
  return result(centred(placed, W, H), s, W, H, words);
}

/** Whether the remembered layout still serves: the same box, and not far too small after words went away. */
function reusable(memory, words, W, H) {
  if (Math.abs(memory.W - W) >= 1 || Math.abs(memory.H - H) >= 1) return false;
  const keys = new Set(words.map((w) => w.key));
  const gone = [...memory.places.keys()].some((k) => !keys.has(k));
  return !gone || Math.min(maxScale(W, H), estimate(words, W, H)) < TOO_ROOMY * memory.scale;
}

/**
 * Lay out `words` ({key, text, count, width, height}) in a W×H area. `memory` is what the previous call
 * returned for the same cloud, or null. Returns {scale, placed: [{key, x, y, size, up, w, h}], memory}:
 * x and y the centre of the word in px from the area's top left, size its font size, up whether it
 * stands on end (turned a quarter anticlockwise). Every word keeps its place and size unless its own
 * count changed; new words take the free spot nearest the middle. When the words no longer fit, the
 * whole cloud shrinks about its middle; it is laid out afresh when the area changed size, or when
 * that is much better than what keeping places gives (see TOO_ROOMY, REDO, DRIFT).
 */
export function layoutCloud(words, W, H, memory = null) {
  if (!words.length || W < 1 || H < 1) return { scale: 0, placed: [], memory: null };
  if (!memory || !reusable(memory, words, W, H)) return fresh(words, W, H);
  // A new word may leave the cloud lopsided: then all words move together to the middle, none alone.
  const settle = (placed) => (words.some((w) => !memory.places.has(w.key)) ? centred(placed, W, H) : placed);
  const kept = pass(words, W, H, memory.scale, memory);
  if (kept && moved(kept, memory) && drifted(kept, words, W, H)) return fresh(words, W, H);
  if (kept) return result(settle(kept), memory.scale, W, H, words);
  // No room left at this scale: zoom the whole cloud out, unless a new layout reads much bigger.
  let s = memory.scale;
  let shrunk = null;
  for (let i = 0; i < 8 && !shrunk; i += 1) {
    s *= 0.92;
    shrunk = pass(words, W, H, s, memory);
  }
  // Everything moves now anyway: lay out afresh if the words come out much bigger, or if the words most
  // people share have drifted far from the middle (grown words move to where there is room).
  const anew = fresh(words, W, H);
  const keep = shrunk && s * REDO > anew.scale
    && offCentre(shrunk, words, W, H) < offCentre(anew.placed, words, W, H) + DRIFT;
  return keep ? result(settle(shrunk), s, W, H, words) : anew;
}

/** Whether a word that was on screen had to leave its place (it grew out of its room). */
function moved(placed, memory) {
  const s = memory.scale;
  return placed.some((p) => {
    const was = memory.places.get(p.key);
    return was && Math.abs(p.x - (memory.W / 2 + was.x * s)) + Math.abs(p.y - (memory.H / 2 + was.y * s)) > 0.5;
  });
}

/** Whether the words most people share sit much further out than a new layout would put them. */
function drifted(placed, words, W, H) {
  return offCentre(placed, words, W, H) > offCentre(fresh(words, W, H).placed, words, W, H) + DRIFT;
}

/** How far from the middle the words most people share sit: 0 in the middle, 1 at the area's edge. */
function offCentre(placed, words, W, H) {
  const top = [...words].sort((a, b) => b.count - a.count).slice(0, Math.min(6, Math.ceil(words.length / 8)));
  const at = new Map(placed.map((p) => [p.key, p]));
  const far = (p) => Math.hypot((2 * p.x) / W - 1, (2 * p.y) / H - 1);
  return top.reduce((sum, w) => sum + far(at.get(w.key)), 0) / top.length;
}
