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
import { COMMON_LABEL_KEYS } from "../../inventory/agent-pod";
import { buildProcessorWorkerManifests, WORKER_COMPONENT } from "./processor-worker";

/**
 * The objects the cluster stack deploys (kubernetes_manifest) and `loghop
 * generate` writes: one list, so the two can never disagree. Order: namespace
 * and cluster-wide objects first, the DaemonSet last (after its config), then
 * the processor worker's objects when the cluster runs one.
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
    ...buildProcessorWorkerManifests(inv, cluster),
  ];
}

/**
 * `ClusterRoleBinding` → `cluster-role-binding.yaml`; the agent's names are unique per kind
 * within a cluster. The worker's objects go to `processor/`, a lane's Deployment and budget
 * suffixed with the lane (`processor/deployment-<lane>.yaml`).
 */
export function manifestFileName(object: KubeObject): string {
  const kebab = object.kind.replace(/([a-z0-9])([A-Z])/g, "$1-$2").toLowerCase();
  if (object.metadata.labels?.[COMMON_LABEL_KEYS.component] !== WORKER_COMPONENT) return `${kebab}.yaml`;
  const lane = object.metadata.labels?.["loghop.io/lane"];
  return `processor/${kebab}${lane === undefined ? "" : `-${lane}`}.yaml`;
}
