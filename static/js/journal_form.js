// The leader's private journal on the phone: its questions to answer, the timeline of what they wrote, what their
// group gave or shared, and their own self-assessments day by day. Used by the journal page (between the days) and
// the journal round (app/activities/journal/journal.js).
import { api, clientId, el, formatNumber } from "./live.js";

/** The leader's journal for a programme (403 without its pass: the caller says so). */
export function loadJournal(programme) {
  return api(`/api/v1/journal/${programme}`, "GET");
}

/** "30. november 2026" in the page's language, Oslo's calendar. */
export function formatDate(iso) {
  const lang = document.documentElement.lang || "nb";
  const locales = lang === "nn" ? ["nn", "nb", "no"] : [lang === "en" ? "en-GB" : lang];
  return new Intl.DateTimeFormat(locales, { day: "numeric", month: "long", year: "numeric", timeZone: "Europe/Oslo" })
    .format(new Date(iso));
}

const draftKey = (programme, activity, n) => `samling:journal:${programme}:${activity || "free"}:${n}`;

function readDraft(key) {
  try { return localStorage.getItem(key) || ""; } catch { return ""; }
}

function writeDraft(key, value) {
  try { if (value) localStorage.setItem(key, value); else localStorage.removeItem(key); } catch { /* private mode */ }
}

/**
 * One field per question. In a journal round (`activity`) the answer stays in the field and saving again revises it;
 * between the days each save is a new entry and the field empties. Drafts survive a reload; a failed save says why
 * and keeps the text.
 * opts: {programme, activity (id or null), questions, answers ({question: entry}), t, onSaved(entry, n)}
 */
export function questionFields(root, opts) {
  const { programme, activity, questions, t } = opts;
  const answers = opts.answers || {};
  questions.forEach((question, n) => {
    const id = `journal-q-${activity || "free"}-${n}`;
    const key = draftKey(programme, activity, n);
    const saved = answers[question];
    const field = el("textarea", { id, rows: 3, maxlength: 4000, "data-question": n });
    field.value = readDraft(key) || saved?.body || "";
    const status = el("p", { class: "counter", role: "status" }, saved ? `✓ ${t("Saved")}` : "");
    const save = el("button", { class: "btn primary", type: "submit" }, t("Save"));
    field.addEventListener("input", () => { writeDraft(key, field.value); status.textContent = ""; });
    const form = el("form", { class: "journal-question", novalidate: true },
      el("label", { for: id }, t(question)), field, el("div", { class: "journal-save" }, save, status));
    form.addEventListener("submit", async (event) => {
      event.preventDefault();
      const text = field.value.trim();
      if (!text) { status.textContent = t("The answer is empty."); return; }
      save.disabled = true;
      status.textContent = t("Sending…");
      try {
        const entry = await api(`/api/v1/journal/${programme}/entries`, "POST",
          { client_id: clientId(), question, body: text, activity_id: activity || null });
        writeDraft(key, "");
        if (!activity) field.value = "";
        status.textContent = `✓ ${t("Saved")}`;
        opts.onSaved?.(entry, n);
      } catch (error) {
        status.textContent = error.message || t("Not sent yet: waiting for the connection…");
      } finally {
        save.disabled = false;
      }
    });
    root.append(form);
  });
}

/** The leader's own self-assessment scores, each question's statements with one column per day. */
export function scoreTables(root, series, t, only = null) {
  for (const s of series) {
    if (only && s.prompt.toLowerCase() !== only.toLowerCase()) continue;
    const days = s.days;
    root.append(el("div", { class: "journal-scores" },
      el("h3", {}, s.prompt),
      el("table", { class: "own-scores" },
        el("thead", {}, el("tr", {}, el("th", { scope: "col" }, t("Statement")),
          ...days.map((d) => el("th", { scope: "col" }, d.workshop)))),
        el("tbody", {}, ...s.items.map((item) => el("tr", {},
          el("th", { scope: "row" }, item),
          ...days.map((d) => el("td", { class: "score" }, item in d.scores ? formatNumber(d.scores[item]) : "–"))))))));
  }
}

function entryCard(e, programme, t, refresh) {
  const share = el("input", { type: "checkbox", id: `share-${e.id}`, checked: e.shared });
  share.addEventListener("change", async () => {
    try { await api(`/api/v1/journal/${programme}/entries/${e.id}`, "PATCH", { shared: share.checked }); }
    catch { share.checked = !share.checked; }
  });
  const remove = el("button", { class: "btn small", type: "button" }, t("Delete"));
  remove.addEventListener("click", async () => {
    if (!confirm(t("Delete this journal entry?"))) return;
    await api(`/api/v1/journal/${programme}/entries/${e.id}`, "DELETE").catch(() => {});
    refresh();
  });
  return el("li", { class: "journal-entry", "data-entry": e.id },
    el("p", { class: "journal-meta" }, `${e.workshop || t("Between the workshops")} · ${formatDate(e.created_at)}`),
    e.question ? el("p", { class: "journal-asked" }, t(e.question)) : "",
    el("p", { class: "journal-body" }, e.body),
    el("div", { class: "journal-actions" },
      el("label", { for: share.id, class: "check" }, share, t("Share with my network group")), remove));
}

/** The timeline: what the leader wrote (newest first), then what their group gave them and shared. */
export function timeline(root, data, programme, t, refresh) {
  root.append(el("h2", {}, t("Your timeline")));
  root.append(data.entries.length
    ? el("ol", { class: "journal-timeline" }, ...data.entries.map((e) => entryCard(e, programme, t, refresh)))
    : el("p", { class: "hint" }, t("Nothing written yet.")));
  if (data.received.length) {
    root.append(el("h2", {}, t("From your network group")),
      el("ul", { class: "journal-timeline" }, ...data.received.map((item) => el("li", { class: "journal-entry received" },
        el("p", { class: "journal-meta" }, `${item.workshop} · ${formatDate(item.created_at)}`),
        el("p", { class: "journal-asked" }, t(item.question)),
        el("p", { class: "journal-body" }, item.body)))));
  }
  if (data.shared.length) {
    root.append(el("h2", {}, t("Shared in your network group")),
      el("ul", { class: "journal-timeline" }, ...data.shared.map((e) => el("li", { class: "journal-entry shared" },
        el("p", { class: "journal-meta" }, `${e.name || t("Someone in your group")} · ${formatDate(e.created_at)}`),
        e.question ? el("p", { class: "journal-asked" }, t(e.question)) : "",
        el("p", { class: "journal-body" }, e.body)))));
  }
}
