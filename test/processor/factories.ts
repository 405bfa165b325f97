import { gzipSync } from "node:zlib";
import type { ProcessorConfig } from "../../processor/config/environment";
import type { Checkpoint, CheckpointPort } from "../../processor/checkpoints/checkpoint-store";
import { LeaseHeldError } from "../../processor/failures/errors";
import type { TenantDeliveryItem } from "../../processor/tenant-config/types";
import { shardTenantItems } from "../../generators/processor-config/tenant-shards";

/** Factories for the processor's tests: events, records, tenant items, config. */

export const STAGING_BUCKET = "loghop-staging-111111111111-eu-west-1";

export function processorConfig(overrides: Partial<ProcessorConfig> = {}): ProcessorConfig {
  return {
    tenantTable: "loghop-tenants",
    tenantShards: 1,
    checkpointTable: "loghop-checkpoints",
    centralRoleArn: "arn:aws:iam::111111111111:role/loghop-central-distribution",
    stagingBucket: STAGING_BUCKET,
    metricsNamespace: "Loghop",
    clusterTenants: undefined,
    tenantCacheTtlSeconds: 60,
    objectConcurrency: 4,
    checkpointTtlDays: 15,
    stopMarginSeconds: 5,
    maxLineBytes: 4 * 1024 * 1024,
    checkpointEveryRequests: 1,
    queueUrl: undefined,
    limits: { maxUncompressedBytes: 64 * 1024 * 1024, maxEvents: 250_000, maxCompressionRatio: 250 },
    ...overrides,
  };
}

const BASE_ITEM = {
  tenantId: "globex",
  region: "eu-west-1",
  accountId: "222222222222",
  roleArn: "arn:aws:iam::222222222222:role/loghop-globex-delivery",
  externalId: "ext-globex",
  enabled: true,
  allowedClusters: ["prod-eks"],
} as const;

export function cloudWatchItem(overrides: Partial<TenantDeliveryItem> = {}): TenantDeliveryItem {
  const base = { ...BASE_ITEM, deliveryId: "cloudwatch-eu-west-1-0", type: "cloudwatch" as const };
  return { ...base, logGroupName: "/loghop/globex", retentionDays: 30, ...overrides };
}

export function s3Item(overrides: Partial<TenantDeliveryItem> = {}): TenantDeliveryItem {
  const base = { ...BASE_ITEM, deliveryId: "s3-eu-west-1-0", type: "s3" as const };
  return { ...base, bucket: "globex-logs", prefix: "k8s/", ...overrides };
}

/**
 * A mocked GetItem of a tenant table holding `items` in the generator's shard layout (one shard
 * for a handful of tenants, matching processorConfig's tenantShards).
 */
export function shardTableGetItem(items: readonly TenantDeliveryItem[]) {
  const { shards } = shardTenantItems(items);
  return (input: { Key?: Record<string, { S?: string }> }) => {
    const shard = shards.find((s) => s.item.tenantId?.S === input.Key?.tenantId?.S);
    return shard === undefined ? {} : { Item: shard.item };
  };
}

export interface S3EventOptions {
  readonly bucket?: string;
  readonly eTag?: string;
  readonly eventName?: string;
  readonly versionId?: string;
}

/** An S3 event notification document, the key encoded as S3 encodes it. */
export function s3EventDocument(keys: readonly string[], options: S3EventOptions = {}): object {
  return {
    Records: keys.map((key, index) => ({
      eventVersion: "2.1",
      eventSource: "aws:s3",
      awsRegion: "eu-west-1",
      eventTime: "2026-11-24T10:00:00.000Z",
      eventName: options.eventName ?? "ObjectCreated:Put",
      s3: {
        bucket: { name: options.bucket ?? STAGING_BUCKET },
        object: {
          key: encodeURIComponent(key).replace(/%2F/g, "/").replace(/%20/g, "+"),
          size: 100,
          eTag: options.eTag ?? `etag${index}`,
          ...(options.versionId !== undefined ? { versionId: options.versionId } : {}),
          sequencer: `00${index}`,
        },
      },
    })),
  };
}

/** The SNS envelope an SQS subscription (without raw delivery) receives. */
export function snsEnvelope(document: object): string {
  return JSON.stringify({
    Type: "Notification",
    MessageId: "b6a5b0d6-0000-0000-0000-000000000000",
    TopicArn: "arn:aws:sns:eu-west-1:111111111111:loghop-staged-objects",
    Message: JSON.stringify(document),
  });
}

export function vectorRecord(message: unknown, timestamp: string | number | undefined, extra: object = {}): string {
  return JSON.stringify({
    ...(message !== undefined ? { message } : {}),
    ...(timestamp !== undefined ? { timestamp } : {}),
    kubernetes: { pod_name: "web-1", namespace_name: "shop", container_name: "web" },
    stream: "stdout",
    source_type: "kubernetes_logs",
    ...extra,
  });
}

/** `count` NDJSON records one second apart from `startMs`, gzipped. */
export function gzippedNdjson(count: number, startMs: number, prefix = "line"): { body: Buffer; messages: string[] } {
  const messages = Array.from({ length: count }, (_, i) => `${prefix} ${i}`);
  const text = messages.map((m, i) => vectorRecord(m, new Date(startMs + i * 1000).toISOString())).join("\n") + "\n";
  return { body: gzipSync(text), messages };
}

export async function* chunksOf(...parts: (string | Buffer)[]): AsyncGenerator<Buffer> {
  for (const part of parts) yield typeof part === "string" ? Buffer.from(part, "utf8") : part;
}

export async function collect<T>(source: AsyncIterable<T[]>): Promise<T[]> {
  const all: T[] = [];
  for await (const chunk of source) all.push(...chunk);
  return all;
}

/** An in-memory checkpoint table with the same lease semantics as the DynamoDB one. */
export class MemoryCheckpoints implements CheckpointPort {
  readonly items = new Map<string, Checkpoint & { owner?: string; leaseUntil?: number }>();
  readonly advances: number[] = [];
  constructor(private readonly now: () => number = Date.now) {}

  async claim(objectId: string, deliveryId: string, owner: string, leaseUntilMs: number): Promise<Checkpoint> {
    const key = `${objectId}|${deliveryId}`;
    const item = this.items.get(key) ?? { acceptedEvents: 0, complete: false };
    if (!item.complete && item.owner !== undefined && item.owner !== owner && (item.leaseUntil ?? 0) >= this.now()) {
      throw new LeaseHeldError(objectId, deliveryId);
    }
    this.items.set(key, { ...item, owner, leaseUntil: leaseUntilMs });
    return { acceptedEvents: item.acceptedEvents, complete: item.complete };
  }
  async advance(objectId: string, deliveryId: string, _owner: string, acceptedEvents: number): Promise<void> {
    const key = `${objectId}|${deliveryId}`;
    this.items.set(key, { ...this.items.get(key)!, acceptedEvents });
    this.advances.push(acceptedEvents);
  }
  async complete(objectId: string, deliveryId: string, _owner: string, acceptedEvents: number): Promise<void> {
    this.items.set(`${objectId}|${deliveryId}`, { acceptedEvents, complete: true });
  }
  async release(objectId: string, deliveryId: string, _owner: string, acceptedEvents?: number): Promise<void> {
    const key = `${objectId}|${deliveryId}`;
    const item = this.items.get(key);
    if (item !== undefined)
      this.items.set(key, { acceptedEvents: acceptedEvents ?? item.acceptedEvents, complete: item.complete });
  }
  async completeUnleased(objectId: string, deliveryId: string, acceptedEvents: number): Promise<boolean> {
    const key = `${objectId}|${deliveryId}`;
    const item = this.items.get(key);
    const free =
      item === undefined || (!item.complete && item.acceptedEvents === 0 && (item.leaseUntil ?? 0) < this.now());
    if (free) this.items.set(key, { acceptedEvents, complete: true });
    return free;
  }
}
