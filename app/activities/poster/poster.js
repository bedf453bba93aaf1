// Group poster: a shared text per group written live from the phones, and the gallery walk over them.
import { el } from "../live.js";
import { phaseLabel, registerPhases } from "../clock.js";
import { alertLine, prompt, sendState } from "./phone_parts.js";

// The gallery walk's own phases ("walk:2:present", "walk:2:comment", "walk:return"), named for every screen's clock.
registerPhases({
  owns: (label) => label.startsWith("walk:"),
  label(label, t) {
    if (label === "walk:return") return t("Back in your group");
    const walk = /^walk:(\d+):(present|comment)$/.exec(label);
    if (!walk) return label;
    return walk[2] === "present" ? t("Stop %(n)s: the host presents", { n: walk[1] }) : t("Stop %(n)s: comments", { n: walk[1] });
  },
  progress(clock, t) {
    const stop = /^walk:(\d+):/.exec(clock.label || "");
    if (!stop) return "";
    const total = clock.phases.filter((p) => /^walk:\d+:present$/.test(p.label)).length;
    return t("Stop %(n)s of %(total)s", { n: stop[1], total });
  },
});
import { overflows } from "../fit.js";

const SAVE_AFTER_MS = 1500;

function markLabel(mark, t) {
  return mark === "agreed" ? t("Agreed") : mark === "discuss" ? t("To discuss") : "";
}

/** Comments as a list; `mark` (host or group) adds the agreed / to-discuss buttons. */
function commentList(comments, t, { mark = null, names = {} } = {}) {
  if (!comments.length) return el("p", { class: "hint" }, t("No comments yet."));
  return el("ul", { class: "comments" }, comments.map((c) => el("li", { "data-comment": c.id, "data-mark": c.mark || "" },
    el("span", { class: "comment-text" }, c.text),
    names[c.from_group] ? el("span", { class: "hint" }, t("from %(group)s", { group: names[c.from_group] })) : "",
    c.mark && !mark ? el("span", { class: `mark ${c.mark}` }, markLabel(c.mark, t)) : "",
    mark ? el("span", { class: "row" }, ["agreed", "discuss"].map((m) => el("button", {
      class: `btn small${c.mark === m ? " primary" : ""}`, type: "button", "aria-pressed": c.mark === m ? "true" : "false",
      onclick: () => mark(c.id, c.mark === m ? "" : m),
    }, markLabel(m, t)))) : "")));
}

/**
 * The poster editor: the group's text, saved after a pause in typing. The server merges a save made
 * from an older version with what others saved meanwhile, so the text here is never forced on anyone.
 */
class Editor {
  constructor(ctx) {
    this.ctx = ctx;
    this.base = ctx.own?.poster.rev ?? 0;
    this.dirty = false;
    this.timer = null;
    this.area = el("textarea", { id: `poster-${ctx.activity.id}`, rows: 9, maxlength: ctx.activity.settings.max_length, class: "poster-text" });
    this.area.value = ctx.own?.poster.text ?? "";
    this.area.addEventListener("input", () => { this.dirty = true; this.status(); clearTimeout(this.timer); this.timer = setTimeout(() => this.save(), SAVE_AFTER_MS); });
    this.area.addEventListener("blur", () => this.dirty && this.save());
    this.info = el("p", { class: "counter", id: `poster-state-${ctx.activity.id}`, "aria-live": "polite" });
    this.area.setAttribute("aria-describedby", this.info.id);
    this.button = el("button", { class: "btn primary big", type: "button", onclick: () => this.save() }, this.ctx.t("Save"));
    this.node = el("div", { class: "poster-editor" },
      el("label", { for: this.area.id }, ctx.t("Our poster")), this.area, this.info, this.button);
    this.status();
  }

  save() {
    clearTimeout(this.timer);
    if (!this.dirty) return;
    this.dirty = false;
    this.ctx.submit({ type: "edit", base: this.base, text: this.area.value });
    this.status();
  }

  update(ctx) {
    this.ctx = ctx;
    const poster = ctx.own?.poster;
    const pending = ctx.entries.some((e) => e.pending && e.payload?.type === "edit");
    // Take the group's newest text only when nothing typed here is waiting: a save in flight
    // would otherwise be shown undone until the merged text comes back.
    if (poster && !this.dirty && !pending && (poster.rev !== this.base || this.area.value !== poster.text)) {
      const focused = document.activeElement === this.area;
      const [start, end] = [this.area.selectionStart, this.area.selectionEnd];
      this.area.value = poster.text;
      this.base = poster.rev;
      if (focused) this.area.setSelectionRange(Math.min(start, poster.text.length), Math.min(end, poster.text.length));
    }
    this.status();
  }

  status() {
    const t = this.ctx.t;
    const pending = this.ctx.entries.some((e) => e.pending && e.payload?.type === "edit");
    const newer = this.ctx.own && this.ctx.own.poster.rev !== this.base;
    this.node.dataset.rev = String(this.base);
    this.info.textContent = this.dirty ? (newer ? t("Others have changed the poster: your text is merged with theirs when it is saved.") : t("Not saved yet"))
      : sendState(pending, this.ctx);
  }
}

function readOnly(text, t, label) {
  return el("div", { class: "poster-view" }, el("h2", { class: "poster-label" }, label),
    el("div", { class: "poster-body" }, text || t("The poster is empty so far.")));
}

function commentForm(ctx, at) {
  const t = ctx.t;
  const id = `comment-${ctx.activity.id}`;
  const field = el("textarea", { id, rows: 3, maxlength: 500 });
  field.value = ctx.draft.get();
  field.addEventListener("input", () => ctx.draft.set(field.value));
  const form = el("form", { class: "answer-form", novalidate: true },
    el("label", { for: id }, t("Your comment or suggestion")), field,
    el("button", { class: "btn primary big", type: "submit" }, t("Send")));
  form.addEventListener("submit", (event) => {
    event.preventDefault();
    const text = field.value.trim();
    if (!text) { ctx.fail(t("The answer is empty.")); return; }
    ctx.draft.set("");
    field.value = "";
    ctx.submit({ type: "comment", poster: at, text });
  });
  return form;
}

/** What a phone shows: the editor while writing, the walk's stop, and the feedback afterwards. */
export function phone(root, ctx) {
  let editor = null;
  let stageKey = null;
  const body = el("div", {});
  root.append(prompt(ctx.activity), body);

  function draw(c) {
    const t = c.t;
    const own = c.own;
    const walk = own?.walk;
    const key = !own ? "none" : walk ? `${walk.stage}:${walk.stop ?? ""}:${walk.host}:${walk.at ?? ""}` : `edit:${own.can_edit}`;
    const mark = (comment, value) => c.submit({ type: "mark", comment, mark: value });
    if (key === stageKey && (key.startsWith("edit") || key.startsWith("return"))) {
      editor?.update(c);
      if (walk) body.querySelector(".feedback")?.replaceChildren(commentList(walk.comments, t, { mark }));
      return;
    }
    if (key === stageKey && walk) {
      const list = body.querySelector(".live-comments");
      list?.replaceChildren(commentList(walk.comments, t, walk.host ? { mark } : {}));
      const text = body.querySelector(".poster-body");
      if (text && !walk.host) text.textContent = walk.at_text || t("The poster is empty so far.");
      return;
    }
    stageKey = key;
    editor = null;
    const nodes = [];
    const problem = alertLine(c.error);
    if (!own) {
      nodes.push(el("p", { class: "waiting" }, t("Join a group first.")));
    } else if (!walk || walk.stage === "return") {
      // Back from the walk (its time ran out or it was ended early): the feedback first, to read it, then the poster.
      if (walk) {
        nodes.push(el("p", { class: "notice stop-banner" }, t("Back in your group: read the feedback and finish your poster.")),
          el("h2", {}, t("Feedback on our poster")), el("div", { class: "feedback" }, commentList(walk.comments, t, { mark })));
      }
      if (own.can_edit) { editor = new Editor(c); nodes.push(editor.node); }
      else nodes.push(readOnly(own.poster.text, t, t("Our poster")), el("p", { class: "hint" }, t("The secretary writes on the poster.")));
    } else if (walk.host) {
      nodes.push(el("p", { class: "notice stop-banner", "data-stop": walk.stop, "data-host": "true" },
        `${phaseLabel(`walk:${walk.stop}:${walk.stage}`, t)} · `, el("strong", {}, t("You are the host: stay with your poster and present it."))),
      readOnly(own.poster.text, t, t("Our poster")),
      el("h2", {}, t("Comments from the visitors")), el("div", { class: "live-comments" }, commentList(walk.comments, t, { mark })));
    } else {
      nodes.push(el("p", { class: "notice stop-banner", "data-stop": walk.stop, "data-at": walk.at, "data-host": "false" },
        `${phaseLabel(`walk:${walk.stop}:${walk.stage}`, t)} · `, el("strong", {}, t("Go to the poster of %(group)s", { group: walk.at_name }))),
      readOnly(walk.at_text, t, t("Poster of %(group)s", { group: walk.at_name })),
      commentForm(c, walk.at),
      el("h2", {}, t("Your comments here")), el("div", { class: "live-comments" }, commentList(walk.comments, t)));
    }
    body.replaceChildren(problem, ...nodes);
  }

  draw(ctx);
  return { update: draw };
}

function posterCard(p, t, extra = []) {
  return el("article", { class: "poster-card", "data-group": p.group },
    el("h2", {}, p.name), el("div", { class: "poster-body" }, p.text || "…"), ...extra);
}

/**
 * Shrink `box`'s font (px; its contents are sized in em) until nothing runs past its end and no word is
 * wider than its own part (a poster card, a table): the projector never scrolls and never breaks a word
 * mid-word. Below `min` px, words may break after all (class "squeezed") rather than be cut off.
 */
function fitBox(box, parts, min = 11) {
  const fits = () => !overflows(box, { height: true }) && [...box.querySelectorAll(parts)].every((p) => !overflows(p));
  box.style.fontSize = "";
  box.classList.remove("squeezed");
  if (fits()) return;
  let lo = min;
  let hi = parseFloat(getComputedStyle(box).fontSize);
  for (let i = 0; i < 9 && hi - lo > 0.5; i += 1) {
    const mid = (lo + hi) / 2;
    box.style.fontSize = `${mid}px`;
    if (fits()) lo = mid; else hi = mid;
  }
  box.style.fontSize = `${lo}px`;
  if (!fits()) box.classList.add("squeezed");
}

let refit = () => {};
window.addEventListener("resize", () => refit());

/** Fit `box` once the presenter has put it on the stage (it is built before it is attached). */
function fitWhenShown(box, parts) {
  refit = () => { if (box.isConnected) fitBox(box, parts); };
  requestAnimationFrame(refit);
}

/** Who stands where at each stop: a column per poster (with its host), a row per stop, this stop marked. */
function rotationTable(walk, number, results, t, state) {
  const names = Object.fromEntries(results.posters.map((p) => [p.group, p.name]));
  const members = Object.fromEntries((state?.groups || []).flatMap((g) => g.members.map((m) => [m.id, m.name])));
  // An anonymous host has no name to show: their phone tells them, the screen shows no dash.
  const host = (g) => members[walk.hosts[String(g)]];
  return el("table", { class: "rotation" },
    el("thead", {}, el("tr", {}, el("th", { scope: "col" }, t("Stop")), walk.order.map((g) => el("th", { scope: "col" },
      names[g], host(g) ? el("span", { class: "host" }, `${t("Host")}: ${host(g)}`) : "")))),
    el("tbody", {}, walk.schedule.map((at, i) => {
      const now = i + 1 === number;
      // Only this stop's row says "Visitors:"; the others are the names alone, to keep the table small.
      return el("tr", { class: now ? "now" : "", "aria-current": now ? "step" : false, "data-stop": i + 1 },
        el("th", { scope: "row" }, String(i + 1)),
        at.map((visitor) => el("td", {}, now ? t("Visitors: %(group)s", { group: names[walk.order[visitor]] })
          : names[walk.order[visitor]])));
    })));
}

/** The room's view: every poster side by side (or one), and during the walk who stands where. */
export function presenter(root, { results, t, state }) {
  const posters = results.posters.filter((p) => state?.groups?.some((g) => g.id === p.group && g.count) ?? true);
  const walk = results.walk;
  const stop = /^walk:(\d+):/.exec(state?.activity?.clock?.label || "");
  if (walk && !walk.ended && stop) {
    // The stop itself is named once, by the countdown above; the table shows who stands where.
    const box = el("div", { class: "rotation-fit" }, rotationTable(walk, Number(stop[1]), results, t, state));
    root.append(box);
    fitWhenShown(box, "table.rotation");
    return;
  }
  const focus = results.focus;
  const shown = focus ? posters.filter((p) => p.group === focus) : posters;
  const comments = (g) => results.comments.filter((c) => c.poster === g);
  // As few rows as the wide screen takes (at most four posters a row): six posters are 3 + 3, not 4 + 2.
  const rows = Math.ceil(shown.length / 4);
  const columns = focus ? "" : `grid-template-columns: repeat(${Math.ceil(shown.length / rows) || 1}, minmax(0, 1fr))`;
  const box = el("div", { class: `posters${focus ? " one" : ""}`, style: columns }, shown.map((p) => posterCard(p, t,
    comments(p.group).length ? [el("p", { class: "hint" }, t("%(n)s comments", { n: comments(p.group).length }))] : [])));
  root.append(box);
  fitWhenShown(box, ".poster-card > *");
}

/** The console: the walk's controls, which poster the room sees, and the comments to moderate. */
export function console(root, { results, command: act, t, state }) {
  const walk = results.walk;
  const running = walk && !walk.ended;
  const fields = [["present_seconds", t("Host presents (seconds)"), 60], ["comment_seconds", t("Comments (seconds)"), 180],
    ["return_seconds", t("Back in groups (seconds)"), 300]];
  const inputs = fields.map(([name, label, value]) => [name, el("input", { type: "number", id: `walk-${name}`, min: 1, max: 3600, value })]);
  const start = el("form", { class: "row walk-form" },
    inputs.map(([name, input], i) => el("div", { style: "flex: 1 1 9rem" }, el("label", { for: input.id }, fields[i][1]), input)),
    el("button", { class: "btn primary", type: "submit", id: "walk-start" }, running ? t("Restart the gallery walk") : t("Start the gallery walk")));
  start.addEventListener("submit", (event) => {
    event.preventDefault();
    act("walk_start", Object.fromEntries(inputs.map(([name, input]) => [name, Number(input.value)])));
  });
  root.append(el("h3", {}, t("Gallery walk")), start);
  if (running) {
    root.append(el("p", { class: "row" },
      el("button", { class: "btn", type: "button", onclick: () => act("walk_hosts") }, t("Draw new hosts")),
      el("button", { class: "btn danger", type: "button", onclick: () => act("walk_end") }, t("End the gallery walk"))));
  }
  root.append(el("h3", {}, t("On the screen")), el("p", { class: "row" },
    el("button", { class: "btn small", type: "button", "aria-pressed": results.focus ? "false" : "true", onclick: () => act("show_poster", { group_id: null }) }, t("All posters")),
    results.posters.map((p) => el("button", { class: "btn small", type: "button", "aria-pressed": results.focus === p.group ? "true" : "false",
      onclick: () => act("show_poster", { group_id: p.group }) }, p.name))));
  const names = Object.fromEntries(results.posters.map((p) => [p.group, p.name]));
  root.append(el("h3", {}, t("Posters")), el("div", { class: "posters small" }, results.posters.map((p) => posterCard(p, t))));
  if (results.comments.length) {
    root.append(el("h3", {}, t("Comments")), el("ul", { class: "mod-list" }, results.comments.map((c) =>
      el("li", { class: c.hidden ? "is-hidden" : "", "data-entry": c.id },
        el("span", {}, `${names[c.poster] || ""}: ${c.text}`, c.mark ? ` (${markLabel(c.mark, t)})` : ""),
        el("button", { class: "btn small", type: "button", onclick: () => act(c.hidden ? "unhide_entry" : "hide_entry", { entry_id: c.id }) },
          c.hidden ? t("Show") : t("Hide"))))));
  }
}
