/**
 * The CDKTF app (`cdktf synth`, `npm run synth`): every stack of the inventory
 * named by LOGHOP_INVENTORY (default examples/inventory.json). Large estates are synthesized by
 * several processes of this same file, one shard of the stacks each (stacks/common/synth-shards.ts).
 */
import { spawn } from "node:child_process";
import { appendFileSync } from "node:fs";
import { getHeapStatistics } from "node:v8";
import { LoghopError } from "./inventory/errors";
import { loadInventory } from "./inventory/load";
import { writeInventoryRecord } from "./planning/inventory-record";
import { synthesizeApp } from "./stacks/common/app";
import {
  mergeShards,
  prepareShardOutdirs,
  SHARD_ENV,
  ShardSelector,
  shardFromEnv,
  synthWorkers,
} from "./stacks/common/synth-shards";
import { buildApp, selectedProcessorBundleDir } from "./stacks/index";

/** Runs this file again as shard `index` of `count`, writing into `outdir`, its heap capped at `heapMb`. */
function startShard(index: number, count: number, outdir: string, heapMb: number): Promise<void> {
  const child = spawn(process.execPath, [...process.execArgv, ...process.argv.slice(1)], {
    env: {
      ...process.env,
      [SHARD_ENV]: `${index}/${count}`,
      CDKTF_OUTDIR: outdir,
      // Last wins: the shard's share of this process's heap limit, whatever NODE_OPTIONS said.
      NODE_OPTIONS: `${process.env["NODE_OPTIONS"] ?? ""} --max-old-space-size=${heapMb}`.trim(),
    },
    stdio: ["ignore", "inherit", "inherit"],
  });
  return new Promise((resolve, reject) => {
    child.on("error", reject);
    child.on("exit", (code, signal) =>
      code === 0 ? resolve() : reject(new Error(`synth shard ${index}/${count} failed (${signal ?? `exit ${code}`})`)),
    );
  });
}

async function synthesize(): Promise<void> {
  const { raw, inventory } = loadInventory();
  const processorBundleDir = selectedProcessorBundleDir();
  const child = shardFromEnv(process.env);
  if (child !== undefined) {
    synthesizeApp({}, (app) => buildApp(app, inventory, { processorBundleDir, shard: new ShardSelector(child) }));
    reportPeakRss();
    return;
  }
  const count = synthWorkers(process.env, inventory.clusters.length + inventory.tenants.length);
  if (count === 1) {
    // With Terraform Cloud state, buildApp adds the stack that creates the workspaces (applied first).
    const { app } = synthesizeApp({}, (app) => buildApp(app, inventory, { processorBundleDir }));
    // Beside the stacks: lets `loghop plan --base-out` explain a later change against this synth.
    writeInventoryRecord(app.outdir, raw);
  } else {
    // Every shard is a child and this process only merges: the shards share this process's heap
    // limit (NODE_OPTIONS=--max-old-space-size), so together they stay within what it was given.
    const outdir = process.env["CDKTF_OUTDIR"] ?? "cdktf.out";
    const heapMb = Math.floor(getHeapStatistics().heap_size_limit / 1024 / 1024 / count);
    const shardDirs = prepareShardOutdirs(outdir, count);
    await Promise.all(shardDirs.map((dir, index) => startShard(index, count, dir, heapMb)));
    mergeShards(outdir, shardDirs);
    writeInventoryRecord(outdir, raw);
  }
  reportPeakRss();
}

/**
 * With LOGHOP_SYNTH_PEAK_RSS_FILE set (by `npm run bench:synth`), every synth process appends its
 * own peak RSS in KiB: GNU time reports only the largest single process of a tree, not their sum.
 */
function reportPeakRss(): void {
  const file = process.env["LOGHOP_SYNTH_PEAK_RSS_FILE"];
  if (file !== undefined && file !== "") appendFileSync(file, `${process.resourceUsage().maxRSS}\n`);
}

synthesize().catch((error: unknown) => {
  // `cdktf synth/diff/deploy` run this file directly: bad input must read like `loghop validate`,
  // not like a crash. Anything else is a bug and keeps its stack.
  if (!(error instanceof LoghopError)) throw error;
  process.stderr.write(`${error.message}\n`);
  process.exit(1);
});
