// 自助预审 (self-check): decides an item in the browser, offline, from the data the site ships
// (assets/items/<id>.json, written by tongban_rules/render/selfcheck.py).
//
//   import { evaluate } from "./selfcheck.js";
//   evaluate(itemData, {reason: "lost", hukou_region: "430000"}, {date: "2026-03-02", region: "510104"})
//
// returns the parts of the Python engine's Decision.to_dict() a visitor needs — outcome,
// conditions (passed / failed / unknown, with text and legal basis), missing_facts, materials,
// fee, time_limits and step_limits with due dates, modes — equal to the Python answer (the tests
// compare them on every bundled case and on generated facts), plus ``questions``: the facts still
// worth asking, in form order (those the open residuals of conditions, materials and fees name).
// Standard JavaScript only: no dependencies, no network, no clock (the date is an argument).

import { SelfCheckError, collect, dayNumber, decided, factValue, Num, residual } from "./selfcheck-logic.js";
import { Calendar, limitEntry, stepEntries } from "./selfcheck-days.js";

export { SelfCheckError };

const ACCEPTING = "accepting_region";
const STATUS = new Map([[true, "passed"], [false, "failed"], [null, "unknown"]]);

/** The version of the item in force on ``date`` (YYYY-MM-DD), or throws TB413. */
export function versionOn(data, date) {
  const found = data.versions.find((v) => v.from <= date && (v.until === null || date < v.until));
  if (!found) throw new SelfCheckError("TB413", `${data.item}: no version in force on ${date}`);
  return found;
}

function readFacts(version, facts) {
  const specs = new Map(version.facts.map((f) => [f.id, f]));
  const values = {};
  for (const [key, value] of Object.entries(facts || {})) {
    const spec = specs.get(key);
    if (!spec) throw new SelfCheckError("TB415", `${key} is not a fact of this item`);
    if (value !== null && value !== undefined) values[key] = factValue(spec, value);
  }
  return values;
}

function inScope(prefixes, region) {
  return prefixes === null || prefixes.some((p) => region.startsWith(p));
}

function modes(version, region) {
  if (!region) return { modes: [], in_scope: null };
  const inside = inScope(version.scope, region);
  return { modes: inside ? version.modes.filter(([, p]) => inScope(p, region)).map(([name]) => name) : [],
    in_scope: inside };
}

/** Each rule's residual: ``when`` absent means it always holds. */
function rules(list, values, on) {
  return list.map((rule) => rule.when === null ? ["v", true] : residual(rule.when, values, on));
}

function fee(version, values, on, open) {
  const fees = version.fees;
  if (fees === null) return { known: false, total: null, entries: [], pending: [] };
  if (fees.free) return { known: true, free: true, total: "0", entries: [], pending: [], basis: fees.basis };
  const entries = [], pending = [];
  let total = Num.of(0);
  rules(fees.entries, values, on).forEach((ir, i) => {
    const applies = decided(ir), row = fees.entries[i].row;
    if (applies === true) { entries.push(row); total = total.plus(Num.of(row.amount)); }
    if (applies === null) { pending.push(row); open.push(ir); }
  });
  return { known: true, free: false, total: pending.length ? null : total.toString(), entries, pending };
}

function materials(version, values, on, open) {
  const out = [];
  rules(version.materials, values, on).forEach((ir, i) => {
    const needed = decided(ir), row = version.materials[i].row;
    if (needed === null) open.push(ir);
    if (needed !== false) out.push(needed === null ? { ...row, required: null } : row);
  });
  return out;
}

function inOrder(version, irs) {
  const named = new Set();
  irs.forEach((ir) => collect(ir, named));
  return version.fact_order.filter((f) => named.has(f));
}

/**
 * Decide ``facts`` for the item described by ``data`` on ``date`` at the accepting ``region``.
 * Throws ``SelfCheckError`` (code TB401, TB410, TB412, TB413, TB415) as the Python engine raises.
 */
export function evaluate(data, facts, { date, region = null } = {}) {
  if (typeof date !== "string") throw new SelfCheckError("TB412", `a date YYYY-MM-DD is needed: ${date}`);
  const on = dayNumber(date);
  const version = versionOn(data, date);
  const calendar = new Calendar(data.calendar);
  const limits = Object.fromEntries(Object.entries(version.limits).map(
    ([key, limit]) => [key, limit === null ? null : limitEntry(calendar, limit, on)]));
  const steps = stepEntries(calendar, version.steps, on);
  const values = readFacts(version, facts);
  if (version.uses_accepting && region) values[ACCEPTING] = region;
  const irs = rules(version.conditions, values, date);
  const results = irs.map(decided);
  const outcome = results.includes(false) ? "ineligible" : results.includes(null) ? "undetermined" : "eligible";
  const open = irs.filter((ir) => decided(ir) === null);
  const missing = outcome === "ineligible" ? [] : inOrder(version, open);
  const rest = [];
  const result = {
    item: data.item, version: version.from, outcome,
    conditions: version.conditions.map((c, i) => ({ id: c.id, status: STATUS.get(results[i]), text: c.text,
      basis: c.basis })),
    missing_facts: missing,
    materials: materials(version, values, date, rest),
    fee: fee(version, values, date, rest),
    time_limits: limits, step_limits: steps, ...modes(version, region),
  };
  result.questions = outcome === "ineligible" ? [] : inOrder(version, [...open, ...rest]);
  return result;
}
