/**
 * `npm run bench:processor` — the processor's throughput and memory on one core.
 *
 * Generates a gzipped NDJSON object of ~300-byte events (default ~500 MB
 * uncompressed; `LOGHOP_BENCH_MB` for a quick run), then runs the real
 * delivery code (GetObject body → gunzip → lines → records → batches →
 * PutLogEvents through the AWS SDK, signed) against a loopback HTTP sink in
 * another process that answers `{}`. The measured process is pinned to one
 * core (taskset, when present). Printed beside it, the same file's
 * `gzip -dc` throughput as the ceiling, and the same run at a quarter of
 * the size to show memory stays flat as the object grows.
 */
import { spawn, spawnSync } from "node:child_process";
import { createReadStream, createWriteStream, mkdtempSync, rmSync, statSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { once } from "node:events";
import { createGzip } from "node:zlib";
import { CloudWatchLogsClient } from "@aws-sdk/client-cloudwatch-logs";
import type { S3Client } from "@aws-sdk/client-s3";
import type { Checkpoint, CheckpointPort } from "../processor/checkpoints/checkpoint-store";
import type { TenantClientPool } from "../processor/credentials/client-pool";
import { deliverToCloudWatch } from "../processor/delivery/cloudwatch-delivery";
import { stagedObjectEvents } from "../processor/delivery/staged-events";
import type { ProcessorDeps } from "../processor/delivery/types";
import { MemoryLogger } from "../processor/observability/logger";
import { MemoryMetrics } from "../processor/observability/metrics";
import type { TenantDirectory } from "../processor/tenant-config/tenant-table";
import { BatchBuilder } from "../processor/cloudwatch/batch-builder";
import { emptyReadCounters } from "../processor/records/counters";
import { useFastPutLogEventsSerializer } from "../processor/cloudwatch/fast-serializer";
import { MAX_BATCH_BYTES } from "../processor/cloudwatch/limits";

const EVENT_BYTES = 300;

interface Measurement {
  readonly uncompressedBytes: number;
  readonly seconds: number;
  readonly events: number;
  readonly requests: number;
  readonly payloadBytes: number;
  readonly maxRssBytes: number;
  /** The same file read, parsed and batched without sending: how much of the time sending takes. */
  readonly readOnlySeconds: number;
}

/** Reading → records → batches, no requests: the part of the pipeline that does not depend on the sink. */
async function readOnly(file: string): Promise<number> {
  const counters = emptyReadCounters();
  const started = process.hrtime.bigint();
  const events = stagedObjectEvents(
    createReadStream(file, { highWaterMark: 1 << 20 }),
    { maxLineBytes: 4 * 1024 * 1024, fallbackTimestampMs: 0 },
    counters,
  );
  const builder = new BatchBuilder();
  for await (const chunk of events) {
    for (const event of chunk) builder.add(event);
  }
  builder.flush();
  return Number(process.hrtime.bigint() - started) / 1e9;
}

/** Writes `megabytes` of NDJSON (Vector-shaped records, ~300 bytes per line) as gzip; returns uncompressed bytes. */
export async function generate(file: string, megabytes: number): Promise<number> {
  const gzip = createGzip();
  const out = gzip.pipe(createWriteStream(file));
  const start = Date.UTC(2026, 10, 24, 10);
  // Pseudo-random request ids and payload give a realistic compression ratio (~8:1), not a trivially repetitive file.
  let seed = 0x2545f491;
  const random = (): number => {
    seed ^= seed << 13;
    seed ^= seed >>> 17;
    seed ^= seed << 5;
    return seed >>> 0;
  };
  const words = ["order", "user", "cart", "payment", "shipping", "checkout", "inventory", "session", "token", "retry"];
  let written = 0;
  let i = 0;
  const target = megabytes * 1_000_000;
  while (written < target) {
    const lines: string[] = [];
    for (let j = 0; j < 1000; j++, i++) {
      const head = `{"message":"GET /api/v1/orders/${i} 200 ${random() % 1000}ms req=${random().toString(16)}${random().toString(16)} user=u${random() % 99_991}`;
      const tail = `","timestamp":"${new Date(start + Math.floor(i / 10)).toISOString()}","kubernetes":{"pod_name":"web-1","namespace_name":"shop"},"stream":"stdout"}`;
      let body = "";
      while (head.length + body.length + tail.length < EVENT_BYTES - 1)
        body += ` ${words[random() % words.length]}=${random() % 100_000}`;
      lines.push(head + body.slice(0, EVENT_BYTES - 1 - head.length - tail.length) + tail);
    }
    const chunk = lines.join("\n") + "\n";
    written += Buffer.byteLength(chunk);
    if (!gzip.write(chunk)) await once(gzip, "drain");
  }
  gzip.end();
  await once(out, "finish");
  return written;
}

const SINK = `
const http = require("node:http");
const server = http.createServer((req, res) => {
  req.on("data", () => {});
  req.on("end", () => {
    res.writeHead(200, { "content-type": "application/x-amz-json-1.1", "content-length": 2 });
    res.end("{}");
  });
});
server.keepAliveTimeout = 60000;
server.listen(0, "127.0.0.1", () => process.stdout.write(String(server.address().port) + "\\n"));
`;

function pinned(core: number, command: string, args: string[]): [string, string[]] {
  const hasTaskset = spawnSync("taskset", ["--version"]).status === 0;
  return hasTaskset ? ["taskset", ["-c", String(core), command, ...args]] : [command, args];
}

async function startSink(): Promise<{ endpoint: string; stop: () => void }> {
  const [command, args] = pinned(1, process.execPath, ["-e", SINK]);
  const child = spawn(command, args, { stdio: ["ignore", "pipe", "inherit"] });
  const [data] = (await once(child.stdout!, "data")) as [Buffer];
  return { endpoint: `http://127.0.0.1:${data.toString().trim()}`, stop: () => child.kill() };
}

class NoCheckpoints implements CheckpointPort {
  async claim(): Promise<Checkpoint> {
    return { acceptedEvents: 0, complete: false };
  }
  async advance(): Promise<void> {}
  async complete(): Promise<void> {}
  async release(): Promise<void> {}
  async completeUnleased(): Promise<boolean> {
    return true;
  }
}

/** Runs in the pinned child: one object through the real CloudWatch delivery. */
export async function measure(file: string, endpoint: string, uncompressedBytes: number): Promise<Measurement> {
  const logs = useFastPutLogEventsSerializer(
    new CloudWatchLogsClient({
      region: "eu-west-1",
      endpoint,
      credentials: { accessKeyId: "AKIDBENCH", secretAccessKey: "bench" },
      maxAttempts: 1,
    }),
  );
  const stagingS3 = {
    send: async () => ({
      Body: createReadStream(file, { highWaterMark: 1 << 20 }),
      LastModified: new Date(),
      ContentLength: statSync(file).size,
    }),
  } as unknown as S3Client;
  const clients = { ready: async () => undefined, cloudWatchLogs: () => logs } as unknown as TenantClientPool;
  const deps: ProcessorDeps = {
    config: {
      tenantTable: "t",
      checkpointTable: "c",
      centralRoleArn: "arn:aws:iam::111111111111:role/c",
      stagingBucket: "b",
      metricsNamespace: "n",
      clusterTenants: undefined,
      tenantCacheTtlSeconds: 60,
      objectConcurrency: 1,
      checkpointTtlDays: 15,
      stopMarginSeconds: 1,
      maxLineBytes: 4 * 1024 * 1024,
      checkpointEveryRequests: 1,
      queueUrl: undefined,
    },
    stagingS3,
    tenants: {} as TenantDirectory,
    checkpoints: new NoCheckpoints(),
    clients,
    logger: new MemoryLogger(),
    metrics: new MemoryMetrics(),
    now: Date.now,
  };
  const deliver = (objectId: string, seconds: number) => {
    const until = Date.now() + seconds * 1000;
    return deliverToCloudWatch(
      deps,
      { deadline: { remainingMs: () => until - Date.now() }, owner: "bench" },
      {
        ref: { bucket: "b", key: "prod-eks/globex/web/web-1/bench.json.gz" },
        key: { cluster: "prod-eks", tenant: "globex", application: "web", pod: "web-1", file: "bench.json.gz" },
        objectId,
        item: {
          tenantId: "globex",
          deliveryId: "cw",
          type: "cloudwatch",
          region: "eu-west-1",
          accountId: "222222222222",
          roleArn: "arn:aws:iam::222222222222:role/r",
          externalId: "x",
          enabled: true,
          allowedClusters: ["prod-eks"],
          logGroupName: "/bench",
          // No age window problem: the bench's timestamps are fixed in the past, so give the group a long retention.
          retentionDays: 3653,
        },
      },
    );
  };
  // A warm Lambda container: modules loaded and code compiled by an earlier object (a partial read of the same file).
  await deliver("warm-up", 1.5).catch(() => undefined);
  const started = process.hrtime.bigint();
  const outcome = await deliver("bench", 3600);
  const seconds = Number(process.hrtime.bigint() - started) / 1e9;
  if (outcome.read!.bytesRead !== uncompressedBytes)
    throw new Error(`read ${outcome.read!.bytesRead} of ${uncompressedBytes} bytes`);
  return {
    uncompressedBytes,
    seconds,
    events: outcome.events,
    requests: outcome.requests,
    payloadBytes: outcome.bytes,
    maxRssBytes: process.resourceUsage().maxRSS * 1024,
    readOnlySeconds: await readOnly(file),
  };
}

async function measureInChild(file: string, endpoint: string, bytes: number): Promise<Measurement> {
  const [command, args] = pinned(0, process.execPath, [
    "-r",
    "tsx/cjs",
    __filename,
    "--measure",
    file,
    endpoint,
    String(bytes),
  ]);
  const child = spawn(command, args, { stdio: ["ignore", "pipe", "inherit"] });
  let out = "";
  child.stdout!.on("data", (chunk: Buffer) => (out += chunk.toString()));
  const [code] = (await once(child, "exit")) as [number];
  if (code !== 0) throw new Error(`measurement child exited with ${code}`);
  return JSON.parse(out) as Measurement;
}

function gunzipCeiling(file: string, uncompressedBytes: number): number {
  const [command, args] = pinned(0, "sh", ["-c", `gzip -dc '${file}' > /dev/null`]);
  const started = process.hrtime.bigint();
  const result = spawnSync(command, args);
  if (result.status !== 0) throw new Error(`gzip -dc failed: ${result.stderr}`);
  return uncompressedBytes / 1e6 / (Number(process.hrtime.bigint() - started) / 1e9);
}

function line(label: string, m: Measurement, gzipMBps: number): string {
  const mbps = m.uncompressedBytes / 1e6 / m.seconds;
  const fill = m.payloadBytes / m.requests / MAX_BATCH_BYTES;
  return [
    `${label}: ${(m.uncompressedBytes / 1e6).toFixed(0)} MB uncompressed, ${m.events} events, ${m.requests} requests`,
    `  throughput ${mbps.toFixed(1)} MB/s (target ≥ 150) — gzip -dc ceiling ${gzipMBps.toFixed(1)} MB/s (ratio ${(mbps / gzipMBps).toFixed(2)})`,
    `  same file read + parsed + batched without sending: ${(m.uncompressedBytes / 1e6 / m.readOnlySeconds).toFixed(1)} MB/s`,
    `  peak RSS ${(m.maxRssBytes / 2 ** 20).toFixed(1)} MiB (target ≤ 256)`,
    `  average request fill ${(fill * 100).toFixed(1)}% of 1 MiB (target ≥ 95%)`,
  ].join("\n");
}

async function main(): Promise<void> {
  if (process.argv[2] === "--measure") {
    const [file, endpoint, bytes] = process.argv.slice(3) as [string, string, string];
    process.stdout.write(JSON.stringify(await measure(file, endpoint, Number(bytes))));
    return;
  }
  const megabytes = Number(process.env.LOGHOP_BENCH_MB ?? "500");
  const dir = mkdtempSync(join(tmpdir(), "loghop-bench-"));
  const sink = await startSink();
  try {
    const results: string[] = [];
    const peaks: number[] = [];
    for (const [label, size] of [
      ["quarter", Math.max(1, Math.round(megabytes / 4))],
      ["full", megabytes],
    ] as const) {
      const file = join(dir, `${label}.json.gz`);
      const bytes = await generate(file, size);
      const m = await measureInChild(file, sink.endpoint, bytes);
      peaks.push(m.maxRssBytes);
      results.push(
        line(`${label} (${(statSync(file).size / 1e6).toFixed(0)} MB gzipped)`, m, gunzipCeiling(file, bytes)),
      );
      rmSync(file);
    }
    process.stdout.write(`${results.join("\n")}\n`);
    process.stdout.write(`peak RSS full / quarter: ${(peaks[1]! / peaks[0]!).toFixed(2)} (flat ≈ 1.0)\n`);
  } finally {
    sink.stop();
    rmSync(dir, { recursive: true, force: true });
  }
}

if (require.main === module)
  void main().catch((error: unknown) => {
    process.stderr.write(`${String((error as Error).stack ?? error)}\n`);
    process.exitCode = 1;
  });
