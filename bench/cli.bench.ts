/**
 * CLI start-up: `loghop --help` and `loghop validate` (the example inventory) from the bundle,
 * beside `node -e ''` (the least any node command costs) and the same commands run from
 * source through tsx (LOGHOP_FROM_SOURCE=1, what every start cost before the bundle).
 * Each command runs as a whole process, in turn (A B C … A B C) so drift hits all alike;
 * medians of wall-clock time. The bundle is brought up to date once before measuring.
 * Run: npm run bench:cli [-- runs]
 */
import { spawnSync } from "node:child_process";
import { performance } from "node:perf_hooks";
import { join } from "node:path";

const BIN = join(__dirname, "..", "bin", "loghop.js");

interface Case {
  readonly name: string;
  readonly args: readonly string[];
  readonly env?: Readonly<Record<string, string>>;
}

const CASES: readonly Case[] = [
  { name: "node -e ''", args: ["-e", ""] },
  { name: "loghop --help", args: [BIN, "--help"] },
  { name: "loghop validate", args: [BIN, "validate"] },
  { name: "loghop --help (from source, tsx)", args: [BIN, "--help"], env: { LOGHOP_FROM_SOURCE: "1" } },
  { name: "loghop validate (from source, tsx)", args: [BIN, "validate"], env: { LOGHOP_FROM_SOURCE: "1" } },
];

function runOnce(c: Case): number {
  const start = performance.now();
  const result = spawnSync(process.execPath, [...c.args], {
    env: { ...process.env, LOGHOP_INVENTORY: "", ...c.env },
    stdio: ["ignore", "ignore", "pipe"],
  });
  const elapsed = performance.now() - start;
  if (result.status !== 0) throw new Error(`${c.name} exited ${result.status}: ${result.stderr.toString()}`);
  return elapsed;
}

function median(values: readonly number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.floor(sorted.length / 2)]!;
}

const runs = Number(process.argv[2] ?? 15);
// Warm-up: rebuilds a stale bundle and fills the file cache.
for (const c of CASES) runOnce(c);
const times = new Map<string, number[]>(CASES.map((c) => [c.name, []]));
for (let i = 0; i < runs; i++) for (const c of CASES) times.get(c.name)!.push(runOnce(c));

const baseline = median(times.get("node -e ''")!);
for (const c of CASES) {
  const ms = median(times.get(c.name)!);
  const over =
    c.name === "node -e ''" ? "" : ` (${(ms / baseline).toFixed(1)}× node -e '', +${(ms - baseline).toFixed(0)} ms)`;
  console.log(`${c.name.padEnd(36)} ${ms.toFixed(0).padStart(5)} ms median of ${runs}${over}`);
}
