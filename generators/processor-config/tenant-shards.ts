/**
 * The tenant table's shard items (processor/tenant-config/shards): what every region stack
 * writes, what `loghop validate` measures and what the emulator seeds. Pure, no cdktf.
 *
 * The count N is the smallest power of two for which every shard item is at most
 * TENANT_SHARD_TARGET_BYTES, so it depends on the configuration's size, not on anything else,
 * and the same inventory always gives the same items.
 */
import type { ResolvedInventory } from "../../inventory/resolved";
import { encodeTenantShard, type ShardItem } from "../../processor/tenant-config/shard-codec";
import { MAX_TENANT_SHARDS, tenantHash } from "../../processor/tenant-config/shards";
import type { TenantDeliveryItem } from "../../processor/tenant-config/types";
import { buildTenantDeliveryItems } from "./tenant-items";

/**
 * Sizing target of one shard item: DynamoDB refuses items over 400 KB; 300 KB leaves room for a
 * shard to grow between two layouts and keeps one read cheap (eventually consistent: 38 RCUs).
 */
export const TENANT_SHARD_TARGET_BYTES = 300 * 1024;

export interface TenantShard {
  readonly index: number;
  /** Tenant ids in the shard, sorted. */
  readonly tenants: readonly string[];
  /** The DynamoDB item (attribute-value form), as written. */
  readonly item: ShardItem;
  /** Its size as DynamoDB counts it: UTF-8 bytes of every attribute name and string value. */
  readonly bytes: number;
}

export interface TenantShardLayout {
  /** N: a power of two, at least 1. */
  readonly count: number;
  readonly shards: readonly TenantShard[];
}

/** DynamoDB's item size of an item of string attributes (the only kind a shard item has). */
export function dynamodbItemBytes(item: ShardItem): number {
  return Object.entries(item).reduce(
    (sum, [name, value]) => sum + Buffer.byteLength(name) + Buffer.byteLength(value.S ?? ""),
    0,
  );
}

/** The bytes of each shard's JSON array if the layout had `count` shards. */
function arrayBytes(hashes: readonly number[], itemBytes: readonly number[], count: number): number[] {
  const bytes = new Array<number>(count).fill(2);
  const listed = new Array<number>(count).fill(0);
  hashes.forEach((hash, i) => {
    const shard = hash % count;
    bytes[shard]! += itemBytes[i]! + (listed[shard]! > 0 ? 1 : 0);
    listed[shard]! += 1;
  });
  return bytes;
}

/**
 * Shards `items` (sorted by tenant, delivery: buildTenantDeliveryItems). N doubles while a shard
 * of more than one tenant is over the target, up to MAX_TENANT_SHARDS; a single tenant over the
 * target cannot be split, and `loghop validate` reports it if it is over DynamoDB's limit.
 */
export function shardTenantItems(
  items: readonly TenantDeliveryItem[],
  targetBytes: number = TENANT_SHARD_TARGET_BYTES,
): TenantShardLayout {
  const hashOf = new Map<string, number>();
  const hashes = items.map((item) => {
    const known = hashOf.get(item.tenantId);
    if (known !== undefined) return known;
    const hash = tenantHash(item.tenantId);
    hashOf.set(item.tenantId, hash);
    return hash;
  });
  const itemBytes = items.map((item) => Buffer.byteLength(JSON.stringify(item)));
  // Key and attribute names: the longest key at the largest count bounds them.
  const overhead = dynamodbItemBytes(encodeTenantShard(MAX_TENANT_SHARDS, MAX_TENANT_SHARDS - 1, [])) - 2;
  const tenantHashes = [...hashOf.values()];
  const splittable = (count: number): boolean => {
    const sizes = arrayBytes(hashes, itemBytes, count);
    const tenants = new Array<number>(count).fill(0);
    for (const hash of tenantHashes) tenants[hash % count]! += 1;
    return sizes.some((size, shard) => size + overhead > targetBytes && tenants[shard]! > 1);
  };
  let count = 1;
  while (count < MAX_TENANT_SHARDS && splittable(count)) count *= 2;
  const members = Array.from({ length: count }, (): TenantDeliveryItem[] => []);
  items.forEach((item, i) => members[hashes[i]! % count]!.push(item));
  const shards = members.map((list, index): TenantShard => {
    const item = encodeTenantShard(count, index, list);
    return { index, tenants: [...new Set(list.map((d) => d.tenantId))], item, bytes: dynamodbItemBytes(item) };
  });
  return { count, shards };
}

const layouts = new WeakMap<ResolvedInventory, TenantShardLayout>();

/** The inventory's layout, built once per inventory (the stacks and every region's environment read it). */
export function buildTenantShards(inv: ResolvedInventory): TenantShardLayout {
  let layout = layouts.get(inv);
  if (layout === undefined) {
    layout = shardTenantItems(buildTenantDeliveryItems(inv));
    layouts.set(inv, layout);
  }
  return layout;
}
