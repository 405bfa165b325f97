/** Warnings: an inventory that is valid but probably not what was meant. */
import { DEFAULTS } from "../defaults";
import { pointer } from "../validate-pointer";
import type { InventoryRule } from "./types";

const tenantWithoutCluster: InventoryRule = {
  id: "loghop:inventory:tenant-without-cluster",
  description: "Warns about a tenant no cluster carries: none of its logs can arrive.",
  severity: "warning",
  reads: ["/tenants/*/id", "/clusters/*/tenants"],
  check: (inventory) => {
    const carried = new Set(inventory.clusters.flatMap((cluster) => cluster.tenants));
    return inventory.tenants.flatMap((tenant, t) =>
      carried.has(tenant.id)
        ? []
        : [
            {
              path: pointer("tenants", t),
              message: `no cluster carries tenant "${tenant.id}"; add it to the tenants of a cluster, or its logs never arrive`,
            },
          ],
    );
  },
};

const tenantWithoutDeliveries: InventoryRule = {
  id: "loghop:inventory:tenant-without-deliveries",
  description: "Warns about an enabled tenant whose deliveries are all disabled: its logs are staged and dropped.",
  severity: "warning",
  reads: ["/tenants/*/enabled", "/tenants/*/deliveries"],
  check: (inventory) =>
    inventory.tenants.flatMap((tenant, t) =>
      tenant.enabled === false || tenant.deliveries.some((delivery) => delivery.enabled !== false)
        ? []
        : [
            {
              path: pointer("tenants", t, "deliveries"),
              message: `every delivery of tenant "${tenant.id}" is disabled; its logs are staged but go nowhere`,
            },
          ],
    ),
};

/**
 * With `tenantSource.from = namespace` a tenant is a namespace; the agent skips its own
 * namespace unless `includeOwnNamespace`, so a tenant named like it would get no logs.
 */
const tenantIsAgentNamespace: InventoryRule = {
  id: "loghop:inventory:tenant-is-agent-namespace",
  description: "Warns when a namespace-derived tenant is the agent's own (skipped) namespace.",
  severity: "warning",
  reads: ["/clusters/*/tenantSource", "/clusters/*/tenants", "/clusters/*/vector"],
  check: (inventory) =>
    inventory.clusters.flatMap((cluster, c) => {
      const namespace = cluster.vector?.namespace ?? DEFAULTS.vector.namespace;
      const included = cluster.vector?.includeOwnNamespace ?? DEFAULTS.vector.includeOwnNamespace;
      if (cluster.tenantSource.from !== "namespace" || included) return [];
      return cluster.tenants.flatMap((tenant, i) =>
        tenant === namespace
          ? [
              {
                path: pointer("clusters", c, "tenants", i),
                message: `tenant "${tenant}" is the agent's own namespace, which the agent skips (vector.includeOwnNamespace is false); its logs are not collected`,
              },
            ]
          : [],
      );
    }),
};

export const coverageRules: readonly InventoryRule[] = [
  tenantWithoutCluster,
  tenantWithoutDeliveries,
  tenantIsAgentNamespace,
];
