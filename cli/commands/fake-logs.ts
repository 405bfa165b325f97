/**
 * `loghop fake-logs`: synthetic logs for testing a pipeline under load —
 * `kubernetes_logs` events on stdout (for an agent or a VRL test), or staged
 * objects (gzipped NDJSON keyed like Vector's aws_s3 sink) in a directory or
 * a bucket. Deterministic for a given --seed and --now.
 */
import { createReadStream, createWriteStream, mkdirSync, mkdtempSync, rmSync, statSync } from "node:fs";
import { once } from "node:events";
import { tmpdir } from "node:os";
import { dirname, join } from "node:path";
import { InvalidArgumentError, Option, type Command } from "commander";
import {
  DEFAULT_APPLICATIONS,
  DEFAULT_TENANT_LABEL_KEY,
  fakeKubernetesLogEvents,
  fakeStagedEvents,
  seededRandom,
  STAGED_OBJECT_CONTENT_ENCODING,
  STAGED_OBJECT_CONTENT_TYPE,
  StagedObjectSink,
  type FakeLogOptions,
  type ObjectTarget,
} from "../../generators/fake-logs";
import { stagingKeyPrefix } from "../../generators/vector/config";
import { s3ClientConfig } from "../../processor/aws/client-config";
import {
  instantMs,
  nameList,
  nonNegativeInteger,
  nonNegativeNumber,
  positiveInteger,
  positiveNumber,
  share,
} from "../option-parsers";

/** Vector's aws_s3 default `batch.max_bytes`. */
const DEFAULT_OBJECT_MAX_BYTES = 10_000_000;

interface FakeLogsCliOptions {
  outDir?: string;
  bucket?: string;
  region?: string;
  cluster: string;
  tenants: string[];
  applications: string[];
  pods: number;
  unattributedPods: number;
  tenantLabelKey: string;
  linesPerSecond: number;
  duration: number;
  lines?: number;
  lineBytes: number;
  lineBytesSpread: number;
  minLineBytes: number;
  maxLineBytes: number;
  jsonShare: number;
  multibyteShare: number;
  quoteShare: number;
  now?: number;
  seed: number;
  objectMaxBytes: number;
}

function generatorOptions(o: FakeLogsCliOptions): FakeLogOptions {
  return {
    seed: o.seed,
    nowMs: o.now ?? Date.now(),
    estate: {
      tenants: o.tenants,
      applications: o.applications,
      podsPerApplication: o.pods,
      unattributedPods: o.unattributedPods,
      tenantLabelKey: o.tenantLabelKey,
    },
    linesPerSecond: o.linesPerSecond,
    durationSeconds: o.duration,
    ...(o.lines !== undefined ? { lines: o.lines } : {}),
    lineBytes: { median: o.lineBytes, spread: o.lineBytesSpread, min: o.minLineBytes, max: o.maxLineBytes },
    jsonShare: o.jsonShare,
    multibyteShare: o.multibyteShare,
    quoteShare: o.quoteShare,
  };
}

async function eventsToStdout(options: FakeLogOptions): Promise<number> {
  let count = 0;
  for (const event of fakeKubernetesLogEvents(options)) {
    count++;
    if (!process.stdout.write(`${JSON.stringify(event)}\n`)) await once(process.stdout, "drain");
  }
  return count;
}

function directoryTarget(outDir: string): (key: string) => ObjectTarget {
  return (key) => {
    const file = join(outDir, key);
    mkdirSync(dirname(file), { recursive: true });
    return { destination: createWriteStream(file) };
  };
}

/** Each body goes to a temporary file, uploaded with its length once complete (no whole object in memory). */
function bucketTarget(
  bucket: string,
  region: string | undefined,
): { open: (key: string) => ObjectTarget; cleanUp: () => void } {
  const resolvedRegion = region ?? process.env["AWS_REGION"] ?? process.env["AWS_DEFAULT_REGION"];
  if (resolvedRegion === undefined || resolvedRegion === "")
    throw new InvalidArgumentError("--bucket needs --region or environment variable AWS_REGION");
  // Loaded here, not at start: only --bucket needs the SDK (cli/bundle.ts keeps it out of the bundle).
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  const { PutObjectCommand, S3Client } = require("@aws-sdk/client-s3") as typeof import("@aws-sdk/client-s3");
  const s3 = new S3Client(s3ClientConfig(resolvedRegion));
  const scratch = mkdtempSync(join(tmpdir(), "loghop-fake-logs-"));
  let n = 0;
  return {
    open: (key) => {
      const file = join(scratch, `${n++}.json.gz`);
      return {
        destination: createWriteStream(file),
        finish: async () => {
          await s3.send(
            new PutObjectCommand({
              Bucket: bucket,
              Key: key,
              Body: createReadStream(file),
              ContentLength: statSync(file).size,
              ContentType: STAGED_OBJECT_CONTENT_TYPE,
              ContentEncoding: STAGED_OBJECT_CONTENT_ENCODING,
            }),
          );
          rmSync(file);
        },
      };
    },
    cleanUp: () => rmSync(scratch, { recursive: true, force: true }),
  };
}

async function objectsOut(o: FakeLogsCliOptions, options: FakeLogOptions): Promise<object> {
  const bucket = o.bucket !== undefined ? bucketTarget(o.bucket, o.region) : undefined;
  const sink = new StagedObjectSink({
    keyPrefixTemplate: stagingKeyPrefix(o.cluster),
    maxBytes: o.objectMaxBytes,
    flushedAtMs: options.nowMs ?? Date.now(),
    random: seededRandom(o.seed + 1),
    open: bucket?.open ?? directoryTarget(o.outDir ?? "."),
  });
  try {
    // Every estate tenant is one the cluster carries; the unattributed pods' lines are what an agent drops.
    for (const event of fakeStagedEvents(options, o.cluster, o.tenants)) await sink.add(event);
    const objects = await sink.close();
    return {
      objects: objects.length,
      events: objects.reduce((n, x) => n + x.events, 0),
      uncompressedBytes: objects.reduce((n, x) => n + x.uncompressedBytes, 0),
      compressedBytes: objects.reduce((n, x) => n + x.compressedBytes, 0),
      destination: o.bucket !== undefined ? `s3://${o.bucket}/` : (o.outDir ?? "."),
    };
  } finally {
    bucket?.cleanUp();
  }
}

export function registerFakeLogsCommand(program: Command): void {
  program
    .command("fake-logs")
    .summary("generate synthetic Kubernetes logs: kubernetes_logs events or staged objects")
    .description(
      "generate synthetic Kubernetes logs for an estate: kubernetes_logs events as NDJSON on stdout (default), or with --out-dir/--bucket the staged objects an agent would write (gzipped NDJSON, keys <cluster>/<tenant>/<application>/<pod>/<seconds>-<uuid>.json.gz); deterministic for a given --seed and --now; a JSON summary goes to stderr",
    )
    .option("--out-dir <dir>", "write staged objects under this directory")
    .option(
      "--bucket <bucket>",
      "upload staged objects to this bucket (AWS_ENDPOINT_URL and the AWS credential chain honoured)",
    )
    .option("--region <region>", "region of --bucket (default: $AWS_REGION)")
    .option("--cluster <id>", "cluster id of the staged keys and events' cluster_id", "fake-cluster")
    .addOption(
      new Option("--tenants <ids>", "comma-separated tenant ids")
        .argParser(nameList)
        .default(["globex", "umbrella"], "globex,umbrella"),
    )
    .addOption(
      new Option("--applications <names>", "comma-separated application names, run by every tenant")
        .argParser(nameList)
        .default([...DEFAULT_APPLICATIONS], DEFAULT_APPLICATIONS.join(",")),
    )
    .option("--pods <n>", "pods per application per tenant", positiveInteger, 2)
    .option(
      "--unattributed-pods <n>",
      "pods without a tenant label (events only: an agent drops their lines)",
      nonNegativeInteger,
      0,
    )
    .option("--tenant-label-key <key>", "label carrying the tenant on pods and namespaces", DEFAULT_TENANT_LABEL_KEY)
    .option("--lines-per-second <n>", "lines per second over the whole estate", positiveNumber, 100)
    .option("--duration <seconds>", "seconds of logs, ending at --now", positiveNumber, 60)
    .option("--lines <n>", "number of lines (default: lines-per-second × duration)", positiveInteger)
    .option("--line-bytes <n>", "median message size in bytes", positiveInteger, 160)
    .option(
      "--line-bytes-spread <sigma>",
      "log-normal spread of message sizes (0 = all the median)",
      nonNegativeNumber,
      0.6,
    )
    .option("--min-line-bytes <n>", "smallest message size in bytes", positiveInteger, 24)
    .option("--max-line-bytes <n>", "largest message size in bytes", positiveInteger, 8192)
    .option("--json-share <0..1>", "share of JSON lines", share, 0.5)
    .option("--multibyte-share <0..1>", "share of lines with multi-byte UTF-8 (accents, CJK, emoji)", share, 0.05)
    .option("--quote-share <0..1>", "share of lines with double quotes in the text", share, 0.1)
    .option("--now <time>", "end of the time window, ISO 8601 or epoch ms (default: now)", instantMs)
    .option("--seed <n>", "seed: same seed and --now, same output", positiveInteger, 1)
    .option(
      "--object-max-bytes <n>",
      "close an object at this many uncompressed bytes (the sink's batch.max_bytes)",
      positiveInteger,
      DEFAULT_OBJECT_MAX_BYTES,
    )
    .action(async (o: FakeLogsCliOptions) => {
      if (o.outDir !== undefined && o.bucket !== undefined)
        throw new InvalidArgumentError("give --out-dir or --bucket, not both");
      const options = generatorOptions(o);
      const summary =
        o.outDir === undefined && o.bucket === undefined
          ? { events: await eventsToStdout(options), destination: "stdout" }
          : await objectsOut(o, options);
      process.stderr.write(`${JSON.stringify(summary)}\n`);
    });
}
