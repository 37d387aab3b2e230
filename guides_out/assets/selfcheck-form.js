// 自助预审: the form's fields, one per fact, each control with its own <label for>.
// A field is built once per item version and shown or hidden as the residuals ask for it;
// ``read()`` gives the fact's value (undefined while unanswered).

function el(tag, attrs = {}, ...kids) {
  const node = document.createElement(tag);
  for (const [key, value] of Object.entries(attrs)) {
    if (value !== undefined && value !== null) node.setAttribute(key, value);
  }
  node.append(...kids);
  return node;
}

export { el };

function help(fact, id) {
  return fact.help ? el("p", { class: "selfcheck-help", id: `${id}-help` }, fact.help) : "";
}

function single(fact, id, control) {
  const box = el("div", { class: "selfcheck-field", "data-fact": fact.id },
    el("label", { for: id }, fact.label), help(fact, id), control);
  if (fact.help) control.setAttribute("aria-describedby", `${id}-help`);
  return box;
}

function choices(fact, id, type, options) {
  const set = el("fieldset", { class: "selfcheck-field", "data-fact": fact.id },
    el("legend", {}, fact.label), help(fact, id));
  if (fact.help) set.setAttribute("aria-describedby", `${id}-help`);
  const row = el("div", { class: "selfcheck-choices" });
  for (const [value, text] of options) {
    const input = el("input", { type, id: `${id}-${value}`, name: id, value });
    row.append(el("span", { class: "selfcheck-choice" }, input, el("label", { for: `${id}-${value}` }, text)));
  }
  set.append(row);
  return set;
}

const LEVELS = [["p", "省级"], ["c", "地市或区县"], ["x", "区县"]];

/** Three linked selects: province, prefecture (or a county directly under the province), county. */
function regionField(fact, id, regions, legend = fact.label) {
  const set = el("fieldset", { class: "selfcheck-field selfcheck-region", "data-fact": fact.id },
    el("legend", {}, legend), help(fact, id));
  const selects = LEVELS.map(([key, text]) => {
    const select = el("select", { id: `${id}-${key}`, "data-level": key });
    set.append(el("span", { class: "selfcheck-level" }, el("label", { for: `${id}-${key}` }, text), select));
    return select;
  });
  const fill = (select, codes, blank) => {
    select.replaceChildren(el("option", { value: "" }, blank),
      ...codes.map((code) => el("option", { value: code }, regions[code])));
    select.disabled = codes.length === 0;
  };
  const codes = Object.keys(regions);
  const listed = new Set(codes);
  const under = (code) => {
    if (code.endsWith("0000")) {
      return codes.filter((c) => c !== code && c.startsWith(code.slice(0, 2)) &&
        (c.endsWith("00") || !listed.has(c.slice(0, 4) + "00")));
    }
    return code.endsWith("00") ? codes.filter((c) => c !== code && c.startsWith(code.slice(0, 4))) : [];
  };
  fill(selects[0], codes.filter((c) => c.endsWith("0000")), "请选择");
  fill(selects[1], [], "（可不选）");
  fill(selects[2], [], "（可不选）");
  selects[0].addEventListener("change", () => { fill(selects[1], under(selects[0].value), "（可不选）"); fill(selects[2], [], "（可不选）"); });
  selects[1].addEventListener("change", () => fill(selects[2], under(selects[1].value), "（可不选）"));
  set.read = () => selects.map((s) => s.value).filter(Boolean).pop();
  set.preset = (code) => {
    const chain = [code.slice(0, 2) + "0000", code.slice(0, 4) + "00", code].filter((c, i, all) => listed.has(c) && all.indexOf(c) === i);
    chain.forEach((c, i) => {
      const select = selects.find((s) => [...s.options].some((o) => o.value === c)) || selects[i];
      select.value = c;
      select.dispatchEvent(new Event("change"));
    });
  };
  return set;
}

export { regionField };

const YES_NO = [["yes", "是"], ["no", "否"]];

/** The field of one fact; ``field.read()`` is its value or undefined. */
export function field(fact, regions) {
  const id = `sc-${fact.id}`;
  let box, read;
  if (fact.type === "bool") {
    box = choices(fact, id, "radio", YES_NO);
    read = () => { const on = box.querySelector("input:checked"); return on ? on.value === "yes" : undefined; };
  } else if (fact.type === "enum") {
    const select = el("select", { id }, el("option", { value: "" }, "请选择"),
      ...fact.values.map(([value, text]) => el("option", { value }, text)));
    box = single(fact, id, select);
    read = () => select.value || undefined;
  } else if (fact.type === "set") {
    box = choices(fact, id, "checkbox", fact.values);
    box.append(el("span", { class: "selfcheck-choice" }, el("input", { type: "checkbox", id: `${id}--none`, name: id,
      value: "" }), el("label", { for: `${id}--none` }, "以上都没有")));
    read = () => {
      const on = [...box.querySelectorAll("input:checked")];
      return on.length ? on.map((i) => i.value).filter(Boolean) : undefined;
    };
  } else if (fact.type === "region") {
    box = regionField(fact, id, regions);
    read = box.read;
  } else {
    const input = el("input", { id, type: fact.type === "date" ? "date" : "text", autocomplete: "off",
      inputmode: fact.type === "int" || fact.type === "decimal" ? "decimal" : undefined });
    box = single(fact, id, input);
    read = () => {
      const text = input.value.trim();
      if (!text) return undefined;
      if (fact.type === "int") return /^-?[0-9]+$/.test(text) ? Number(text) : undefined;
      if (fact.type === "decimal") return /^-?[0-9]+(\.[0-9]+)?$/.test(text) ? text : undefined;
      return text;
    };
  }
  box.read = read;
  return box;
}
