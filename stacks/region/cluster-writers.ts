/** The clusters that stage objects into one region's bucket, and the IRSA role each writes with. */
import { accountRootArn, stagedObjectPrefix, vectorRoleArn } from "../../inventory/names";
import type { ResolvedInventory } from "../../inventory/resolved";

export interface ClusterWriter {
  readonly clusterId: string;
  readonly accountId: string;
  /** The cluster's Vector IRSA role: the only principal allowed to write its prefix. */
  readonly roleArn: string;
  /** Key prefix the cluster owns in the staging bucket (`<cluster-id>/`). */
  readonly keyPrefix: string;
}

export function clusterWriters(inventory: ResolvedInventory, region: string): ClusterWriter[] {
  return inventory.clusters
    .filter((cluster) => cluster.region === region)
    .map((cluster) => ({
      clusterId: cluster.id,
      accountId: cluster.accountId,
      roleArn: vectorRoleArn(inventory.prefix, cluster.accountId, cluster.id),
      keyPrefix: stagedObjectPrefix(cluster.id),
    }));
}

/** Account roots of the writers, sorted and unique: the Principal of cross-account grants. */
export function writerAccountRoots(writers: readonly ClusterWriter[]): string[] {
  return [...new Set(writers.map((writer) => accountRootArn(writer.accountId)))].sort();
}
