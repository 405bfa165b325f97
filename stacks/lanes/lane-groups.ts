/**
 * Which lane stack (`lanes-<region>-<group>`) holds a cluster's lane: its access point on the staging
 * bucket and, in shapes with queues, its queue, DLQ, queue policy, subscription, event source
 * mapping, per-cluster alarms and processor worker role. Pure data (no
 * cdktf): the app, the Terraform Cloud plan and `loghop validate` all read it.
 *
 * Stability is the point. Moving a lane between stacks makes Terraform destroy its queue (with the
 * messages in it) in one state and create an empty one in the other. So a cluster's group is a
 * function of its own id only — the first hex digit of sha256(cluster id), one of 16 fixed buckets —
 * never of its position in the inventory or of how many other clusters there are: adding, removing
 * or reordering other clusters never moves an existing cluster's lane. Only non-empty groups get a
 * stack; a group that empties is removed as a whole (its state holds nothing any more).
 */
import { createHash } from "node:crypto";
import { stackNames } from "../../inventory/names";
import type { ResolvedCluster, ResolvedInventory } from "../../inventory/resolved";

/** Number of lane groups per region: 16, one per hex digit (sha256's first). Fixed: changing it moves lanes. */
export const LANE_GROUP_COUNT = 16;

/** The lane group of a cluster: `0`…`f`, from its id alone. */
export function laneGroup(clusterId: string): string {
  return createHash("sha256").update(clusterId, "utf8").digest("hex").slice(0, 1);
}

/** One lane stack: a region's clusters whose ids hash to one group, in inventory order. */
export interface LaneGroup {
  readonly region: string;
  readonly group: string;
  readonly stackName: string;
  readonly clusters: readonly ResolvedCluster[];
}

/**
 * The non-empty lane groups of a region, ordered by group digit. Every shape has them: each
 * cluster's access point lives in its lane stack, queues or not (inventory/processor-mode.ts).
 */
export function laneGroups(inventory: ResolvedInventory, region: string): LaneGroup[] {
  const byGroup = new Map<string, ResolvedCluster[]>();
  for (const cluster of inventory.clusters.filter((c) => c.region === region)) {
    const group = laneGroup(cluster.id);
    byGroup.set(group, [...(byGroup.get(group) ?? []), cluster]);
  }
  return [...byGroup.entries()]
    .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0))
    .map(([group, clusters]) => ({ region, group, stackName: stackNames.lanes(region, group), clusters }));
}

/** The lane stack of one cluster. */
export function clusterLaneStackName(cluster: Pick<ResolvedCluster, "id" | "region">): string {
  return stackNames.lanes(cluster.region, laneGroup(cluster.id));
}
