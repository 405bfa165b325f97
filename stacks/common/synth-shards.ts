/**
 * Synthesizing one app in several processes. cdktf synthesizes stacks one after another on one
 * core; an estate of 25,000 stacks spends minutes in it (README "Performance"). Each process builds
 * the whole app's shape but constructs only its share of the stacks — every `count`-th in the
 * app's fixed construction order, so shares are even and the same in every process — and a
 * placeholder (a name) for each other stack, so that dependencies still name them. Placeholders
 * are dropped before synthesis. The main process (main.ts) runs every shard as a child with its
 * share of the heap, then moves their stack directories into its output and writes one manifest:
 * the result is byte for byte the single-process output (test/stacks/synth-shards.test.ts).
 */
import { existsSync, mkdirSync, readdirSync, readFileSync, renameSync, rmSync, writeFileSync } from "node:fs";
import { availableParallelism } from "node:os";
import { join } from "node:path";
import { TerraformStack, type App } from "cdktf";

/** Which share of the stacks one process synthesizes: shard `index` of `count`. */
export interface SynthShard {
  readonly index: number;
  readonly count: number;
}

/** Decides, stack by stack in construction order, which stacks a shard constructs. */
export class ShardSelector {
  private seen = 0;

  public constructor(public readonly shard: SynthShard) {}

  /** Called once per stack, in the app's construction order (the same in every process). */
  public takes(): boolean {
    return this.seen++ % this.shard.count === this.shard.index;
  }
}

/** Stands for a stack another shard synthesizes; removed before synthesis. */
export class StackPlaceholder extends TerraformStack {}

/** Drops the placeholders from the app, so that only this shard's stacks are synthesized. */
export function dropPlaceholders(app: App): void {
  for (const child of [...app.node.children]) {
    if (child instanceof StackPlaceholder) app.node.tryRemoveChild(child.node.id);
  }
}

export const SHARD_ENV = "LOGHOP_SYNTH_SHARD";
export const WORKERS_ENV = "LOGHOP_SYNTH_WORKERS";
/**
 * Below this many clusters and tenants together, one process: each shard loads, validates and
 * builds the app's shape again. Measured on 2 cores: 1,500 (900 tenants, 600 clusters) took 7.3 s
 * either way, with 2.2× the memory in parallel; 3,900 went from 30.0 to 20.7 s; 25,000 from 160 to 92 s.
 */
export const PARALLEL_SYNTH_MIN_ENTITIES = 3_000;

/**
 * The shard a child process was started for (`LOGHOP_SYNTH_SHARD=<index>/<count>`), if any. Only
 * with the output directory main.ts gives a shard (`<outdir>/.shards/<index>`): the variable left
 * set in a shell would otherwise make `cdktf synth` write a part of the stacks as if it were all.
 */
export function shardFromEnv(env: NodeJS.ProcessEnv): SynthShard | undefined {
  const value = env[SHARD_ENV];
  if (value === undefined || value === "") return undefined;
  const match = /^(\d+)\/(\d+)$/.exec(value);
  const index = Number(match?.[1]);
  const count = Number(match?.[2]);
  if (match === null || count < 1 || index >= count) throw new Error(`${SHARD_ENV}=${value}: expected <index>/<count>`);
  const outdir = env["CDKTF_OUTDIR"] ?? "";
  if (!outdir.endsWith(join(".shards", String(index)))) {
    throw new Error(
      `${SHARD_ENV}=${value} is set, but CDKTF_OUTDIR (${outdir || "unset"}) is not a shard directory: ` +
        `only a synth started by main.ts is a shard; unset ${SHARD_ENV}`,
    );
  }
  return { index, count };
}

/**
 * How many processes synthesize: `LOGHOP_SYNTH_WORKERS` if set (1 = in this process only), else
 * the machine's cores, at most 4, for estates of at least PARALLEL_SYNTH_MIN_ENTITIES clusters and
 * tenants; 1 below that.
 */
export function synthWorkers(env: NodeJS.ProcessEnv, entities: number): number {
  const setting = env[WORKERS_ENV];
  if (setting !== undefined && setting !== "") {
    const workers = Number(setting);
    if (!Number.isInteger(workers) || workers < 1)
      throw new Error(`${WORKERS_ENV}=${setting}: expected a whole number ≥ 1`);
    return workers;
  }
  return entities < PARALLEL_SYNTH_MIN_ENTITIES ? 1 : Math.min(4, availableParallelism());
}

/** Where shard `index` writes before the merge. */
export function shardOutdir(outdir: string, index: number): string {
  return join(outdir, ".shards", String(index));
}

/**
 * manifest.json as cdktf writes it (json-stable-stringify, two-space indent): keys sorted, and an
 * empty array or object still broken over two lines.
 */
function stableJson(value: unknown, indent = ""): string {
  const inner = `${indent}  `;
  if (Array.isArray(value)) {
    return `[\n${value.map((item) => inner + stableJson(item, inner)).join(",\n")}${value.length > 0 ? "\n" : ""}${indent}]`;
  }
  if (value !== null && typeof value === "object") {
    const entries = Object.keys(value)
      .sort()
      .filter((key) => (value as Record<string, unknown>)[key] !== undefined)
      .map((key) => `${inner}${JSON.stringify(key)}: ${stableJson((value as Record<string, unknown>)[key], inner)}`);
    return `{\n${entries.join(",\n")}${entries.length > 0 ? "\n" : ""}${indent}}`;
  }
  return JSON.stringify(value);
}

interface ManifestJson {
  readonly version: string;
  readonly stacks: Record<string, unknown>;
}

/** Moves each shard's stacks into `outdir` and writes one manifest.json listing them all. */
export function mergeShards(outdir: string, shardDirs: readonly string[]): void {
  mkdirSync(join(outdir, "stacks"), { recursive: true });
  const stacks: Record<string, unknown> = {};
  let version = "";
  for (const dir of shardDirs) {
    const part = JSON.parse(readFileSync(join(dir, "manifest.json"), "utf8")) as ManifestJson;
    version = part.version;
    for (const [name, entry] of Object.entries(part.stacks)) {
      const target = join(outdir, "stacks", name);
      rmSync(target, { recursive: true, force: true });
      renameSync(join(dir, "stacks", name), target);
      stacks[name] = entry;
    }
    // Synth's intermediate files (the processor zip): the same bytes in every shard that wrote them.
    for (const entry of readdirSync(dir)) {
      if (entry === "stacks" || entry === "manifest.json") continue;
      const target = join(outdir, entry);
      if (!existsSync(target)) renameSync(join(dir, entry), target);
    }
  }
  writeFileSync(join(outdir, "manifest.json"), stableJson({ version, stacks }));
  rmSync(join(outdir, ".shards"), { recursive: true, force: true });
}

/** Creates an empty output directory for each of shards 0…count-1. */
export function prepareShardOutdirs(outdir: string, count: number): string[] {
  rmSync(join(outdir, ".shards"), { recursive: true, force: true });
  return Array.from({ length: count }, (_, i) => {
    const dir = shardOutdir(outdir, i);
    mkdirSync(dir, { recursive: true });
    return dir;
  });
}
