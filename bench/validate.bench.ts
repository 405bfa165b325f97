/**
 * Inventory validation speed: the example inventory and a ~10 MB estate of 30,000 tenants.
 * Baseline from the same run: JSON.parse of the same text (the least any validator must do).
 * Run: npx tsx bench/validate.bench.ts
 */
import { readFileSync } from "node:fs";
import { performance } from "node:perf_hooks";
import { validateInventoryText } from "../inventory/validate";
import { scanJson } from "../inventory/validate-json-syntax";
import { largeRawInventory } from "../test/support/inventory-factory";

function medianMs(runs: number, work: () => unknown): number {
  const times: number[] = [];
  for (let i = 0; i < runs; i++) {
    const start = performance.now();
    work();
    times.push(performance.now() - start);
  }
  times.sort((a, b) => a - b);
  return times[Math.floor(times.length / 2)]!;
}

function ms(value: number): string {
  return `${value < 1 ? value.toFixed(3) : value.toFixed(1)} ms`;
}

/** Time validating `text`; its problems must be at exactly `expectedPaths` (none: valid). */
function report(name: string, text: string, runs: number, expectedPaths: readonly string[] = []): void {
  const parse = medianMs(runs, () => JSON.parse(text));
  const scan = medianMs(runs, () => scanJson(text));
  const validate = medianMs(runs, () => {
    const result = validateInventoryText(text);
    const paths = result.ok ? [] : result.problems.map((problem) => problem.path);
    if (paths.join() !== expectedPaths.join()) throw new Error(`${name}: problems at ${paths.join(", ") || "none"}`);
  });
  const mb = (text.length / 1024 / 1024).toFixed(text.length < 1024 * 1024 ? 3 : 1);
  console.log(
    `${name} (${mb} MB): JSON.parse ${ms(parse)} | duplicate-key scan ${ms(scan)} | ` +
      `full validation ${ms(validate)} = ${(validate / parse).toFixed(1)}× JSON.parse`,
  );
}

const coldStart = performance.now();
validateInventoryText(readFileSync("examples/inventory.json", "utf8"));
console.log(`first validation (includes compiling the schema once): ${ms(performance.now() - coldStart)}`);
report("examples/inventory.json", readFileSync("examples/inventory.json", "utf8"), 200);
// Valid: the central role covers loghop-named tenants by one name pattern, however many there are.
report("estate of 30,000 tenants", JSON.stringify(largeRawInventory(30_000), null, 1), 5);

/** The valid test inventory with 800,000 unknown top-level keys (~9.5 MB). */
function unknownKeys(count: number): string {
  const inventory: Record<string, unknown> = largeRawInventory(2, 1);
  for (let i = 0; i < count; i++) inventory[`k${i}`] = 1;
  return JSON.stringify(inventory);
}

/** The valid test inventory, one key per line, with `count` repeats of its first key (each a problem). */
function duplicateKeys(count: number): string {
  const text = JSON.stringify(largeRawInventory(2, 1), null, 1);
  return `{\n${' "project": "x",\n'.repeat(count)}${text.slice(2)}`;
}

// Worst cases: every list item or key an error; just under and far over the size guard;
// duplicate keys, each placed by line and column.
for (const [name, text] of [
  ["200,000 invalid tenants", JSON.stringify({ ...largeRawInventory(0, 1), tenants: new Array(200_000).fill(1) })],
  [
    "5,000,000 invalid tenants (refused by the size guard)",
    JSON.stringify({ ...largeRawInventory(0, 1), tenants: new Array(5_000_000).fill(1) }),
  ],
  ["800,000 unknown keys", unknownKeys(800_000)],
  ["200,000 duplicate keys", duplicateKeys(200_000)],
] as const) {
  let problems = 0;
  const time = medianMs(3, () => {
    const result = validateInventoryText(text);
    problems = result.ok ? 0 : result.problems.length;
  });
  console.log(
    `${name} (${(text.length / 1024 / 1024).toFixed(1)} MB): ${ms(time)}, ${problems.toLocaleString("en-US")} problem(s)`,
  );
}
