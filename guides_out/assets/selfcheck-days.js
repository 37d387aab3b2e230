// 自助预审: due dates in the browser — working days and the counting rules of
// tongban_rules/calendar/days.py (民法典 第二百零一条、第二百零三条; 行政许可法 第八十二条:
// the start day is not counted; working days leave out statutory holidays and count 调休 workdays).
// The calendar comes with the item's data: each year's exceptions to Monday–Friday.

import { SelfCheckError, isoDay } from "./selfcheck-logic.js";

/** Thrown for a date past the last year the data covers: that due date is not shown. */
export class BeyondCalendar extends Error {}

function yearOf(n) { return new Date(n * 864e5).getUTCFullYear(); }

function days(year, mmdd) {
  return mmdd ? mmdd.split(" ").map((md) => Date.UTC(year, Number(md.slice(0, 2)) - 1, Number(md.slice(2))) / 864e5) : [];
}

/** The working-day calendar of one item's data (``calendar`` in the item JSON). */
export class Calendar {
  constructor(data) {
    this.first = data.first;
    this.last = data.last;
    this.published = new Set(data.published);
    this.off = new Set();
    this.on = new Set();
    this.laws = {};
    for (const [year, entry] of Object.entries(data.years)) {
      days(Number(year), entry.off).forEach((n) => this.off.add(n));
      days(Number(year), entry.on).forEach((n) => this.on.add(n));
      if (entry.law) this.laws[year] = entry.law;
    }
  }

  /** Whether day number ``n`` lies in a year the data covers (TB401 before the first). */
  require(n) {
    const year = yearOf(n);
    if (this.first === null || year < this.first) {
      throw new SelfCheckError("TB401", `the calendar cannot count from ${isoDay(n)}`);
    }
    if (year > this.last) throw new BeyondCalendar(isoDay(n));
  }

  isWorking(n) {
    this.require(n);
    return this.on.has(n) || (!this.off.has(n) && (n + 3) % 7 < 5); // 1970-01-01 was a Thursday
  }

  addWorking(start, count) {
    this.require(start);
    let n = start;
    for (let left = count; left > 0; left -= this.isWorking(++n) ? 1 : 0);
    return n;
  }

  addCalendar(start, count) {
    this.require(start);
    if (count === 0) return start;
    let n = start + count;
    while (!this.isWorking(n)) n += 1;
    return n;
  }

  dueDate(start, value, unit) {
    if (unit === "working_days") return this.addWorking(start, value);
    if (unit === "calendar_days") return this.addCalendar(start, value);
    return start; // immediate (即办)
  }

  /** [due day, provisional years counted over] (Python: WorkingCalendar.due). */
  due(start, value, unit) {
    const end = this.dueDate(start, value, unit);
    const y0 = yearOf(start), y1 = yearOf(end);
    if (end === start || (y0 === y1 && this.published.has(y0))) return [end, []];
    const years = [];
    for (let y = y0; y <= y1; y += 1) if (!this.published.has(y)) years.push(y);
    return [end, years];
  }

  /** The provisional mark of a due date counted over ``years`` (Python: ``decide._mark``). */
  mark(years) {
    if (!years.length) return { provisional: false };
    const labels = [...new Set(years.map((y) => this.laws[y]).filter(Boolean).map(JSON.stringify))].map(JSON.parse);
    const zh = `${years.map((y) => `${y}年`).join("、")}的国务院办公厅节假日安排通知尚未公布：按` +
      `${labels.map((l) => l[0]).join("；")}规定的法定节假日（含第六条补假）和周末推算，未计调休，通知公布后可能变动`;
    const en = `no State Council holiday notice for ${years.join(", ")} yet: counted on weekends and the ` +
      `statutory holidays of ${labels.map((l) => l[1]).join("; ")}, with the make-up days of its article 6 ` +
      "but without 调休 (swapped workdays); it may change once the notice is published";
    return { provisional: true, provisional_reason: { zh, en } };
  }
}

/** A time limit's entry with its due dates (Python: Decision.time_limits), null past the data. */
export function limitEntry(calendar, limit, on) {
  const { extension, ...entry } = limit;
  try {
    const [due, years] = calendar.due(on, limit.value, limit.unit);
    Object.assign(entry, { due: isoDay(due) }, calendar.mark(years));
    if (extension) {
      const [ext, extYears] = calendar.due(due, extension.value, extension.unit);
      const all = years.length ? [...new Set([...years, ...extYears])].sort() : extYears;
      entry.extension = { ...extension, due_if_extended: isoDay(ext), ...calendar.mark(all) };
    }
  } catch (error) {
    if (!(error instanceof BeyondCalendar)) throw error;
    return { ...limit, due: null, beyond_calendar: true };
  }
  return entry;
}

/** The process steps with limits, one after the other from ``on`` (Python: step_limits). */
export function stepEntries(calendar, steps, on) {
  const out = [];
  let start = on;
  for (const step of steps) {
    if (start === null) {
      out.push({ ...step, from: null, due: null, beyond_calendar: true });
      continue;
    }
    try {
      const [due, years] = calendar.due(start, step.value, step.unit);
      out.push({ ...step, from: isoDay(start), due: isoDay(due), ...calendar.mark(years) });
      start = due;
    } catch (error) {
      if (!(error instanceof BeyondCalendar)) throw error;
      out.push({ ...step, from: null, due: null, beyond_calendar: true });
      start = null;
    }
  }
  return out;
}
