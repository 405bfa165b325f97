/**
 * A tenant shard item ↔ its delivery items. Decoding is strict: a shard that is not exactly what
 * the generator writes (wrong key, bad JSON, an unknown or mistyped field, a tenant hashed to
 * another shard) is a TenantShardError naming the shard, never half-used: a misread allow-list
 * could deliver a tenant's logs from a cluster that may not carry them.
 */
import type { AttributeValue } from "@aws-sdk/client-dynamodb";
import { TENANT_SHARD_ATTRIBUTE, TENANT_SHARD_SORT_KEY, tenantShardIndex, tenantShardKey } from "./shards";
import type { TenantDeliveryItem } from "./types";

export type ShardItem = Record<string, AttributeValue>;

export class TenantShardError extends Error {
  override readonly name = "TenantShardError";
}

const REQUIRED_STRINGS = ["tenantId", "deliveryId", "region", "accountId", "roleArn", "externalId"] as const;
const OPTIONAL_STRINGS = ["logGroupName", "logGroupPrefix", "kmsKeyArn", "bucket", "prefix"] as const;
const KNOWN = new Set<string>([
  ...REQUIRED_STRINGS,
  ...OPTIONAL_STRINGS,
  "type",
  "enabled",
  "allowedClusters",
  "desiredLogs",
  "retentionDays",
]);

const isStringArray = (value: unknown): value is string[] =>
  Array.isArray(value) && value.every((entry) => typeof entry === "string");

/** One element of the array: every field checked, nothing unknown kept. */
function deliveryItem(value: unknown, where: string): TenantDeliveryItem {
  if (value === null || typeof value !== "object" || Array.isArray(value))
    throw new TenantShardError(`${where} is not an object`);
  const fields = value as Record<string, unknown>;
  const fail = (message: string): never => {
    throw new TenantShardError(`${where}: ${message}`);
  };
  for (const name of Object.keys(fields)) if (!KNOWN.has(name)) fail(`unknown field ${name}`);
  for (const name of REQUIRED_STRINGS) if (typeof fields[name] !== "string") fail(`${name} must be a string`);
  for (const name of OPTIONAL_STRINGS) {
    if (fields[name] !== undefined && typeof fields[name] !== "string") fail(`${name} must be a string`);
  }
  if (fields.type !== "cloudwatch" && fields.type !== "s3") fail("type must be cloudwatch or s3");
  if (typeof fields.enabled !== "boolean") fail("enabled must be a boolean");
  if (!isStringArray(fields.allowedClusters)) fail("allowedClusters must be an array of cluster ids");
  if (fields.desiredLogs !== undefined && !isStringArray(fields.desiredLogs))
    fail("desiredLogs must be an array of strings");
  const retention = fields.retentionDays;
  if (retention !== undefined && !(typeof retention === "number" && Number.isInteger(retention) && retention > 0)) {
    fail("retentionDays must be a positive integer");
  }
  return fields as unknown as TenantDeliveryItem;
}

/** The item written for shard `index` of `count`: its key and the JSON array of its delivery items. */
export function encodeTenantShard(count: number, index: number, items: readonly TenantDeliveryItem[]): ShardItem {
  return {
    tenantId: { S: tenantShardKey(count, index) },
    deliveryId: { S: TENANT_SHARD_SORT_KEY },
    [TENANT_SHARD_ATTRIBUTE]: { S: JSON.stringify(items) },
  };
}

/** Tenant id → its delivery items (sorted by deliveryId), of shard `index` of `count`. */
export function decodeTenantShard(item: ShardItem, count: number, index: number): Map<string, TenantDeliveryItem[]> {
  const key = tenantShardKey(count, index);
  const fail = (message: string): never => {
    throw new TenantShardError(`tenant shard ${key}: ${message}`);
  };
  if (item.tenantId?.S !== key || item.deliveryId?.S !== TENANT_SHARD_SORT_KEY)
    fail("the item's key is not the shard's");
  const text = item[TENANT_SHARD_ATTRIBUTE]?.S;
  if (text === undefined) return fail(`attribute ${TENANT_SHARD_ATTRIBUTE} (a string) is required`);
  let parsed: unknown;
  try {
    parsed = JSON.parse(text);
  } catch (error) {
    return fail(`${TENANT_SHARD_ATTRIBUTE} is not JSON: ${(error as Error).message}`);
  }
  if (!Array.isArray(parsed)) return fail(`${TENANT_SHARD_ATTRIBUTE} must be a JSON array`);
  const tenants = new Map<string, TenantDeliveryItem[]>();
  parsed.forEach((value, position) => {
    const delivery = deliveryItem(value, `tenant shard ${key}: ${TENANT_SHARD_ATTRIBUTE}[${position}]`);
    if (tenantShardIndex(delivery.tenantId, count) !== index)
      fail(`tenant ${delivery.tenantId} belongs to another shard`);
    const list = tenants.get(delivery.tenantId) ?? [];
    if (list.some((other) => other.deliveryId === delivery.deliveryId)) {
      fail(`delivery ${delivery.tenantId}/${delivery.deliveryId} is listed twice`);
    }
    tenants.set(delivery.tenantId, [...list, delivery]);
  });
  for (const list of tenants.values())
    list.sort((a, b) => (a.deliveryId < b.deliveryId ? -1 : a.deliveryId > b.deliveryId ? 1 : 0));
  return tenants;
}
