// 自助预审: the answer in words — outcome, the condition that fails and its legal basis, the
// materials to bring, the fee and the due dates — from the result of ``evaluate``.

import { el } from "./selfcheck-form.js";

const OUTCOME = {
  eligible: "符合受理条件，可以申请",
  ineligible: "暂不符合受理条件",
  undetermined: "还需回答上面的问题",
};
const MODES = { online: "全程网办", proxy: "异地代收代办", joint: "多地联办", direct: "就近办理" };

function cite(basis) {
  if (!basis || !basis.length) return "依据未登记";
  return "依据：" + basis.map((b) => `《${b.title}》${b.article || ""}`).join("；");
}

function section(title, ...kids) {
  return el("div", { class: "selfcheck-part" }, el("h3", {}, title), ...kids);
}

function list(items) {
  return el("ul", {}, ...items.map((item) => el("li", {}, ...[].concat(item))));
}

function conditions(result) {
  const failed = result.conditions.filter((c) => c.status === "failed");
  const open = result.conditions.filter((c) => c.status === "unknown");
  const rows = (cs, mark) => cs.map((c) => [`${mark}${c.text}`, el("span", { class: "basis" }, `（${cite(c.basis)}）`)]);
  if (failed.length) return section("不符合的条件", list(rows(failed, "")));
  if (open.length) return section("尚待确认的条件", list(rows(open, "")));
  return section("受理条件", el("p", {}, `全部 ${result.conditions.length} 项条件均已满足。`));
}

function material(row) {
  const copies = [row.originals ? `原件 ${row.originals} 份` : "", row.copies ? `复印件 ${row.copies} 份` : ""]
    .filter(Boolean).join("、");
  const notes = [copies];
  if (row.required === false) notes.push("可选");
  if (row.required === null) notes.push("视您的情况而定");
  if (row.licences.length) notes.push("可用电子证照：" + row.licences.map((l) => l.name).join("、"));
  if (row.shared_data) notes.push(`可由${row.shared_data.department_name}共享数据替代`);
  const text = notes.filter(Boolean).join("；");
  return text ? `${row.name}（${text}）` : row.name;
}

function fee(f) {
  if (!f.known) return el("p", {}, "收费标准以受理窗口公示为准。");
  if (f.free) return el("p", {}, "不收费。");
  const rows = f.entries.map((e) => `${e.name}：${e.amount} 元`);
  const pending = f.pending.map((e) => `${e.name}：${e.amount} 元（视您的情况而定）`);
  const total = f.total === null ? "" : `合计 ${f.total} 元。`;
  return el("div", {}, el("p", {}, total || "金额视您的情况而定："), rows.length || pending.length ? list([...rows, ...pending]) : "");
}

function due(name, entry) {
  if (!entry) return [];
  const whose = entry.set_by ? `（${entry.set_by.map((place) => place.name).join("、")}公布的承诺）` : "";
  const when = (entry.unit === "immediate" ? "即办" : `${entry.value} 个${entry.unit_name}`) + whose;
  if (entry.due === null) return [`${name}：${when}`];
  const guess = entry.provisional ? "（按法定节假日推算，以当年放假通知为准）" : "";
  const out = [`${name}：${when}，从申请日起算最迟 ${entry.due}${guess}`];
  if (entry.extension && entry.extension.due_if_extended) {
    out.push(`如依法延长（${entry.extension.when || "延长"}）：最迟 ${entry.extension.due_if_extended}`);
  }
  return [out.join("；")];
}

function limits(result) {
  const rows = [...due("承诺办结时限", result.time_limits.promised), ...due("法定办结时限", result.time_limits.legal)];
  for (const step of result.step_limits) {
    if (step.due) rows.push(`${step.step}：${step.from} 至 ${step.due}`);
  }
  return rows.length ? section("办理时限", list(rows)) : "";
}

function modes(result) {
  if (result.in_scope === null) return "";
  if (!result.in_scope) return section("办理方式", el("p", {}, "您选择的受理地不在本事项的通办范围内。"));
  const names = result.modes.map((m) => MODES[m] || m);
  return names.length ? section("在所选受理地可以", el("p", {}, names.join("、"))) : "";
}

/** Replace the contents of ``box`` (the aria-live region) with ``result`` in words. */
export function show(box, result) {
  box.dataset.outcome = result.outcome;
  const head = el("p", { class: `selfcheck-outcome selfcheck-${result.outcome}` }, OUTCOME[result.outcome]);
  const parts = [head, conditions(result)];
  if (result.outcome !== "ineligible") {
    parts.push(section("需要带的材料", result.materials.length ? list(result.materials.map(material))
      : el("p", {}, "无需提交材料。")));
    parts.push(section("收费", fee(result.fee)), limits(result), modes(result));
  }
  parts.push(el("p", { class: "selfcheck-note" }, "本结果由本页根据公开的办事规则计算，仅供参考，以受理窗口审核为准。"));
  box.replaceChildren(...parts.filter(Boolean));
}

/** A request the page cannot answer (a date before the calendar, no version in force …). */
export function showError(box, error) {
  box.dataset.outcome = "error";
  const words = {
    TB401: "无法计算该日期的办理时限（超出工作日历范围）。",
    TB413: "该日期没有施行中的办事规则。",
  };
  box.replaceChildren(el("p", { class: "selfcheck-outcome" }, words[error.code] || "无法判断，请检查填写的内容。"));
}
