/** The tenant table's shard layout: stable assignment, bounded count, every shard within its size. */
import { buildTenantDeliveryItems } from "../../generators/processor-config/tenant-items";
import {
  buildTenantShards,
  dynamodbItemBytes,
  shardTenantItems,
  TENANT_SHARD_TARGET_BYTES,
} from "../../generators/processor-config/tenant-shards";
import { AWS_LIMITS } from "../../inventory/aws-limits";
import type { ResolvedInventory } from "../../inventory/resolved";
import { decodeTenantShard } from "../../processor/tenant-config/shard-codec";
import { tenantHash, tenantShardIndex, tenantShardKey } from "../../processor/tenant-config/shards";
import type { TenantDeliveryItem } from "../../processor/tenant-config/types";
import { limitProblems } from "../../stacks/limits/predict-limits";
import { scaledInventory } from "../stacks/support/inventories";

/** Every delivery item of a layout, decoded as the processor decodes each shard. */
function decodedItems(layout: ReturnType<typeof shardTenantItems>): TenantDeliveryItem[] {
  return layout.shards.flatMap((shard) =>
    [...decodeTenantShard(shard.item, layout.count, shard.index).values()].flat(),
  );
}

describe("tenant → shard", () => {
  it("is the first four bytes of sha256(tenant id), modulo the count", () => {
    // sha256("globex") starts 5b c1 c2 8d; 0x5bc1c28d = 1,539,416,205.
    expect(tenantHash("globex")).toBe(1_539_416_205);
    expect([1, 2, 4, 8].map((count) => tenantShardIndex("globex", count))).toStrictEqual([0, 1, 1, 5]);
    expect(tenantShardKey(8, 5)).toBe("loghop:shards:8:5");
  });
});

describe("shardTenantItems at 10,000 tenants, 500 clusters", () => {
  const inventory = scaledInventory({ tenants: 10_000, clusters: 500, regions: 6 });
  const items = buildTenantDeliveryItems(inventory);
  const layout = buildTenantShards(inventory);

  it("needs 64 shard items, each within the 300 KB target and DynamoDB's 400 KB", () => {
    expect(items).toHaveLength(13_333);
    expect(layout.count).toBe(64);
    expect(layout.shards).toHaveLength(64);
    for (const shard of layout.shards) {
      expect(shard.bytes).toBe(dynamodbItemBytes(shard.item));
      expect(shard.bytes).toBeLessThanOrEqual(TENANT_SHARD_TARGET_BYTES);
      expect(shard.bytes).toBeLessThanOrEqual(AWS_LIMITS.dynamodbItemSize.max);
    }
    // Half as many shards would not do: 64 is the smallest power of two that fits.
    const halved = shardTenantItems(items, TENANT_SHARD_TARGET_BYTES);
    expect(halved.count).toBe(64);
    expect(shardTenantItems(items, 2 * TENANT_SHARD_TARGET_BYTES).count).toBe(32);
  });

  it("holds every delivery item exactly once, unchanged, each in its tenant's shard", () => {
    const decoded = decodedItems(layout).sort(
      (a, b) =>
        (a.tenantId < b.tenantId ? -1 : a.tenantId > b.tenantId ? 1 : 0) || (a.deliveryId < b.deliveryId ? -1 : 1),
    );
    // As text: a deep comparison of 13,333 objects costs jest seconds; key order is kept by the codec.
    expect(JSON.stringify(decoded)).toBe(JSON.stringify(items));
    for (const shard of layout.shards) {
      for (const tenant of shard.tenants) expect(tenantShardIndex(tenant, 64)).toBe(shard.index);
    }
  });

  it("is deterministic: the same inventory gives byte-identical items", () => {
    const again = shardTenantItems(
      buildTenantDeliveryItems(scaledInventory({ tenants: 10_000, clusters: 500, regions: 6 })),
    );
    expect(JSON.stringify(again)).toBe(JSON.stringify(layout));
  });
});

describe("a change of tenants", () => {
  const base = scaledInventory({ tenants: 1_000, clusters: 40, regions: 4 });
  const before = buildTenantShards(base);

  function withTenant(inventory: ResolvedInventory, id: string): ResolvedInventory {
    const template = inventory.tenants[0]!;
    return { ...inventory, tenants: [...inventory.tenants, { ...template, id }] };
  }

  it("changes only the added tenant's shard item while the count holds", () => {
    const after = buildTenantShards(withTenant(base, "hooli"));
    expect(after.count).toBe(before.count);
    expect(before.count).toBe(2);
    const changed = after.shards.filter(
      (shard, i) => JSON.stringify(shard.item) !== JSON.stringify(before.shards[i]!.item),
    );
    expect(changed.map((shard) => shard.index)).toStrictEqual([tenantShardIndex("hooli", 2)]);
    expect(changed[0]!.tenants).toContain("hooli");
  });

  it("doubles the count only when a shard of several tenants outgrows the target", () => {
    const items = buildTenantDeliveryItems(base);
    const largest = Math.max(...before.shards.map((shard) => shard.bytes));
    expect(shardTenantItems(items, largest).count).toBe(2);
    expect(shardTenantItems(items, largest - 1).count).toBe(4);
  });

  it("does not split for a tenant over the target on its own, and validate names that tenant", () => {
    const heavy = base.tenants.map((tenant, i) =>
      i === 7 ? { ...tenant, desiredLogs: Array.from({ length: 30_000 }, (_, n) => `application-${n}`) } : tenant,
    );
    const inventory = { ...base, tenants: heavy };
    const layout = buildTenantShards(inventory);
    expect(layout.count).toBe(before.count);
    const over = layout.shards.filter((shard) => shard.bytes > AWS_LIMITS.dynamodbItemSize.max);
    expect(over.map((shard) => shard.largestTenant?.id)).toStrictEqual(["tenant-0008"]);
    const problems = limitProblems(inventory).filter((p) => p.message.includes("shard"));
    expect(problems).toStrictEqual([
      {
        path: "/tenants/7",
        message: expect.stringMatching(
          new RegExp(
            `^the tenant table's shard ${over[0]!.index} of 2 \\(\\d+ tenants, tenant-0008's deliveries [\\d,]+ bytes\\) would be [\\d,]+ bytes; ` +
              `AWS allows at most 409,600 bytes \\(DynamoDB item size \\(400 KB\\), .*\\): list fewer applications, clusters or deliveries for tenant tenant-0008$`,
          ),
        ),
      },
    ]);
  });

  it("validate finds no shard over its limit at 10,000 tenants", () => {
    const problems = limitProblems(scaledInventory({ tenants: 10_000, clusters: 40, regions: 4 }));
    expect(problems.filter((p) => p.message.includes("shard"))).toStrictEqual([]);
  });
});
