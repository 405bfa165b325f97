/** Network objects: a headless Service naming the metrics port, and the NetworkPolicy guarding the pods. */
import type { ResolvedCluster } from "../../inventory/resolved";
import { AGENT_NAME, METRICS_PORT, METRICS_PORT_NAME } from "../constants";
import type { KubeObject } from "../types";
import { commonLabels, selectorLabels } from "./labels";

/** Headless: scrapers (a ServiceMonitor, or Prometheus' endpoints discovery) reach every agent pod. */
export function buildMetricsService(cluster: ResolvedCluster): KubeObject {
  return {
    apiVersion: "v1",
    kind: "Service",
    metadata: { name: `${AGENT_NAME}-metrics`, namespace: cluster.vector.namespace, labels: commonLabels(cluster) },
    spec: {
      clusterIP: "None",
      selector: selectorLabels(),
      ports: [{ name: METRICS_PORT_NAME, port: METRICS_PORT, targetPort: METRICS_PORT_NAME, protocol: "TCP" }],
    },
  };
}

/**
 * Other pods may reach the metrics port only. Vector's API has no
 * authentication; it stays reachable from the node (kubelet probes), which
 * NetworkPolicy always allows. Egress is left open: the agent talks to the
 * API server, STS and S3, whose addresses vary.
 */
export function buildNetworkPolicy(cluster: ResolvedCluster): KubeObject {
  return {
    apiVersion: "networking.k8s.io/v1",
    kind: "NetworkPolicy",
    metadata: { name: AGENT_NAME, namespace: cluster.vector.namespace, labels: commonLabels(cluster) },
    spec: {
      podSelector: { matchLabels: selectorLabels() },
      policyTypes: ["Ingress"],
      ingress: [{ ports: [{ port: METRICS_PORT, protocol: "TCP" }] }],
    },
  };
}
