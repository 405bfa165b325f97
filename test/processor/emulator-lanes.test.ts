/**
 * Fairness and the limits against a real moto server: S3 → SNS (the region
 * stack's per-cluster payload filters) → one queue per cluster → processor.
 * One cluster floods its lane (many objects and a 1 GiB gzip bomb); another
 * cluster's object still arrives after one receive and one object's work.
 */
import { gzipSync } from "node:zlib";
import { CloudWatchLogsClient, CreateLogGroupCommand, GetLogEventsCommand } from "@aws-sdk/client-cloudwatch-logs";
import { CreateTableCommand, DynamoDBClient, PutItemCommand } from "@aws-sdk/client-dynamodb";
import { CreateRoleCommand, IAMClient } from "@aws-sdk/client-iam";
import {
  CreateBucketCommand,
  PutBucketNotificationConfigurationCommand,
  PutObjectCommand,
  S3Client,
} from "@aws-sdk/client-s3";
import { CreateTopicCommand, SNSClient, SubscribeCommand } from "@aws-sdk/client-sns";
import {
  CreateQueueCommand,
  DeleteMessageBatchCommand,
  GetQueueAttributesCommand,
  ReceiveMessageCommand,
  SQSClient,
  type Message,
} from "@aws-sdk/client-sqs";
import { AssumeRoleCommand, STSClient } from "@aws-sdk/client-sts";
import { centralNames, customerRoleName, roleArn, stagedObjectPrefix } from "../../inventory/names";
import { processQueueMessages } from "../../processor/batch/sqs-batch";
import { readProcessorConfig } from "../../processor/config/environment";
import type { ProcessorDeps } from "../../processor/delivery/types";
import { MemoryLogger } from "../../processor/observability/logger";
import { MemoryMetrics } from "../../processor/observability/metrics";
import { METRIC } from "../../processor/observability/metric-names";
import { createProcessorDeps } from "../../processor/runtime/dependencies";
import { shardTenantItems } from "../../generators/processor-config/tenant-shards";
import type { TenantDeliveryItem } from "../../processor/tenant-config/types";
import { laneFilterPolicy } from "../../stacks/region/notification-policies";
import type { QueueLane } from "../../stacks/region/region-names";
import { startMoto, type MotoServer } from "../../emulator";

jest.setTimeout(10 * 60_000);

const PREFIX = "loghop";
const CENTRAL_ACCOUNT = "123456789012"; // moto's account for plain access keys
const REGION = "eu-west-1";
const STAGING_BUCKET = centralNames.stagingBucket(PREFIX, CENTRAL_ACCOUNT, REGION);
const FLOOD = { cluster: "flood-eks", tenant: "globex", account: "222222222222" };
const CALM = { cluster: "calm-eks", tenant: "umbrella", account: "333333333333" };
const FLOOD_OBJECTS = 40;
const BOMB_EVENT_LIMIT = 100_000;
/** The bound this test proves for the calm cluster (see README): one receive + one object, with room for a slow CI machine. */
const CALM_BOUND_MS = 10_000;
const plainCredentials = { accessKeyId: "AKIAIOSFODNN7EXAMPLE", secretAccessKey: "moto-secret" };

let moto: MotoServer;
let deps: ProcessorDeps;
let logger: MemoryLogger;
let metrics: MemoryMetrics;
const queueUrls = new Map<string, string>();
const savedEnv = { ...process.env };

function client<T>(Client: new (config: object) => T, credentials: object = plainCredentials): T {
  return new Client({ region: REGION, endpoint: moto.endpoint, credentials, forcePathStyle: true });
}

async function tenantAccount(accountId: string): Promise<object> {
  const out = await client(STSClient).send(
    new AssumeRoleCommand({ RoleArn: roleArn(accountId, "emulator-admin"), RoleSessionName: "emulator-admin" }),
  );
  const c = out.Credentials!;
  return { accessKeyId: c.AccessKeyId!, secretAccessKey: c.SecretAccessKey!, sessionToken: c.SessionToken! };
}

function lane(cluster: string): QueueLane {
  const queue = centralNames.clusterQueue(PREFIX, cluster);
  return {
    clusterId: cluster,
    keyPrefix: stagedObjectPrefix(cluster),
    queue,
    queueArn: `arn:aws:sqs:${REGION}:${CENTRAL_ACCOUNT}:${queue}`,
    deadLetterQueue: centralNames.clusterDeadLetterQueue(PREFIX, cluster),
    deadLetterQueueArn: "",
  };
}

function item(who: typeof FLOOD): TenantDeliveryItem {
  return {
    tenantId: who.tenant,
    deliveryId: `cloudwatch-${REGION}-0`,
    type: "cloudwatch",
    region: REGION,
    accountId: who.account,
    roleArn: roleArn(who.account, customerRoleName(PREFIX, who.tenant)),
    externalId: `lhx-${who.tenant}-external-id`,
    enabled: true,
    allowedClusters: [who.cluster],
    logGroupName: `/loghop/${who.tenant}`,
    retentionDays: 30,
  };
}

function ndjson(tag: string, count: number): { body: Buffer; messages: string[] } {
  const messages = Array.from({ length: count }, (_, i) => `${tag} #${i} ${"payload ".repeat(30)}`);
  const start = Date.now() - 3_600_000;
  const text = messages.map((message, i) => JSON.stringify({ message, timestamp: new Date(start + i).toISOString() }));
  return { body: gzipSync(text.join("\n") + "\n"), messages };
}

/** 1 GiB of 16-byte lines from ~2 MB: 1,024 gzip members of 1 MiB each, read as one object. */
function gzipBomb(): Buffer {
  const member = gzipSync(Buffer.from('{"message":"x"}\n'.repeat(65_536)));
  return Buffer.concat(Array.from({ length: 1024 }, () => member));
}

async function stage(key: string, body: Buffer): Promise<void> {
  await client(S3Client).send(new PutObjectCommand({ Bucket: STAGING_BUCKET, Key: key, Body: body }));
}

async function visible(cluster: string): Promise<number> {
  const out = await client(SQSClient).send(
    new GetQueueAttributesCommand({
      QueueUrl: queueUrls.get(cluster)!,
      AttributeNames: ["ApproximateNumberOfMessages"],
    }),
  );
  return Number(out.Attributes!["ApproximateNumberOfMessages"]);
}

/** One poll of a lane like its event source mapping: receive a batch, process it, delete what succeeded. */
async function pollLane(cluster: string, waitSeconds = 1) {
  const sqs = client(SQSClient);
  const queueUrl = queueUrls.get(cluster)!;
  const out = await sqs.send(
    new ReceiveMessageCommand({ QueueUrl: queueUrl, MaxNumberOfMessages: 10, WaitTimeSeconds: waitSeconds }),
  );
  const messages: Message[] = out.Messages ?? [];
  const result = await processQueueMessages(
    deps,
    { deadline: { remainingMs: () => 300_000 }, owner: `test-${Math.random()}` },
    messages.map((m) => ({ messageId: m.MessageId!, body: m.Body! })),
  );
  const failed = new Set(result.batchItemFailures.map((f) => f.itemIdentifier));
  const done = messages.filter((m) => !failed.has(m.MessageId!));
  if (done.length > 0) {
    await sqs.send(
      new DeleteMessageBatchCommand({
        QueueUrl: queueUrl,
        Entries: done.map((m, i) => ({ Id: String(i), ReceiptHandle: m.ReceiptHandle! })),
      }),
    );
  }
  return result;
}

async function readGroup(who: typeof FLOOD, stream: string): Promise<string[]> {
  const logs = client(CloudWatchLogsClient, await tenantAccount(who.account));
  const out = await logs.send(
    new GetLogEventsCommand({ logGroupName: `/loghop/${who.tenant}`, logStreamName: stream, startFromHead: true }),
  );
  return (out.events ?? []).map((e) => e.message!);
}

beforeAll(async () => {
  moto = await startMoto();
  await client(IAMClient).send(
    new CreateRoleCommand({ RoleName: centralNames.centralRole(PREFIX), AssumeRolePolicyDocument: "{}" }),
  );
  for (const who of [FLOOD, CALM]) {
    const account = await tenantAccount(who.account);
    await client(IAMClient, account).send(
      new CreateRoleCommand({ RoleName: customerRoleName(PREFIX, who.tenant), AssumeRolePolicyDocument: "{}" }),
    );
    await client(CloudWatchLogsClient, account).send(
      new CreateLogGroupCommand({ logGroupName: `/loghop/${who.tenant}` }),
    );
  }
  await client(S3Client).send(
    new CreateBucketCommand({ Bucket: STAGING_BUCKET, CreateBucketConfiguration: { LocationConstraint: REGION } }),
  );
  const topic = await client(SNSClient).send(new CreateTopicCommand({ Name: centralNames.stagedObjectsTopic(PREFIX) }));
  for (const cluster of [FLOOD.cluster, CALM.cluster]) {
    const sqs = client(SQSClient);
    const url = (await sqs.send(new CreateQueueCommand({ QueueName: centralNames.clusterQueue(PREFIX, cluster) })))
      .QueueUrl!;
    queueUrls.set(cluster, url);
    const arn = (await sqs.send(new GetQueueAttributesCommand({ QueueUrl: url, AttributeNames: ["QueueArn"] })))
      .Attributes!.QueueArn!;
    // The subscription the region stack makes: raw delivery, the lane's payload filter.
    await client(SNSClient).send(
      new SubscribeCommand({
        TopicArn: topic.TopicArn!,
        Protocol: "sqs",
        Endpoint: arn,
        Attributes: {
          RawMessageDelivery: "true",
          FilterPolicyScope: "MessageBody",
          FilterPolicy: JSON.stringify(laneFilterPolicy(lane(cluster))),
        },
      }),
    );
  }
  await client(S3Client).send(
    new PutBucketNotificationConfigurationCommand({
      Bucket: STAGING_BUCKET,
      NotificationConfiguration: {
        TopicConfigurations: [{ TopicArn: topic.TopicArn!, Events: ["s3:ObjectCreated:*"] }],
      },
    }),
  );
  const dynamodb = client(DynamoDBClient);
  for (const [name, pk] of [
    [centralNames.tenantTable(PREFIX), "tenantId"],
    [centralNames.checkpointTable(PREFIX), "objectId"],
  ] as const) {
    await dynamodb.send(
      new CreateTableCommand({
        TableName: name,
        BillingMode: "PAY_PER_REQUEST",
        KeySchema: [
          { AttributeName: pk, KeyType: "HASH" },
          { AttributeName: "deliveryId", KeyType: "RANGE" },
        ],
        AttributeDefinitions: [
          { AttributeName: pk, AttributeType: "S" },
          { AttributeName: "deliveryId", AttributeType: "S" },
        ],
      }),
    );
  }
  const layout = shardTenantItems([FLOOD, CALM].map(item));
  for (const shard of layout.shards) {
    await dynamodb.send(new PutItemCommand({ TableName: centralNames.tenantTable(PREFIX), Item: shard.item }));
  }
  Object.assign(process.env, {
    AWS_ACCESS_KEY_ID: plainCredentials.accessKeyId,
    AWS_SECRET_ACCESS_KEY: plainCredentials.secretAccessKey,
    AWS_REGION: REGION,
    AWS_ENDPOINT_URL: moto.endpoint,
    LOGHOP_TENANT_TABLE: centralNames.tenantTable(PREFIX),
    LOGHOP_TENANT_SHARDS: String(layout.count),
    LOGHOP_CHECKPOINT_TABLE: centralNames.checkpointTable(PREFIX),
    LOGHOP_CENTRAL_ROLE_ARN: roleArn(CENTRAL_ACCOUNT, centralNames.centralRole(PREFIX)),
    LOGHOP_STAGING_BUCKET: STAGING_BUCKET,
    LOGHOP_METRICS_NAMESPACE: "LoghopTest",
    // moto keeps every event in Python lists: a million-event prefix would take minutes to store. The
    // default limits on the same bomb are asserted in limits.test.ts; here the event limit is lower.
    LOGHOP_MAX_OBJECT_EVENTS: String(BOMB_EVENT_LIMIT),
  });
  logger = new MemoryLogger();
  metrics = new MemoryMetrics();
  deps = createProcessorDeps(readProcessorConfig(process.env), { logger, metrics });
});

afterAll(async () => {
  process.env = savedEnv;
  await moto?.stop();
});

describe("lanes: one cluster's flood does not hold another cluster back", () => {
  const calm = ndjson("calm", 50);

  it("the calm cluster's object arrives after one poll of its own lane while the flood waits untouched in its own", async () => {
    // Prepare: the flood (and its bomb) is staged first, so on one shared queue it would be ahead.
    for (let i = 0; i < FLOOD_OBJECTS; i++) {
      await stage(
        `${FLOOD.cluster}/${FLOOD.tenant}/web/web-1/2026-12-02T10-00-${String(i).padStart(2, "0")}Z.json.gz`,
        ndjson(`flood-${i}`, 2000).body,
      );
    }
    await stage(`${FLOOD.cluster}/${FLOOD.tenant}/web/web-1/2026-12-02T10-01-00Z-bomb.json.gz`, gzipBomb());
    const staged = Date.now();
    await stage(`${CALM.cluster}/${CALM.tenant}/api/api-1/2026-12-02T10-01-01Z.json.gz`, calm.body);

    // Act: the calm lane's mapping polls once.
    let result = await pollLane(CALM.cluster, 5);
    for (let polls = 1; polls < 5 && result.messages.length === 0; polls++) result = await pollLane(CALM.cluster, 5);
    const arrivedMs = Date.now() - staged;

    // Assess: delivered within the bound, with the whole flood still queued in its lane.
    expect(result.messages.map((m) => m.objects.map((o) => o.status))).toStrictEqual([["delivered"]]);
    expect(await readGroup(CALM, `${CALM.cluster}/api/api-1`)).toStrictEqual(calm.messages);
    expect(arrivedMs).toBeLessThan(CALM_BOUND_MS);
    expect(await visible(FLOOD.cluster)).toBe(FLOOD_OBJECTS + 1);
    expect(await visible(CALM.cluster)).toBe(0);
  });

  it("the flood's lane drains; the bomb stops at the event limit, is acknowledged and counted", async () => {
    const started = process.cpuUsage();
    for (let polls = 0; polls < 20 && (await visible(FLOOD.cluster)) > 0; polls++) await pollLane(FLOOD.cluster);
    const cpu = process.cpuUsage(started);

    expect(await visible(FLOOD.cluster)).toBe(0);
    expect(metrics.get(METRIC.objectsDelivered)).toBe(1 + FLOOD_OBJECTS);
    expect(metrics.get(METRIC.objectsOverLimit)).toBe(1);
    const bomb = logger.entries.find((e) => e.fields["failureReason"] === "over-limit")!;
    expect(bomb.fields).toMatchObject({ cluster: FLOOD.cluster, tenant: FLOOD.tenant, limit: "events" });
    // The delivered prefix: the first BOMB_EVENT_LIMIT lines, checkpointed; never the whole gigabyte.
    const destination = (bomb.fields["destinations"] as { events: number; read: { bytesRead: number } }[])[0]!;
    expect(destination.events).toBe(BOMB_EVENT_LIMIT);
    expect(destination.read.bytesRead).toBeLessThan(BOMB_EVENT_LIMIT * 16 + 4 * 1024 * 1024);
    expect((cpu.user + cpu.system) / 1e6).toBeLessThan(120);
  });
});
