/** The clusters that stage objects into one region's bucket: the IRSA role and access point each writes with. */
import {
  accessPointName,
  accountRootArn,
  clusterAccessPointArn,
  stagedObjectPrefix,
  vectorRoleArn,
} from "../../inventory/names";
import type { ResolvedCluster, ResolvedInventory } from "../../inventory/resolved";

export interface ClusterWriter {
  readonly clusterId: string;
  readonly accountId: string;
  /** The cluster's Vector IRSA role: the only principal allowed to write its prefix. */
  readonly roleArn: string;
  /** Key prefix the cluster owns in the staging bucket (`<cluster-id>/`). */
  readonly keyPrefix: string;
  /** The cluster's own access point on the bucket (central account): the only way in for its role. */
  readonly accessPointName: string;
  readonly accessPointArn: string;
}

/** One cluster's writer identity: its role, its prefix, its access point on its region's bucket. */
export function clusterWriter(inventory: ResolvedInventory, cluster: ResolvedCluster): ClusterWriter {
  return {
    clusterId: cluster.id,
    accountId: cluster.accountId,
    roleArn: vectorRoleArn(inventory.prefix, cluster.accountId, cluster.id),
    keyPrefix: stagedObjectPrefix(cluster.id),
    accessPointName: accessPointName(inventory.prefix, cluster.id),
    accessPointArn: clusterAccessPointArn(inventory.prefix, inventory.central.accountId, cluster),
  };
}

export function clusterWriters(inventory: ResolvedInventory, region: string): ClusterWriter[] {
  return inventory.clusters.filter((cluster) => cluster.region === region).map((c) => clusterWriter(inventory, c));
}

/** Account roots of the writers, sorted and unique: the Principal of cross-account grants. */
export function writerAccountRoots(writers: readonly ClusterWriter[]): string[] {
  return [...new Set(writers.map((writer) => accountRootArn(writer.accountId)))].sort();
}
