/**
 * `npm run bench:processor` — the processor on the path users run, on one core.
 *
 * Builds the Lambda bundle (`dist/processor`, as `npm run build:processor`),
 * stages objects made by the project's fake log generator
 * (generators/fake-logs: Vector's staged NDJSON, escapes, half JSON app logs,
 * multi-byte text, nanosecond timestamps) and starts the bundled handler in a
 * fresh process pinned to core 0, invoked with SQS events as the event
 * source mapping would. Every AWS call goes over HTTP to a loopback server
 * pinned to core 1 (bench/loopback-aws.ts): S3 GetObject streamed, both STS
 * hops, the tenant shard GetItem, checkpoint UpdateItems, PutLogEvents — all signed
 * by the SDK as in Lambda. Printed per case: MB/s per wall second and per
 * CPU-second of the processor's process, peak RSS, requests and fill, AWS
 * calls per object by API, and the same run's Node zlib inflate ceiling on
 * the same files and core.
 *
 * Cases (environment):
 * - large: one object of each size in `LOGHOP_BENCH_MB` (comma-separated MB of
 *   uncompressed input, default `100`; `100,500` for the README's figures);
 * - small: `LOGHOP_BENCH_SMALL_OBJECTS` objects (default 5000) of 5–50 KB across
 *   200 streams, 10 messages per invocation (the event source's default batch).
 * `LOGHOP_BENCH_PROFILE=<dir>` writes a V8 CPU profile of each handler process there.
 */
import { spawn, spawnSync } from "node:child_process";
import { once } from "node:events";
import { createReadStream, createWriteStream, mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { loadavg, tmpdir } from "node:os";
import { join, resolve } from "node:path";
import { createInterface } from "node:readline";
import { gzipSync } from "node:zlib";
import {
  fakeLogLines,
  fakeStagedEvents,
  seededRandom,
  stageFakeLine,
  stagedObjectKey,
  writeStagedObject,
} from "../generators/fake-logs";
import { buildProcessorBundle } from "../processor/bundle";
import { BatchBuilder } from "../processor/cloudwatch/batch-builder";
import { MAX_BATCH_BYTES } from "../processor/cloudwatch/limits";
import { stagedObjectEvents } from "../processor/delivery/staged-events";
import { emptyReadCounters } from "../processor/records/counters";
import { shardTenantItems } from "../generators/processor-config/tenant-shards";
import type { TenantDeliveryItem } from "../processor/tenant-config/types";
import type { LoopbackPlan } from "./loopback-aws";

const ROOT = resolve(__dirname, "..");
const BUCKET = "loghop-staging-111111111111-eu-west-1";
const REGION = "eu-west-1";
const CLUSTER = "prod-eks";

interface StagedFile {
  readonly key: string;
  readonly file: string;
  readonly compressedBytes: number;
  readonly uncompressedBytes: number;
  readonly eTag: string;
}

interface BenchCase {
  readonly label: string;
  readonly objects: readonly StagedFile[];
  /** Messages per Lambda invocation. */
  readonly batchSize: number;
}

/** What the handler's process measured about itself (written to fd 3 by DRIVER). */
interface DriverResult {
  readonly wallMs: number;
  /** CPU time of the whole process, cold start included. */
  readonly cpuMs: number;
  /** Of which: requiring the bundle (and the SDK) and building the clients. */
  readonly coldStartCpuMs: number;
  readonly maxRssKiB: number;
  readonly failures: number;
}

interface RunResult extends DriverResult {
  readonly delivered: number;
  readonly events: number;
  readonly payloadBytes: number;
  readonly requests: number;
  readonly calls: Readonly<Record<string, number>>;
}

function tenantItem(tenantId: string): TenantDeliveryItem {
  return {
    tenantId,
    deliveryId: `cloudwatch-${REGION}-0`,
    type: "cloudwatch",
    region: REGION,
    accountId: "222222222222",
    roleArn: `arn:aws:iam::222222222222:role/loghop-${tenantId}-delivery`,
    externalId: `lhx-${tenantId}-external-id`,
    enabled: true,
    allowedClusters: [CLUSTER],
    logGroupName: `/loghop/${tenantId}`,
    retentionDays: 30,
  };
}

function etagOf(index: number): string {
  return `bench${index.toString(16).padStart(28, "0")}`;
}

/** One object of `megabytes` of staged NDJSON from one pod (one stream), streamed to disk. */
async function stageLarge(dir: string, megabytes: number, index: number): Promise<StagedFile> {
  const file = join(dir, `large-${megabytes}.json.gz`);
  const now = Date.now();
  // ~400 bytes per staged line at least: the timestamps end before now, never in the future.
  const lines = Math.ceil((megabytes * 1e6) / 400);
  const events = fakeStagedEvents(
    {
      estate: { tenants: ["globex"], applications: ["web"], podsPerApplication: 1 },
      seed: 10 + index,
      nowMs: now,
      linesPerSecond: 1000,
      durationSeconds: Math.ceil(lines / 1000),
    },
    CLUSTER,
    ["globex"],
  );
  let pod = "";
  const stats = await writeStagedObject(
    (function* () {
      for (const event of events) {
        pod = event.pod_name;
        yield event;
      }
    })(),
    createWriteStream(file),
    { maxUncompressedBytes: megabytes * 1e6 },
  );
  return {
    key: stagedObjectKey(`${CLUSTER}/globex/web/${pod}/`, now, seededRandom(index)),
    file,
    compressedBytes: stats.compressedBytes,
    uncompressedBytes: stats.uncompressedBytes,
    eTag: etagOf(index),
  };
}

/**
 * `count` objects of 5–50 KB (uncompressed, drawn uniformly), each from one of 200 pods (10 tenants
 * × 5 applications × 4 pods), as the sink flushes them: a pod's lines go to its current object
 * until it reaches its size.
 */
function stageSmall(dir: string, count: number): StagedFile[] {
  const tenants = Array.from({ length: 10 }, (_, i) => `tenant-${i}`);
  const random = seededRandom(7);
  const now = Date.now();
  const lines = fakeLogLines({
    estate: { tenants, applications: ["web", "checkout", "worker", "api", "cron"], podsPerApplication: 4 },
    seed: 7,
    nowMs: now,
    linesPerSecond: 2000,
    durationSeconds: Math.ceil((count * 30_000) / 400 / 2000),
    lines: Infinity,
  });
  const open = new Map<string, { lines: string[]; bytes: number; target: number; prefix: string }>();
  const staged: StagedFile[] = [];
  for (const line of lines) {
    if (staged.length >= count) break;
    const event = stageFakeLine(line, CLUSTER, tenants);
    if (event === undefined) continue;
    const prefix = `${CLUSTER}/${event.tenant_id}/${event.application}/${event.pod_name}/`;
    let object = open.get(prefix);
    if (object === undefined) {
      object = { lines: [], bytes: 0, target: 5_000 + random.int(45_001), prefix };
      open.set(prefix, object);
    }
    const text = `${JSON.stringify(event)}\n`;
    object.lines.push(text);
    object.bytes += Buffer.byteLength(text);
    if (object.bytes < object.target) continue;
    const body = gzipSync(object.lines.join(""));
    const file = join(dir, `small-${staged.length}.json.gz`);
    writeFileSync(file, body);
    staged.push({
      key: stagedObjectKey(prefix, now, random),
      file,
      compressedBytes: body.length,
      uncompressedBytes: object.bytes,
      eTag: etagOf(staged.length),
    });
    open.delete(prefix);
  }
  return staged;
}

/** SQS events as the event source mapping delivers them: SNS envelopes around S3 notifications, first receives. */
function sqsEvents(objects: readonly StagedFile[], batchSize: number): object[] {
  const events: object[] = [];
  for (let start = 0; start < objects.length; start += batchSize) {
    const Records = objects.slice(start, start + batchSize).map((object, i) => {
      const notification = {
        Records: [
          {
            eventVersion: "2.1",
            eventSource: "aws:s3",
            awsRegion: REGION,
            eventTime: new Date().toISOString(),
            eventName: "ObjectCreated:Put",
            s3: {
              bucket: { name: BUCKET },
              object: {
                key: encodeURIComponent(object.key).replace(/%2F/g, "/"),
                size: object.compressedBytes,
                eTag: object.eTag,
              },
            },
          },
        ],
      };
      return {
        messageId: `bench-${start + i}`,
        receiptHandle: `r-${start + i}`,
        body: JSON.stringify({ Type: "Notification", Message: JSON.stringify(notification) }),
        attributes: { ApproximateReceiveCount: "1" },
        eventSource: "aws:sqs",
      };
    });
    events.push({ Records });
  }
  return events;
}

function pinned(core: number, command: string, args: readonly string[]): [string, string[]] {
  const hasTaskset = spawnSync("taskset", ["--version"]).status === 0;
  return hasTaskset ? ["taskset", ["-c", String(core), command, ...args]] : [command, [...args]];
}

async function startLoopback(plan: LoopbackPlan, dir: string) {
  const planFile = join(dir, "plan.json");
  writeFileSync(planFile, JSON.stringify(plan));
  const [command, args] = pinned(1, process.execPath, ["-r", "tsx/cjs", join(__dirname, "loopback-aws.ts"), planFile]);
  const child = spawn(command, args, { stdio: ["ignore", "pipe", "inherit"], cwd: ROOT });
  const [data] = (await once(child.stdout!, "data")) as [Buffer];
  const endpoint = `http://127.0.0.1:${data.toString().trim()}`;
  const control = async (path: string, method = "GET") =>
    (await (await fetch(`${endpoint}${path}`, { method })).json()) as Record<string, number>;
  return {
    endpoint,
    counts: () => control("/__loopback/counts"),
    reset: () => control("/__loopback/reset", "POST"),
    stop: () => child.kill(),
  };
}

/**
 * The measured process: plain Node (no TypeScript loader) requiring the bundle and invoking its
 * handler for each event in turn, like a Lambda container; wall and CPU time cover the require
 * (a cold start) and every invocation.
 */
const DRIVER = `
const fs = require("node:fs");
const { performance } = require("node:perf_hooks");
const [bundle, eventsFile] = process.argv.slice(1);
const events = JSON.parse(fs.readFileSync(eventsFile, "utf8"));
(async () => {
  const wall0 = performance.now();
  const cpu0 = process.cpuUsage();
  const { handler } = require(bundle);
  // An empty batch builds the clients and caches (no AWS call): the rest of a cold start.
  await handler({ Records: [] }, { awsRequestId: "bench-init", getRemainingTimeInMillis: () => 900000 });
  const cold = process.cpuUsage(cpu0);
  let failures = 0;
  for (let i = 0; i < events.length; i++) {
    const response = await handler(events[i], { awsRequestId: "bench-" + i, getRemainingTimeInMillis: () => 900000 });
    failures += response.batchItemFailures.length;
  }
  const cpu = process.cpuUsage(cpu0);
  fs.writeSync(3, JSON.stringify({ wallMs: performance.now() - wall0, cpuMs: (cpu.user + cpu.system) / 1000,
    coldStartCpuMs: (cold.user + cold.system) / 1000, maxRssKiB: process.resourceUsage().maxRSS, failures }));
})().catch((error) => { console.error(error); process.exit(1); });
`;

async function runHandler(
  bundleFile: string,
  eventsFile: string,
  endpoint: string,
  tenantShards: number,
): Promise<Omit<RunResult, "calls">> {
  const env = {
    ...process.env,
    AWS_REGION: REGION,
    AWS_ENDPOINT_URL: endpoint,
    AWS_ACCESS_KEY_ID: "AKIDBENCH",
    AWS_SECRET_ACCESS_KEY: "bench-secret",
    LOGHOP_TENANT_TABLE: "loghop-tenants",
    LOGHOP_TENANT_SHARDS: String(tenantShards),
    LOGHOP_CHECKPOINT_TABLE: "loghop-checkpoints",
    LOGHOP_CENTRAL_ROLE_ARN: "arn:aws:iam::111111111111:role/loghop-central-distribution",
    LOGHOP_STAGING_BUCKET: BUCKET,
    LOGHOP_METRICS_NAMESPACE: "Loghop/bench",
    // The large cases are single objects far above the default per-object limits: the bench
    // measures their throughput, not the limits (bench:bomb measures those).
    LOGHOP_MAX_OBJECT_BYTES: String(UNLIMITED.maxUncompressedBytes),
    LOGHOP_MAX_OBJECT_EVENTS: String(UNLIMITED.maxEvents),
    LOGHOP_MAX_COMPRESSION_RATIO: String(UNLIMITED.maxCompressionRatio),
  };
  // LOGHOP_BENCH_PROFILE=<dir>: a V8 CPU profile of the handler's process per case, for finding where time goes.
  const profile = process.env.LOGHOP_BENCH_PROFILE;
  const profiling = profile !== undefined ? ["--cpu-prof", "--cpu-prof-dir", resolve(profile)] : [];
  const [command, args] = pinned(0, process.execPath, [...profiling, "-e", DRIVER, bundleFile, eventsFile]);
  const child = spawn(command, args, { env, stdio: ["ignore", "pipe", "inherit", "pipe"] });
  let report = "";
  child.stdio[3]!.on("data", (chunk: Buffer) => (report += chunk.toString()));
  // The handler's own log lines (stdout, as in Lambda): one per object outcome.
  let delivered = 0;
  let events = 0;
  let payloadBytes = 0;
  let requests = 0;
  createInterface({ input: child.stdout! }).on("line", (line) => {
    if (!line.includes('"outcome":"delivered"')) return;
    const outcome = JSON.parse(line) as { destinations: { events: number; bytes: number; requests: number }[] };
    delivered++;
    for (const d of outcome.destinations) {
      events += d.events;
      payloadBytes += d.bytes;
      requests += d.requests;
    }
  });
  const [code] = (await once(child, "exit")) as [number];
  if (code !== 0) throw new Error(`the handler's process exited with ${code}`);
  return { ...(JSON.parse(report) as DriverResult), delivered, events, payloadBytes, requests };
}

/** Node's zlib inflating the same files on the same core: the ceiling (per CPU-second, like the processor's figure). */
const INFLATE = `
const fs = require("node:fs");
const zlib = require("node:zlib");
const files = process.argv.slice(1);
(async () => {
  const cpu0 = process.cpuUsage();
  let bytes = 0;
  if (files.length === 1) {
    const gunzip = zlib.createGunzip({ chunkSize: 1 << 20 });
    fs.createReadStream(files[0], { highWaterMark: 1 << 20 }).pipe(gunzip);
    for await (const chunk of gunzip) bytes += chunk.length;
  } else {
    const bodies = files.map((f) => fs.readFileSync(f));
    const start = process.cpuUsage();
    for (const body of bodies) bytes += zlib.gunzipSync(body).length;
    const cpu = process.cpuUsage(start);
    process.stdout.write(JSON.stringify({ bytes, cpuMs: (cpu.user + cpu.system) / 1000 }));
    return;
  }
  const cpu = process.cpuUsage(cpu0);
  process.stdout.write(JSON.stringify({ bytes, cpuMs: (cpu.user + cpu.system) / 1000 }));
})();
`;

function inflateCeiling(files: readonly string[]): number {
  const [command, args] = pinned(0, process.execPath, ["-e", INFLATE, ...files]);
  const result = spawnSync(command, args, { encoding: "utf8", maxBuffer: 1 << 20 });
  if (result.status !== 0) throw new Error(`inflate ceiling failed: ${result.stderr}`);
  const { bytes, cpuMs } = JSON.parse(result.stdout) as { bytes: number; cpuMs: number };
  return bytes / 1e6 / (cpuMs / 1000);
}

/** Per-object limits lifted: every bench object is read whole. */
const UNLIMITED = {
  maxUncompressedBytes: Number.MAX_SAFE_INTEGER,
  maxEvents: Number.MAX_SAFE_INTEGER,
  maxCompressionRatio: Number.MAX_SAFE_INTEGER,
};

/** The pipeline's read + parse + batch in this kind of process, no AWS: the old in-process figure, for comparison only. */
async function readOnlyCpuSeconds(file: string): Promise<number> {
  const counters = emptyReadCounters();
  const started = process.cpuUsage();
  const events = stagedObjectEvents(
    createReadStream(file, { highWaterMark: 1 << 20 }),
    { maxLineBytes: 4 * 1024 * 1024, fallbackTimestampMs: 0, limits: UNLIMITED },
    counters,
  );
  const builder = new BatchBuilder();
  for await (const chunk of events) for (const event of chunk) builder.add(event);
  builder.flush();
  const cpu = process.cpuUsage(started);
  return (cpu.user + cpu.system) / 1e6;
}

function readOnlyInChild(file: string): number {
  const [command, args] = pinned(0, process.execPath, ["-r", "tsx/cjs", __filename, "--read-only", file]);
  const result = spawnSync(command, args, { encoding: "utf8", cwd: ROOT });
  if (result.status !== 0) throw new Error(`read-only pass failed: ${result.stderr}`);
  return Number(result.stdout.trim());
}

const number = (value: number, digits = 1) =>
  value.toLocaleString("en-US", { minimumFractionDigits: digits, maximumFractionDigits: digits });

function callsPerObject(calls: Readonly<Record<string, number>>, objects: number): string {
  return Object.entries(calls)
    .sort(([a], [b]) => (a < b ? -1 : 1))
    .map(([api, n]) => `${api} ${number(n / objects, n % objects === 0 ? 0 : 3)}`)
    .join(", ");
}

function report(c: BenchCase, r: RunResult, ceiling: number, readOnly: number | undefined): string {
  const bytes = c.objects.reduce((sum, o) => sum + o.uncompressedBytes, 0);
  const compressed = c.objects.reduce((sum, o) => sum + o.compressedBytes, 0);
  const perCpu = bytes / 1e6 / (r.cpuMs / 1000);
  const perWarmCpu = bytes / 1e6 / ((r.cpuMs - r.coldStartCpuMs) / 1000);
  const perWall = bytes / 1e6 / (r.wallMs / 1000);
  const total = Object.values(r.calls).reduce((sum, n) => sum + n, 0);
  const lines = [
    `${c.label}: ${number(bytes / 1e6)} MB uncompressed (${number(compressed / 1e6)} MB gzipped), ${c.objects.length} object(s), ${r.events.toLocaleString("en-US")} events, ${Math.ceil(c.objects.length / c.batchSize)} invocation(s) of ≤ ${c.batchSize} message(s), cold process`,
    `  real path: ${number(perCpu)} MB/s per CPU-second, ${number(perWall)} MB/s per wall second` +
      (c.objects.length > 1 ? `; ${number(c.objects.length / (r.cpuMs / 1000), 0)} objects per CPU-second` : ""),
    `  (cold start ${number(r.coldStartCpuMs, 0)} ms CPU included; without it ${number(perWarmCpu)} MB/s per CPU-second` +
      (c.objects.length > 1
        ? `, ${number(c.objects.length / ((r.cpuMs - r.coldStartCpuMs) / 1000), 0)} objects per CPU-second)`
        : ")"),
    `  Node zlib inflate, same files, same core: ${number(ceiling)} MB/s per CPU-second (real path / ceiling = ${number(perCpu / ceiling, 2)})`,
    `  peak RSS ${number(r.maxRssKiB / 1024)} MiB; ${r.requests} PutLogEvents requests, average fill ${number((r.payloadBytes / r.requests / MAX_BATCH_BYTES) * 100)} % of 1 MiB; ${r.delivered}/${c.objects.length} objects delivered, ${r.failures} batch item failures`,
    `  AWS calls per object: ${callsPerObject(r.calls, c.objects.length)} (${number(total / c.objects.length, 2)} in all)`,
  ];
  if (readOnly !== undefined)
    lines.push(
      `  (not the real path) the same file read + parsed + batched in-process, no AWS: ${number(bytes / 1e6 / readOnly)} MB/s per CPU-second`,
    );
  return lines.join("\n");
}

async function main(): Promise<void> {
  if (process.argv[2] === "--read-only") {
    process.stdout.write(String(await readOnlyCpuSeconds(process.argv[3]!)));
    return;
  }
  const largeSizes = (process.env.LOGHOP_BENCH_MB ?? "100")
    .split(",")
    .map(Number)
    .filter((mb) => mb > 0);
  const smallCount = Number(process.env.LOGHOP_BENCH_SMALL_OBJECTS ?? "5000");
  const dir = mkdtempSync(join(tmpdir(), "loghop-bench-"));
  const loadBefore = loadavg()[0]!;
  try {
    const bundle = await buildProcessorBundle(join(ROOT, "dist/processor"));
    const cases: BenchCase[] = [];
    for (const [i, mb] of largeSizes.entries())
      cases.push({ label: `large ${mb} MB`, objects: [await stageLarge(dir, mb, i)], batchSize: 1 });
    if (smallCount > 0)
      cases.push({
        label: `small: ${smallCount} objects of 5–50 KB across 200 streams`,
        objects: stageSmall(dir, smallCount),
        batchSize: 10,
      });
    const all = cases.flatMap((c) => c.objects);
    const tenants = [...new Set(all.map((o) => o.key.split("/")[1]!))].sort();
    const layout = shardTenantItems(tenants.map(tenantItem));
    const loopback = await startLoopback(
      {
        objects: Object.fromEntries(
          all.map((o) => [`${BUCKET}/${o.key}`, { file: o.file, bytes: o.compressedBytes, eTag: o.eTag }]),
        ),
        tenantShards: Object.fromEntries(layout.shards.map((shard) => [shard.item.tenantId!.S!, shard.item])),
      },
      dir,
    );
    try {
      const results: string[] = [];
      const largePeaks: number[] = [];
      for (const [i, c] of cases.entries()) {
        const eventsFile = join(dir, `events-${i}.json`);
        writeFileSync(eventsFile, JSON.stringify(sqsEvents(c.objects, c.batchSize)));
        await loopback.reset();
        const run = await runHandler(bundle.file, eventsFile, loopback.endpoint, layout.count);
        const calls = await loopback.counts();
        const ceiling = inflateCeiling(c.objects.map((o) => o.file));
        const readOnly = c.objects.length === 1 ? readOnlyInChild(c.objects[0]!.file) : undefined;
        if (c.batchSize === 1) largePeaks.push(run.maxRssKiB);
        results.push(report(c, { ...run, calls }, ceiling, readOnly));
        process.stdout.write(`${results.at(-1)}\n`);
      }
      if (largePeaks.length > 1)
        process.stdout.write(
          `peak RSS largest / smallest large object: ${number(largePeaks.at(-1)! / largePeaks[0]!, 2)} (flat ≈ 1.0)\n`,
        );
    } finally {
      loopback.stop();
    }
    process.stdout.write(
      `machine: ${spawnSync("nproc").stdout.toString().trim()} cores, 1-minute load ${number(loadBefore, 2)} before, ${number(loadavg()[0]!, 2)} after (above ~1 means other work shared the cores)\n`,
    );
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

if (require.main === module)
  void main().catch((error: unknown) => {
    process.stderr.write(`${String((error as Error).stack ?? error)}\n`);
    process.exitCode = 1;
  });
