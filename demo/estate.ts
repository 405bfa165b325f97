/** The fake estate the demo runs on each cluster: its tenants, one foreign tenant and an unattributed pod. */
import { DEFAULT_TENANT_LABEL_KEY, type FakeLogOptions } from "../generators/fake-logs";
import type { ResolvedCluster, ResolvedInventory } from "../inventory/resolved";

/** Claimed by pods when every inventory tenant may ride on the cluster: no tenant has this id. */
export const FOREIGN_TENANT = "mallory";

/** A tenant the cluster may not carry: another inventory tenant if there is one, else FOREIGN_TENANT. */
export function foreignTenant(inv: ResolvedInventory, cluster: ResolvedCluster): string {
  return inv.tenants.map((t) => t.id).find((id) => !cluster.tenants.includes(id)) ?? FOREIGN_TENANT;
}

export interface DemoEstateOptions {
  readonly seed: number;
  readonly nowMs: number;
  /** Lines per cluster. */
  readonly lines: number;
}

/**
 * The cluster's tenants plus one foreign tenant, three applications with one
 * pod each, and one pod without a tenant label; lines over the five minutes
 * before now. The tenant label key is the cluster's own when its rule reads a
 * label.
 */
export function demoLogOptions(
  inv: ResolvedInventory,
  cluster: ResolvedCluster,
  options: DemoEstateOptions,
): FakeLogOptions {
  const source = cluster.tenantSource;
  const durationSeconds = 300;
  return {
    seed: options.seed,
    nowMs: options.nowMs,
    estate: {
      tenants: [...cluster.tenants, foreignTenant(inv, cluster)],
      podsPerApplication: 1,
      unattributedPods: 1,
      tenantLabelKey: source.from === "namespace" ? DEFAULT_TENANT_LABEL_KEY : source.key,
    },
    lines: options.lines,
    linesPerSecond: options.lines / durationSeconds,
    durationSeconds,
  };
}
