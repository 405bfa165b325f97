/** A region stack's resources do not grow with tenants: the tenant configuration is N shard items. */
import { buildProcessorEnvironment } from "../../generators/processor-config/environment";
import { buildTenantShards } from "../../generators/processor-config/tenant-shards";
import type { ResolvedInventory } from "../../inventory/resolved";
import { RegionStack } from "../../stacks/region/region-stack";
import { scaledInventory } from "./support/inventories";
import { fakeProcessorBundle, synthApp } from "./support/synth";
import { writtenShards } from "./support/tenant-shards";

let bundle: ReturnType<typeof fakeProcessorBundle>;
beforeAll(() => {
  bundle = fakeProcessorBundle();
});
afterAll(() => bundle.cleanup());

const REGION = "eu-west-1";

/** Resources of the region stack by type, and its shard items decoded. */
function regionStack(inventory: ResolvedInventory) {
  const synth = synthApp(
    (app) =>
      new RegionStack(app, {
        inventory,
        region: REGION,
        processorBundleDir: bundle.dir,
        tenantShards: buildTenantShards(inventory),
        processorEnvironment: buildProcessorEnvironment(inventory, REGION),
      }),
  );
  try {
    const resources = synth.stack(`region-${REGION}`).resource ?? {};
    const counts = Object.fromEntries(
      Object.entries(resources).map(([type, byId]) => [type, Object.keys(byId).length]),
    );
    return { counts, shards: writtenShards(synth, `region-${REGION}`) };
  } finally {
    synth.cleanup();
  }
}

test("1,000 tenants are 2 tenant table items, and every other resource count is the 10-tenant estate's", () => {
  const spec = { clusters: 10, regions: 2 };
  const small = regionStack(scaledInventory({ ...spec, tenants: 10 }));
  const large = scaledInventory({ ...spec, tenants: 1_000 });
  const big = regionStack(large);

  expect(small.counts["aws_dynamodb_table_item"]).toBe(1);
  expect(big.counts["aws_dynamodb_table_item"]).toBe(buildTenantShards(large).count);
  expect(big.counts["aws_dynamodb_table_item"]).toBe(2);
  expect(Object.keys(big.shards.items).sort()).toStrictEqual(["loghop:shards:2:0", "loghop:shards:2:1"]);
  expect(big.shards.deliveries).toHaveLength(large.tenants.reduce((sum, t) => sum + t.deliveries.length, 0));
  const { aws_dynamodb_table_item: _small, ...smallRest } = small.counts;
  const { aws_dynamodb_table_item: _big, ...bigRest } = big.counts;
  expect(bigRest).toStrictEqual(smallRest);
  const total = Object.values(big.counts).reduce((sum, n) => sum + n, 0);
  expect(total).toBeLessThan(100);
});
