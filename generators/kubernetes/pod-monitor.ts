/**
 * The optional Prometheus Operator PodMonitor of the agent. kubernetes-models publishes no
 * monitoring.coreos.com types, so the object's shape is declared here, closed, from the
 * operator's CRD (monitoring.coreos.com/v1 PodMonitor): the manifest tests check the
 * generated object against it field by field.
 */
import type { ResolvedCluster, ResolvedPodMonitor } from "../../inventory/resolved";
import { AGENT_NAME, METRICS_PORT_NAME } from "../constants";
import { sortedRecord } from "../sort";
import type { KubeObject } from "../types";
import { commonLabels, selectorLabels } from "./labels";

/** The subset of the PodMonitor CRD loghop writes; every field is the CRD's own. */
export interface PodMonitor {
  apiVersion: "monitoring.coreos.com/v1";
  kind: "PodMonitor";
  metadata: { name: string; namespace: string; labels: Record<string, string> };
  spec: {
    /** Pods to scrape (required by the CRD). */
    selector: { matchLabels: Record<string, string> };
    namespaceSelector: { matchNames: string[] };
    podMetricsEndpoints: {
      port: string;
      path: string;
      scheme: "http";
      /** Prometheus durations, e.g. `30s`. */
      interval?: string;
      scrapeTimeout?: string;
    }[];
  };
}

function durationFields(monitor: ResolvedPodMonitor): { interval?: string; scrapeTimeout?: string } {
  return {
    ...(monitor.intervalSeconds === undefined ? {} : { interval: `${monitor.intervalSeconds}s` }),
    ...(monitor.scrapeTimeoutSeconds === undefined ? {} : { scrapeTimeout: `${monitor.scrapeTimeoutSeconds}s` }),
  };
}

/**
 * Scrapes the exporter port of the agent's own pods, in its own namespace only. The
 * NetworkPolicy admits scrapes from `monitoringNamespace` alone: the Prometheus that selects
 * this monitor must run there.
 */
export function buildPodMonitor(cluster: ResolvedCluster, monitor: ResolvedPodMonitor): PodMonitor & KubeObject {
  const namespace = cluster.vector.namespace;
  return {
    apiVersion: "monitoring.coreos.com/v1",
    kind: "PodMonitor",
    // The user's labels first, loghop's last: a bypassed rule still cannot relabel the object.
    metadata: { name: AGENT_NAME, namespace, labels: { ...sortedRecord(monitor.labels), ...commonLabels(cluster) } },
    spec: {
      selector: { matchLabels: selectorLabels() },
      namespaceSelector: { matchNames: [namespace] },
      podMetricsEndpoints: [{ port: METRICS_PORT_NAME, path: "/metrics", scheme: "http", ...durationFields(monitor) }],
    },
  };
}
