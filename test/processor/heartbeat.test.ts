/**
 * Heartbeat objects (`<cluster>/loghop-heartbeat/agent/<node>/<file>`): counted per cluster,
 * acknowledged, never read and never delivered — even beside a tenant's object in one message.
 */
import "aws-sdk-client-mock-jest";
import { Readable } from "node:stream";
import { CloudWatchLogsClient, PutLogEventsCommand } from "@aws-sdk/client-cloudwatch-logs";
import { DynamoDBClient, GetItemCommand } from "@aws-sdk/client-dynamodb";
import { GetObjectCommand, S3Client } from "@aws-sdk/client-s3";
import { AssumeRoleCommand, STSClient } from "@aws-sdk/client-sts";
import { mockClient } from "aws-sdk-client-mock";
import { heartbeatKeyPrefix } from "../../inventory/heartbeat";
import { processQueueMessages } from "../../processor/batch/sqs-batch";
import { TenantClientPool } from "../../processor/credentials/client-pool";
import { RoleChain } from "../../processor/credentials/role-chain";
import type { ProcessorDeps } from "../../processor/delivery/types";
import { MemoryLogger } from "../../processor/observability/logger";
import { EmfMetrics, MemoryMetrics, type MetricsRecorder } from "../../processor/observability/metrics";
import { CLUSTER_DIMENSION, METRIC, PROCESSOR_METRICS_SERVICE } from "../../processor/observability/metric-names";
import { summarize } from "../../processor/modes/summary";
import { TenantDirectory } from "../../processor/tenant-config/tenant-table";
import { emfDocuments } from "../support/emf";
import {
  cloudWatchItem,
  gzippedNdjson,
  MemoryCheckpoints,
  processorConfig,
  s3EventDocument,
  shardTableGetItem,
  snsEnvelope,
} from "./factories";

const s3 = mockClient(S3Client);
const logs = mockClient(CloudWatchLogsClient);
const ddb = mockClient(DynamoDBClient);
const sts = mockClient(STSClient);

const NOW = Date.UTC(2026, 11, 2, 10);
const HEARTBEAT = `${heartbeatKeyPrefix("prod-eks")}agent/ip-10-0-0-1/1764669600-1b2c.json.gz`;
const TENANT_KEY = "prod-eks/globex/web/web-1/2026-12-02T09-59-00Z-a.json.gz";
const ctx = { deadline: { remainingMs: () => 300_000 }, owner: "test-invocation" };

function deps(metrics: MetricsRecorder, clusterTenants: Record<string, string[]> | undefined): ProcessorDeps {
  const config = processorConfig({ clusterTenants });
  return {
    config,
    stagingS3: new S3Client({ region: "eu-west-1" }),
    tenants: new TenantDirectory(new DynamoDBClient({ region: "eu-west-1" }), {
      tableName: config.tenantTable,
      shardCount: config.tenantShards,
      ttlMs: 60_000,
      now: () => NOW,
    }),
    checkpoints: new MemoryCheckpoints(() => NOW),
    clients: new TenantClientPool(
      new RoleChain({ centralRoleArn: config.centralRoleArn, region: "eu-west-1", now: () => NOW }),
    ),
    logger: new MemoryLogger(),
    metrics,
    now: () => NOW,
    backoff: { sleep: async () => undefined },
  };
}

function message(id: string, ...keys: string[]) {
  return { messageId: id, body: snsEnvelope(s3EventDocument(keys)) };
}

beforeEach(() => {
  s3.reset();
  logs.reset();
  ddb.reset();
  sts.reset();
  ddb.on(GetItemCommand).callsFake(shardTableGetItem([cloudWatchItem()]));
  sts.on(AssumeRoleCommand).resolves({
    Credentials: { AccessKeyId: "a", SecretAccessKey: "s", SessionToken: "t", Expiration: new Date(NOW + 3_600_000) },
  });
  logs.on(PutLogEventsCommand).resolves({});
  const { body } = gzippedNdjson(2, NOW - 60_000);
  s3.on(GetObjectCommand).callsFake(() => ({
    Body: Readable.from([body]),
    LastModified: new Date(NOW - 30_000),
    ContentLength: body.length,
    ContentEncoding: "gzip",
    ETag: '"etag0"',
  }));
});

describe("a heartbeat object", () => {
  it("is acknowledged and counted for its cluster without reading it, looking up a tenant or delivering", async () => {
    const metrics = new MemoryMetrics();
    const result = await processQueueMessages(deps(metrics, { "prod-eks": ["globex"] }), ctx, [
      message("m1", HEARTBEAT),
    ]);
    expect(result.batchItemFailures).toStrictEqual([]);
    expect(result.messages[0]!.objects.map((o) => [o.status, o.cluster, o.destinations])).toStrictEqual([
      ["heartbeat", "prod-eks", []],
    ]);
    expect(s3).not.toHaveReceivedCommand(GetObjectCommand);
    expect(ddb).not.toHaveReceivedCommand(GetItemCommand);
    expect(sts).not.toHaveReceivedCommand(AssumeRoleCommand);
    expect(logs).not.toHaveReceivedCommand(PutLogEventsCommand);
    expect(metrics.get(METRIC.agentHeartbeat)).toBe(1);
    expect([...metrics.dimensioned.values()]).toStrictEqual([
      { name: METRIC.agentHeartbeat, dimensions: { [CLUSTER_DIMENSION]: "prod-eks" }, value: 1 },
    ]);
    // Not traffic: no delivered, skipped or duration sample from a heartbeat.
    expect(metrics.get(METRIC.objectsDelivered)).toBe(0);
    expect(metrics.samples.get(METRIC.objectDuration)).toBeUndefined();
  });

  it("beside a tenant object in one message: the tenant's lines are delivered, the heartbeat to no one", async () => {
    const metrics = new MemoryMetrics();
    const result = await processQueueMessages(deps(metrics, { "prod-eks": ["globex"] }), ctx, [
      message("m1", HEARTBEAT, TENANT_KEY),
    ]);
    expect(result.batchItemFailures).toStrictEqual([]);
    expect(s3).toHaveReceivedCommandTimes(GetObjectCommand, 1);
    expect(s3).toHaveReceivedCommandWith(GetObjectCommand, { Key: TENANT_KEY });
    const summary = summarize(result.messages.flatMap((o) => o.objects));
    expect(summary.counts).toMatchObject({ heartbeat: 1, delivered: 1, failed: 0 });
    expect(metrics.get(METRIC.agentHeartbeat)).toBe(1);
  });

  it("of a cluster the processor's cluster map does not list is refused (the dimension stays bounded)", async () => {
    const metrics = new MemoryMetrics();
    const rogue = `${heartbeatKeyPrefix("rogue")}agent/n/1.json.gz`;
    const result = await processQueueMessages(deps(metrics, { "prod-eks": ["globex"] }), ctx, [message("m1", rogue)]);
    expect(result.messages[0]!.objects[0]).toMatchObject({
      status: "refused",
      reason: "heartbeat of cluster rogue, which is not in the processor's cluster map",
    });
    expect(metrics.get(METRIC.agentHeartbeat)).toBe(0);
    expect(metrics.get(METRIC.objectsRefused)).toBe(1);
  });

  it("emits AgentHeartbeat in EMF under {service} and {service, cluster}: the series the cluster's alarm reads", async () => {
    const documents = await emfDocuments(async () => {
      const metrics = new EmfMetrics("Loghop/lh-prod");
      await processQueueMessages(deps(metrics, { "prod-eks": ["globex"] }), ctx, [message("m1", HEARTBEAT)]);
      metrics.flush();
    });
    const heartbeats = documents
      .filter((d) => d[METRIC.agentHeartbeat] !== undefined)
      .map((d) => ({
        namespace: d._aws.CloudWatchMetrics[0]!.Namespace,
        dimensions: d._aws.CloudWatchMetrics[0]!.Dimensions,
        service: d["service"],
        cluster: d[CLUSTER_DIMENSION],
        value: d[METRIC.agentHeartbeat],
      }));
    expect(heartbeats).toEqual(
      expect.arrayContaining([
        {
          namespace: "Loghop/lh-prod",
          dimensions: [["service"]],
          service: PROCESSOR_METRICS_SERVICE,
          cluster: undefined,
          value: 1,
        },
        {
          namespace: "Loghop/lh-prod",
          dimensions: [["service", CLUSTER_DIMENSION]],
          service: PROCESSOR_METRICS_SERVICE,
          cluster: "prod-eks",
          value: 1,
        },
      ]),
    );
    expect(heartbeats).toHaveLength(2);
  });
});
