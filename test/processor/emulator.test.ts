/**
 * End to end against a real moto server: S3 → SNS → SQS → processor → STS
 * double hop → CloudWatch Logs (and S3) in two tenant accounts, read back
 * as each tenant. Faults are injected by a loopback proxy in front of moto.
 */
import "aws-sdk-client-mock-jest";
import { gzipSync } from "node:zlib";
import { CloudWatchLogsClient, DescribeLogGroupsCommand, GetLogEventsCommand } from "@aws-sdk/client-cloudwatch-logs";
import { DynamoDBClient, ScanCommand } from "@aws-sdk/client-dynamodb";
import { GetObjectCommand, PutObjectCommand, S3Client } from "@aws-sdk/client-s3";
import { DeleteMessageBatchCommand, ReceiveMessageCommand, SQSClient, type Message } from "@aws-sdk/client-sqs";
import { mkdirSync, mkdtempSync, rmSync } from "node:fs";
import { join } from "node:path";
import { processQueueMessages, receiveCount, type QueueMessage } from "../../processor/batch/sqs-batch";
import { buildProcessorBundle } from "../../processor/bundle";
import { readProcessorConfig } from "../../processor/config/environment";
import type { ProcessorDeps } from "../../processor/delivery/types";
import { runSqsWorker } from "../../processor/modes/sqs-worker";
import { runReplay } from "../../processor/modes/replay";
import { MemoryLogger } from "../../processor/observability/logger";
import { MemoryMetrics } from "../../processor/observability/metrics";
import { createProcessorDeps } from "../../processor/runtime/dependencies";
import * as verel from "@bpinternal/verel";
import { renderHeartbeatProgram } from "../../generators/vector/remap";
import { heartbeatKeyPrefix } from "../../inventory/heartbeat";
import { processorMetricsNamespace } from "../../inventory/names";
import { CLUSTER_DIMENSION, METRIC } from "../../processor/observability/metric-names";
import { resolveInventory } from "../../inventory/resolve";
import type { ResolvedInventory } from "../../inventory/resolved";
import {
  createRegionResources,
  EmulatorAccounts,
  putTenantShards,
  startMoto,
  type MotoServer,
  type RegionResources,
} from "../../emulator";
import { shardTenantItems } from "../../generators/processor-config/tenant-shards";
import type { TenantDeliveryItem } from "../../processor/tenant-config/types";
import { runLoghop } from "../support/cli";
import { validRawInventory } from "../support/inventory-factory";
import { HANG, INTERNAL, startFaultProxy, THROTTLED, UNAVAILABLE, type FaultProxy } from "../support/moto-fault-proxy";
import { LEASE_GRACE_MS } from "../../processor/runtime/call-budget";
import { deadlineAt } from "../../processor/runtime/deadline";

jest.setTimeout(15 * 60_000);

const PREFIX = "loghop";
const CENTRAL_ACCOUNT = "123456789012"; // moto's account for plain access keys
const GLOBEX_ACCOUNT = "222222222222";
const UMBRELLA_ACCOUNT = "333333333333";
const REGION = "eu-west-1";
const UMBRELLA_REGION = "us-east-1";
const PUT_LOG_EVENTS = "Logs_20140328.PutLogEvents";
const NOW = Date.now();

/**
 * globex: a fixed log group and an S3 archive in eu-west-1; umbrella: per-application groups in
 * us-east-1. "ghost" rides on prod-eks too, but its tenant items are removed from the tenant
 * shards after set-up: a misconfiguration the processor must report, not deliver around.
 */
function e2eInventory(): ResolvedInventory {
  const raw = validRawInventory();
  raw.prefix = PREFIX;
  raw.central.accountId = CENTRAL_ACCOUNT;
  raw.central.deployRoleArn = `arn:aws:iam::${CENTRAL_ACCOUNT}:role/loghop-deployer`;
  raw.central.regions = [REGION, UMBRELLA_REGION];
  raw.tenants = [
    {
      id: "globex",
      accountId: GLOBEX_ACCOUNT,
      externalId: "lhx-globex-external-id-0123456789ab",
      deliveries: [
        { type: "cloudwatch", region: REGION, logGroupName: "/loghop/globex", retentionDays: 30 },
        { type: "s3", region: REGION, bucket: "globex-logs", prefix: "k8s/" },
      ],
    },
    {
      id: "umbrella",
      accountId: UMBRELLA_ACCOUNT,
      externalId: "lhx-umbrella-external-id-0123456789",
      deliveries: [{ type: "cloudwatch", region: UMBRELLA_REGION, logGroupPrefix: "/umbrella", retentionDays: 7 }],
    },
    {
      id: "ghost",
      accountId: "444444444444",
      externalId: "lhx-ghost-external-id-0123456789abc",
      deliveries: [{ type: "cloudwatch", region: REGION, logGroupName: "/ghost", retentionDays: 7 }],
    },
  ];
  const cluster = raw.clusters[0]!;
  raw.clusters = [
    { ...cluster, id: "prod-eks", region: REGION, tenants: ["ghost", "globex", "umbrella"], kube: { context: "prod" } },
    { ...cluster, id: "dev-eks", region: REGION, tenants: ["globex"], kube: { context: "dev" } },
  ];
  return resolveInventory(raw);
}

const inventory = e2eInventory();
let moto: MotoServer;
let proxy: FaultProxy;
let accounts: EmulatorAccounts;
let resources: RegionResources;
let queueUrl: string;
let STAGING_BUCKET: string;
let deps: ProcessorDeps;
let logger: MemoryLogger;
const savedEnv = { ...process.env };

const plainCredentials = { accessKeyId: "AKIAIOSFODNN7EXAMPLE", secretAccessKey: "moto-secret" };

function direct<T>(Client: new (config: object) => T, region = REGION, credentials?: object): T {
  return new Client({
    region,
    endpoint: moto.endpoint,
    credentials: credentials ?? plainCredentials,
    forcePathStyle: true,
  });
}

/** Credentials acting in `accountId` (moto maps an assumed role's keys to the role's account). */
function accountCredentials(accountId: string): Promise<object> {
  return accounts.credentialsFor(accountId);
}

/** NDJSON records with unique messages, one millisecond apart, ~300 bytes each. */
function records(tag: string, count: number, startMs: number): { lines: string[]; messages: string[] } {
  const messages = Array.from({ length: count }, (_, i) => `${tag} #${i} ${"payload ".repeat(30)}`);
  const lines = messages.map((message, i) =>
    JSON.stringify({
      message,
      timestamp: new Date(startMs + i).toISOString(),
      kubernetes: { pod_name: tag, namespace_name: "shop" },
      stream: "stdout",
    }),
  );
  return { lines, messages };
}

async function stage(key: string, body: Buffer): Promise<void> {
  await direct(S3Client).send(
    new PutObjectCommand({
      Bucket: STAGING_BUCKET,
      Key: key,
      Body: body,
      ContentType: "application/x-ndjson",
      ContentEncoding: "gzip",
    }),
  );
}

/** Receives until `count` object notifications arrived (S3 test events are acknowledged and dropped here). */
async function receiveObjectMessages(count: number, visibilityTimeout = 30, patienceMs = 30_000): Promise<Message[]> {
  const sqs = direct(SQSClient);
  const received: Message[] = [];
  const started = Date.now();
  while (received.length < count && Date.now() - started < patienceMs) {
    const out = await sqs.send(
      new ReceiveMessageCommand({
        QueueUrl: queueUrl,
        MaxNumberOfMessages: 10,
        WaitTimeSeconds: 1,
        VisibilityTimeout: visibilityTimeout,
        MessageSystemAttributeNames: ["ApproximateReceiveCount"],
      }),
    );
    for (const message of out.Messages ?? []) {
      if (message.Body?.includes("s3:TestEvent")) await deleteMessages([message]);
      else received.push(message);
    }
  }
  return received;
}

async function deleteMessages(messages: readonly Message[]): Promise<void> {
  if (messages.length === 0) return;
  await direct(SQSClient).send(
    new DeleteMessageBatchCommand({
      QueueUrl: queueUrl,
      Entries: messages.map((m, i) => ({ Id: String(i), ReceiptHandle: m.ReceiptHandle! })),
    }),
  );
}

/** As the Lambda's event source passes them: with the receive count (1 lets a small object skip the lease). */
function asQueueMessages(messages: readonly Message[]): QueueMessage[] {
  return messages.map((m) => ({
    messageId: m.MessageId!,
    body: m.Body!,
    ...receiveCount(m.Attributes?.ApproximateReceiveCount),
  }));
}

/** Processes like the Lambda (partial batch response), then deletes what succeeded, like the event source mapping. */
async function processAndAcknowledge(messages: readonly Message[]) {
  const result = await processQueueMessages(
    deps,
    { deadline: { remainingMs: () => 300_000 }, owner: `test-${Math.random()}` },
    asQueueMessages(messages),
  );
  const failed = new Set(result.batchItemFailures.map((f) => f.itemIdentifier));
  await deleteMessages(messages.filter((m) => !failed.has(m.MessageId!)));
  return result;
}

/** Every event of a stream, read as the tenant's account. */
async function readStream(accountId: string, region: string, group: string, stream: string): Promise<string[]> {
  const logs = direct(CloudWatchLogsClient, region, await accountCredentials(accountId));
  const messages: string[] = [];
  let token: string | undefined;
  for (;;) {
    const out = await logs.send(
      new GetLogEventsCommand({
        logGroupName: group,
        logStreamName: stream,
        startFromHead: true,
        nextToken: token,
        limit: 10_000,
      }),
    );
    for (const event of out.events ?? []) messages.push(event.message!);
    if (out.nextForwardToken === undefined || out.nextForwardToken === token) break;
    token = out.nextForwardToken;
  }
  return messages;
}

/** Requests the fault proxy saw since it was last cleared, by AWS API (S3 GETs are GetObject). */
function callsByApi(): Record<string, number> {
  const byApi: Record<string, number> = {};
  for (const [name, count] of proxy.counts) {
    const api = name.startsWith("GET ") ? "GetObject" : name.includes(" ") ? name : name.split(".")[1]!;
    byApi[api] = (byApi[api] ?? 0) + count;
  }
  return byApi;
}

/** The checkpoint item of an object whose key contains `keyPart`. */
async function checkpointOf(keyPart: string): Promise<Record<string, { S?: string; N?: string; BOOL?: boolean }>> {
  const out = await direct(DynamoDBClient).send(new ScanCommand({ TableName: resources.names.checkpointTable }));
  const item = (out.Items ?? []).find((i) => i.objectId?.S?.includes(keyPart));
  if (item === undefined) throw new Error(`no checkpoint for ${keyPart}`);
  return item as Record<string, { S?: string; N?: string; BOOL?: boolean }>;
}

async function groupsIn(accountId: string, region: string): Promise<string[]> {
  const logs = direct(CloudWatchLogsClient, region, await accountCredentials(accountId));
  return ((await logs.send(new DescribeLogGroupsCommand({}))).logGroups ?? []).map((g) => g.logGroupName!).sort();
}

/** The inventory's delivery items without ghost's: the table as the tests start from. */
function withoutGhost(): TenantDeliveryItem[] {
  return resources.tenantItems.filter((item) => item.tenantId !== "ghost");
}

/** Rewrites the tenant table's shards from `items`, in the layout the processor was configured for. */
async function writeShards(items: readonly TenantDeliveryItem[]): Promise<void> {
  const layout = shardTenantItems(items);
  expect(layout.count).toBe(resources.tenantShards.count);
  await putTenantShards(direct(DynamoDBClient), resources.names.tenantTable, layout);
}

beforeAll(async () => {
  moto = await startMoto();
  proxy = await startFaultProxy(moto.endpoint);
  accounts = new EmulatorAccounts(moto.endpoint);

  // What the stacks create for the region, and each tenant's side, from the inventory's own builders.
  resources = await createRegionResources(accounts, inventory, REGION);
  queueUrl = resources.queueUrl;
  STAGING_BUCKET = resources.names.bucket;
  await writeShards(withoutGhost());

  // The processor: the region stack's environment and the processor role, endpoint through the fault proxy.
  Object.assign(process.env, resources.processorEnvironment, {
    AWS_ENDPOINT_URL: proxy.endpoint,
    LOGHOP_STOP_MARGIN_SECONDS: "5",
  });
  logger = new MemoryLogger();
  deps = {
    ...createProcessorDeps(readProcessorConfig(process.env), { logger, metrics: new MemoryMetrics() }),
    // Fast retries: the emulator's faults are injected, not real load.
    backoff: { baseDelayMs: 5, maxDelayMs: 50 },
  };
});

afterAll(async () => {
  process.env = savedEnv;
  await proxy?.close();
  await moto?.stop();
});

describe("processor against moto (S3 → SNS → SQS → STS double hop → CloudWatch Logs / S3)", () => {
  const globexWeb = records("globex-web-1", 5000, NOW - 3_600_000);
  const globexArray = records("globex-web-1-array", 40, NOW - 1_800_000);
  const umbrella = records("umbrella-api-7", 700, NOW - 3_000_000);
  const globexObjectBody = Buffer.concat([
    // Three gzip members: agents append batches.
    gzipSync(globexWeb.lines.slice(0, 2000).join("\n") + "\n"),
    gzipSync(globexWeb.lines.slice(2000, 4000).join("\n") + "\n"),
    gzipSync(globexWeb.lines.slice(4000).join("\n") + "\n"),
  ]);

  it("delivers every event exactly once, in order, to the right account, region, group and stream — through throttling and 5xx", async () => {
    // Prepare: objects for both tenants, one from a cluster umbrella may not use; faults on the way.
    await stage("prod-eks/globex/web/web-1/0001.json.gz", globexObjectBody);
    await stage("prod-eks/globex/web/web-1/0002.json.gz", gzipSync(`[${globexArray.lines.join(",")}]`));
    await stage("prod-eks/umbrella/api/api-7/0001 part+1.json.gz", gzipSync(umbrella.lines.join("\n")));
    await stage("dev-eks/umbrella/api/api-9/0001.json.gz", gzipSync(umbrella.lines.slice(0, 5).join("\n")));
    proxy.rules = [
      (request, seen) => (request.target === PUT_LOG_EVENTS && seen % 3 === 1 ? THROTTLED : undefined),
      (request, seen) => (request.target === PUT_LOG_EVENTS && seen === 5 ? UNAVAILABLE : undefined),
      (request, seen) =>
        request.method === "GET" && request.path.includes("0002.json.gz") && seen === 1 ? INTERNAL : undefined,
    ];
    const messages = await receiveObjectMessages(4);
    expect(messages).toHaveLength(4);

    // Act
    const result = await processAndAcknowledge(messages);

    // Assess: every message acknowledged; the dev-eks object refused, not delivered.
    expect(result.batchItemFailures).toStrictEqual([]);
    const statuses = result.messages.flatMap((m) => m.objects.map((o) => `${o.key} ${o.status}`)).sort();
    expect(statuses).toStrictEqual([
      "dev-eks/umbrella/api/api-9/0001.json.gz refused",
      "prod-eks/globex/web/web-1/0001.json.gz delivered",
      "prod-eks/globex/web/web-1/0002.json.gz delivered",
      "prod-eks/umbrella/api/api-7/0001 part+1.json.gz delivered",
    ]);
    expect(proxy.injected.filter((f) => f === THROTTLED).length).toBeGreaterThanOrEqual(2);
    expect(proxy.injected).toContain(UNAVAILABLE);
    expect(proxy.injected).toContain(INTERNAL);

    expect(await readStream(GLOBEX_ACCOUNT, REGION, "/loghop/globex", "prod-eks/web/web-1")).toStrictEqual([
      ...globexWeb.messages,
      ...globexArray.messages,
    ]);
    expect(await readStream(UMBRELLA_ACCOUNT, UMBRELLA_REGION, "/umbrella/api", "prod-eks/api/api-7")).toStrictEqual(
      umbrella.messages,
    );
    // Nothing in the other tenant's account or the other region.
    expect(await groupsIn(GLOBEX_ACCOUNT, UMBRELLA_REGION)).toStrictEqual([]);
    expect(await groupsIn(UMBRELLA_ACCOUNT, REGION)).toStrictEqual([]);
    expect(await groupsIn(UMBRELLA_ACCOUNT, UMBRELLA_REGION)).toStrictEqual(["/umbrella/api"]);
    expect(await groupsIn(CENTRAL_ACCOUNT, REGION)).toStrictEqual([]);

    // The S3 destination holds the same bytes, read as globex.
    const copy = await direct(S3Client, REGION, await accountCredentials(GLOBEX_ACCOUNT)).send(
      new GetObjectCommand({ Bucket: "globex-logs", Key: "k8s/prod-eks/web/web-1/0001.json.gz" }),
    );
    expect(Buffer.from(await copy.Body!.transformToByteArray())).toStrictEqual(globexObjectBody);
    expect(copy.ContentEncoding).toBe("gzip");
  });

  it("loses and duplicates nothing when an object fails midway and its message is redelivered, twice", async () => {
    // Prepare: an object that takes several requests; the 3rd request for it fails permanently.
    const big = records("globex-web-2", 9000, NOW - 600_000);
    await stage("prod-eks/globex/web/web-2/0001.json.gz", gzipSync(big.lines.join("\n")));
    let putsForWeb2 = 0;
    proxy.rules = [
      (request) => {
        if (request.target !== PUT_LOG_EVENTS || !request.body.includes('"prod-eks/web/web-2"')) return undefined;
        putsForWeb2++;
        return putsForWeb2 === 3
          ? { status: 400, type: "InvalidParameterException", message: "injected midway failure" }
          : undefined;
      },
    ];
    const [first] = await receiveObjectMessages(1, 1);

    // Act 1: the failure leaves the message on the queue, progress saved.
    const failed = await processAndAcknowledge([first!]);
    expect(failed.batchItemFailures).toStrictEqual([{ itemIdentifier: first!.MessageId }]);
    const cw = failed.messages[0]!.objects[0]!.destinations.find((d) => d.type === "cloudwatch")!;
    expect(cw).toMatchObject({ status: "failed", failureKind: "permanent" });
    expect(cw.events).toBeGreaterThan(0);

    // Act 2: SQS redelivers it (visibility expired); the processor resumes.
    const [again] = await receiveObjectMessages(1, 30);
    expect(again!.MessageId).toBe(first!.MessageId);
    const resumed = await processQueueMessages(
      deps,
      { deadline: { remainingMs: () => 300_000 }, owner: "b" },
      asQueueMessages([again!]),
    );
    expect(resumed.batchItemFailures).toStrictEqual([]);
    expect(resumed.messages[0]!.objects[0]!.destinations.find((d) => d.type === "cloudwatch")).toMatchObject({
      status: "delivered",
      resumedFrom: cw.events,
      events: 9000 - cw.events,
    });

    // Act 3: the same message delivered once more (at-least-once): a no-op.
    const duplicate = await processAndAcknowledge([again!]);
    expect(duplicate.messages[0]!.objects[0]!.destinations.map((d) => d.status)).toStrictEqual([
      "already-complete",
      "already-complete",
    ]);

    // Assess
    expect(await readStream(GLOBEX_ACCOUNT, REGION, "/loghop/globex", "prod-eks/web/web-2")).toStrictEqual(
      big.messages,
    );
  });

  it("the bundled Lambda handler (dist index.handler) delivers, answers a partial batch response and emits EMF metrics", async () => {
    // Prepare: the real bundle, loaded as the runtime would (SDK from node_modules in place of the runtime's).
    mkdirSync(join(__dirname, "../../dist"), { recursive: true });
    const outDir = mkdtempSync(join(__dirname, "../../dist/bundle-emulator-"));
    const lambda = records("globex-web-4", 50, NOW - 120_000);
    try {
      const bundle = await buildProcessorBundle(outDir);
      // eslint-disable-next-line @typescript-eslint/no-require-imports
      const { handler } = require(bundle.file) as {
        handler: (event: unknown, context: unknown) => Promise<{ batchItemFailures: { itemIdentifier: string }[] }>;
      };
      await stage("prod-eks/globex/web/web-4/0001.json.gz", gzipSync(lambda.lines.join("\n")));
      proxy.rules = [];
      const [message] = await receiveObjectMessages(1);
      const event = {
        Records: [
          {
            messageId: message!.MessageId,
            receiptHandle: message!.ReceiptHandle,
            body: message!.Body,
            eventSource: "aws:sqs",
          },
          { messageId: "not-an-s3-event", receiptHandle: "r", body: "{}", eventSource: "aws:sqs" },
        ],
      };
      const written: string[] = [];
      const write = jest.spyOn(process.stdout, "write").mockImplementation((chunk: string | Uint8Array) => {
        written.push(String(chunk));
        return true;
      });

      // Act
      let response;
      try {
        response = await handler(event, { awsRequestId: "req-1", getRemainingTimeInMillis: () => 300_000 });
      } finally {
        write.mockRestore();
      }

      // As the event source mapping would: the delivered message is deleted, not left to reappear in later tests.
      await deleteMessages([message!]);

      // Assess: the bad message alone is returned; events delivered; one EMF document with the counts.
      expect(response).toStrictEqual({ batchItemFailures: [{ itemIdentifier: "not-an-s3-event" }] });
      expect(await readStream(GLOBEX_ACCOUNT, REGION, "/loghop/globex", "prod-eks/web/web-4")).toStrictEqual(
        lambda.messages,
      );
      const emf = written
        .flatMap((chunk) => chunk.split("\n"))
        .filter((line) => line.includes('"_aws"'))
        .map(
          (line) =>
            JSON.parse(line) as Record<string, unknown> & { _aws: { CloudWatchMetrics: { Namespace: string }[] } },
        );
      expect(emf).toHaveLength(1);
      expect(emf[0]!._aws.CloudWatchMetrics[0]!.Namespace).toBe(processorMetricsNamespace(PREFIX));
      expect(emf[0]!).toMatchObject({
        service: "loghop-processor",
        EventsDelivered: 50,
        ObjectsDelivered: 1,
        MessagesMalformed: 1,
      });
      const outcome = written.map((chunk) => chunk.trim()).find((line) => line.includes('"outcome":"delivered"'));
      // Powertools Logger: the invocation's request id on every line of the invocation.
      expect(JSON.parse(outcome!)).toMatchObject({
        level: "INFO",
        message: "object delivered",
        service: "loghop-processor",
        function_request_id: "req-1",
        tenant: "globex",
        application: "web",
      });
    } finally {
      rmSync(outDir, { recursive: true, force: true });
    }
  });

  it("replays objects whose messages were lost, once: a second replay is a no-op", async () => {
    const lost = records("globex-web-5", 30, NOW - 90_000);
    await stage("prod-eks/globex/web/web-5/0001.json.gz", gzipSync(lost.lines.join("\n")));
    proxy.rules = [];
    await deleteMessages(await receiveObjectMessages(1));

    const first = await runReplay(deps, {
      bucket: STAGING_BUCKET,
      prefix: "prod-eks/globex/web/web-5/",
      timeoutSeconds: 60,
    });
    const second = await runReplay(deps, {
      bucket: STAGING_BUCKET,
      prefix: "prod-eks/globex/web/web-5/",
      timeoutSeconds: 60,
    });

    expect(first).toMatchObject({ ok: true, events: 30, counts: { delivered: 1, failed: 0 } });
    expect(second.objects[0]!.destinations.map((d) => d.status)).toStrictEqual([
      "already-complete",
      "already-complete",
    ]);
    expect(await readStream(GLOBEX_ACCOUNT, REGION, "/loghop/globex", "prod-eks/web/web-5")).toStrictEqual(
      lost.messages,
    );
  });

  it("loghop process --mode manual reads an event on stdin, prints the summary and exits 1 when anything failed", async () => {
    const manual = records("globex-web-6", 20, NOW - 30_000);
    await stage("prod-eks/globex/web/web-6/0001.json.gz", gzipSync(manual.lines.join("\n")));
    await stage("prod-eks/ghost/web/web-1/0001.json.gz", gzipSync(manual.lines.join("\n")));
    proxy.rules = [];
    const messages = await receiveObjectMessages(2);
    await deleteMessages(messages);
    const event = { Records: messages.map((m) => ({ messageId: m.MessageId, body: m.Body, eventSource: "aws:sqs" })) };

    // Asynchronous: the fault proxy the CLI talks to lives in this process and must keep serving.
    const cli = await runLoghop(["process", "--mode", "manual"], { stdin: JSON.stringify(event) });

    expect(cli.status).toBe(1);
    const summary = JSON.parse(cli.stdout) as {
      counts: object;
      objects: { key: string; status: string; reason?: string }[];
    };
    expect(summary.counts).toMatchObject({ delivered: 1, failed: 1 });
    expect(summary.objects.map((o) => [o.key, o.status]).sort()).toStrictEqual([
      ["prod-eks/ghost/web/web-1/0001.json.gz", "failed"],
      ["prod-eks/globex/web/web-6/0001.json.gz", "delivered"],
    ]);
    expect(cli.stderr).toMatch(/"message":"object failed: misconfiguration \(tenant-missing\), fix and redrive"/);
    expect(await readStream(GLOBEX_ACCOUNT, REGION, "/loghop/globex", "prod-eks/web/web-6")).toStrictEqual(
      manual.messages,
    );
  });

  it("runs the same pipeline as a long-polling worker (process --mode sqs), deleting what it delivered", async () => {
    const worker = records("globex-web-3", 100, NOW - 60_000);
    await stage("prod-eks/globex/web/web-3/0001.json.gz", gzipSync(worker.lines.join("\n")));
    proxy.rules = [];
    const totals = await runSqsWorker(deps, direct(SQSClient), {
      queueUrl,
      waitTimeSeconds: 1,
      maxReceives: 3,
      visibilityTimeoutSeconds: 30,
    });
    expect(totals).toMatchObject({ deleted: totals.received, failed: 0 });
    expect(await readStream(GLOBEX_ACCOUNT, REGION, "/loghop/globex", "prod-eks/web/web-3")).toStrictEqual(
      worker.messages,
    );
    expect(await receiveObjectMessages(1, 1, 2_000)).toStrictEqual([]);
  });

  it("sends a small object on its first receive in 3 AWS calls: GetObject, PutLogEvents, one checkpoint write", async () => {
    // Prepare: five umbrella pods whose streams exist (a first object each), then one small object per pod.
    proxy.rules = [];
    const pods = ["api-20", "api-21", "api-22", "api-23", "api-24"];
    const first = pods.map((pod) => records(`${pod}-a`, 20, NOW - 50_000));
    const second = pods.map((pod) => records(`${pod}-b`, 100, NOW - 40_000));
    for (const [i, pod] of pods.entries())
      await stage(`prod-eks/umbrella/api/${pod}/0001.json.gz`, gzipSync(first[i]!.lines.join("\n")));
    expect((await processAndAcknowledge(await receiveObjectMessages(5))).batchItemFailures).toStrictEqual([]);
    for (const [i, pod] of pods.entries())
      await stage(`prod-eks/umbrella/api/${pod}/0002.json.gz`, gzipSync(second[i]!.lines.join("\n")));
    const messages = await receiveObjectMessages(5, 1);
    expect(messages.map((m) => m.Attributes?.ApproximateReceiveCount)).toStrictEqual(["1", "1", "1", "1", "1"]);
    proxy.counts.clear();

    // Act
    const result = await processQueueMessages(
      deps,
      { deadline: { remainingMs: () => 300_000 }, owner: "small-1" },
      asQueueMessages(messages),
    );

    // Assess: per object one GetObject, one PutLogEvents, one UpdateItem (tenant and credentials cached).
    expect(result.batchItemFailures).toStrictEqual([]);
    expect(callsByApi()).toStrictEqual({ GetObject: 5, PutLogEvents: 5, UpdateItem: 5 });
    for (const [i, pod] of pods.entries()) {
      expect(await readStream(UMBRELLA_ACCOUNT, UMBRELLA_REGION, "/umbrella/api", `prod-eks/api/${pod}`)).toStrictEqual(
        [...first[i]!.messages, ...second[i]!.messages],
      );
    }

    // A retry of one message (receive count 2): the claim finds it complete, nothing is sent.
    proxy.counts.clear();
    const retry = { ...asQueueMessages([messages[0]!])[0]!, receiveCount: 2 };
    const retried = await processQueueMessages(deps, { deadline: { remainingMs: () => 300_000 }, owner: "small-2" }, [
      retry,
    ]);
    expect(retried.messages[0]!.objects[0]!.destinations.map((d) => d.status)).toStrictEqual(["already-complete"]);
    expect(callsByApi()).toStrictEqual({ UpdateItem: 1 });

    // The price of skipping the lease: a duplicate S3/SNS notification (another message, first receive) sends
    // the object's one request again — detected by the conditional write, logged and counted.
    await deleteMessages(await receiveObjectMessages(5, 1, 3_000));
    const duplicate = { ...retry, messageId: "duplicate-notification", receiveCount: 1 };
    const again = await processQueueMessages(deps, { deadline: { remainingMs: () => 300_000 }, owner: "small-3" }, [
      duplicate,
    ]);
    expect(again.messages[0]!.objects[0]!.destinations[0]).toMatchObject({
      status: "delivered",
      duplicatedRequests: 1,
    });
    expect(logger.entries.some((e) => e.fields.outcome === "duplicate-request")).toBe(true);
    // CloudWatch orders a stream by timestamp: the duplicated events sit beside their first copies.
    const pod = messages[0]!.Body!.match(/api-2\d/)![0];
    const index = pods.indexOf(pod);
    const stream = await readStream(UMBRELLA_ACCOUNT, UMBRELLA_REGION, "/umbrella/api", `prod-eks/api/${pod}`);
    expect([...stream].sort()).toStrictEqual(
      [...first[index]!.messages, ...second[index]!.messages, ...second[index]!.messages].sort(),
    );
  });

  it("delivers what decoded from a truncated object, then fails it permanently as corrupt-object naming the offset", async () => {
    // Prepare: 2,000 records, the gzip object cut at 60 %.
    const cut = records("umbrella-api-30", 2000, NOW - 30_000);
    const whole = gzipSync(cut.lines.join("\n") + "\n");
    const truncated = whole.subarray(0, Math.floor(whole.length * 0.6));
    await stage("prod-eks/umbrella/api/api-30/0001.json.gz", truncated);
    proxy.rules = [];
    const [message] = await receiveObjectMessages(1, 1);

    // Act
    const result = await processAndAcknowledge([message!]);

    // Assess: the records before the cut delivered, in order; the object failed permanently with the offset.
    expect(result.batchItemFailures).toStrictEqual([{ itemIdentifier: message!.MessageId }]);
    const object = result.messages[0]!.objects[0]!;
    expect(object).toMatchObject({ status: "failed", failureKind: "permanent", failureReason: "corrupt-object" });
    expect(object.reason).toMatch(
      new RegExp(`gzip decoding failed at compressed byte ${truncated.length} .*Z_BUF_ERROR`),
    );
    const delivered = await readStream(UMBRELLA_ACCOUNT, UMBRELLA_REGION, "/umbrella/api", "prod-eks/api/api-30");
    expect(delivered.length).toBeGreaterThan(1000);
    expect(delivered).toStrictEqual(cut.messages.slice(0, delivered.length));
    expect(logger.entries.map((e) => e.message)).toContain(
      "object failed: unreadable object (corrupt-object), see reason; redriving cannot help until the object is replaced or restored",
    );
    expect((deps.metrics as MemoryMetrics).get("ObjectsCorrupt")).toBeGreaterThanOrEqual(1);

    // The redelivery (receive count 2) resumes after what was delivered, sends nothing more, fails the same way.
    const [again] = await receiveObjectMessages(1, 30);
    const retried = await processAndAcknowledge([again!]);
    expect(retried.messages[0]!.objects[0]!).toMatchObject({
      failureKind: "permanent",
      failureReason: "corrupt-object",
    });
    expect(retried.messages[0]!.objects[0]!.destinations[0]).toMatchObject({
      resumedFrom: delivered.length,
      events: 0,
    });
    expect(await readStream(UMBRELLA_ACCOUNT, UMBRELLA_REGION, "/umbrella/api", "prod-eks/api/api-30")).toStrictEqual(
      delivered,
    );
  });

  it("keeps the deadline when PutLogEvents hangs: ends within the stop margin, progress saved, the lease outlives the cut-off request", async () => {
    // Prepare: an object of three requests; the second is accepted by the endpoint and never answered
    // (the stream's first put is answered ResourceNotFound and repeated after CreateLogStream).
    const big = records("umbrella-api-40", 9000, NOW - 20_000);
    await stage("prod-eks/umbrella/api/api-40/0001.json.gz", gzipSync(big.lines.join("\n")));
    let puts = 0;
    const forApi40 = (body: Buffer) => body.includes('"prod-eks/api/api-40"');
    proxy.rules = [
      (request) => (request.target === PUT_LOG_EVENTS && forApi40(request.body) && ++puts === 3 ? HANG : undefined),
    ];
    const [message] = await receiveObjectMessages(1, 1);
    const marginMs = 5_000; // LOGHOP_STOP_MARGIN_SECONDS above
    const timeoutMs = 12_000;
    const started = Date.now();

    // Act
    const result = await processQueueMessages(
      deps,
      { deadline: deadlineAt(started + timeoutMs), owner: "hang-1" },
      asQueueMessages([message!]),
    );
    const elapsed = Date.now() - started;

    // Assess: the run ended before the deadline, inside the stop margin; the hung request was cut off at its budget.
    expect(elapsed).toBeLessThan(timeoutMs);
    expect(elapsed).toBeGreaterThanOrEqual(timeoutMs - marginMs - 100);
    const cw = result.messages[0]!.objects[0]!.destinations[0]!;
    expect(cw).toMatchObject({ status: "failed", failureKind: "transient", reason: "deadline", requests: 1 });
    expect(proxy.hung).toHaveLength(1);
    // The proxy sees the client's close a moment after the client gave up.
    for (let wait = 0; proxy.hung[0]!.closedAt === undefined && wait < 20; wait++)
      await new Promise((r) => setTimeout(r, 50));
    expect(proxy.hung[0]!.closedAt! - started).toBeLessThan(timeoutMs - marginMs + 500);
    // Progress saved; the lease kept (the cut-off request may still be accepted) until LEASE_GRACE_MS past the deadline.
    const saved = await checkpointOf("api-40");
    expect(Number(saved.acceptedEvents!.N)).toBe(cw.events);
    expect(Number(saved.leaseUntil!.N)).toBeGreaterThanOrEqual(started + timeoutMs + LEASE_GRACE_MS - 1_000);
    expect(Number(saved.leaseUntil!.N)).toBeLessThanOrEqual(started + timeoutMs + LEASE_GRACE_MS + 1_000);

    // Another worker before the lease expires: refused, sends nothing.
    const retry = { ...asQueueMessages([message!])[0]!, receiveCount: 2 };
    const blocked = await processQueueMessages(deps, { deadline: { remainingMs: () => 300_000 }, owner: "hang-2" }, [
      retry,
    ]);
    expect(blocked.messages[0]!.objects[0]!.destinations[0]).toMatchObject({ reason: "checkpoint-lease-held" });
    expect(puts).toBe(3);

    // A worker once the lease has expired (its clock reads past it): resumes and delivers the rest, once.
    proxy.rules = [];
    const later = {
      ...createProcessorDeps(readProcessorConfig(process.env), {
        logger,
        metrics: new MemoryMetrics(),
        now: () => Date.now() + timeoutMs + LEASE_GRACE_MS + 1_000,
      }),
      backoff: deps.backoff!,
    };
    const resumed = await processQueueMessages(later, { deadline: { remainingMs: () => 300_000 }, owner: "hang-3" }, [
      retry,
    ]);
    expect(resumed.messages[0]!.objects[0]!.destinations[0]).toMatchObject({
      status: "delivered",
      resumedFrom: cw.events,
      events: 9000 - cw.events,
    });
    expect(await readStream(UMBRELLA_ACCOUNT, UMBRELLA_REGION, "/umbrella/api", "prod-eks/api/api-40")).toStrictEqual(
      big.messages,
    );
    await deleteMessages(await receiveObjectMessages(1, 1, 3_000));
  });
  it("acknowledges an agent heartbeat (the generated VRL's event) with no AWS call past the queue, counted for its cluster, delivered to no one", async () => {
    // Prepare: the object an agent of prod-eks stages: the heartbeat program's event, as the sink writes it.
    proxy.rules = [];
    const program = renderHeartbeatProgram(inventory.clusters.find((c) => c.id === "prod-eks")!);
    const event = verel.execute(program, { message: "heartbeat", timestamp: new Date(NOW).toISOString() }).event;
    const key = `${heartbeatKeyPrefix("prod-eks")}agent/ip-10-0-0-1/1764669600-heartbeat.json.gz`;
    await stage(key, gzipSync(`${JSON.stringify(event)}\n`));
    const messages = await receiveObjectMessages(1);
    const metrics = new MemoryMetrics();
    proxy.counts.clear();

    // Act
    const result = await processQueueMessages(
      { ...deps, metrics },
      { deadline: { remainingMs: () => 300_000 }, owner: "heartbeat-1" },
      asQueueMessages(messages),
    );
    await deleteMessages(messages);

    // Assess: acknowledged; not read, no tenant looked up, no role assumed, nothing written anywhere.
    expect(result.batchItemFailures).toStrictEqual([]);
    expect(result.messages[0]!.objects.map((o) => [o.key, o.status, o.cluster])).toStrictEqual([
      [key, "heartbeat", "prod-eks"],
    ]);
    expect(callsByApi()).toStrictEqual({});
    expect([...metrics.dimensioned.values()]).toStrictEqual([
      { name: METRIC.agentHeartbeat, dimensions: { [CLUSTER_DIMENSION]: "prod-eks" }, value: 1 },
    ]);
    expect(metrics.get(METRIC.eventsDelivered)).toBe(0);
    expect(await groupsIn(CENTRAL_ACCOUNT, REGION)).toStrictEqual([]);
    expect(await receiveObjectMessages(1, 1, 2_000)).toStrictEqual([]);
  });

  it("reads the tenant shards: refuses a cluster a tenant does not allow without the cluster map, and sees a shard update after the TTL, not before", async () => {
    // Prepare: a processor as at scale (no LOGHOP_CLUSTER_TENANTS), its clock injected; cold, so it reads fresh.
    proxy.rules = [];
    let clock = Date.now();
    const config = { ...readProcessorConfig(process.env), clusterTenants: undefined };
    const ttlMs = config.tenantCacheTtlSeconds * 1000;
    const scaled: ProcessorDeps = {
      ...createProcessorDeps(config, { logger: new MemoryLogger(), metrics: new MemoryMetrics(), now: () => clock }),
      backoff: { baseDelayMs: 5, maxDelayMs: 50 },
    };
    let round = 0;
    /** Stages one small object per key, processes them with `scaled`: status by key. */
    const run = async (...keys: string[]): Promise<Record<string, string>> => {
      round += 1;
      for (const key of keys)
        await stage(`${key}/${round}.json.gz`, gzipSync(records(`refresh-${round}`, 3, NOW).lines.join("\n")));
      // Only this round's notifications: a message another test left behind is not this test's to process.
      const messages: Message[] = [];
      for (let tries = 0; messages.length < keys.length && tries < 10; tries += 1) {
        const received = await receiveObjectMessages(keys.length - messages.length);
        messages.push(...received.filter((m) => decodeURIComponent(m.Body!).includes(`/${round}.json.gz`)));
      }
      const result = await processQueueMessages(
        scaled,
        { deadline: { remainingMs: () => 300_000 }, owner: `refresh-${round}` },
        asQueueMessages(messages),
      );
      await deleteMessages(messages); // the failed ones too: each round stages its own objects
      const objects = result.messages.flatMap((m) => m.objects);
      return Object.fromEntries(objects.map((o) => [o.key.slice(0, o.key.lastIndexOf("/")), o.status]));
    };
    const GLOBEX = "dev-eks/globex/web/refresh-1";
    const UMBRELLA_ON_DEV = "dev-eks/umbrella/web/refresh-2";
    const GHOST = "prod-eks/ghost/web/refresh-3";
    try {
      // Act + assess: the cluster check holds with the map left out; ghost has no item yet.
      expect(await run(GLOBEX, UMBRELLA_ON_DEV, GHOST)).toStrictEqual({
        [GLOBEX]: "delivered",
        [UMBRELLA_ON_DEV]: "refused",
        [GHOST]: "failed",
      });
      // The shard changes in the table: globex disabled, ghost added.
      await writeShards(
        resources.tenantItems.map((item) => (item.tenantId === "globex" ? { ...item, enabled: false } : item)),
      );
      clock += ttlMs - 1;
      expect(await run(GLOBEX, GHOST)).toStrictEqual({ [GLOBEX]: "delivered", [GHOST]: "failed" });
      clock += 1;
      expect(await run(GLOBEX, GHOST)).toStrictEqual({ [GLOBEX]: "skipped", [GHOST]: "delivered" });
      expect(await readStream("444444444444", REGION, "/ghost", "prod-eks/web/refresh-3")).toHaveLength(3);
    } finally {
      await writeShards(withoutGhost());
    }
  });
});
