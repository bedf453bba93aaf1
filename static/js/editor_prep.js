// Preparing a workshop in the editor, draft or live: named groups, roles, and every activity's timed phases.
import { api, el, translator } from "./live.js";
import { isWalk, phaseKey, phaseLabel } from "./clock.js";

const root = document.getElementById("editor");
const t = translator(root);
const workshopApi = `/api/v1/workshops/${root.dataset.workshop}`;
// The seeds' plan in minutes (app/services/phases.py IGP): individual 3, group 15 turn by turn, plenary 10.
const IGP = [["individual", 3, false], ["group", 15, true], ["plenary", 10, false]];
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

function roleRow(r, i) {
  const field = (key, label, max, flex) => el("div", { style: `flex: ${flex}` },
    el("label", { for: `prep-role-${key}-${i}` }, t(label)),
    el("input", { id: `prep-role-${key}-${i}`, value: r[key] || "", maxlength: max }));
  return el("div", { class: "row role-row", "data-preset": r.preset || "" },
    field("name", "Role", 60, "2 1 10rem"), field("rule", "Rule", 200, "2 1 10rem"), field("duty", "Duty", 300, "3 1 14rem"),
    el("label", { class: "check" }, el("input", { type: "checkbox", id: `prep-role-writes-${i}`, checked: !!r.writes }),
      t("Writes the poster")));
}

/** The roles handed out in every group: edit them, or start from the seeds' three. */
function rolesForm(roles) {
  const form = el("form", { class: "roles-form" },
    ...roles.concat([{ name: "", rule: "", duty: "", writes: false }]).map(roleRow),
    el("p", { class: "row" }, el("button", { class: "btn", type: "submit" }, t("Save roles")),
      el("button", { class: "btn", type: "button", id: "prep-preset-roles", onclick: async () => {
        const presets = await call(groupsPanel, `${workshopApi}/roles/presets`, "GET");
        if (presets) await change(`${workshopApi}/roles`, "PUT", { roles: presets });
      } }, t("Use the standard roles"))));
  form.addEventListener("submit", (e) => {
    e.preventDefault();
    const value = (row, key, i) => row.querySelector(`#prep-role-${key}-${i}`).value;
    const rows = [...form.querySelectorAll(".role-row")].map((row, i) => ({
      name: value(row, "name", i), rule: value(row, "rule", i), duty: value(row, "duty", i),
      writes: row.querySelector(`#prep-role-writes-${i}`).checked, preset: row.dataset.preset || null,
    })).filter((r) => r.name.trim());
    change(`${workshopApi}/roles`, "PUT", { roles: rows });
  });
  return form;
}

// --- timed phases of every activity ------------------------------------------------------------------
/** The stored plan ([label, seconds, turns] or {label, seconds, turns}) as {label, seconds, turns}. */
function phasesOf(clock) {
  return (clock?.phases || []).map((p) => (Array.isArray(p) ? { label: p[0], seconds: p[1], turns: !!p[2] } : p));
}

function length(seconds) {
  return `${Math.floor(seconds / 60)}:${String(seconds % 60).padStart(2, "0")}`;
}

function phaseRow(id, [label, minutes, turns], i) {
  // The I-G-P names are stored as keys (every screen shows them in its own language): shown translated here.
  const f = `${id}-${i}`;
  return el("div", { class: "row phase-row" },
    el("div", { style: "flex: 2 1 8rem" }, el("label", { for: `${f}-label` }, t("Phase %(n)s", { n: i + 1 })),
      el("input", { id: `${f}-label`, class: "phase-label", value: phaseLabel(label, t), maxlength: 60, list: "prep-phase-names" })),
    el("div", { style: "flex: 1 1 5rem" }, el("label", { for: `${f}-min` }, t("Minutes")),
      el("input", { id: `${f}-min`, class: "phase-minutes", type: "number", min: 0.1, max: 240, step: "any", value: minutes })),
    el("label", { class: "check" }, el("input", { type: "checkbox", class: "phase-turns", checked: turns }), t("Turn by turn")));
}

/** One activity's plan: its phases (and one empty row), saved with the button; I-G-P fills in the seeds' plan. */
function drawPhases(details, phases) {
  const id = `prep-ph-${details.dataset.activity}`;
  details.querySelector(".prep-summary").textContent =
    phases.map((p) => `${phaseLabel(p.label, t)} ${length(p.seconds)}`).join(" · ");
  const body = details.querySelector(".prep-body");
  if (isWalk(phases)) {
    body.replaceChildren(el("p", { class: "hint" }, t("The gallery walk sets these phases. End the gallery walk to plan others.")));
    return;
  }
  const rows = el("div", {});
  const fill = (plan) => rows.replaceChildren(...plan.concat(plan.length < MAX_PHASES ? [["", "", false]] : [])
    .map((p, i) => phaseRow(id, p, i)));
  fill(phases.map((p) => [p.label, Math.round(p.seconds / 6) / 10, p.turns]));
  const form = el("form", { class: "phase-plan" }, rows,
    el("p", { class: "row" }, el("button", { class: "btn", type: "submit" }, t("Save phases")),
      el("button", { class: "btn small", type: "button", "data-preset": "igp", onclick: () => fill(IGP) },
        IGP.map((p) => phaseLabel(p[0], t)).join(" · ")),
      el("button", { class: "btn small", type: "button", onclick: () => savePhases(details, []) }, t("No phases"))));
  form.addEventListener("submit", (event) => {
    event.preventDefault();
    const plan = [...rows.querySelectorAll(".phase-row")].map((row) => ({
      label: phaseKey(row.querySelector(".phase-label").value, t),
      seconds: Math.round(Number(row.querySelector(".phase-minutes").value) * 60),
      turns: row.querySelector(".phase-turns").checked,
    })).filter((p) => p.label && p.seconds > 0);
    savePhases(details, plan);
  });
  body.replaceChildren(form);
}

async function savePhases(details, phases) {
  const saved = await call(details, `/api/v1/activities/${details.dataset.activity}/phases`, "PUT", { phases });
  if (saved) drawPhases(details, phasesOf(saved.clock));
}

root.append(el("datalist", { id: "prep-phase-names" },
  IGP.map(([key]) => el("option", { value: phaseLabel(key, t) }))));
for (const details of document.querySelectorAll("details.prep-phases")) {
  drawPhases(details, phasesOf(JSON.parse(details.dataset.clock || "{}")));
}
loadGroups();
