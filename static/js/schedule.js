// Planned vs actual on the console: "Planned 09:00 · started 09:12 · 12 minutes behind schedule".
// The server sends each agenda item's plan and, once opened, its start and minutes behind
// (app/services/schedule.py); only the next activity not opened yet is counted here, from the
// server's clock as it runs, the same way: whole minutes of the Oslo wall clock.
import { el } from "./live.js";

const oslo = new Intl.DateTimeFormat("en-GB", { timeZone: "Europe/Oslo", hour: "2-digit", minute: "2-digit",
  hourCycle: "h23" });

/** Minutes since midnight of "HH:MM". */
const ofDay = (hhmm) => Number(hhmm.slice(0, 2)) * 60 + Number(hhmm.slice(3, 5));

/** Minutes since midnight on the Oslo clock at `seconds` (Unix time). */
function osloMinutes(seconds) {
  const parts = Object.fromEntries(oslo.formatToParts(new Date(seconds * 1000)).map((p) => [p.type, p.value]));
  return Number(parts.hour) * 60 + Number(parts.minute);
}

/** The next activity after the one on screen (or the first, in the lobby) with a plan and not opened yet. */
function nextPlanned(agenda, currentId) {
  const from = agenda.findIndex((a) => a.id === currentId) + 1;
  const index = agenda.findIndex((a, i) => i >= from && a.planned_start && !a.opened_at);
  return index < 0 ? null : { item: agenda[index], number: index + 1 };
}

/** "12 minutes behind schedule", "on schedule", "5 minutes ahead of schedule". */
function offBy(behind, t) {
  if (behind === 0) return t("on schedule");
  return behind > 0 ? t("%(n)s minutes behind schedule", { n: behind })
    : t("%(n)s minutes ahead of schedule", { n: -behind });
}

/** The console's lines under the controls: the activity on screen against its plan, then the next planned
 *  activity against the clock now. Empty when nothing on the agenda is planned. */
export function scheduleLines(state, nowSeconds, t) {
  const agenda = state.agenda || [];
  const currentId = state.activity?.id ?? null;
  const current = agenda.find((a) => a.id === currentId);
  const lines = [];
  if (current?.planned_start) {
    const parts = [t("Planned %(time)s", { time: current.planned_start })];
    if (current.started) parts.push(t("started %(time)s", { time: current.started }), offBy(current.behind, t));
    lines.push(el("p", { class: current.behind > 0 ? "schedule-now late" : "schedule-now" }, parts.join(" · ")));
  }
  const next = state.workshop.status === "live" ? nextPlanned(agenda, currentId) : null;
  if (next) {
    const behind = osloMinutes(nowSeconds) - ofDay(next.item.planned_start);
    const when = behind < 0 ? t("in %(n)s minutes", { n: -behind }) : offBy(behind, t);
    lines.push(el("p", { class: behind > 0 ? "schedule-next late" : "schedule-next" },
      `${t("Next planned start: %(time)s (activity %(n)s)", { time: next.item.planned_start, n: next.number })} · ${when}`));
  }
  return lines;
}
