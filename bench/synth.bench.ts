/**
 * Synth benchmark (`npm run bench:synth`): the real app (`main.ts`, inventory
 * validation included) on generated inventories of 10, 100 and 300 tenants,
 * each synthesized in a fresh child process; wall time and peak RSS per run.
 * Target (issue 3): 300 tenants, 40 clusters, 4 regions in ≤ 60 s and ≤ 3 GB.
 */
import { spawnSync } from "node:child_process";
import { existsSync, mkdirSync, mkdtempSync, readdirSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join, resolve } from "node:path";
import { scaledRawInventory, type ScaleSpec } from "../test/stacks/support/inventories";

const SIZES: readonly ScaleSpec[] = [
  { tenants: 10, clusters: 4, regions: 2 },
  { tenants: 100, clusters: 15, regions: 3 },
  { tenants: 300, clusters: 40, regions: 4 },
];
const RUNS = Number(process.env["BENCH_RUNS"] ?? 3);
const TARGET_SECONDS = 60;
const TARGET_RSS_MB = 3 * 1024;
const TSX = resolve("node_modules/.bin/tsx");
const TIME = "/usr/bin/time";

interface Run {
  readonly seconds: number;
  readonly peakRssMb: number;
  readonly stacks: number;
}

/** The real bundle when it has been built, else a one-file stand-in (the zip cost is then smaller). */
function bundleDir(work: string): { dir: string; real: boolean } {
  const real = resolve("dist/processor");
  if (existsSync(join(real, "index.js"))) return { dir: real, real: true };
  const dir = join(work, "bundle");
  mkdirSync(dir);
  writeFileSync(join(dir, "index.js"), "exports.handler = async () => ({ batchItemFailures: [] });\n");
  return { dir, real: false };
}

function synthOnce(inventoryFile: string, bundle: string, outdir: string): Run {
  rmSync(outdir, { recursive: true, force: true });
  const env = {
    ...process.env,
    LOGHOP_INVENTORY: inventoryFile,
    LOGHOP_PROCESSOR_BUNDLE_DIR: bundle,
    CDKTF_OUTDIR: outdir,
    CHECKPOINT_DISABLE: "1",
  };
  const useTime = existsSync(TIME);
  const started = process.hrtime.bigint();
  const child = useTime
    ? spawnSync(TIME, ["-v", TSX, "main.ts"], { env, encoding: "utf8", maxBuffer: 64 * 1024 * 1024 })
    : spawnSync(TSX, ["main.ts"], { env, encoding: "utf8", maxBuffer: 64 * 1024 * 1024 });
  const seconds = Number(process.hrtime.bigint() - started) / 1e9;
  if (child.status !== 0) throw new Error(`synth failed (${child.status}):\n${child.stderr}`);
  // GNU time prints "Maximum resident set size (kbytes): N"; otherwise the children's maxRSS (kB on Linux).
  const match = /Maximum resident set size \(kbytes\): (\d+)/.exec(child.stderr);
  const peakKb = match !== null ? Number(match[1]) : process.resourceUsage().maxRSS;
  return { seconds, peakRssMb: peakKb / 1024, stacks: readdirSync(join(outdir, "stacks")).length };
}

function median(values: readonly number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.floor(sorted.length / 2)] as number;
}

function main(): void {
  const work = mkdtempSync(join(tmpdir(), "loghop-bench-synth-"));
  try {
    const bundle = bundleDir(work);
    console.log(
      `synth benchmark: ${RUNS} run(s) per size, median; bundle: ${bundle.real ? "dist/processor" : "stand-in"}`,
    );
    const rows: Array<ScaleSpec & Run> = [];
    for (const spec of SIZES) {
      const file = join(work, `inventory-${spec.tenants}.json`);
      writeFileSync(file, JSON.stringify(scaledRawInventory(spec)));
      const runs = Array.from({ length: RUNS }, () => synthOnce(file, bundle.dir, join(work, "out")));
      rows.push({
        ...spec,
        seconds: median(runs.map((r) => r.seconds)),
        peakRssMb: median(runs.map((r) => r.peakRssMb)),
        stacks: runs[0]?.stacks ?? 0,
      });
    }
    const base = rows[0] as ScaleSpec & Run;
    console.log("\n| tenants | clusters | regions | stacks | wall s | peak RSS MB | time × (vs 10) | RSS × (vs 10) |");
    console.log("|---:|---:|---:|---:|---:|---:|---:|---:|");
    for (const row of rows) {
      console.log(
        `| ${row.tenants} | ${row.clusters} | ${row.regions} | ${row.stacks} | ${row.seconds.toFixed(2)} | ` +
          `${row.peakRssMb.toFixed(0)} | ${(row.seconds / base.seconds).toFixed(2)} | ${(row.peakRssMb / base.peakRssMb).toFixed(2)} |`,
      );
    }
    const largest = rows[rows.length - 1] as ScaleSpec & Run;
    const ok = largest.seconds <= TARGET_SECONDS && largest.peakRssMb <= TARGET_RSS_MB;
    console.log(
      `\ntarget at ${largest.tenants} tenants: ≤ ${TARGET_SECONDS} s and ≤ ${TARGET_RSS_MB} MB → ` +
        `${largest.seconds.toFixed(2)} s, ${largest.peakRssMb.toFixed(0)} MB: ${ok ? "PASS" : "FAIL"}`,
    );
    if (!ok) process.exitCode = 1;
  } finally {
    rmSync(work, { recursive: true, force: true });
  }
}

main();
