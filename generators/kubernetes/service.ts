/** A headless Service naming the agent's metrics port. */
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
