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

/**
 * Without `central.deployRoleArn`, the central and region stacks apply with the run role's own
 * credentials, and the bootstrap gives those run roles AdministratorAccess (scoping what those
 * stacks create would be a long list; see stacks/tfc-bootstrap/policies.ts). A warning, not an
 * error: it works, it is just more power in TFC's hands than needed.
 */
const cloudStackWithoutDeployRole: InventoryRule = {
  id: "loghop:inventory:cloud-stack-without-deploy-role",
  description: "Warns when TFC runs the central and region stacks without a deploy role (AdministratorAccess).",
  severity: "warning",
  reads: ["/central/backend", "/central/deployRoleArn"],
  check: (inventory) => {
    const { central } = inventory;
    if (central.backend?.type !== "cloud" || central.deployRoleArn !== undefined) return [];
    return [
      {
        path: pointer("central"),
        message:
          'no deployRoleArn while central.backend.type is "cloud": the run roles of the central and region-* ' +
          "workspaces get AdministratorAccess, because those stacks create IAM roles, keys, buckets, queues and " +
          "functions with the run role's own credentials; set central.deployRoleArn so they may only assume that role",
      },
    ];
  },
};

export const terraformCloudRules: readonly InventoryRule[] = [cloudClusterAgentPool, cloudStackWithoutDeployRole];
