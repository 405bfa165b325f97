/**
 * Scale benchmark (`npm run bench:synth`, issue 14 §4): for each generated estate, each step in a
 * cold process — `loghop validate` (the bundled CLI), `loghop generate` (into a temporary
 * directory), synth (main.ts under GNU time) — then the synthesized stacks' resource counts and the
 * largest limited policy document against its AWS limit (stacks/limits/predict-limits.ts).
 *
 * An estate `loghop validate` refuses is still synthesized, through bench/synth-unvalidated.ts
 * (bench only: main.ts minus validation), so synth cost is measured where other work is raising
 * the ceilings; its row says so. A synth that runs past BENCH_SYNTH_TIMEOUT_S (default 600) is
 * stopped and reported as such.
 *
 * Targets (issue 14): validate ≤ 10 s; synth ≤ 120 s and ≤ 4 GB; no stack over 1,000 resources.
 * Env: BENCH_SIZES=a,b (names below; default all), BENCH_RUNS (synth runs per small size, default 3),
 * BENCH_HEAP_MB (synth's V8 heap cap, default 4096: the memory target, and a guard for a shared machine).
 */
import { spawnSync, type SpawnSyncReturns } from "node:child_process";
import { existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { loadavg, tmpdir } from "node:os";
import { join, resolve } from "node:path";
import { resolveInventory } from "../inventory/resolve";
import type { Inventory } from "../inventory/types";
import { tenantsWithCustomerStack } from "../stacks/customer/customer-tenants";
import { measureLimits } from "../stacks/limits/predict-limits";
import { estateRawInventory, scaledRawInventory } from "../test/stacks/support/inventories";

interface Size {
  readonly name: string;
  readonly label: string;
  /** Runs of synth (median); 1 for the estates, whose one run takes minutes. */
  readonly runs: number;
  readonly inventory: () => Inventory;
}

const RUNS = Number(process.env["BENCH_RUNS"] ?? 3);
const SIZES: readonly Size[] = [
  {
    name: "10",
    label: "10 tenants / 4 clusters / 2 regions",
    runs: RUNS,
    inventory: () => scaledRawInventory({ tenants: 10, clusters: 4, regions: 2 }),
  },
  {
    name: "100",
    label: "100 tenants / 15 clusters / 3 regions",
    runs: RUNS,
    inventory: () => scaledRawInventory({ tenants: 100, clusters: 15, regions: 3 }),
  },
  {
    name: "300",
    label: "300 tenants / 40 clusters / 4 regions",
    runs: RUNS,
    inventory: () => scaledRawInventory({ tenants: 300, clusters: 40, regions: 4 }),
  },
  {
    name: "mid",
    label: "900 tenants / 20 clusters per region / 30 regions",
    runs: 1,
    inventory: () => estateRawInventory({ tenants: 900, clustersPerRegion: 20, regions: 30 }),
  },
  {
    name: "clusters",
    label: "900 tenants / 100 clusters per region / 30 regions",
    runs: 1,
    inventory: () => estateRawInventory({ tenants: 900, clustersPerRegion: 100, regions: 30 }),
  },
  {
    name: "large",
    label: "10,000 tenants / 500 clusters per region / 30 regions",
    runs: 1,
    inventory: () => estateRawInventory({ tenants: 10_000, clustersPerRegion: 500, regions: 30 }),
  },
];

const TARGET = { validateSeconds: 10, synthSeconds: 120, synthRssMb: 4 * 1024, resourcesPerStack: 1_000 };
const SYNTH_TIMEOUT_MS = Number(process.env["BENCH_SYNTH_TIMEOUT_S"] ?? 600) * 1000;
const HEAP_MB = Number(process.env["BENCH_HEAP_MB"] ?? 4096);
const TSX = resolve("node_modules/.bin/tsx");
const CLI = resolve("bin/loghop.js");
const TIME = "/usr/bin/time";

interface Timed {
  readonly seconds: number;
  readonly child: SpawnSyncReturns<string>;
}

function timed(command: string, args: readonly string[], env: NodeJS.ProcessEnv, timeoutMs?: number): Timed {
  const started = process.hrtime.bigint();
  const child = spawnSync(command, args, {
    env,
    encoding: "utf8",
    maxBuffer: 256 * 1024 * 1024,
    ...(timeoutMs === undefined ? {} : { timeout: timeoutMs, killSignal: "SIGKILL" }),
  });
  return { seconds: Number(process.hrtime.bigint() - started) / 1e9, child };
}

interface Verdict {
  readonly seconds: number;
  readonly valid: boolean;
  /** The CLI's last line: "valid — …" or "N problems found". */
  readonly summary: string;
}

function validate(file: string): Verdict {
  const { seconds, child } = timed(process.execPath, [CLI, "validate", file], process.env);
  const lines = `${child.stdout}${child.stderr}`.trim().split("\n");
  return { seconds, valid: child.status === 0, summary: (lines[lines.length - 1] ?? "").replace(`${file}: `, "") };
}

/** Stacks buildApp makes: one per region, central, one per tenant with a customer stack, one per cluster. */
function expectedStacks(raw: Inventory): number {
  const inventory = resolveInventory(raw);
  return inventory.central.regions.length + 1 + tenantsWithCustomerStack(inventory).length + inventory.clusters.length;
}

function generate(file: string, out: string): { seconds: number; ok: boolean } {
  const { seconds, child } = timed(process.execPath, [CLI, "generate", "--inventory", file, "--out", out], process.env);
  return { seconds, ok: child.status === 0 };
}

interface StackCounts {
  readonly stacks: number;
  readonly totalResources: number;
  readonly maxResources: number;
  readonly largestStack: string;
}

function countResources(outdir: string): StackCounts {
  const dir = join(outdir, "stacks");
  let total = 0;
  let max = 0;
  let largest = "";
  const names = readdirSync(dir);
  for (const name of names) {
    const json = JSON.parse(readFileSync(join(dir, name, "cdk.tf.json"), "utf8")) as {
      resource?: Record<string, Record<string, unknown>>;
    };
    const count = Object.values(json.resource ?? {}).reduce((sum, byId) => sum + Object.keys(byId).length, 0);
    total += count;
    if (count > max) [max, largest] = [count, name];
  }
  return { stacks: names.length, totalResources: total, maxResources: max, largestStack: largest };
}

interface Synth {
  readonly entry: "main.ts" | "bench/synth-unvalidated.ts";
  readonly seconds: number;
  /** Summed over the synth processes (each reports its own peak). */
  readonly peakRssMb: number;
  /** How many processes synthesized (LOGHOP_SYNTH_WORKERS, or the default for the estate's size). */
  readonly processes: number;
  /** User + system CPU of the synth process tree: on a shared machine steadier than wall time. */
  readonly cpuSeconds: number;
  /** Why no output: refused with a reason, or stopped at the timeout. */
  readonly failure?: string;
  readonly counts?: StackCounts;
}

function synthOnce(file: string, bundle: string, outdir: string, valid: boolean): Synth {
  rmSync(outdir, { recursive: true, force: true });
  const entry = valid ? "main.ts" : "bench/synth-unvalidated.ts";
  const env = {
    ...process.env,
    LOGHOP_INVENTORY: file,
    LOGHOP_PROCESSOR_BUNDLE_DIR: bundle,
    CDKTF_OUTDIR: outdir,
    CHECKPOINT_DISABLE: "1",
    // The 4 GB target as a hard cap: a synth that needs more fails here instead of swapping a shared machine.
    NODE_OPTIONS: `--max-old-space-size=${HEAP_MB}`,
  };
  const rssFile = join(outdir + ".rss");
  rmSync(rssFile, { force: true });
  const { seconds, child } = timed(
    TIME,
    ["-v", TSX, entry],
    { ...env, LOGHOP_SYNTH_PEAK_RSS_FILE: rssFile },
    SYNTH_TIMEOUT_MS,
  );
  // GNU time's "Maximum resident set size" is the largest single process of the tree; synth may run
  // several (stacks/common/synth-shards.ts), so each reports its own peak and they are summed — an
  // upper bound of what they held at once. tsx's own launcher process is not counted (≈ 50 MB).
  const match = /Maximum resident set size \(kbytes\): (\d+)/.exec(child.stderr ?? "");
  const reported = existsSync(rssFile)
    ? readFileSync(rssFile, "utf8")
        .trim()
        .split("\n")
        .filter((line) => line !== "")
        .map(Number)
    : [];
  const peakRssMb =
    reported.length > 0 ? reported.reduce((a, b) => a + b, 0) / 1024 : match !== null ? Number(match[1]) / 1024 : NaN;
  const processes = Math.max(reported.length, 1);
  const cpu = (label: string): number =>
    Number(new RegExp(`${label} time \\(seconds\\): ([\\d.]+)`).exec(child.stderr ?? "")?.[1] ?? NaN);
  const cpuSeconds = cpu("User") + cpu("System");
  if (child.error !== undefined || child.signal !== null) {
    return {
      entry,
      seconds,
      peakRssMb,
      processes,
      cpuSeconds,
      failure: `stopped after ${(SYNTH_TIMEOUT_MS / 1000).toFixed(0)} s`,
    };
  }
  if (child.status !== 0) {
    const reason = (child.stderr ?? "").split("\n").find((line) => line.trim() !== "") ?? `exit ${child.status}`;
    return { entry, seconds, peakRssMb, processes, cpuSeconds, failure: `refused: ${reason.slice(0, 300)}` };
  }
  return { entry, seconds, peakRssMb, processes, cpuSeconds, counts: countResources(outdir) };
}

function median(values: readonly number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.floor(sorted.length / 2)] as number;
}

/** The limited document closest to (or furthest over) its limit. */
function largestDocument(raw: Inventory): string {
  const measured = measureLimits(resolveInventory(raw));
  const worst = measured.reduce((a, b) => (b.size / b.limit.max > a.size / a.limit.max ? b : a));
  const unit = worst.limit.unit === "count" ? "" : ` ${worst.limit.unit}`;
  return `${worst.document}: ${worst.size.toLocaleString("en-US")} of ${worst.limit.max.toLocaleString("en-US")}${unit} (${((100 * worst.size) / worst.limit.max).toFixed(0)} %)`;
}

function bundleDir(work: string): { dir: string; real: boolean } {
  const real = resolve("dist/processor");
  if (existsSync(join(real, "index.js"))) return { dir: real, real: true };
  const dir = join(work, "bundle");
  mkdirSync(dir);
  writeFileSync(join(dir, "index.js"), "exports.handler = async () => ({ batchItemFailures: [] });\n");
  return { dir, real: false };
}

function against(measured: number, target: number, unit: string): string {
  return `${measured.toFixed(unit === "MB" ? 0 : 1)} ${unit} (target ≤ ${target} ${unit}, ×${(measured / target).toFixed(2)})`;
}

function main(): void {
  const wanted = process.env["BENCH_SIZES"]?.split(",");
  const sizes = wanted === undefined ? SIZES : SIZES.filter((s) => wanted.includes(s.name));
  const work = mkdtempSync(join(tmpdir(), "loghop-bench-synth-"));
  const [load1, load5] = loadavg();
  const processorBundle = bundleDir(work);
  console.log(
    `synth benchmark: node ${process.version}, load average ${load1?.toFixed(2)} / ${load5?.toFixed(2)} (1 / 5 min) at start; ` +
      `bundle: ${processorBundle.real ? "dist/processor" : "stand-in"}`,
  );
  const rows: string[] = [];
  /** Cost per stack of the largest estate synthesized so far, for extrapolating one that did not finish. */
  let perStack: { wallMs: number; cpuMs: number; label: string } | undefined;
  try {
    const bundle = processorBundle.dir;
    for (const size of sizes) {
      const raw = size.inventory();
      const file = join(work, `inventory-${size.name}.json`);
      writeFileSync(file, JSON.stringify(raw));
      console.log(`\n## ${size.label} (${raw.tenants.length} tenants, ${raw.clusters.length} clusters)`);
      const verdict = validate(file);
      console.log(`validate: ${verdict.seconds.toFixed(1)} s — ${verdict.summary}`);
      const generated = generate(file, join(work, `k8s-out-${size.name}`));
      const refusal = verdict.valid ? " (failed)" : " (refused: generate validates first)";
      console.log(`generate: ${generated.seconds.toFixed(1)} s${generated.ok ? "" : refusal}`);
      rmSync(join(work, `k8s-out-${size.name}`), { recursive: true, force: true });
      const document = largestDocument(raw);
      console.log(`largest policy document: ${document}`);
      const runs = Array.from({ length: size.runs }, () => synthOnce(file, bundle, join(work, "out"), verdict.valid));
      const synth = runs[0] as Synth;
      const seconds = median(runs.map((r) => r.seconds));
      const rss = median(runs.map((r) => r.peakRssMb));
      const cpuSeconds = median(runs.map((r) => r.cpuSeconds));
      const via = verdict.valid ? "" : " (unvalidated entry)";
      if (synth.failure !== undefined || synth.counts === undefined) {
        console.log(`synth${via}: ${synth.failure} after ${seconds.toFixed(1)} s, peak RSS ${rss.toFixed(0)} MB`);
        if (perStack !== undefined) {
          const stacks = expectedStacks(raw);
          console.log(
            `EXTRAPOLATION, not measured: ${stacks} stacks × ${perStack.wallMs.toFixed(1)} ms wall ` +
              `(${perStack.cpuMs.toFixed(1)} ms CPU) per stack, as measured at ${perStack.label} ≈ ` +
              `${((stacks * perStack.wallMs) / 1000).toFixed(0)} s wall, ${((stacks * perStack.cpuMs) / 1000).toFixed(0)} s CPU ` +
              `(assumes per-stack cost stays flat; region stacks here grow with their tenants and lanes)`,
          );
        }
      } else {
        const c = synth.counts;
        perStack = { wallMs: (seconds * 1000) / c.stacks, cpuMs: (cpuSeconds * 1000) / c.stacks, label: size.label };
        console.log(
          `synth${via} (${synth.processes} process${synth.processes > 1 ? "es" : ""}): ${against(seconds, TARGET.synthSeconds, "s")}; ` +
            `peak RSS ${against(rss, TARGET.synthRssMb, "MB")}${synth.processes > 1 ? " (sum of the processes' peaks)" : ""}`,
        );
        console.log(
          `stacks: ${c.stacks}; resources: ${c.totalResources} total, max ${c.maxResources} in ${c.largestStack} ` +
            `(target ≤ ${TARGET.resourcesPerStack}, ×${(c.maxResources / TARGET.resourcesPerStack).toFixed(2)}); ` +
            `${((seconds * 1000) / c.stacks).toFixed(1)} ms per stack, ${((seconds * 1e6) / c.totalResources).toFixed(0)} µs per resource`,
        );
      }
      const synthCell =
        synth.counts === undefined
          ? `${synth.failure} (${seconds.toFixed(0)} s)`
          : `${seconds.toFixed(1)} s (CPU ${cpuSeconds.toFixed(1)} s, ${synth.processes} proc.)${via}`;
      rows.push(
        `| ${size.label} | ${verdict.seconds.toFixed(1)} s ${verdict.valid ? "valid" : `refused (${verdict.summary})`} | ` +
          `${generated.seconds.toFixed(1)} s | ${synthCell} | ${Number.isNaN(rss) ? "–" : rss.toFixed(0)} MB | ` +
          `${synth.counts?.stacks ?? "–"} | ${synth.counts?.maxResources ?? "–"} / ${synth.counts?.totalResources ?? "–"} | ${document} |`,
      );
    }
    console.log(
      `\ntargets: validate ≤ ${TARGET.validateSeconds} s, synth ≤ ${TARGET.synthSeconds} s and ≤ 4 GB, ≤ ${TARGET.resourcesPerStack} resources per stack\n`,
    );
    console.log(
      "| estate | validate | generate | synth | synth peak RSS | stacks | resources max / total | largest policy document |",
    );
    console.log("|---|---|---:|---|---:|---:|---:|---|");
    rows.forEach((row) => console.log(row));
  } finally {
    rmSync(work, { recursive: true, force: true });
  }
}

main();
