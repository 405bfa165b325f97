/** The VRL programs of a cluster's agent, rendered from Handlebars templates. */
import type { ResolvedCluster } from "../../inventory/resolved";
import {
  HEARTBEAT_APPLICATION,
  HEARTBEAT_INTERVAL_SECONDS,
  HEARTBEAT_KEY_SEGMENT,
  heartbeatKeyPrefix,
} from "../../inventory/heartbeat";
import type { TenantSource } from "../../inventory/types";
import { GENERATED_NOTICE, KEY_SEGMENT_MAX, MISSING_TENANT, OTHER_TENANT, UNKNOWN_VALUE } from "../constants";
import { renderVrlTemplate, vrlString } from "./templates";

/**
 * Fields of a JSON message that may hold its time, in order of precedence (the first that
 * parses wins). The last two are the Kubernetes audit event's (audit.k8s.io/v1 Event).
 */
export const JSON_TIME_FIELDS = ["timestamp", "time", "ts", "@timestamp", "stageTimestamp", "requestReceivedTimestamp"];

/** logfmt keys that may hold a line's time (`time="…"` from logrus, `ts=…` from go-kit), same order. */
export const LOGFMT_TIME_KEYS = ["timestamp", "time", "ts"];

function namespaceLabelPath(key: string | undefined): string | undefined {
  return key === undefined ? undefined : `.kubernetes.namespace_labels.${vrlString(key)}`;
}

/** VRL path of the raw tenant value for a cluster's rule (kubernetes_logs' legacy field layout). */
export function tenantPath(source: TenantSource): string {
  switch (source.from) {
    case "namespace":
      return ".kubernetes.pod_namespace";
    case "namespaceLabel":
      return namespaceLabelPath(source.key)!;
    case "podLabel":
      return `.kubernetes.pod_labels.${vrlString(source.key)}`;
  }
}

function describeRule(source: TenantSource): string {
  return source.from === "namespace" ? "the namespace name" : `${source.from} ${source.key}`;
}

/** The namespace label a pod label must repeat (podLabel with namespaceKey); undefined = none. */
function proofKey(source: TenantSource): string | undefined {
  return source.from === "podLabel" ? source.namespaceKey : undefined;
}

function templateContext(cluster: ResolvedCluster): object {
  return {
    notice: GENERATED_NOTICE,
    clusterId: cluster.id,
    tenantRule: describeRule(cluster.tenantSource),
    tenantPath: tenantPath(cluster.tenantSource),
    proofKey: proofKey(cluster.tenantSource) ?? false,
    proofPath: namespaceLabelPath(proofKey(cluster.tenantSource)) ?? false,
    // Sorted: the allow-list's order means nothing, and sorting keeps the output stable.
    allowedTenants: [...cluster.tenants].sort(),
    missingTenant: MISSING_TENANT,
    otherTenant: OTHER_TENANT,
    unknownValue: UNKNOWN_VALUE,
    keySegmentMax: KEY_SEGMENT_MAX,
    jsonTimeFields: JSON_TIME_FIELDS,
    logfmtTimeKeys: LOGFMT_TIME_KEYS,
  };
}

/** Sets tenant_id, application, pod_name, cluster_id and timestamp; aborts for tenants the cluster may not carry. */
export function renderClassifyProgram(cluster: ResolvedCluster): string {
  return renderVrlTemplate("remap", templateContext(cluster));
}

/** Turns a refused event into `{reason, tenant_id}` for the dropped-events counter; tenant_id is bounded. */
export function renderDroppedProgram(cluster: ResolvedCluster): string {
  return renderVrlTemplate("dropped", templateContext(cluster));
}

/** Replaces a `demo_logs` tick with the heartbeat event: reserved tenant segment, application `agent`, the node as pod. */
export function renderHeartbeatProgram(cluster: ResolvedCluster): string {
  return renderVrlTemplate("heartbeat", {
    ...templateContext(cluster),
    intervalSeconds: HEARTBEAT_INTERVAL_SECONDS,
    heartbeatPrefix: heartbeatKeyPrefix(cluster.id),
    heartbeatSegment: HEARTBEAT_KEY_SEGMENT,
    heartbeatApplication: HEARTBEAT_APPLICATION,
  });
}
