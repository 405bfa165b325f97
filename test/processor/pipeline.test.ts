import "aws-sdk-client-mock-jest";
import { Readable } from "node:stream";
import { CloudWatchLogsClient, InvalidParameterException, PutLogEventsCommand } from "@aws-sdk/client-cloudwatch-logs";
import { DynamoDBClient, GetItemCommand } from "@aws-sdk/client-dynamodb";
import { GetObjectCommand, PutObjectCommand, S3Client } from "@aws-sdk/client-s3";
import { AssumeRoleCommand, STSClient } from "@aws-sdk/client-sts";
import { mockClient } from "aws-sdk-client-mock";
import { gzipSync } from "node:zlib";
import { processQueueMessages, type QueueMessage } from "../../processor/batch/sqs-batch";
import { TenantClientPool } from "../../processor/credentials/client-pool";
import { RoleChain } from "../../processor/credentials/role-chain";
import type { ProcessorDeps } from "../../processor/delivery/types";
import { runLambdaBatch } from "../../processor/modes/lambda-batch";
import { MemoryLogger } from "../../processor/observability/logger";
import { MemoryMetrics } from "../../processor/observability/metrics";
import { TenantDirectory } from "../../processor/tenant-config/tenant-table";
import type { TenantDeliveryItem } from "../../processor/tenant-config/types";
import {
  cloudWatchItem,
  gzippedNdjson,
  MemoryCheckpoints,
  processorConfig,
  s3EventDocument,
  s3Item,
  shardTableGetItem,
  snsEnvelope,
  STAGING_BUCKET,
  vectorRecord,
} from "./factories";

const s3 = mockClient(S3Client);
const logs = mockClient(CloudWatchLogsClient);
const ddb = mockClient(DynamoDBClient);
const sts = mockClient(STSClient);

const NOW = Date.UTC(2026, 10, 24, 12);
const LAST_MODIFIED = new Date(NOW - 60_000);
const KEY = "prod-eks/globex/web/web-1/2026-11-24T11-59-00Z-a.json.gz";

interface Harness {
  deps: ProcessorDeps;
  checkpoints: MemoryCheckpoints;
  logger: MemoryLogger;
  metrics: MemoryMetrics;
}

function harness(items: TenantDeliveryItem[], configOverrides = {}): Harness {
  ddb.on(GetItemCommand).callsFake(shardTableGetItem(items));
  const checkpoints = new MemoryCheckpoints(() => NOW);
  const logger = new MemoryLogger();
  const metrics = new MemoryMetrics();
  const dynamodb = new DynamoDBClient({ region: "eu-west-1" });
  const roles = new RoleChain({
    centralRoleArn: processorConfig().centralRoleArn,
    region: "eu-west-1",
    now: () => NOW,
  });
  const config = processorConfig(configOverrides);
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

function stageObject(key: string, body: Buffer, eTag = "etag0"): void {
  s3.on(GetObjectCommand, { Bucket: STAGING_BUCKET, Key: key }).callsFake(() => ({
    Body: Readable.from([body]),
    LastModified: LAST_MODIFIED,
    ContentLength: body.length,
    ContentType: "application/json",
    ContentEncoding: "gzip",
    ETag: `"${eTag}"`,
  }));
}

function message(id: string, ...keys: string[]): QueueMessage {
  return { messageId: id, body: snsEnvelope(s3EventDocument(keys)) };
}

const ctx = { deadline: { remainingMs: () => 300_000 }, owner: "test-invocation" };

function sentMessages(): string[] {
  return logs
    .commandCalls(PutLogEventsCommand)
    .flatMap((c) => (c.args[0].input.logEvents ?? []).map((e) => e.message!));
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

describe("processQueueMessages", () => {
  it("delivers an object to the tenant's group and stream, in order, and acknowledges the message", async () => {
    const h = harness([cloudWatchItem()]);
    const { body, messages } = gzippedNdjson(5, NOW - 3_600_000);
    stageObject(KEY, body);
    const result = await processQueueMessages(h.deps, ctx, [message("m1", KEY)]);
    expect(result.batchItemFailures).toStrictEqual([]);
    expect(logs).toHaveReceivedCommandWith(PutLogEventsCommand, {
      logGroupName: "/loghop/globex",
      logStreamName: "prod-eks/web/web-1",
    });
    expect(sentMessages()).toStrictEqual(messages);
    expect([...h.checkpoints.items.values()]).toMatchObject([{ acceptedEvents: 5, complete: true }]);
    expect(h.metrics.get("EventsDelivered")).toBe(5);
    expect(h.metrics.get("ObjectsDelivered")).toBe(1);
    expect(h.metrics.samples.get("ObjectLag")).toStrictEqual([60]);
    expect(h.logger.entries.map((e) => [e.level, e.message, e.fields.outcome, e.fields.tenant])).toStrictEqual([
      ["info", "object delivered", "delivered", "globex"],
    ]);
  });

  it("returns only the failed messages in batchItemFailures and classifies each failure", async () => {
    const h = harness([
      cloudWatchItem(),
      cloudWatchItem({ tenantId: "umbrella", roleArn: "arn:aws:iam::333333333333:role/denied" }),
    ]);
    stageObject(KEY, gzippedNdjson(2, NOW).body);
    stageObject("prod-eks/umbrella/web/web-1/f.gz", gzippedNdjson(2, NOW).body);
    sts
      .on(AssumeRoleCommand, { RoleArn: "arn:aws:iam::333333333333:role/denied" })
      .rejects(Object.assign(new Error("denied"), { name: "AccessDenied", $metadata: { httpStatusCode: 403 } }));
    const result = await processQueueMessages(h.deps, ctx, [
      message("ok", KEY),
      { messageId: "garbage", body: "{" },
      message("denied", "prod-eks/umbrella/web/web-1/f.gz"),
    ]);
    expect(result.batchItemFailures).toStrictEqual([{ itemIdentifier: "garbage" }, { itemIdentifier: "denied" }]);
    expect(h.metrics.get("ObjectsFailedPermanent")).toBe(1);
    expect(h.metrics.get("MessagesMalformed")).toBe(1);
    const denied = h.logger.entries.find((e) => e.fields.tenant === "umbrella")!;
    expect([denied.level, denied.message, denied.fields.failureReason]).toStrictEqual([
      "error",
      "object failed: misconfiguration (assume-role-denied), fix and redrive",
      "assume-role-denied",
    ]);
  });

  it("refuses an object whose cluster may not carry the tenant: acknowledged, counted, never delivered", async () => {
    const h = harness([cloudWatchItem()], { clusterTenants: { "prod-eks": ["umbrella"] } });
    const result = await processQueueMessages(h.deps, ctx, [
      message("m", KEY),
      message("bad-key", "no-tenant-here.gz"),
    ]);
    expect(result.batchItemFailures).toStrictEqual([]);
    expect(result.messages.flatMap((m) => m.objects.map((o) => [o.status, o.reason]))).toStrictEqual([
      ["refused", "cluster prod-eks may not carry tenant globex"],
      ["refused", "key must be <cluster>/<tenant>/<application>/<pod>/<file>, got 1 segment(s)"],
    ]);
    expect(h.metrics.get("ObjectsRefused")).toBe(2);
    expect(logs).not.toHaveReceivedCommand(PutLogEventsCommand);
    expect(s3).not.toHaveReceivedCommand(GetObjectCommand);
  });

  it("fails a tenant missing from the table as permanent misconfiguration", async () => {
    const h = harness([], { clusterTenants: { "prod-eks": ["globex"] } });
    const result = await processQueueMessages(h.deps, ctx, [message("m", KEY)]);
    expect(result.batchItemFailures).toStrictEqual([{ itemIdentifier: "m" }]);
    expect(result.messages[0]!.objects[0]).toMatchObject({
      status: "failed",
      failureKind: "permanent",
      failureReason: "tenant-missing",
    });
  });

  it("skips disabled tenants and applications outside desiredLogs (compared case-insensitively)", async () => {
    const h = harness([
      cloudWatchItem({ deliveryId: "a", desiredLogs: ["WEB"] }),
      cloudWatchItem({ deliveryId: "b", desiredLogs: ["api"] }),
      cloudWatchItem({ deliveryId: "c", enabled: false }),
    ]);
    stageObject(KEY, gzippedNdjson(1, NOW).body);
    const result = await processQueueMessages(h.deps, ctx, [message("m", KEY)]);
    expect(result.messages[0]!.objects[0]!.destinations.map((d) => [d.deliveryId, d.status, d.reason])).toStrictEqual([
      ["a", "delivered", undefined],
      ["b", "skipped", "application-not-desired"],
      ["c", "skipped", "tenant-disabled"],
    ]);
    expect(logs).toHaveReceivedCommandTimes(PutLogEventsCommand, 1);
  });

  it("acknowledges s3:TestEvent without doing anything", async () => {
    const h = harness([]);
    const result = await processQueueMessages(h.deps, ctx, [
      { messageId: "t", body: JSON.stringify({ Event: "s3:TestEvent" }) },
    ]);
    expect(result).toStrictEqual({
      batchItemFailures: [],
      messages: [{ messageId: "t", ok: true, testEvent: true, objects: [] }],
    });
  });
});

describe("exactly once across failures and redelivery", () => {
  // 7 events of ~300 KB: 3 fit one request, so the object takes 3 requests (3 + 3 + 1).
  function bigObject(): { body: Buffer; messages: string[] } {
    const messages = Array.from({ length: 7 }, (_, i) => `${i}:${"x".repeat(300_000)}`);
    const text = messages.map((m, i) => vectorRecord(m, new Date(NOW - 600_000 + i).toISOString())).join("\n");
    return { body: gzipSync(text), messages };
  }

  it("resumes after a failure midway from the checkpoint, sending each event once", async () => {
    const h = harness([cloudWatchItem()]);
    const { body, messages } = bigObject();
    stageObject(KEY, body);
    logs
      .on(PutLogEventsCommand)
      .resolvesOnce({})
      .rejectsOnce(new InvalidParameterException({ message: "boom", $metadata: { httpStatusCode: 400 } }))
      .resolves({});
    const first = await processQueueMessages(h.deps, ctx, [message("m", KEY)]);
    expect(first.batchItemFailures).toStrictEqual([{ itemIdentifier: "m" }]);
    expect([...h.checkpoints.items.values()]).toMatchObject([{ acceptedEvents: 3, complete: false }]);

    const second = await processQueueMessages(h.deps, ctx, [message("m", KEY)]);
    expect(second.batchItemFailures).toStrictEqual([]);
    const delivered = logs.commandCalls(PutLogEventsCommand).filter((_, i) => i !== 1);
    expect(delivered.flatMap((c) => c.args[0].input.logEvents!.map((e) => e.message))).toStrictEqual(messages);
    expect(second.messages[0]!.objects[0]!.destinations[0]).toMatchObject({ resumedFrom: 3, events: 4 });
  });

  it("treats a redelivered message of a completed object as a no-op", async () => {
    const h = harness([cloudWatchItem()]);
    stageObject(KEY, gzippedNdjson(3, NOW).body);
    await processQueueMessages(h.deps, ctx, [message("m", KEY)]);
    const again = await processQueueMessages(h.deps, ctx, [message("m-again", KEY)]);
    expect(again.batchItemFailures).toStrictEqual([]);
    expect(again.messages[0]!.objects[0]!.destinations[0]!.status).toBe("already-complete");
    expect(logs).toHaveReceivedCommandTimes(PutLogEventsCommand, 1);
    expect(s3).toHaveReceivedCommandTimes(GetObjectCommand, 1);
  });

  it("stops before the deadline with progress saved, and the redelivery finishes the object", async () => {
    const h = harness([cloudWatchItem()]);
    const { body, messages } = bigObject();
    stageObject(KEY, body);
    // 8 s left at the start, 3 s after the first request: under the 5 s stop margin.
    let remaining = 8_000;
    logs.on(PutLogEventsCommand).callsFake(() => {
      remaining = 3_000;
      return {};
    });
    const first = await processQueueMessages(h.deps, { deadline: { remainingMs: () => remaining }, owner: "a" }, [
      message("m", KEY),
    ]);
    expect(first.batchItemFailures).toStrictEqual([{ itemIdentifier: "m" }]);
    expect(first.messages[0]!.objects[0]).toMatchObject({ failureKind: "transient", failureReason: "deadline" });
    expect([...h.checkpoints.items.values()]).toStrictEqual([{ acceptedEvents: 3, complete: false }]);

    const second = await processQueueMessages(h.deps, { deadline: { remainingMs: () => 300_000 }, owner: "b" }, [
      message("m", KEY),
    ]);
    expect(second.batchItemFailures).toStrictEqual([]);
    expect(sentMessages()).toStrictEqual(messages);
  });

  it("on a first receive, claims when the first request is ready and resumes from progress a duplicate notification left", async () => {
    // Prepare: an earlier delivery of the same object version saved 3 events and let its lease go.
    const h = harness([cloudWatchItem()]);
    const { body, messages } = bigObject();
    stageObject(KEY, body);
    await processQueueMessages(h.deps, ctx, [message("earlier", KEY)]).then(() => undefined);
    const [key] = [...h.checkpoints.items.keys()];
    h.checkpoints.items.set(key!, { acceptedEvents: 3, complete: false });
    logs.reset();
    logs.on(PutLogEventsCommand).resolves({});

    // Act: a first receive (no claim up front); the lazy claim finds the progress and reads again from it.
    const result = await processQueueMessages(h.deps, ctx, [{ ...message("first", KEY), receiveCount: 1 }]);

    // Assess: only the 4 events after the saved 3 are sent, once.
    expect(result.batchItemFailures).toStrictEqual([]);
    expect(result.messages[0]!.objects[0]!.destinations[0]).toMatchObject({ resumedFrom: 3, events: 4 });
    expect(sentMessages()).toStrictEqual(messages.slice(3));
    expect(h.checkpoints.items.get(key!)).toMatchObject({ acceptedEvents: 7, complete: true });
  });

  it("on a first receive of a multi-request object already complete, sends nothing", async () => {
    const h = harness([cloudWatchItem()]);
    stageObject(KEY, bigObject().body);
    await processQueueMessages(h.deps, ctx, [message("earlier", KEY)]);
    logs.reset();
    const again = await processQueueMessages(h.deps, ctx, [{ ...message("duplicate", KEY), receiveCount: 1 }]);
    expect(again.messages[0]!.objects[0]!.destinations[0]!.status).toBe("already-complete");
    expect(logs).not.toHaveReceivedCommand(PutLogEventsCommand);
  });

  it("writes progress every LOGHOP_CHECKPOINT_EVERY_REQUESTS requests, never right before the completion", async () => {
    // Prepare: 3 requests (3 + 3 + 1 events).
    const every1 = harness([cloudWatchItem()]);
    stageObject(KEY, bigObject().body);
    // Act / Assess: the default writes after requests 1 and 2; the completion records request 3.
    await processQueueMessages(every1.deps, ctx, [message("m", KEY)]);
    expect(every1.checkpoints.advances).toStrictEqual([3, 6]);
    const every2 = harness([cloudWatchItem()], { checkpointEveryRequests: 2 });
    await processQueueMessages(every2.deps, ctx, [message("m", KEY)]);
    expect(every2.checkpoints.advances).toStrictEqual([6]);
    expect([...every2.checkpoints.items.values()]).toStrictEqual([{ acceptedEvents: 7, complete: true }]);
  });

  it("saves the progress not yet written when it stops between two writes", async () => {
    const h = harness([cloudWatchItem()], { checkpointEveryRequests: 2 });
    stageObject(KEY, bigObject().body);
    logs
      .on(PutLogEventsCommand)
      .resolvesOnce({})
      .rejectsOnce(new InvalidParameterException({ message: "boom", $metadata: { httpStatusCode: 400 } }));
    const result = await processQueueMessages(h.deps, ctx, [message("m", KEY)]);
    // Request 1 (3 events) was accepted but not yet due for a write: the release carries it.
    expect(result.batchItemFailures).toStrictEqual([{ itemIdentifier: "m" }]);
    expect(h.checkpoints.advances).toStrictEqual([]);
    expect([...h.checkpoints.items.values()]).toStrictEqual([{ acceptedEvents: 3, complete: false }]);
  });

  it("does not start an object when the deadline is already inside the margin", async () => {
    const h = harness([cloudWatchItem()]);
    const result = await processQueueMessages(h.deps, { deadline: { remainingMs: () => 1_000 }, owner: "a" }, [
      message("m", KEY),
    ]);
    expect(result.messages[0]!.objects[0]).toMatchObject({ status: "failed", failureReason: "deadline" });
    expect(s3).not.toHaveReceivedCommand(GetObjectCommand);
  });
});

describe("S3 destination", () => {
  it("streams the object to the tenant's bucket with bucket-owner-full-control, keeping type and encoding", async () => {
    const h = harness([s3Item()]);
    const { body } = gzippedNdjson(2, NOW);
    stageObject(KEY, body);
    s3.on(PutObjectCommand).callsFake(async (input: { Body: Readable }) => {
      const chunks: Buffer[] = [];
      for await (const chunk of input.Body) chunks.push(chunk as Buffer);
      expect(Buffer.concat(chunks)).toStrictEqual(body);
      return {};
    });
    const result = await processQueueMessages(h.deps, ctx, [message("m", KEY)]);
    expect(result.batchItemFailures).toStrictEqual([]);
    expect(s3).toHaveReceivedCommandWith(PutObjectCommand, {
      Bucket: "globex-logs",
      Key: "k8s/prod-eks/web/web-1/2026-11-24T11-59-00Z-a.json.gz",
      ACL: "bucket-owner-full-control",
      ContentType: "application/json",
      ContentEncoding: "gzip",
      ContentLength: body.length,
    });
  });

  it("acknowledges an object overwritten since its event (the newer version has its own event)", async () => {
    const h = harness([cloudWatchItem()]);
    s3.on(GetObjectCommand).rejects(
      Object.assign(new Error("At least one of the pre-conditions you specified did not hold"), {
        name: "PreconditionFailed",
        $metadata: { httpStatusCode: 412 },
      }),
    );
    const result = await processQueueMessages(h.deps, ctx, [message("m", KEY)]);
    expect(result.batchItemFailures).toStrictEqual([]);
    expect(result.messages[0]!.objects[0]!.status).toBe("superseded");
  });
});

describe("runLambdaBatch", () => {
  it("answers Lambda's partial batch response and flushes metrics", async () => {
    const h = harness([cloudWatchItem()]);
    const flush = jest.spyOn(h.metrics, "flush");
    const response = await runLambdaBatch(h.deps, { Records: [{ messageId: "x", body: "nope" }] } as never, {
      awsRequestId: "req-1",
      getRemainingTimeInMillis: () => 60_000,
    });
    expect(response).toStrictEqual({ batchItemFailures: [{ itemIdentifier: "x" }] });
    expect(flush).toHaveBeenCalledTimes(1);
  });
});
