/** Names and labels every agent object shares. */
import { serviceAccountSubject } from "../../inventory/names";
import type { ResolvedCluster } from "../../inventory/resolved";
import { COMMON_LABEL_KEYS, SELECTOR_LABEL_KEYS } from "../../inventory/agent-pod";
import { AGENT_NAME } from "../constants";

/** The immutable DaemonSet selector: only labels that never change. */
export function selectorLabels(): Record<string, string> {
  return { [SELECTOR_LABEL_KEYS.name]: AGENT_NAME, [SELECTOR_LABEL_KEYS.instance]: "loghop" };
}

/** Recommended labels on every object, so `kubectl get -l app.kubernetes.io/part-of=loghop` finds them all. */
export function commonLabels(cluster: ResolvedCluster): Record<string, string> {
  return {
    ...selectorLabels(),
    [COMMON_LABEL_KEYS.component]: "agent",
    [COMMON_LABEL_KEYS.partOf]: "loghop",
    [COMMON_LABEL_KEYS.managedBy]: "loghop",
    [COMMON_LABEL_KEYS.cluster]: cluster.id,
  };
}

/**
 * Name of cluster-scoped objects (ClusterRole, binding, SCC). It carries the
 * namespace so two installs in different namespaces never share one.
 */
export function clusterScopedName(cluster: ResolvedCluster): string {
  return `${cluster.vector.namespace}-${AGENT_NAME}`;
}

/** `system:serviceaccount:<ns>:<sa>`, the user name Kubernetes gives the agent's service account. */
export function serviceAccountUser(cluster: ResolvedCluster): string {
  return serviceAccountSubject(cluster.vector.namespace, cluster.vector.serviceAccount);
}
