// The plan forms the console and the editor share: an activity's timed phases and the groups' roles.
// Fields are named by `id(field, i)`, so each page keeps its own ids (two forms may share a page).
import { el } from "./live.js";
import { phaseKey, phaseLabel } from "./clock.js";

/** The seeds' plan in minutes (app/services/phases.py IGP): individual 3, group 15 turn by turn, plenary 10. */
export const IGP = [["individual", 3, false], ["group", 15, true], ["plenary", 10, false]];

/** A stored phase ({label, seconds, turns}) as a form row's [label, minutes, turns]. */
export function inMinutes(p) {
  return [p.label, Math.round(p.seconds / 6) / 10, p.turns];
}

/** The I-G-P names, translated, offered while typing a phase's name. */
export function phaseNames(listId, t) {
  return el("datalist", { id: listId }, IGP.map(([key]) => el("option", { value: phaseLabel(key, t) })));
}

/** One phase's fields ("label", "min", "turns"); the I-G-P keys are stored as keys and shown translated. */
export function phaseRow(id, [label, minutes, turns], i, t, listId) {
  return el("div", { class: "row phase-row" },
    el("div", { style: "flex: 2 1 8rem" }, el("label", { for: id("label", i) }, t("Phase %(n)s", { n: i + 1 })),
      el("input", { id: id("label", i), class: "phase-name-field", value: phaseLabel(label, t), maxlength: 60, list: listId })),
    el("div", { style: "flex: 1 1 5rem" }, el("label", { for: id("min", i) }, t("Minutes")),
      el("input", { id: id("min", i), class: "phase-minutes-field", type: "number", min: 0.1, max: 240, step: "any", value: minutes })),
    el("label", { class: "check" }, el("input", { type: "checkbox", id: id("turns", i), class: "phase-turns-field", checked: turns }),
      t("Turn by turn")));
}

/** The phases typed into a form's rows, names back as keys; empty rows left out. */
export function readPhases(form, t) {
  return [...form.querySelectorAll(".phase-row")].map((row) => ({
    label: phaseKey(row.querySelector(".phase-name-field").value, t),
    seconds: Math.round(Number(row.querySelector(".phase-minutes-field").value) * 60),
    turns: row.querySelector(".phase-turns-field").checked,
  })).filter((p) => p.label && p.seconds > 0);
}

/** One role's fields ("name", "rule", "duty", "writes"). */
export function roleRow(id, r, i, t) {
  const field = (key, label, max, flex) => el("div", { style: `flex: ${flex}` },
    el("label", { for: id(key, i) }, t(label)),
    el("input", { id: id(key, i), class: `role-${key}-field`, value: r[key] || "", maxlength: max }));
  return el("div", { class: "row role-row", "data-preset": r.preset || "" },
    field("name", "Role", 60, "2 1 10rem"), field("rule", "Rule", 200, "2 1 10rem"), field("duty", "Duty", 300, "3 1 14rem"),
    el("label", { class: "check" }, el("input", { type: "checkbox", id: id("writes", i), class: "role-writes-field", checked: !!r.writes }),
      t("Writes the poster")));
}

/** Role rows for `roles` and one empty row to add another. */
export function roleRows(id, roles, t) {
  return roles.concat([{ name: "", rule: "", duty: "", writes: false }]).map((r, i) => roleRow(id, r, i, t));
}

/** The roles typed into a form's rows; rows without a name left out. */
export function readRoles(form) {
  return [...form.querySelectorAll(".role-row")].map((row) => ({
    name: row.querySelector(".role-name-field").value, rule: row.querySelector(".role-rule-field").value,
    duty: row.querySelector(".role-duty-field").value, writes: row.querySelector(".role-writes-field").checked,
    preset: row.dataset.preset || null,
  })).filter((r) => r.name.trim());
}
