// The programme page: start a workshop from a template straight into the programme (two API calls: the draft from
// the template, then its place as the programme's last workshop). The page's other buttons are forms.js's data-api.
import { api } from "./live.js";

const form = document.getElementById("from-template");

form?.addEventListener("submit", async (event) => {
  event.preventDefault();
  const error = form.querySelector(".form-error");
  error.hidden = true;
  form.setAttribute("aria-busy", "true");
  try {
    const made = await api(`/api/v1/templates/${encodeURIComponent(form.elements.key.value)}/workshops`, "POST");
    await api(`/api/v1/programmes/${form.dataset.programme}/workshops`, "POST", { workshop_id: made.id });
    location.hash = "workshops";
    location.reload();
  } catch (err) {
    error.textContent = err.message;
    error.hidden = false;
  } finally {
    form.removeAttribute("aria-busy");
  }
});
