// Runs the self-check evaluator over many cases at once, for the Python tests.
//   node batch.mjs <path of selfcheck.js> <input.json> <output.json>
// input: {"items": {id: itemData}, "cases": [{"item", "facts", "date", "region"}]}
// output: one entry per case: {"ok": result} or {"error": code}
import { readFileSync, writeFileSync } from "node:fs";
import { pathToFileURL } from "node:url";

const [module, input, output] = process.argv.slice(2);
const { evaluate } = await import(pathToFileURL(module).href);
const { items, cases } = JSON.parse(readFileSync(input, "utf8"));
const answers = cases.map(({ item, facts, date, region }) => {
  try {
    return { ok: evaluate(items[item], facts, { date, region }) };
  } catch (error) {
    if (error.code === undefined) throw error;
    return { error: error.code };
  }
});
writeFileSync(output, JSON.stringify(answers));
