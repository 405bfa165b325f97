/**
 * Rules on how a cluster attributes a pod to a tenant: no mode may let a workload owner
 * choose another tenant of the cluster. On a single-tenant cluster nobody can (the agent
 * refuses every other tenant), so these rules look only at clusters carrying several.
 */
import { pointer } from "../validate-pointer";
import type { Cluster } from "../types";
import type { InventoryRule } from "./types";

/** The cluster's tenants when it carries more than one, quoted for a message; undefined otherwise. */
function sharedTenants(cluster: Cluster): string | undefined {
  const tenants = [...new Set(cluster.tenants)].sort();
  return tenants.length > 1 ? tenants.join(", ") : undefined;
}

/**
 * Every workload owner sets their own pods' labels: a pod label alone names whichever tenant
 * the pod's author likes. With `namespaceKey` the generated VRL drops a line whose pod label
 * differs from the namespace's label, so the label can only opt a pod in.
 */
const podLabelTenantUnproven: InventoryRule = {
  id: "loghop:inventory:pod-label-tenant-unproven",
  description: "A podLabel tenant on a cluster carrying several tenants must be proven by a namespace label.",
  severity: "error",
  reads: ["/clusters/*/tenantSource", "/clusters/*/tenants"],
  check: (inventory) =>
    inventory.clusters.flatMap((cluster, c) => {
      const source = cluster.tenantSource;
      const tenants = sharedTenants(cluster);
      if (source.from !== "podLabel" || source.namespaceKey !== undefined || tenants === undefined) return [];
      return [
        {
          path: pointer("clusters", c, "tenantSource"),
          message:
            `a pod label alone lets anyone who can create a pod on cluster "${cluster.id}" send its lines to another of its tenants (${tenants}); ` +
            `add "namespaceKey": "<namespace label>" so the pod label must equal the namespace's, ` +
            `use {"from": "namespaceLabel", "key": "${source.key}"}, or let this cluster carry one tenant`,
        },
      ];
    }),
};

/**
 * OpenShift grants every authenticated user the `self-provisioner` role by default: anyone may
 * request a project under any free name, including another tenant's id. A project requester
 * cannot set or change namespace labels, so a namespace label is the proof to use there.
 */
const namespaceTenantSelfProvisioned: InventoryRule = {
  id: "loghop:inventory:namespace-tenant-self-provisioned",
  description: "An OpenShift cluster carrying several tenants does not take the tenant from the namespace name.",
  severity: "error",
  reads: ["/clusters/*/tenantSource", "/clusters/*/tenants", "/clusters/*/platform"],
  check: (inventory) =>
    inventory.clusters.flatMap((cluster, c) => {
      const tenants = sharedTenants(cluster);
      if (cluster.platform !== "openshift" || cluster.tenantSource.from !== "namespace" || tenants === undefined) {
        return [];
      }
      return [
        {
          path: pointer("clusters", c, "tenantSource", "from"),
          message:
            `on OpenShift any authenticated user may create a project under any free name (the default self-provisioner role), ` +
            `so a user of cluster "${cluster.id}" could create a namespace named after another of its tenants (${tenants}); ` +
            `use {"from": "namespaceLabel", "key": "loghop.io/tenant"} (project requesters cannot set namespace labels) or let this cluster carry one tenant`,
        },
      ];
    }),
};

export const tenantAttributionRules: readonly InventoryRule[] = [
  podLabelTenantUnproven,
  namespaceTenantSelfProvisioned,
];
