/** A region stack and all its lane stacks in one app: what most region-side tests synthesize. */
import type { App } from "cdktf";
import { shardTenantItems, type TenantShardLayout } from "../../../generators/processor-config/tenant-shards";
import type { ResolvedInventory } from "../../../inventory/resolved";
import { laneGroups } from "../../../stacks/lanes/lane-groups";
import { LaneStack } from "../../../stacks/lanes/lane-stack";
import { RegionStack } from "../../../stacks/region/region-stack";

export interface RegionAppProps {
  readonly inventory: ResolvedInventory;
  readonly region: string;
  readonly processorBundleDir: string;
  /** Default: no tenant (one empty shard). */
  readonly tenantShards?: TenantShardLayout;
  /** Default: none. */
  readonly processorEnvironment?: Readonly<Record<string, string>>;
}

export function addRegionWithLanes(app: App, props: RegionAppProps): void {
  const { inventory, region } = props;
  new RegionStack(app, {
    inventory,
    region,
    processorBundleDir: props.processorBundleDir,
    tenantShards: props.tenantShards ?? shardTenantItems([]),
    processorEnvironment: props.processorEnvironment ?? {},
  });
  for (const group of laneGroups(inventory, region)) new LaneStack(app, { inventory, group });
}
