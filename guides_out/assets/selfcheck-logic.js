// 自助预审: the condition language in the browser — values, Kleene logic and residuals.
// Mirrors tongban_rules/lang/expr.py (the IR) and lang/residual.py (partial evaluation); the
// tests hold the answers equal to the Python engine's. No dependencies.

/** An exact number: mantissa (BigInt) and scale (digits after the point), like Python's Decimal. */
export class Num {
  constructor(m, s) { this.m = m; this.s = s; }
  static of(value) {
    if (value instanceof Num) return value;
    if (typeof value === "number" && Number.isInteger(value)) return new Num(BigInt(value), 0);
    const text = String(value);
    const found = /^(-?)([0-9]+)(?:\.([0-9]+))?$/.exec(text);
    if (!found) throw new SelfCheckError("TB410", `not a number: ${text}`);
    const frac = found[3] || "";
    return new Num(BigInt(found[1] + found[2] + frac), frac.length);
  }
  scaled(s) { return this.m * 10n ** BigInt(s - this.s); }
  compare(other) {
    const s = Math.max(this.s, other.s);
    const a = this.scaled(s), b = other.scaled(s);
    return a < b ? -1 : a > b ? 1 : 0;
  }
  plus(other) {
    const s = Math.max(this.s, other.s);
    return new Num(this.scaled(s) + other.scaled(s), s);
  }
  toString() {
    const neg = this.m < 0n, digits = (neg ? -this.m : this.m).toString().padStart(this.s + 1, "0");
    const cut = digits.length - this.s;
    return (neg ? "-" : "") + digits.slice(0, cut) + (this.s ? "." + digits.slice(cut) : "");
  }
}

/** A bad request, with the code the Python engine raises for it (TB401, TB410, TB413, TB415). */
export class SelfCheckError extends Error {
  constructor(code, message) { super(`${code}: ${message}`); this.code = code; }
}

const ISO = /^[0-9]{4}-[0-9]{2}-[0-9]{2}$/;

/** A date written YYYY-MM-DD as a day number (days since 1970-01-01), or throws TB410. */
export function dayNumber(text) {
  const [y, m, d] = ISO.test(text) ? text.split("-").map(Number) : [NaN];
  const n = Date.UTC(y, m - 1, d) / 864e5;
  if (!Number.isInteger(n) || isoDay(n) !== text) throw new SelfCheckError("TB410", `not a date: ${text}`);
  return n;
}

export function isoDay(n) {
  const d = new Date(n * 864e5);
  return String(d.getUTCFullYear()).padStart(4, "0") + "-" + String(d.getUTCMonth() + 1).padStart(2, "0") +
    "-" + String(d.getUTCDate()).padStart(2, "0");
}

/** A fact's value checked against its declared type (Python: validate_fact_value), or TB410. */
export function factValue(spec, value) {
  const bad = () => { throw new SelfCheckError("TB410", `fact ${spec.id}: not a ${spec.type}: ${value}`); };
  const values = (spec.values || []).map((pair) => pair[0]);
  switch (spec.type) {
    case "bool": return typeof value === "boolean" ? value : bad();
    case "int": return Number.isInteger(value) ? Num.of(value) : bad();
    case "decimal": return Number.isInteger(value) || typeof value === "string" ? Num.of(value) : bad();
    case "date": return typeof value === "string" && dayNumber(value) !== undefined ? value : bad();
    case "string": case "region": return typeof value === "string" ? value : bad();
    case "enum": return values.includes(value) ? value : bad();
    case "set": return Array.isArray(value) && value.every((v) => values.includes(v)) ? [...new Set(value)] : bad();
    default: return bad();
  }
}

function equal(a, b) {
  return a instanceof Num && b instanceof Num ? a.compare(b) === 0 : a === b;
}

function order(a, b) {
  return a instanceof Num ? a.compare(b) : a < b ? -1 : a > b ? 1 : 0;
}

const OPS = {
  "==": equal, "!=": (a, b) => !equal(a, b), "in": (a, b) => b.some((x) => equal(a, x)),
  "<": (a, b) => order(a, b) < 0, "<=": (a, b) => order(a, b) <= 0,
  ">": (a, b) => order(a, b) > 0, ">=": (a, b) => order(a, b) >= 0,
};

function monthsSince(d, on) {
  const [dy, dm, dd] = d.split("-").map(Number), [oy, om, od] = on.split("-").map(Number);
  return (oy - dy) * 12 + om - dm - (od < dd ? 1 : 0);
}

const CALLS = {
  years_since: (d, on) => Num.of(Math.floor(monthsSince(d, on) / 12)),
  months_since: (d, on) => Num.of(monthsSince(d, on)),
  days_since: (d, on) => Num.of(dayNumber(on) - dayNumber(d)),
  province_of: (code) => code.slice(0, 2) + "0000",
  city_of: (code) => code.endsWith("0000") ? code : code.slice(0, 4) + "00",
  startswith: (code, prefix) => code.startsWith(prefix),
  within: (code, top) => code === top || (top.endsWith("0000") ? code.slice(0, 2) === top.slice(0, 2)
    : top.endsWith("00") && code.slice(0, 4) === top.slice(0, 4)),
  len: (set) => Num.of(set.length),
};
CALLS.age = CALLS.years_since;

function literal(node) {
  switch (node[0]) {
    case "const": return typeof node[1] === "number" ? Num.of(node[1]) : node[1];
    case "dec": return Num.of(node[1]);
    case "date": return node[1];
    case "numset": return node[1].map((v) => Num.of(v));
    default: return node[1];
  }
}

const KNOWN = (value) => ["v", value];

/** ``node`` with the known ``facts`` and the date ``on`` folded in: ["v", value] once decided. */
export function residual(node, facts, on) {
  const tag = node[0];
  if (tag === "fact") {
    const value = facts[node[1]];
    return value === undefined || value === null ? node : KNOWN(value);
  }
  if (tag === "on") return KNOWN(on);
  if (tag === "const" || tag === "dec" || tag === "date" || tag === "set" || tag === "numset") return KNOWN(literal(node));
  if (tag === "v") return node;
  if (tag === "and" || tag === "or") return junction(tag, node[1].map((x) => residual(x, facts, on)));
  const kids = (tag === "not" ? [node[1]] : tag === "cmp" ? node.slice(2) : node[2]).map((x) => residual(x, facts, on));
  if (kids.some((k) => k[0] !== "v")) {
    return tag === "not" ? ["not", kids[0]] : tag === "cmp" ? ["cmp", node[1], ...kids] : ["call", node[1], kids];
  }
  const values = kids.map((k) => k[1]);
  if (tag === "not") return KNOWN(!values[0]);
  if (tag === "cmp") return KNOWN(OPS[node[1]](...values));
  return KNOWN(CALLS[node[1]](...values));
}

function junction(tag, parts) {
  const stop = tag === "or";
  const kept = [];
  for (const part of parts) {
    if (part[0] === "v" && part[1] === stop) return KNOWN(stop);
    if (part[0] !== "v") kept.push(part);
  }
  if (!kept.length) return KNOWN(!stop);
  return kept.length === 1 ? kept[0] : [tag, kept];
}

/** true / false for a decided residual, null while it is open. */
export function decided(node) {
  return node[0] === "v" ? node[1] : null;
}

/** The facts a residual still names, added to the set ``found``. */
export function collect(node, found) {
  const tag = node[0];
  if (tag === "fact") found.add(node[1]);
  else if (tag === "and" || tag === "or") node[1].forEach((x) => collect(x, found));
  else if (tag === "not") collect(node[1], found);
  else if (tag === "cmp") { collect(node[2], found); collect(node[3], found); }
  else if (tag === "call") node[2].forEach((x) => collect(x, found));
  return found;
}
