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
  /** The tenant with the most configuration in the shard, and its bytes (undefined when empty). */
  readonly largestTenant: { readonly id: string; readonly bytes: number } | undefined;
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

/**
 * Shards `items` (sorted by tenant, delivery: buildTenantDeliveryItems). N doubles while a shard
 * of several tenants is over the target, up to MAX_TENANT_SHARDS. Tenant bytes count the comma
 * after each item (the array's last item has none). `loghop validate` names a tenant over the target whose shard is over DynamoDB's limit.
 */
export function shardTenantItems(
  items: readonly TenantDeliveryItem[],
  targetBytes: number = TENANT_SHARD_TARGET_BYTES,
): TenantShardLayout {
  const tenants = new Map<string, { readonly hash: number; bytes: number }>();
  const hashes = items.map((item) => {
    const bytes = Buffer.byteLength(JSON.stringify(item)) + 1;
    const known = tenants.get(item.tenantId);
    if (known !== undefined) {
      known.bytes += bytes;
      return known.hash;
    }
    const hash = tenantHash(item.tenantId);
    tenants.set(item.tenantId, { hash, bytes });
    return hash;
  });
  // Key and attribute names; the last shard's key is the longest of its count.
  const overhead = (count: number): number => dynamodbItemBytes(encodeTenantShard(count, count - 1, [])) - 2;
  // A tenant over the target on its own never triggers a split (no count makes it fit): the rest
  // of its shard is sized as if it were not there.
  const splittable = (count: number): boolean => {
    const light = new Array<number>(count).fill(2 + overhead(count));
    const members = new Array<number>(count).fill(0);
    for (const { hash, bytes } of tenants.values()) {
      if (bytes > targetBytes) continue;
      light[hash % count]! += bytes;
      members[hash % count]! += 1;
    }
    // Minus the comma the last item does not have: the exact size of the light tenants' item.
    return light.some((size, shard) => size - 1 > targetBytes && members[shard]! > 1);
  };
  let count = 1;
  while (count < MAX_TENANT_SHARDS && splittable(count)) count *= 2;
  const members = Array.from({ length: count }, (): TenantDeliveryItem[] => []);
  items.forEach((item, i) => members[hashes[i]! % count]!.push(item));
  const shards = members.map((list, index): TenantShard => {
    const item = encodeTenantShard(count, index, list);
    const ids = [...new Set(list.map((d) => d.tenantId))];
    const largestTenant = ids
      .map((id) => ({ id, bytes: tenants.get(id)!.bytes }))
      .reduce<TenantShard["largestTenant"]>(
        (max, next) => (max === undefined || next.bytes > max.bytes ? next : max),
        undefined,
      );
    return { index, tenants: ids, item, bytes: dynamodbItemBytes(item), largestTenant };
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
