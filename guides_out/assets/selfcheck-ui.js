// 自助预审: the form on an item page. Loads the item's data (assets/items/<id>.json) and the
// region names, then after every answer decides again with ``evaluate`` and shows only the
// questions the residuals still name (in form order); earlier answers that no longer matter are
// hidden and left out. Nothing leaves the browser.

import { evaluate, versionOn, SelfCheckError } from "./selfcheck.js";
import { el, field, regionField } from "./selfcheck-form.js";
import { show, showError } from "./selfcheck-view.js";

function today() {
  const parts = new Intl.DateTimeFormat("en-CA", { timeZone: "Asia/Shanghai", year: "numeric", month: "2-digit",
    day: "2-digit" }).formatToParts(new Date());
  const get = (type) => parts.find((p) => p.type === type).value;
  return `${get("year")}-${get("month")}-${get("day")}`;
}

async function load(url) {
  const response = await fetch(url);
  if (!response.ok) throw new Error(`${url}: ${response.status}`);
  return response.json();
}

/** The answers that count: asked in order, each only while the residuals still name it. */
function settle(data, stored, options) {
  const given = {};
  let result = evaluate(data, given, options);
  for (;;) {
    const next = result.questions.find((q) => !(q in given) && q in stored);
    if (next === undefined) return { given, result };
    given[next] = stored[next];
    result = evaluate(data, given, options);
  }
}

class SelfCheck {
  constructor(root, data, regions) {
    Object.assign(this, { root, data, regions, version: null, fields: new Map() });
    this.form = root.querySelector("form");
    this.box = root.querySelector("[aria-live]");
    this.date = el("input", { type: "date", id: "sc-date", value: today() });
    this.accepting = regionField({ id: "accepting_region" }, "sc-accepting", regions, "在哪里申请（受理地）");
    if (root.dataset.region) this.accepting.preset(root.dataset.region);
    this.questions = el("div", { class: "selfcheck-questions" });
    this.form.append(el("div", { class: "selfcheck-field" }, el("label", { for: "sc-date" }, "申请日期"), this.date),
      this.accepting, this.questions);
    this.form.addEventListener("change", () => this.update());
    this.form.addEventListener("input", () => this.update());
    this.form.addEventListener("submit", (event) => { event.preventDefault(); this.update(); });
    this.form.hidden = false;
  }

  build(version) {
    this.version = version;
    this.fields = new Map(version.facts.map((fact) => [fact.id, field(fact, this.regions)]));
    this.questions.replaceChildren(...this.fields.values());
    this.accepting.hidden = !version.uses_accepting;
  }

  update() {
    const date = this.date.value;
    try {
      const version = versionOn(this.data, date);
      if (version !== this.version) this.build(version);
      const stored = {};
      for (const [id, box] of this.fields) {
        const value = box.read();
        if (value !== undefined) stored[id] = value;
      }
      const region = (this.version.uses_accepting && this.accepting.read()) || this.root.dataset.region || null;
      const { given, result } = settle(this.data, stored, { date, region });
      const shown = new Set([...Object.keys(given), ...result.questions]);
      for (const [id, box] of this.fields) box.hidden = !shown.has(id);
      show(this.box, result);
    } catch (error) {
      if (!(error instanceof SelfCheckError)) throw error;
      showError(this.box, error);
    }
  }
}

async function start(root) {
  try {
    const [data, regions] = await Promise.all([load(root.dataset.item), load(root.dataset.regions)]);
    new SelfCheck(root, data, regions).update();
  } catch (error) {
    root.querySelector("[aria-live]").textContent = "自助预审暂时无法使用（数据未能加载，请通过网站访问本页）。";
    throw error;
  }
}

document.querySelectorAll("[data-selfcheck]").forEach((root) => start(root));
