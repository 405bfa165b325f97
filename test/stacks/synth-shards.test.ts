/**
 * Synthesizing in several processes (stacks/common/synth-shards.ts) writes exactly what one
 * process writes: every stack file, the manifest and the inventory record, byte for byte. main.ts
 * is run as `cdktf synth` runs it, as a process.
 */
import { spawnSync } from "node:child_process";
import { mkdtempSync, readdirSync, readFileSync, rmSync, statSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join, relative, resolve } from "node:path";
import {
  PARALLEL_SYNTH_MIN_ENTITIES,
  ShardSelector,
  shardFromEnv,
  synthWorkers,
} from "../../stacks/common/synth-shards";
import { scaledRawInventory } from "./support/inventories";
import { fakeProcessorBundle } from "./support/synth";

const ROOT = resolve(__dirname, "../..");
const TSX = join(ROOT, "node_modules/.bin/tsx");

/** Every file under `dir`, by relative path. */
function files(dir: string): Record<string, string> {
  const out: Record<string, string> = {};
  const walk = (current: string): void => {
    for (const entry of readdirSync(current).sort()) {
      const path = join(current, entry);
      if (statSync(path).isDirectory()) walk(path);
      else out[relative(dir, path)] = readFileSync(path).toString("base64");
    }
  };
  walk(dir);
  return out;
}

describe("synth in several processes", () => {
  const work = mkdtempSync(join(tmpdir(), "loghop-shards-"));
  const bundle = fakeProcessorBundle();
  const inventoryFile = join(work, "inventory.json");
  writeFileSync(inventoryFile, JSON.stringify(scaledRawInventory({ tenants: 40, clusters: 12, regions: 3 })));

  afterAll(() => {
    rmSync(work, { recursive: true, force: true });
    bundle.cleanup();
  });

  function synth(workers: number): { outdir: string; peaks: number } {
    const outdir = join(work, `out-${workers}`);
    const rssFile = join(work, `rss-${workers}`);
    const run = spawnSync(TSX, ["main.ts"], {
      cwd: ROOT,
      encoding: "utf8",
      env: {
        ...process.env,
        LOGHOP_INVENTORY: inventoryFile,
        LOGHOP_PROCESSOR_BUNDLE_DIR: bundle.dir,
        LOGHOP_SYNTH_WORKERS: String(workers),
        LOGHOP_SYNTH_PEAK_RSS_FILE: rssFile,
        CDKTF_OUTDIR: outdir,
        CHECKPOINT_DISABLE: "1",
      },
    });
    expect({ status: run.status, stderr: run.status === 0 ? "" : run.stderr }).toStrictEqual({ status: 0, stderr: "" });
    return { outdir, peaks: readFileSync(rssFile, "utf8").trim().split("\n").length };
  }

  test("3 processes write byte for byte what 1 writes, and leave no shard directory behind", () => {
    const one = synth(1);
    const three = synth(3);
    expect(one.peaks).toBe(1);
    // Three shards and the process that merges them, each reporting its peak.
    expect(three.peaks).toBe(4);
    const single = files(one.outdir);
    expect(Object.keys(single).filter((path) => path.endsWith("cdk.tf.json")).length).toBeGreaterThan(40);
    expect(files(three.outdir)).toStrictEqual(single);
    expect(readdirSync(three.outdir)).not.toContain(".shards");
  }, 120_000);
});

describe("shares and settings", () => {
  test("every stack is constructed by exactly one shard, in turn", () => {
    const names = Array.from({ length: 10 }, (_, i) => `stack-${i}`);
    const shares = [0, 1, 2].map((index) => {
      const selector = new ShardSelector({ index, count: 3 });
      return names.filter(() => selector.takes());
    });
    expect(shares).toStrictEqual([
      ["stack-0", "stack-3", "stack-6", "stack-9"],
      ["stack-1", "stack-4", "stack-7"],
      ["stack-2", "stack-5", "stack-8"],
    ]);
  });

  test("reads LOGHOP_SYNTH_SHARD and LOGHOP_SYNTH_WORKERS, refusing nonsense", () => {
    expect(shardFromEnv({})).toBeUndefined();
    expect(shardFromEnv({ LOGHOP_SYNTH_SHARD: "1/3", CDKTF_OUTDIR: "cdktf.out/.shards/1" })).toStrictEqual({
      index: 1,
      count: 3,
    });
    // Left set in a shell, it must not turn a whole synth into a partial one.
    expect(() => shardFromEnv({ LOGHOP_SYNTH_SHARD: "1/3" })).toThrow(/not a shard directory/);
    expect(() => shardFromEnv({ LOGHOP_SYNTH_SHARD: "0/2", CDKTF_OUTDIR: "cdktf.out" })).toThrow(
      /not a shard directory/,
    );
    expect(() => shardFromEnv({ LOGHOP_SYNTH_SHARD: "3/3" })).toThrow(/expected <index>\/<count>/);
    expect(() => shardFromEnv({ LOGHOP_SYNTH_SHARD: "x" })).toThrow(/expected <index>\/<count>/);
    expect(synthWorkers({ LOGHOP_SYNTH_WORKERS: "3" }, 10)).toBe(3);
    expect(() => synthWorkers({ LOGHOP_SYNTH_WORKERS: "0" }, 10)).toThrow(/whole number ≥ 1/);
    // Small estates: starting another process costs more than it saves.
    expect(synthWorkers({}, PARALLEL_SYNTH_MIN_ENTITIES - 1)).toBe(1);
    expect(synthWorkers({}, PARALLEL_SYNTH_MIN_ENTITIES)).toBeGreaterThanOrEqual(1);
    expect(synthWorkers({}, PARALLEL_SYNTH_MIN_ENTITIES)).toBeLessThanOrEqual(4);
  });
});
