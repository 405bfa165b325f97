/** The agent's identity: its ServiceAccount (IRSA role) and read-only access to pod metadata. */
import { vectorRoleArn } from "../../inventory/names";
import type { ResolvedCluster, ResolvedInventory } from "../../inventory/resolved";
import type { KubeObject } from "../types";
import { clusterScopedName, commonLabels } from "./labels";

/** The IRSA role the agent's pods assume (created by the cluster stack). */
export function agentRoleArn(inv: ResolvedInventory, cluster: ResolvedCluster): string {
  return vectorRoleArn(inv.prefix, cluster.accountId, cluster.id);
}

export function buildServiceAccount(inv: ResolvedInventory, cluster: ResolvedCluster): KubeObject {
  return {
    apiVersion: "v1",
    kind: "ServiceAccount",
    metadata: {
      name: cluster.vector.serviceAccount,
      namespace: cluster.vector.namespace,
      labels: commonLabels(cluster),
      annotations: {
        // Read by the EKS pod identity webhook where it runs (EKS, ROSA with
        // STS). The DaemonSet sets the same credentials itself, so the agent
        // works without the webhook too.
        "eks.amazonaws.com/role-arn": agentRoleArn(inv, cluster),
        "eks.amazonaws.com/sts-regional-endpoints": "true",
      },
    },
  };
}

/** kubernetes_logs enriches events from these three kinds; it never writes. */
export function buildClusterRole(cluster: ResolvedCluster): KubeObject {
  return {
    apiVersion: "rbac.authorization.k8s.io/v1",
    kind: "ClusterRole",
    metadata: { name: clusterScopedName(cluster), labels: commonLabels(cluster) },
    rules: [{ apiGroups: [""], resources: ["namespaces", "nodes", "pods"], verbs: ["list", "watch"] }],
  };
}

export function buildClusterRoleBinding(cluster: ResolvedCluster): KubeObject {
  return {
    apiVersion: "rbac.authorization.k8s.io/v1",
    kind: "ClusterRoleBinding",
    metadata: { name: clusterScopedName(cluster), labels: commonLabels(cluster) },
    roleRef: { apiGroup: "rbac.authorization.k8s.io", kind: "ClusterRole", name: clusterScopedName(cluster) },
    subjects: [{ kind: "ServiceAccount", name: cluster.vector.serviceAccount, namespace: cluster.vector.namespace }],
  };
}
