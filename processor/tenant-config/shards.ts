/**
 * The tenant table holds the tenant configuration as a few shard items, not one item per
 * delivery: a region stack then writes N Terraform resources whatever the number of tenants.
 * Shard `k` of `N` has the key (`loghop:shards:<N>:<k>`, `config`) and one attribute, the JSON
 * array of the TenantDeliveryItems of every tenant whose id hashes to `k`. The count is part of
 * the key, so a processor configured for N never reads a layout of another count.
 * Shared by the generator that writes the shards and the processor that reads them.
 */
import { createHash } from "node:crypto";

export const TENANT_SHARD_SORT_KEY = "config";
/** The attribute holding the shard's JSON array of delivery items. */
export const TENANT_SHARD_ATTRIBUTE = "deliveries";
/** A region stack's resource budget is 1,000; the shards must stay a small part of it. */
export const MAX_TENANT_SHARDS = 256;

/** Whether `count` is a shard count the layout can have: a power of two from 1 to MAX_TENANT_SHARDS. */
export function isTenantShardCount(count: number): boolean {
  return Number.isInteger(count) && count >= 1 && count <= MAX_TENANT_SHARDS && (count & (count - 1)) === 0;
}

/** The tenant's 32-bit hash: the first four bytes of sha256(tenant id). Stable across releases and machines. */
export function tenantHash(tenantId: string): number {
  return createHash("sha256").update(tenantId, "utf8").digest().readUInt32BE(0);
}

/**
 * Shard of a tenant in a layout of `count` shards. With a power-of-two count, doubling N splits
 * shard k into k and k + N: only tenants of a split shard move.
 */
export function tenantShardIndex(tenantId: string, count: number): number {
  return tenantHash(tenantId) % count;
}

/** Partition key value of shard `index` of `count`. */
export function tenantShardKey(count: number, index: number): string {
  return `loghop:shards:${count}:${index}`;
}
