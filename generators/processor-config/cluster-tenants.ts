/** Which tenants each cluster may stage objects for: the processor rejects any other `<cluster>/<tenant>/` key. */
import type { ResolvedInventory } from "../../inventory/resolved";
import { compareText } from "../sort";

/** Cluster id → sorted tenant ids, keys sorted. Only clusters shipping to `region` when one is given. */
export function buildClusterTenantMap(inv: ResolvedInventory, region?: string): Record<string, string[]> {
  const clusters = inv.clusters
    .filter((cluster) => region === undefined || cluster.region === region)
    .map((cluster) => [cluster.id, [...cluster.tenants].sort()] as const)
    .sort(([a], [b]) => compareText(a, b));
  return Object.fromEntries(clusters);
}
