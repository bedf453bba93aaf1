// The phase countdown shared by phone, presenter and console: one absolute deadline, every screen alike.
import { el } from "./live.js";

const KNOWN = { individual: "Individual", group: "Group", plenary: "Plenary" };

// Phases a kind sets itself (the gallery walk's stops) are named by that kind's script, which registers here.
const namers = [];
const namerOf = (label) => namers.find((n) => n.owns(label || ""));

/**
 * A kind's own phases: `owns(label)`, `label(label, t)` as people read it, `progress(clock, t)` in words
 * ("Stop 2 of 5"), and optionally `speakers(members)`: who of the group takes the turns of a round-robin phase.
 * A plan with such phases is that kind's run: shown compact, not edited by hand. Screens already drawn hear
 * "phases-named" on the document and draw their phases again.
 */
export function registerPhases(namer) {
  namers.push(namer);
  document.dispatchEvent(new Event("phases-named"));
}

/** A phase label as people read it: the I-G-P keys translated, a kind's own phases named by that kind. */
export function phaseLabel(label, t) {
  if (!label) return "";
  if (KNOWN[label]) return t(KNOWN[label]);
  const namer = namerOf(label);
  return namer ? namer.label(label, t) : label;
}

/** The stored label for what a facilitator typed: a translated I-G-P name goes back to its key. */
export function phaseKey(text, t) {
  const typed = text.trim().toLowerCase();
  return Object.keys(KNOWN).find((k) => k === typed || t(KNOWN[k]).toLowerCase() === typed) || text.trim();
}

/** Whether a plan is a kind's own run (a gallery walk's): its phases are set by the kind, not by hand. */
export function ownedPlan(phases) {
  return (phases || []).some((p) => namerOf(p.label));
}

/** Where a clock stands in words, for plans too long for one chip per phase: "Stop 2 of 5", "Phase 3 of 8". */
function progressText(clock, t) {
  if (clock.index < 0 || clock.over) return "";
  const namer = namerOf(clock.label);
  if (namer) return namer.progress(clock, t);
  return ownedPlan(clock.phases) ? "" : t("Phase %(n)s of %(total)s", { n: clock.index + 1, total: clock.phases.length });
}

// More phases than this (or any gallery walk) show as a slim progress bar, not one chip per phase.
const MAX_CHIPS = 4;

/** Seconds as "m:ss". */
export function mmss(seconds) {
  const s = Math.max(0, Math.ceil(seconds));
  return `${Math.floor(s / 60)}:${String(s % 60).padStart(2, "0")}`;
}

/** Seconds left in the current phase at server time `now` (null when nothing runs or waits). */
export function remaining(clock, now) {
  if (!clock || clock.over || clock.index < 0) return null;
  if (clock.running) return Math.max(0, clock.deadline - now);
  return clock.remaining;
}

/**
 * A countdown element kept up to date four times a second.
 * serverNow: () => server seconds; members: optional [{name}] for round-robin turns.
 */
export class PhaseTimer {
  constructor(t, serverNow, { big = false, sound = () => false } = {}) {
    this.t = t;
    this.serverNow = serverNow;
    this.sound = sound;
    this.clock = null;
    this.members = [];
    this.label = el("span", { class: "phase-label" });
    this.time = el("span", { class: "phase-time", role: "timer", "aria-live": "off" });
    this.turn = el("span", { class: "phase-turn", "aria-live": "polite" });
    this.steps = el("ol", { class: "phase-steps" });
    this.progress = el("span", { class: "phase-progress" });
    this.node = el("div", { class: `phase-timer${big ? " big" : ""}`, hidden: true }, this.label, this.time, this.turn,
      el("div", { class: "phase-plan-row" }, this.steps, this.progress));
    this.lastKey = null;
    setInterval(() => this.tick(), 250);
    document.addEventListener("phases-named", () => this.clock && this.set(this.clock, this.members));
  }

  set(clock, members = []) {
    this.clock = clock;
    this.members = members || [];
    this.node.hidden = !clock;
    if (!clock) return;
    // A long plan (a gallery walk has up to 11 phases) as chips would fill a third of the projector:
    // a slim bar of segments and "Stop 2 of 5" instead; the bar is for the eye, the words for everyone.
    const compact = clock.phases.length > MAX_CHIPS || ownedPlan(clock.phases);
    this.node.classList.toggle("compact", compact);
    this.steps.toggleAttribute("aria-hidden", compact);
    this.steps.replaceChildren(...clock.phases.map((p, i) => el("li", {
      class: i === clock.index ? "now" : i < clock.index || clock.over ? "done" : "",
      "aria-current": i === clock.index && !compact ? "step" : false,
    }, compact ? "" : `${phaseLabel(p.label, this.t)} · ${mmss(p.seconds)}`)));
    this.progress.textContent = compact ? progressText(clock, this.t) : "";
    this.tick();
  }

  tick() {
    const clock = this.clock;
    if (!clock) return;
    const left = remaining(clock, this.serverNow());
    const key = `${clock.index}:${clock.over}`;
    const ended = left !== null && left <= 0 && clock.running;
    this.node.dataset.state = clock.over ? "over" : clock.index < 0 ? "ready" : !clock.running ? "paused" : ended ? "ended" : "running";
    this.node.dataset.remaining = left === null ? "" : String(Math.ceil(left));
    this.label.textContent = clock.over ? this.t("All phases are done") : clock.index < 0 ? this.t("Not started yet")
      : `${phaseLabel(clock.label, this.t)}${clock.running ? "" : ` · ${this.t("paused")}`}`;
    this.time.textContent = left === null ? "" : mmss(left);
    this.time.setAttribute("aria-label", left === null ? "" : this.t("%(time)s left", { time: mmss(left) }));
    this.turn.textContent = this.turnText(clock, left);
    if (ended && this.lastKey !== `${key}:ended`) {
      this.lastKey = `${key}:ended`;
      this.cue();
    } else if (!ended) this.lastKey = key;
  }

  /** Round-robin sharing: the phase split into equal turns, one per member in the group's order. */
  turnText(clock, left) {
    // A kind may say who takes the turns in its own phases (peer coaching: the consultants, not the case owner).
    const members = namerOf(clock.label)?.speakers?.(this.members) || this.members;
    if (!clock.turns || !members.length || left === null || clock.over || clock.index < 0) return "";
    const n = members.length;
    const turn = clock.seconds / n;
    const elapsed = Math.max(0, clock.seconds - left);
    const i = Math.min(n - 1, Math.floor(elapsed / turn));
    const name = members[i].name || this.t("Member %(n)s", { n: this.members.indexOf(members[i]) + 1 });
    return this.t("Speaking now: %(name)s (%(n)s of %(total)s) · %(time)s", { name, n: i + 1, total: n, time: mmss((i + 1) * turn - elapsed) });
  }

  /** The end of a phase: a flash, and a short tone where sound is switched on. */
  cue() {
    this.node.classList.remove("flash");
    void this.node.offsetWidth;
    this.node.classList.add("flash");
    if (!this.sound()) return;
    try {
      const ctx = new (window.AudioContext || window.webkitAudioContext)();
      const osc = ctx.createOscillator();
      const gain = ctx.createGain();
      osc.frequency.value = 880;
      gain.gain.setValueAtTime(0.2, ctx.currentTime);
      gain.gain.exponentialRampToValueAtTime(0.001, ctx.currentTime + 1.2);
      osc.connect(gain).connect(ctx.destination);
      osc.start();
      osc.stop(ctx.currentTime + 1.2);
    } catch {}
  }
}
