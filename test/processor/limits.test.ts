import { Readable } from "node:stream";
import { gzipSync } from "node:zlib";
import { CloudWatchLogsClient, PutLogEventsCommand } from "@aws-sdk/client-cloudwatch-logs";
import { DynamoDBClient, GetItemCommand } from "@aws-sdk/client-dynamodb";
import { GetObjectCommand, PutObjectCommand, S3Client } from "@aws-sdk/client-s3";
import { AssumeRoleCommand, STSClient } from "@aws-sdk/client-sts";
import { mockClient } from "aws-sdk-client-mock";
import { processQueueMessages } from "../../processor/batch/sqs-batch";
import { TenantClientPool } from "../../processor/credentials/client-pool";
import { RoleChain } from "../../processor/credentials/role-chain";
import type { ProcessorDeps } from "../../processor/delivery/types";
import { ObjectOverLimitError } from "../../processor/failures/errors";
import { limitBytes } from "../../processor/limits/byte-guard";
import { byteAllowance, RATIO_EXEMPT_BYTES, type ObjectLimits } from "../../processor/limits/object-limits";
import { MemoryLogger } from "../../processor/observability/logger";
import { EmfMetrics, MemoryMetrics } from "../../processor/observability/metrics";
import { METRIC, PROCESSOR_METRICS_SERVICE } from "../../processor/observability/metric-names";
import { TenantDirectory } from "../../processor/tenant-config/tenant-table";
import type { TenantDeliveryItem } from "../../processor/tenant-config/types";
import {
  chunksOf,
  cloudWatchItem,
  gzippedNdjson,
  MemoryCheckpoints,
  processorConfig,
  s3EventDocument,
  s3Item,
  shardTableGetItem,
  snsEnvelope,
  STAGING_BUCKET,
} from "./factories";
import { emfDocuments } from "../support/emf";

const s3 = mockClient(S3Client);
const logs = mockClient(CloudWatchLogsClient);
const ddb = mockClient(DynamoDBClient);
const sts = mockClient(STSClient);

const NOW = Date.UTC(2026, 10, 24, 12);
const KEY = "prod-eks/globex/web/web-1/2026-11-24T11-59-00Z-bomb.json.gz";
const MiB = 1024 * 1024;
const DEFAULT_LIMITS: ObjectLimits = processorConfig().limits;
/** A 16-byte line: `{"message":"x"}` + LF. */
const TINY_LINE = '{"message":"x"}\n';

/**
 * A real gzip bomb: `members` gzip members, each 1 MiB of `line` repeated, concatenated
 * (gzip readers, zlib's included, read every member). 1,024 members = 1 GiB decompressed
 * from about 2 MB stored, without compressing 1 GiB in the test.
 */
function gzipBomb(line: string, members: number): Buffer {
  const member = gzipSync(Buffer.from(line.repeat(Math.floor(MiB / line.length))));
  return Buffer.concat(Array.from({ length: members }, () => member));
}

interface Harness {
  deps: ProcessorDeps;
  checkpoints: MemoryCheckpoints;
  logger: MemoryLogger;
  metrics: MemoryMetrics;
}

function harness(items: TenantDeliveryItem[], limits: ObjectLimits = DEFAULT_LIMITS): Harness {
  ddb.on(GetItemCommand).callsFake(shardTableGetItem(items));
  const checkpoints = new MemoryCheckpoints(() => NOW);
  const logger = new MemoryLogger();
  const metrics = new MemoryMetrics();
  const config = processorConfig({ limits });
  const roles = new RoleChain({ centralRoleArn: config.centralRoleArn, region: "eu-west-1", now: () => NOW });
  const dynamodb = new DynamoDBClient({ region: "eu-west-1" });
  return {
    deps: {
      config,
      stagingS3: new S3Client({ region: "eu-west-1" }),
      tenants: new TenantDirectory(dynamodb, {
        tableName: config.tenantTable,
        shardCount: config.tenantShards,
        ttlMs: 60_000,
        now: () => NOW,
      }),
      checkpoints,
      clients: new TenantClientPool(roles),
      logger,
      metrics,
      now: () => NOW,
      backoff: { sleep: async () => undefined },
    },
    checkpoints,
    logger,
    metrics,
  };
}

/** Stages `body`; `read` counts the stored bytes the processor actually pulled. */
function stageObject(body: Buffer): { read: () => number } {
  let read = 0;
  s3.on(GetObjectCommand, { Bucket: STAGING_BUCKET, Key: KEY }).callsFake(() => {
    async function* slices(): AsyncGenerator<Buffer> {
      for (let at = 0; at < body.length; at += 64 * 1024) {
        const slice = body.subarray(at, at + 64 * 1024);
        read += slice.length;
        yield slice;
      }
    }
    return {
      Body: Readable.from(slices()),
      LastModified: new Date(NOW - 60_000),
      ContentLength: body.length,
      ETag: '"etag0"',
    };
  });
  return { read: () => read };
}

const ctx = { deadline: { remainingMs: () => 300_000 }, owner: "test-invocation" };
const messages = [{ messageId: "m-1", body: snsEnvelope(s3EventDocument([KEY])) }];

/** Events PutLogEvents received (counted, not kept: a bomb's prefix holds a million of them). */
function eventsSent(): number {
  return logs.commandCalls(PutLogEventsCommand).reduce((n, c) => n + (c.args[0].input.logEvents?.length ?? 0), 0);
}

beforeEach(() => {
  s3.reset();
  logs.reset();
  ddb.reset();
  sts.reset();
  sts.on(AssumeRoleCommand).callsFake((input: { RoleArn: string }) => ({
    Credentials: {
      AccessKeyId: input.RoleArn,
      SecretAccessKey: "s",
      SessionToken: "t",
      Expiration: new Date(NOW + 3_600_000),
    },
  }));
  logs.on(PutLogEventsCommand).resolves({});
});

describe("byteAllowance", () => {
  it("is the smaller of the byte limit and ratio × stored bytes, naming the limit that sets it", () => {
    const limits = { maxUncompressedBytes: 64 * MiB, maxEvents: 1_000_000, maxCompressionRatio: 250 };
    expect(byteAllowance(limits, 1_000_000)).toStrictEqual({ bytes: 64 * MiB, limit: "uncompressed-bytes" });
    expect(byteAllowance(limits, 100_000)).toStrictEqual({ bytes: 25_000_000, limit: "compression-ratio" });
    // Below RATIO_EXEMPT_BYTES the ratio does not count: small repetitive objects compress far better than 250:1.
    expect(byteAllowance(limits, 1_000)).toStrictEqual({ bytes: RATIO_EXEMPT_BYTES, limit: "compression-ratio" });
    expect(byteAllowance(limits, undefined)).toStrictEqual({ bytes: 64 * MiB, limit: "uncompressed-bytes" });
  });
});

describe("limitBytes", () => {
  const limits = { maxUncompressedBytes: 10, maxEvents: 1_000, maxCompressionRatio: 1_000 };

  it("hands on only the complete lines inside the allowance, then throws naming the limit", async () => {
    const seen: string[] = [];
    const read = async (): Promise<void> => {
      for await (const chunk of limitBytes(chunksOf("aaa\nbb", "b\ncccc\ndd"), limits, undefined))
        seen.push(chunk.toString());
    };
    await expect(read()).rejects.toThrow(ObjectOverLimitError);
    // 10 bytes allowed: "aaa\nbb" (6) passes, then "b\ncccc\ndd" is cut after "b\n" (the last LF within 4 more bytes).
    expect(seen).toStrictEqual(["aaa\nbb", "b\n"]);
  });

  it("counts every line against maxEvents, parsable or not, and cuts after the last one allowed", async () => {
    const seen: string[] = [];
    const read = async (): Promise<void> => {
      const lineLimits = { maxUncompressedBytes: 1_000, maxEvents: 3, maxCompressionRatio: 1_000 };
      for await (const chunk of limitBytes(chunksOf("x\n\n", "{y\nzz\nw\n"), lineLimits, undefined))
        seen.push(chunk.toString());
    };
    await expect(read()).rejects.toMatchObject({ limit: "events", limitValue: 3, observed: "more than 3 lines" });
    expect(seen).toStrictEqual(["x\n\n", "{y\n"]);
  });

  it("passes an object exactly at the limit untouched", async () => {
    const seen: string[] = [];
    for await (const chunk of limitBytes(chunksOf("aaaa\n", "bbbb\n"), limits, undefined)) seen.push(chunk.toString());
    expect(seen).toStrictEqual(["aaaa\n", "bbbb\n"]);
  });

  it("reports the compression-ratio limit when ratio × stored bytes is the smaller allowance", async () => {
    const stored = 1_000_000;
    const ratioLimits = { maxUncompressedBytes: 64 * MiB, maxEvents: 100_000_000, maxCompressionRatio: 20 };
    let passed = 0;
    const read = async (): Promise<void> => {
      for await (const chunk of limitBytes(chunksOf(Buffer.alloc(32 * MiB, "x\n")), ratioLimits, stored))
        passed += chunk.length;
    };
    await expect(read()).rejects.toMatchObject({
      limit: "compression-ratio",
      limitValue: 20,
      reason: "over-limit",
      kind: "permanent",
    });
    expect(passed).toBe(20 * stored);
  });
});

describe("a gzip bomb (1 GiB of tiny lines from ~2 MB stored, as in issue 9)", () => {
  const bomb = gzipBomb(TINY_LINE, 1024);

  it("is stopped at the default event limit: the first 250,000 events delivered, the rest never inflated", async () => {
    expect(bomb.length).toBeLessThan(2.1e6 + 50_000);
    const h = harness([cloudWatchItem()]);
    const staged = stageObject(bomb);
    const started = process.cpuUsage();

    const result = await processQueueMessages(h.deps, ctx, messages);

    const cpuSeconds = (process.cpuUsage(started).user + process.cpuUsage(started).system) / 1e6;
    const outcome = result.messages[0]!.objects[0]!;
    expect(outcome).toMatchObject({
      status: "failed",
      failureKind: "permanent",
      failureReason: "over-limit",
      limit: "events",
    });
    // Acknowledged, not returned for redelivery: reading it again crosses the same limit.
    expect(result.batchItemFailures).toStrictEqual([]);
    expect(eventsSent()).toBe(250_000);
    const read = outcome.destinations[0]!.read!;
    // Exactly 250,000 lines of 16 bytes reach the line splitter; the decompressor stopped one chunk later.
    expect(read.bytesRead).toBe(250_000 * TINY_LINE.length);
    expect(staged.read()).toBeLessThan(bomb.length / 8);
    // The checkpoint keeps the delivered prefix, so a replay after raising the limit resumes there.
    expect([...h.checkpoints.items.values()][0]).toMatchObject({ acceptedEvents: 250_000, complete: false });
    expect(cpuSeconds).toBeLessThan(60);
  }, 120_000);

  it("is stopped at the byte allowance when the event limit is higher: exactly the lines in the first 8 MiB", async () => {
    const h = harness([cloudWatchItem()], {
      maxUncompressedBytes: 8 * MiB,
      maxEvents: 10_000_000,
      maxCompressionRatio: 2_000,
    });
    stageObject(bomb);

    const result = await processQueueMessages(h.deps, ctx, messages);

    expect(result.messages[0]!.objects[0]).toMatchObject({ failureReason: "over-limit", limit: "uncompressed-bytes" });
    // The 1 MiB members hold 65,536 whole lines each: 8 MiB is 524,288 complete lines, none cut.
    expect(eventsSent()).toBe((8 * MiB) / TINY_LINE.length);
  }, 60_000);
});

describe("over-limit outcomes", () => {
  const small = gzippedNdjson(50, NOW - 3_600_000);
  const eventLimit = { ...DEFAULT_LIMITS, maxEvents: 20 };

  it("counts ObjectsOverLimit (not ObjectsFailedPermanent), per cluster and limit too, and logs cluster, tenant, key and limit", async () => {
    const h = harness([cloudWatchItem()], eventLimit);
    stageObject(small.body);

    await processQueueMessages(h.deps, ctx, messages);

    expect(h.metrics.get(METRIC.objectsOverLimit)).toBe(1);
    expect(h.metrics.get(METRIC.objectsFailedPermanent)).toBe(0);
    expect([...h.metrics.dimensioned.values()]).toStrictEqual([
      { name: METRIC.objectsOverLimit, dimensions: { cluster: "prod-eks", limit: "events" }, value: 1 },
    ]);
    const line = h.logger.entries.find((e) => e.fields.outcome === "failed")!;
    expect(line.level).toBe("error");
    expect(line.message).toBe(
      `object over the events limit: cluster prod-eks tenant globex key ${KEY}; the rest is not delivered, message acknowledged`,
    );
    expect(line.fields).toMatchObject({ cluster: "prod-eks", tenant: "globex", key: KEY, limit: "events" });
    expect(eventsSent()).toBe(20);
  });

  it("resumes after the limit is raised: the rest arrives once, nothing twice", async () => {
    const first = harness([cloudWatchItem()], eventLimit);
    stageObject(small.body);
    await processQueueMessages(first.deps, ctx, messages);
    const again = harness([cloudWatchItem()]);

    const result = await processQueueMessages({ ...again.deps, checkpoints: first.checkpoints }, ctx, messages);

    expect(result.messages[0]!.objects[0]!.status).toBe("delivered");
    const sent = logs
      .commandCalls(PutLogEventsCommand)
      .flatMap((c) => c.args[0].input.logEvents!.map((e) => e.message));
    expect(sent).toStrictEqual(small.messages);
  });

  it("returns the message when another destination failed otherwise (the limit trips again on redelivery, bounded)", async () => {
    const h = harness(
      [cloudWatchItem(), cloudWatchItem({ deliveryId: "cloudwatch-eu-west-1-1", logGroupName: "/other" })],
      eventLimit,
    );
    stageObject(small.body);
    logs
      .on(PutLogEventsCommand, { logGroupName: "/other" })
      .rejects(
        Object.assign(new Error("denied"), { name: "AccessDeniedException", $metadata: { httpStatusCode: 403 } }),
      );

    const result = await processQueueMessages(h.deps, ctx, messages);

    expect(result.messages[0]!.objects[0]).toMatchObject({ failureKind: "permanent", failureReason: "access-denied" });
    expect(result.batchItemFailures).toStrictEqual([{ itemIdentifier: "m-1" }]);
  });

  it("copies nothing to an S3 destination when the stored object is larger than the byte limit", async () => {
    const h = harness([s3Item()], { ...DEFAULT_LIMITS, maxUncompressedBytes: 200 });
    stageObject(small.body);
    expect(small.body.length).toBeGreaterThan(200);

    const result = await processQueueMessages(h.deps, ctx, messages);

    expect(result.messages[0]!.objects[0]).toMatchObject({ failureReason: "over-limit", limit: "uncompressed-bytes" });
    expect(s3.commandCalls(PutObjectCommand)).toHaveLength(0);
    expect(result.batchItemFailures).toStrictEqual([]);
  });
});

describe("EmfMetrics", () => {
  it("emits ObjectsOverLimit under {service} (what the alarm reads) and under {service, cluster, limit}", async () => {
    const documents = await emfDocuments(() => {
      const metrics = new EmfMetrics("Loghop/test");
      metrics.count(METRIC.objectsOverLimit, 1);
      metrics.countBy(METRIC.objectsOverLimit, { cluster: "prod-eks", limit: "events" }, 1);
      metrics.flush();
    });
    const sets = documents.map((d) => ({
      dimensions: d._aws.CloudWatchMetrics[0].Dimensions,
      namespace: d._aws.CloudWatchMetrics[0].Namespace,
      value: d.ObjectsOverLimit,
      service: d.service,
    }));
    expect(sets).toEqual(
      expect.arrayContaining([
        { dimensions: [["service"]], namespace: "Loghop/test", value: 1, service: PROCESSOR_METRICS_SERVICE },
        {
          dimensions: [["service", "cluster", "limit"]],
          namespace: "Loghop/test",
          value: 1,
          service: PROCESSOR_METRICS_SERVICE,
        },
      ]),
    );
  });
});
