// Editor forms and buttons that call the JSON API: data-api, data-method, data-body, data-then ("{id}": the answer's id), data-confirm.
import { api } from "./live.js";

function formBody(form) {
  const body = {};
  for (const field of form.elements) {
    if (!field.name || field.disabled) continue;
    let value = field.value;
    if (field.type === "number") value = field.value === "" ? null : Number(field.value);
    else if (field.type === "checkbox") value = field.checked;
    else if ("lines" in field.dataset) value = field.value.split("\n").map((line) => line.trim()).filter(Boolean);
    const path = field.name.split(".");
    let target = body;
    while (path.length > 1) { const k = path.shift(); target = target[k] ||= {}; }
    target[path[0]] = value;
  }
  return body;
}

async function run(node, body) {
  if (node.dataset.confirm && !confirm(node.dataset.confirm)) return;
  const errorBox = node.querySelector?.(".form-error") || node.closest("form")?.querySelector(".form-error");
  if (errorBox) errorBox.hidden = true;
  node.setAttribute("aria-busy", "true");
  try {
    const result = await api(node.dataset.api, node.dataset.method || "POST", body);
    const then = node.dataset.then || "reload";
    if (node.dataset.show && result) {
      node.querySelector(".form-result").textContent = result[node.dataset.show];
    } else if (then.startsWith("reload")) {
      const anchor = then.split("#")[1];
      if (anchor) location.hash = anchor;
      location.reload();
    } else {
      // "{id}" names what the call created (e.g. a duplicated workshop), known only from its answer.
      const next = new URL(then.replace("{id}", encodeURIComponent(result?.id ?? "")), location.href);
      // The same page with another #anchor would only scroll: load it again to show what changed.
      if (next.pathname === location.pathname && next.search === location.search) {
        location.hash = next.hash;
        location.reload();
      } else location.href = next.href;
    }
  } catch (err) {
    if (errorBox) { errorBox.textContent = err.message; errorBox.hidden = false; }
    else alert(err.message);
  } finally {
    node.removeAttribute("aria-busy");
  }
}

document.addEventListener("submit", (event) => {
  const form = event.target.closest("form[data-api]");
  if (!form) return;
  event.preventDefault();
  run(form, formBody(form));
});

document.addEventListener("click", (event) => {
  const button = event.target.closest("button[data-api]");
  if (!button || button.closest("form[data-api]") === button.form && button.type === "submit") return;
  event.preventDefault();
  run(button, button.dataset.body ? JSON.parse(button.dataset.body) : undefined);
});
