// Peer coaching (kollegaveiledning): the case owner's phone shares a problem and reads the advice as it is written,
// the consultants' phones show the problem and an advice form; projector and console see only each group's progress.
import { el } from "../live.js";
import { mmss, registerPhases } from "../clock.js";
import { alertLine, prompt, sendState } from "./phone_parts.js";
import { fitGrid } from "./rounds.js";

const PREFIX = "coaching:";
const STEPS = ["present", "questions", "advice", "reflection"];
const STEP_NAMES = { present: "Presentation", questions: "Clarifying questions", advice: "Advice", reflection: "Reflection" };
const LIMITS = { case: 2000, advice: 1000, reflection: 2000 };

// The case owner of this phone's group (from its personal view): the round-robin turns go to the others.
let ownerId = null;

// The plan the console starts ("coaching:present" ... "coaching:reflection"), named on every screen's clock.
registerPhases({
  speakers: (members) => (ownerId !== null && members.some((m) => m.id === ownerId) && members.length > 1
    ? members.filter((m) => m.id !== ownerId) : members),
  owns: (label) => label.startsWith(PREFIX),
  label: (label, t) => (STEP_NAMES[label.slice(PREFIX.length)] ? t(STEP_NAMES[label.slice(PREFIX.length)]) : label),
  progress(clock, t) {
    const i = STEPS.indexOf((clock.label || "").slice(PREFIX.length));
    return i < 0 ? "" : t("Step %(n)s of %(total)s", { n: i + 1, total: STEPS.length });
  },
});

/** Whether a clock runs the coaching plan. */
const coachingPlan = (clock) => (clock?.phases || []).some((p) => p.label.startsWith(PREFIX));

/** The step the groups are in: a STEPS name, "over", or null (no plan, or not started). */
function stageOf(clock) {
  if (!coachingPlan(clock)) return null;
  if (clock.over) return "over";
  if (clock.index < 0) return null;
  const step = (clock.label || "").slice(PREFIX.length);
  return STEPS.includes(step) ? step : null;
}

// An entry's type and text: a stored one as the server keeps it, one still on its way as it was sent.
const typeOf = (p) => p?.type || Object.keys(LIMITS).find((k) => typeof p?.[k] === "string");
const textOf = (p) => p?.text ?? p?.[typeOf(p)] ?? "";

// The leader's journal entries, fetched once per programme ([] without a programme, or when the journal cannot
// be read): a problem to share may already be written there.
const journals = new Map();
const COACHING_QUESTION = /kollegaveiledning|kollegarettleiing|peer coaching/i;
function journalEntries(programmeId) {
  if (!programmeId) return Promise.resolve([]);
  if (!journals.has(programmeId)) {
    journals.set(programmeId, fetch(`/api/v1/journal/${programmeId}`, { credentials: "same-origin", headers: { Accept: "application/json" } })
      .then((r) => (r.ok ? r.json() : { entries: [] }))
      .then((data) => (Array.isArray(data?.entries) ? data.entries : [])
        .filter((e) => typeof e?.body === "string" && e.body.trim())
        // Answers to the journal's "Problemstilling til kollegaveiledning" first, then the newest.
        .sort((a, b) => COACHING_QUESTION.test(b.question || "") - COACHING_QUESTION.test(a.question || "")
          || String(b.created_at || "").localeCompare(String(a.created_at || ""))))
      .catch(() => []));
  }
  return journals.get(programmeId);
}

/** The phone's drafts, one per form ({case, advice, reflection}) in the activity's one draft slot. */
function drafts(ctx) {
  const all = ctx.draft.get();
  return all && typeof all === "object" ? all : {};
}
function keepDraft(ctx, type, value) {
  const all = { ...drafts(ctx), [type]: value };
  if (!value) delete all[type];
  ctx.draft.set(Object.keys(all).length ? all : "");
}

/**
 * A text form that stays on screen between updates (focus and caret kept while advice arrives): `type` is the
 * entry it sends, `extra` what goes with it. Returns {node, update(ctx)}.
 */
function textForm(ctx, { type, label, hint = "", button, initial = "", rows = 4, extra = () => ({}), before = "", sent = () => {},
  saved = () => null }) {
  let current = ctx;
  const t = ctx.t;
  const id = `pc-${type}-${ctx.activity.id}`;
  const field = el("textarea", { id, rows, maxlength: LIMITS[type], "aria-describedby": `${id}-state` });
  field.value = drafts(ctx)[type] ?? initial;
  const state = el("p", { class: "counter", id: `${id}-state`, "aria-live": "polite" });
  // Where the text stands: on its way, or saved as it reads now (an edited text is neither until it is sent).
  const send = el("button", { class: "btn primary big", type: "submit" }, button);
  const show = () => {
    const pending = current.entries.some((e) => e.pending && typeOf(e.payload) === type);
    const stored = saved(current);
    send.disabled = Boolean(current.activity.locked);
    state.textContent = current.activity.locked ? t("Answers are locked.") : pending ? sendState(true, current)
      : stored && stored === field.value.trim() ? sendState(false, current) : "";
  };
  field.addEventListener("input", () => { keepDraft(current, type, field.value); show(); });
  const node = el("form", { class: `answer-form pc-form pc-${type}-form`, novalidate: true },
    el("label", { for: id, class: "pc-label" }, label), hint ? el("p", { class: "hint" }, hint) : "", before, field, state, send);
  node.addEventListener("submit", (event) => {
    event.preventDefault();
    const text = field.value.trim();
    if (!text) { current.fail(t("The answer is empty.")); return; }
    if (text.length > LIMITS[type]) { current.fail(t("The answer is too long (at most %(limit)s characters).", { limit: LIMITS[type] })); return; }
    keepDraft(current, type, "");
    if (type === "advice") field.value = ""; // advice is one of many: the field is ready for the next
    current.submit({ [type]: text, ...extra(current) });
    sent();
  });
  return {
    node, field,
    update(c) {
      current = c;
      show();
    },
  };
}

/** "Take it from your journal": a choice that fills the problem's field (only when the journal has entries). */
function journalPicker(ctx, form) {
  const box = el("div", { class: "pc-journal" });
  journalEntries(ctx.programme).then((entries) => {
    if (!entries.length) return;
    const t = ctx.t;
    const id = `pc-journal-${ctx.activity.id}`;
    // The leader knows their own words: each choice is the entry's text (its question is the choice's title).
    const short = (e) => {
      const text = e.body.replace(/\s+/g, " ").trim();
      return text.length > 80 ? `${text.slice(0, 79)}…` : text;
    };
    const select = el("select", { id }, el("option", { value: "" }, t("Choose an entry…")),
      entries.map((e, i) => el("option", { value: String(i), title: e.question || false }, short(e))));
    select.addEventListener("change", () => {
      const chosen = entries[Number(select.value)];
      if (!chosen || select.value === "") return;
      form.field.value = chosen.body.slice(0, LIMITS.case);
      form.field.dispatchEvent(new Event("input"));
    });
    box.replaceChildren(el("label", { for: id, class: "hint" }, t("Take it from your journal")), select);
  });
  return box;
}

function caseForm(ctx, { initial = "", open = false, sent = () => {} } = {}) {
  const t = ctx.t;
  const before = el("div", {});
  const form = textForm(ctx, {
    type: "case", rows: 5, initial, before, sent, label: t("Share your problem"), saved: (c) => c.own?.case || null,
    hint: open ? t("The first in your group to share becomes the case owner. Only your group sees the text.") : "",
    button: open ? t("Share with your group") : t("Save the problem"),
  });
  before.append(journalPicker(ctx, form));
  return form;
}

function caseBlock(own, t, { owner, onEdit = null }) {
  return el("section", { class: "pc-case", "aria-labelledby": "pc-case-head" },
    el("h2", { id: "pc-case-head" }, owner ? t("Your problem") : t("The problem")),
    !owner && own.owner_name ? el("p", { class: "hint" }, t("Case owner: %(name)s", { name: own.owner_name })) : "",
    own.case ? el("div", { class: "pc-case-text" }, own.case) : el("p", { class: "hint" }, t("The case owner has not shared the problem yet.")),
    onEdit ? el("button", { class: "btn small", type: "button", onclick: onEdit }, t("Change the problem")) : "");
}

function adviceList(items, t, { heading, empty }) {
  return el("section", { class: "pc-advice", "aria-labelledby": "pc-advice-head" },
    el("h2", { id: "pc-advice-head" }, heading, items.length ? el("span", { class: "count" }, ` (${items.length})`) : ""),
    items.length ? el("ul", { class: "pc-advice-list" }, items.map((a) => el("li", { "data-advice": a.id ?? "" },
      el("span", { class: "pc-advice-text" }, a.text), a.state ? el("span", { class: "state" }, a.state) : "")))
      : el("p", { class: "hint" }, empty));
}

const OWNER_TASKS = {
  null: "You are the case owner. Only your group sees your problem.",
  present: "Present your problem to the group.",
  questions: "Answer the group's clarifying questions.",
  advice: "Listen: the advice appears below as it is written.",
  reflection: "Tell the group what you take with you, and write it down.",
  over: "Peer coaching is done. Thank you for sharing.",
};
const CONSULTANT_TASKS = {
  null: "Read the problem. The facilitator starts the steps.",
  present: "Listen while the case owner presents.",
  questions: "Ask clarifying questions: ask, do not advise yet.",
  advice: "Write your advice to the case owner.",
  reflection: "Listen to the case owner's reflection.",
  over: "Peer coaching is done. Thank you for your advice.",
};

/** What one phone shows: the parts in order, each a node (redrawn) or a form (kept while the layout stays). */
function screen(c, local) {
  const { t, own } = c;
  const stage = stageOf(c.activity.clock);
  const role = own?.role || (c.me?.group ? "open" : "none");
  const alert = ["alert", alertLine(c.error)];
  if (role === "none") return { key: "none", parts: [["wait", el("p", { class: "waiting" }, t("Join a group first."))]] };
  if (role === "open") return { key: "open", parts: [alert, ["share", { form: "case", open: true }]] };
  const task = (tasks) => ["task", el("p", { class: "notice pc-task", "data-role": role, "data-stage": stage || "" }, t(tasks[stage])) ];
  if (role === "owner") {
    const advice = adviceList(own.advice || [], t, { heading: t("Advice from your group"),
      empty: t("No advice yet: it appears here as it is written.") });
    const editing = local.editing || !own.case;
    const problem = editing ? ["share", { form: "case", initial: own.case || "" }]
      : ["case", caseBlock(own, t, { owner: true, onEdit: stage === "advice" ? null : () => local.edit() })];
    const reflect = stage === "reflection" || stage === "over" || (stage === null && (own.advice || []).length > 0);
    const cancel = editing && own.case ? [["cancel", el("button", { class: "btn small", type: "button", onclick: () => local.cancel() },
      t("Cancel"))]] : [];
    const parts = [task(OWNER_TASKS), alert];
    if (reflect) parts.push(["reflect", { form: "reflection" }]);
    if (stage === "advice" || reflect) parts.push(["advice", advice], problem, ...cancel);
    else parts.push(problem, ...cancel, ["advice", advice]);
    return { key: `owner:${stage}:${editing}:${reflect}`, parts };
  }
  const sentHere = c.entries.filter((e) => typeOf(e.payload) === "advice" && (e.pending || e.payload.group === own.group))
    .map((e) => ({ id: e.id, text: textOf(e.payload), state: sendState(e.pending, c) }));
  const mine = ["mine", adviceList(sentHere, t, { heading: t("Advice you have sent"), empty: t("You have not written any advice yet.") })];
  const give = own.case_id && stage !== "present" && stage !== "questions" && stage !== "reflection";
  const parts = [task(CONSULTANT_TASKS), alert];
  if (give && stage === "advice") parts.push(["give", { form: "advice" }], mine, ["case", caseBlock(own, t, { owner: false })]);
  else parts.push(["case", caseBlock(own, t, { owner: false })], ...(give ? [["give", { form: "advice" }], mine] : sentHere.length ? [mine] : []));
  return { key: `consultant:${stage}:${Boolean(give)}`, parts };
}

export function phone(root, ctx) {
  const body = el("div", { class: "pc-phone" });
  root.append(prompt(ctx.activity), body);
  let layout = null;
  let slots = {};
  let forms = {};
  let latest = ctx;
  const local = {
    editing: false,
    edit() { local.editing = true; draw(latest); forms.share?.field.focus(); },
    cancel() { local.editing = false; keepDraft(latest, "case", ""); draw(latest); },
  };

  function makeForm(c, spec) {
    const t = c.t;
    if (spec.form === "case") {
      return caseForm(c, { initial: spec.initial, open: spec.open, sent: () => { local.editing = false; } });
    }
    if (spec.form === "reflection") {
      return textForm(c, { type: "reflection", rows: 4, initial: c.own?.reflection || "",
        label: t("Your reflection: what do you take with you?"),
        hint: c.programme ? t("Your problem, the advice and your reflection go into your journal.") : "",
        button: t("Save the reflection"), saved: (now) => now.own?.reflection || null });
    }
    return textForm(c, { type: "advice", rows: 4, label: t("New advice"), button: t("Send advice"),
      extra: (now) => (now.own?.case_id ? { case_id: now.own.case_id } : {}) });
  }

  function draw(c) {
    latest = c;
    ownerId = c.own?.owner_id ?? null;
    const view = screen(c, local);
    if (view.key !== layout) {
      layout = view.key;
      forms = {};
      slots = Object.fromEntries(view.parts.map(([name]) => [name, el("div", { class: `pc-part pc-slot-${name}` })]));
      body.replaceChildren(...Object.values(slots));
    }
    for (const [name, content] of view.parts) {
      if (content && content.form) {
        forms[name] ||= makeForm(c, content);
        if (forms[name].node.parentNode !== slots[name]) slots[name].replaceChildren(forms[name].node);
        forms[name].update(c);
      } else slots[name].replaceChildren(content || "");
    }
  }

  draw(ctx);
  return { update: draw };
}

/** The plan's steps with their minutes, the current one marked (from the clock, or the settings before a start). */
function stepList(activity, t) {
  const clock = activity?.clock;
  const stage = stageOf(clock);
  const planned = coachingPlan(clock) ? Object.fromEntries(clock.phases.map((p) => [p.label.slice(PREFIX.length), p])) : {};
  const settings = activity?.settings || {};
  const at = STEPS.indexOf(stage);
  return el("ol", { class: "pc-steps" }, STEPS.map((s, i) => {
    const seconds = planned[s]?.seconds ?? (settings[`${s}_minutes`] || 0) * 60;
    const state = stage === "over" || (at >= 0 && i < at) ? "done" : i === at ? "now" : "";
    return el("li", { class: state, "data-step": s, "aria-current": state === "now" ? "step" : false },
      el("span", { class: "pc-step-name" }, t(STEP_NAMES[s])), el("span", { class: "pc-step-time" }, mmss(seconds)));
  }));
}

function groupCard(g, t) {
  const line = (ok, yes, no) => el("p", { class: ok ? "pc-yes" : "pc-no" }, ok ? `✓ ${yes}` : no);
  return el("article", { class: "pc-group", "data-group": g.group, "data-owner": String(g.owner), "data-advice": g.advice,
    "data-reflection": String(g.reflection) },
  el("h2", {}, g.name),
  line(g.shared, t("Problem shared"), g.owner ? t("Case owner chosen") : t("Waiting for a problem")),
  el("p", { class: "pc-count" }, t("%(n)s pieces of advice", { n: g.advice })),
  line(g.reflection, t("Reflection written"), t("No reflection yet")));
}

/** Groups that have members now (all of them before the room has any). */
function present(groups, state) {
  const counts = new Map((state?.groups || []).filter((g) => g.id !== null).map((g) => [g.id, g.count]));
  return counts.size ? groups.filter((g) => counts.get(g.group)) : groups;
}

/** The room: the method's steps with the current one marked, and each group's progress (never its texts). */
export function presenter(root, { results, t, state, activity }) {
  const grid = el("div", { class: "pc-groups" }, present(results.groups, state).map((g) => groupCard(g, t)));
  root.append(el("div", { class: "pc-stage" }, stepList(state?.activity || activity, t), grid));
  return fitGrid(grid, { fill: true, aspect: 1.7 });
}

/** The console: start the steps, set a group's case owner, and how far each group has come. */
export function console(root, { results, activity, command: act, t, state }) {
  const settings = activity?.settings || {};
  const clock = activity?.clock;
  const running = coachingPlan(clock) && !clock.over;
  const members = new Map((state?.groups || []).filter((g) => g.id !== null).map((g) => [g.id, g.members]));
  const start = () => act("coaching_start", Object.fromEntries(["present_minutes", "questions_minutes", "advice_minutes",
    "reflection_minutes", "questions_turns", "advice_turns"].filter((k) => k in settings).map((k) => [k, settings[k]])));
  const ownerChoice = (g) => {
    const select = el("select", { "aria-label": t("Case owner in %(group)s", { group: g.name }), "data-group": g.group },
      el("option", { value: "" }, t("Change the case owner…")), el("option", { value: "first" }, t("Whoever shares first")),
      (members.get(g.group) || []).map((m) => el("option", { value: String(m.id) }, m.name || t("Anonymous #%(n)s", { n: m.id }))));
    select.addEventListener("change", () => {
      if (!select.value) return;
      act("coaching_owner", { group_id: g.group, participant_id: select.value === "first" ? null : Number(select.value) });
    });
    return select;
  };
  const mark = (ok) => (ok ? "✓" : "–");
  root.append(
    el("p", { class: "hint" }, t("Only the group sees the problem and the advice: here you see how far each group has come.")),
    stepList(activity, t),
    el("p", { class: "row" },
      el("button", { class: "btn primary", type: "button", id: "coaching-start", onclick: start },
        running ? t("Start the steps again") : t("Start peer coaching")),
      running ? el("button", { class: "btn", type: "button", id: "coaching-stop", onclick: () => act("coaching_stop") },
        t("End peer coaching")) : ""),
    el("table", { class: "pc-table" },
      el("thead", {}, el("tr", {}, [t("Group"), t("Case owner chosen"), t("Problem shared"), t("Advice"), t("Reflection written"),
        t("Case owner")].map((h) => el("th", { scope: "col" }, h)))),
      el("tbody", {}, results.groups.map((g) => el("tr", { "data-group": g.group },
        el("th", { scope: "row" }, g.name), el("td", {}, mark(g.owner)), el("td", {}, mark(g.shared)),
        el("td", {}, String(g.advice)), el("td", {}, mark(g.reflection)), el("td", {}, ownerChoice(g)))))));
}
