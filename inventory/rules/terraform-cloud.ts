/** Rules that only apply when the stacks run in Terraform Cloud (`central.backend.type = "cloud"`). */
import { pointer } from "../validate-pointer";
import type { InventoryRule } from "./types";

/**
 * A cluster stack's Kubernetes provider reads `kube.configPath` + `kube.context` on the machine
 * that plans (stacks/cluster/cluster-stack.ts). TFC's hosted runners have no kubeconfig and no
 * route to a private API server, so a cluster workspace on them fails every plan: it has to run
 * on an agent pool whose agents hold the cluster's kubeconfig.
 */
const cloudClusterAgentPool: InventoryRule = {
  id: "loghop:inventory:cloud-cluster-agent-pool",
  description: "With the cloud backend, every cluster has an agent pool in central.backend.clusterAgentPools.",
  severity: "error",
  reads: ["/central/backend", "/clusters/*/id", "/clusters/*/kube"],
  check: (inventory) => {
    const backend = inventory.central.backend;
    if (backend?.type !== "cloud") return [];
    const pools = backend.clusterAgentPools ?? {};
    return inventory.clusters.flatMap((cluster, c) =>
      Object.hasOwn(pools, cluster.id)
        ? []
        : [
            {
              path: pointer("clusters", c),
              message:
                `cluster "${cluster.id}" has no TFC agent pool; add "${cluster.id}": "apool-…" to ` +
                `central.backend.clusterAgentPools: TFC's hosted runners have no kubeconfig for ` +
                `kube.context "${cluster.kube.context}", so the workspace of cluster-${cluster.id} could never plan`,
            },
          ],
    );
  },
};

export const terraformCloudRules: readonly InventoryRule[] = [cloudClusterAgentPool];
