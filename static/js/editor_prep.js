// Preparing a workshop in the editor, draft or live: named groups, roles, and every activity's timed phases.
import { api, el, preloadKinds, translator } from "./live.js";
import { mmss, ownedPlan, phaseLabel } from "./clock.js";
import { IGP, inMinutes, phaseNames, phaseRow, readPhases, readRoles, roleRows } from "./plan_forms.js";

const root = document.getElementById("editor");
const t = translator(root);
const workshopApi = `/api/v1/workshops/${root.dataset.workshop}`;
const MAX_PHASES = 12;

/** Call the API; a failure is shown in the panel's alert (and gives null). */
async function call(panel, path, method, body) {
  const alert = panel.querySelector(":scope > .form-error");
  alert.hidden = true;
  try {
    return await api(path, method, body) ?? {};
  } catch (err) {
    alert.textContent = err.message;
    alert.hidden = false;
    return null;
  }
}

// --- groups and roles -------------------------------------------------------------------------------
const groupsPanel = document.getElementById("prep-groups");

/** Load the groups and roles and draw the panel; `focus` is the id of the field to type in next. */
async function loadGroups(focus = null) {
  const data = await call(groupsPanel, `${workshopApi}/groups`, "GET");
  if (!data) return;
  const box = groupsPanel.querySelector(".prep-body");
  box.replaceChildren(groupChoice(data.group_choice), groupList(data.groups.filter((g) => g.id !== null)),
    el("h3", {}, t("Roles")), rolesForm(data.roles || []));
  if (focus) document.getElementById(focus)?.focus();
}

/** Change something, then draw the panel again from the server's answer. */
async function change(path, method, body, focus = null) {
  if (await call(groupsPanel, path, method, body)) await loadGroups(focus);
}

function groupChoice(allowed) {
  const box = el("input", { type: "checkbox", id: "prep-group-choice", checked: !!allowed });
  box.addEventListener("change", () => change(workshopApi, "PATCH", { group_choice: box.checked }));
  return el("label", { class: "check" }, box, t("Participants choose their group when they join"));
}

/** One form per group (rename on Save, × deletes) and a form that adds the next one. */
function groupList(groups) {
  const rows = groups.map((g, i) => {
    const name = el("input", { id: `prep-group-${i}`, value: g.name, maxlength: 60, required: true,
      "aria-label": `${t("Group")} ${i + 1}` });
    const form = el("form", { class: "row prep-group", "data-group": g.id },
      el("span", { class: "prep-number", "aria-hidden": "true" }, `${i + 1}.`), name,
      el("button", { class: "btn small", type: "submit", "aria-label": `${t("Save")}: ${g.name}` }, t("Save")),
      el("button", { class: "btn small danger", type: "button", "aria-label": `${t("Delete")}: ${g.name}`,
        onclick: () => confirm(t("Delete the group %(name)s?", { name: g.name }))
          && change(`/api/v1/groups/${g.id}`, "DELETE") }, "×"));
    form.addEventListener("submit", (e) => { e.preventDefault(); change(`/api/v1/groups/${g.id}`, "PATCH", { name: name.value }); });
    return el("li", {}, form);
  });
  const name = el("input", { id: "prep-new-group", maxlength: 60, placeholder: "Gygrene" });
  const add = el("form", { class: "row prep-add-group" },
    el("div", { style: "flex: 1 1 12rem" }, el("label", { for: "prep-new-group" }, t("New group")), name),
    el("button", { class: "btn", type: "submit" }, t("Add group")));
  // Back in the empty field afterwards: six names typed one after the other, each with Enter.
  add.addEventListener("submit", (e) => {
    e.preventDefault();
    if (name.value.trim()) change(`${workshopApi}/groups`, "POST", { name: name.value }, "prep-new-group");
  });
  return el("div", {}, el("ol", { class: "prep-groups" }, rows), add);
}

// Field ids: #prep-role-name-0 ... and, per activity, #prep-ph-<activity>-0-label ...
const roleId = (field, i) => `prep-role-${field}-${i}`;

/** The roles handed out in every group: edit them, or start from the seeds' three. */
function rolesForm(roles) {
  const form = el("form", { class: "roles-form" },
    ...roleRows(roleId, roles, t),
    el("p", { class: "row" }, el("button", { class: "btn", type: "submit" }, t("Save roles")),
      el("button", { class: "btn", type: "button", id: "prep-preset-roles", onclick: async () => {
        const presets = await call(groupsPanel, `${workshopApi}/roles/presets`, "GET");
        if (presets) await change(`${workshopApi}/roles`, "PUT", { roles: presets });
      } }, t("Use the standard roles"))));
  form.addEventListener("submit", (e) => {
    e.preventDefault();
    change(`${workshopApi}/roles`, "PUT", { roles: readRoles(form) });
  });
  return form;
}

// --- timed phases of every activity ------------------------------------------------------------------
/** The stored plan ([label, seconds, turns] or {label, seconds, turns}) as {label, seconds, turns}. */
function phasesOf(clock) {
  return (clock?.phases || []).map((p) => (Array.isArray(p) ? { label: p[0], seconds: p[1], turns: !!p[2] } : p));
}

/** One activity's plan: its phases (and one empty row), saved with the button; I-G-P fills in the seeds' plan. */
function drawPhases(details, phases) {
  const id = (field, i) => `prep-ph-${details.dataset.activity}-${i}-${field}`;
  details.querySelector(".prep-summary").textContent =
    phases.map((p) => `${phaseLabel(p.label, t)} ${mmss(p.seconds)}`).join(" · ");
  // The agenda line shows the plan's length while the activity is closed.
  const badge = details.closest(".agenda-item")?.querySelector(".phases-badge");
  if (badge) {
    badge.hidden = !phases.length;
    badge.textContent = t("%(n)s phases, %(time)s", { n: phases.length, time: mmss(phases.reduce((sum, p) => sum + p.seconds, 0)) });
  }
  const body = details.querySelector(".prep-body");
  if (ownedPlan(phases)) {
    body.replaceChildren(el("p", { class: "hint" }, t("This round sets these phases itself: change or end them with its own buttons.")));
    return;
  }
  const rows = el("div", {});
  const fill = (plan) => rows.replaceChildren(...plan.concat(plan.length < MAX_PHASES ? [["", "", false]] : [])
    .map((p, i) => phaseRow(id, p, i, t, "prep-phase-names")));
  fill(phases.map(inMinutes));
  const form = el("form", { class: "phase-plan" }, rows,
    el("p", { class: "row" }, el("button", { class: "btn", type: "submit" }, t("Save phases")),
      el("button", { class: "btn small", type: "button", "data-preset": "igp", onclick: () => fill(IGP) },
        IGP.map((p) => phaseLabel(p[0], t)).join(" · ")),
      el("button", { class: "btn small", type: "button", onclick: () => savePhases(details, []) }, t("No phases"))));
  form.addEventListener("submit", (event) => {
    event.preventDefault();
    savePhases(details, readPhases(rows, t));
  });
  body.replaceChildren(form);
}

async function savePhases(details, phases) {
  const saved = await call(details, `/api/v1/activities/${details.dataset.activity}/phases`, "PUT", { phases });
  if (saved) drawPhases(details, phasesOf(saved.clock));
}

root.append(phaseNames("prep-phase-names", t));
function drawAllPhases() {
  for (const details of document.querySelectorAll("details.prep-phases")) {
    drawPhases(details, phasesOf(JSON.parse(details.dataset.clock || "{}")));
  }
}
drawAllPhases();
// The kinds of this agenda name their own phases (a gallery walk's stops) once their scripts have loaded.
document.addEventListener("phases-named", drawAllPhases);
preloadKinds(root);
loadGroups();
