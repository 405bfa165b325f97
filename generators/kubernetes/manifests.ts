/** Every Kubernetes object of a cluster's agent, in apply order, and the file each is written to. */
import type { ResolvedCluster, ResolvedInventory } from "../../inventory/resolved";
import { buildVectorConfig } from "../vector/config";
import type { KubeObject } from "../types";
import { buildConfigMap, configChecksum, renderVectorYaml } from "./config-map";
import { buildDaemonSet } from "./daemon-set";
import { buildNamespace } from "./namespace";
import { buildClusterRole, buildClusterRoleBinding, buildServiceAccount } from "./rbac";
import { buildSecurityContextConstraints } from "./scc";
import { buildNetworkPolicy } from "./network-policy";
import { buildPodMonitor } from "./pod-monitor";
import { buildMetricsService } from "./service";

/**
 * The objects the cluster stack deploys (kubernetes_manifest) and `loghop
 * generate` writes: one list, so the two can never disagree. Order: namespace
 * and cluster-wide objects first, the DaemonSet last (after its config).
 */
export function buildClusterManifests(inv: ResolvedInventory, cluster: ResolvedCluster): KubeObject[] {
  const vectorYaml = renderVectorYaml(buildVectorConfig(inv, cluster));
  return [
    buildNamespace(cluster),
    buildServiceAccount(inv, cluster),
    buildClusterRole(cluster),
    buildClusterRoleBinding(cluster),
    ...(cluster.platform === "openshift" ? [buildSecurityContextConstraints(cluster)] : []),
    buildConfigMap(cluster, vectorYaml),
    buildMetricsService(cluster),
    buildNetworkPolicy(cluster),
    buildDaemonSet(inv, cluster, configChecksum(vectorYaml)),
    // Only when asked for: its kind exists only where the Prometheus Operator's CRDs are installed.
    ...(cluster.vector.podMonitor === undefined ? [] : [buildPodMonitor(cluster, cluster.vector.podMonitor)]),
  ];
}

/** `ClusterRoleBinding` → `cluster-role-binding.yaml`; names are unique per kind within a cluster. */
export function manifestFileName(object: KubeObject): string {
  const kebab = object.kind.replace(/([a-z0-9])([A-Z])/g, "$1-$2").toLowerCase();
  return `${kebab}.yaml`;
}
