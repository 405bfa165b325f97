/**
 * A cluster's Vector agent configuration (Vector 0.57), as a plain object the
 * ConfigMap serializes to YAML. Every value is rendered literally: 0.57 no
 * longer interpolates environment variables in configs by default.
 */
import { clusterAccessPointArn } from "../../inventory/names";
import type { ResolvedCluster, ResolvedInventory } from "../../inventory/resolved";
import { API_PORT, DROPPED_EVENTS_METRIC, LOGHOP_METRICS_NAMESPACE, METRICS_PORT, VECTOR_DATA_DIR } from "../constants";
import { HEARTBEAT_INTERVAL_SECONDS } from "../../inventory/heartbeat";
import { renderClassifyProgram, renderDroppedProgram, renderHeartbeatProgram } from "./remap";

/** Component ids; the `.dropped` output name is Vector's. */
export const COMPONENTS = {
  logs: "kubernetes_logs",
  internalMetrics: "internal_metrics",
  heartbeatTick: "loghop_heartbeat_tick",
  heartbeat: "loghop_heartbeat",
  classify: "loghop_classify",
  droppedReason: "loghop_dropped_reason",
  droppedCount: "loghop_dropped_count",
  staging: "loghop_staging",
  prometheus: "prometheus_exporter",
} as const;

/**
 * The staged object key prefix. It starts with the literal cluster id, as 0.57
 * requires (and as the IRSA role's `<cluster-id>/*` confinement expects); the
 * rest are Vector templates that the classify program always fills.
 */
export function stagingKeyPrefix(clusterId: string): string {
  return `${clusterId}/{{ tenant_id }}/{{ application }}/{{ pod_name }}/`;
}

/** Pods the agent must not collect: its own namespace unless the inventory asks for it. */
function fieldSelector(cluster: ResolvedCluster): string | undefined {
  return cluster.vector.includeOwnNamespace ? undefined : `metadata.namespace!=${cluster.vector.namespace}`;
}

/** Optional keys are left out rather than written empty, so the YAML shows only what is set. */
function defined<T extends object>(entries: T): T {
  return Object.fromEntries(Object.entries(entries).filter(([, value]) => value !== undefined)) as T;
}

/** The pod label key the tenant needs, if any (a bare key selects "exists"). */
function tenantPodLabelKey(cluster: ResolvedCluster): string | undefined {
  const source = cluster.tenantSource;
  return source.from === "podLabel" ? source.key : undefined;
}

/** The namespace label key the tenant needs, if any: the tenant itself, or the proof of a pod label. */
function tenantNamespaceLabelKey(cluster: ResolvedCluster): string | undefined {
  const source = cluster.tenantSource;
  if (source.from === "namespaceLabel") return source.key;
  return source.from === "podLabel" ? source.namespaceKey : undefined;
}

function kubernetesLogsSource(cluster: ResolvedCluster): object {
  const v = cluster.vector;
  return defined({
    type: "kubernetes_logs",
    // self_node_name is left unset on purpose: the source then reads
    // VECTOR_SELF_NODE_NAME (set from spec.nodeName) itself, without the env
    // interpolation 0.57 turned off.
    extra_field_selector: fieldSelector(cluster),
    // A label-derived tenant needs the label: by default read only pods (or namespaces) that
    // carry the key at all, instead of reading kube-system & co. just to drop every line.
    extra_label_selector: v.podLabelSelector ?? tenantPodLabelKey(cluster),
    extra_namespace_label_selector: v.namespaceLabelSelector ?? tenantNamespaceLabelKey(cluster),
    // Longer lines are dropped by Vector (and counted in its own metrics);
    // the inventory default (256 KiB) is 8× Vector's.
    max_line_bytes: v.maxLineBytes,
    // Runtimes split lines over 16 KiB into partial lines: merge them back.
    auto_partial_merge: true,
    // Pod metadata from the watch cache instead of quorum reads: lighter on the API server.
    use_apiserver_cache: true,
    // A deleted pod's metadata stays this long for lines not read yet; after it, the pod's
    // remaining lines have no namespace or labels and are dropped as tenant-missing.
    delay_deletion_ms: v.delayDeletionSeconds * 1000,
  });
}

function classifyTransform(cluster: ResolvedCluster): object {
  return {
    type: "remap",
    inputs: [COMPONENTS.logs],
    source: renderClassifyProgram(cluster),
    // Aborted (and, should one ever happen, failed) events leave the main
    // output for `<id>.dropped`, where they are counted instead of vanishing.
    drop_on_abort: true,
    drop_on_error: true,
    reroute_dropped: true,
  };
}

function droppedReasonTransform(cluster: ResolvedCluster): object {
  return {
    type: "remap",
    inputs: [`${COMPONENTS.classify}.dropped`],
    source: renderDroppedProgram(cluster),
  };
}

function droppedCountTransform(cluster: ResolvedCluster): object {
  return {
    type: "log_to_metric",
    inputs: [COMPONENTS.droppedReason],
    metrics: [
      {
        type: "counter",
        field: "reason",
        namespace: LOGHOP_METRICS_NAMESPACE,
        name: DROPPED_EVENTS_METRIC,
        tags: { cluster_id: cluster.id, reason: "{{ reason }}", tenant_id: "{{ tenant_id }}" },
      },
    ],
  };
}

/**
 * One event every interval, on every node. `demo_logs` is Vector's long-standing source that
 * emits on a fixed interval; the heartbeat transform replaces its line entirely.
 */
function heartbeatTickSource(): object {
  return { type: "demo_logs", format: "shuffle", lines: ["heartbeat"], interval: HEARTBEAT_INTERVAL_SECONDS };
}

function heartbeatTransform(cluster: ResolvedCluster): object {
  return { type: "remap", inputs: [COMPONENTS.heartbeatTick], source: renderHeartbeatProgram(cluster) };
}

function stagingSink(inv: ResolvedInventory, cluster: ResolvedCluster): object {
  const v = cluster.vector;
  return {
    type: "aws_s3",
    // The heartbeat shares the logs' sink, buffer and credentials: it arrives only while the
    // way the logs take works (a full buffer blocks it too), which is what its alarm means.
    inputs: [COMPONENTS.classify, COMPONENTS.heartbeat],
    // The cluster's own access point, by ARN: the role may write through it and nowhere else
    // (stacks/region/access-point-policy.ts). Access points take virtual-hosted-style requests
    // only, and Vector's default is path style, which the SDK cannot combine with an ARN.
    bucket: clusterAccessPointArn(inv.prefix, inv.central.accountId, cluster),
    force_path_style: false,
    region: cluster.region,
    key_prefix: stagingKeyPrefix(cluster.id),
    filename_extension: "json.gz",
    compression: "gzip",
    encoding: { codec: "json" },
    framing: { method: "newline_delimited" },
    batch: { max_bytes: v.batchMaxBytes, timeout_secs: v.batchTimeoutSeconds },
    // On disk, so what reached the buffer survives an agent restart or an S3 outage;
    // `block` pushes back on the source (which stops reading files) instead of dropping.
    // No `acknowledgements`: kubernetes_logs cannot take part in them (its file
    // checkpoints advance on read), so enabling them here would only log a warning and
    // claim an end-to-end guarantee the agent does not give (README, "Agents, tenant
    // attribution and the cluster network").
    buffer: { type: "disk", max_size: v.bufferMaxBytes, when_full: "block" },
    // No `auth` block: credentials come from the default chain's web identity
    // (AWS_ROLE_ARN + AWS_WEB_IDENTITY_TOKEN_FILE in the pod), never static keys.
    // The health check is a HeadBucket, which the role, confined to PutObject
    // under `<cluster-id>/`, may not do; delivery errors show in the sink's
    // own metrics instead.
    healthcheck: { enabled: false },
  };
}

/** The Vector config of one cluster's agent. */
export function buildVectorConfig(inv: ResolvedInventory, cluster: ResolvedCluster): object {
  return {
    data_dir: VECTOR_DATA_DIR,
    // Loopback only: the API streams any component's events (`vector tap`), i.e. every
    // tenant's logs on this node, and has no authentication. A NetworkPolicy would guard
    // it only where the CNI enforces policies (EKS's VPC CNI does not by default), so it
    // is not reachable from the network at all; operators use it through
    // `kubectl exec … -- vector top`. The probes use the metrics exporter instead.
    api: { enabled: true, address: `127.0.0.1:${API_PORT}` },
    sources: {
      [COMPONENTS.logs]: kubernetesLogsSource(cluster),
      [COMPONENTS.internalMetrics]: { type: "internal_metrics" },
      [COMPONENTS.heartbeatTick]: heartbeatTickSource(),
    },
    transforms: {
      [COMPONENTS.classify]: classifyTransform(cluster),
      [COMPONENTS.droppedReason]: droppedReasonTransform(cluster),
      [COMPONENTS.droppedCount]: droppedCountTransform(cluster),
      [COMPONENTS.heartbeat]: heartbeatTransform(cluster),
    },
    sinks: {
      [COMPONENTS.staging]: stagingSink(inv, cluster),
      [COMPONENTS.prometheus]: {
        type: "prometheus_exporter",
        inputs: [COMPONENTS.internalMetrics, COMPONENTS.droppedCount],
        address: `0.0.0.0:${METRICS_PORT}`,
        // Series not updated for this long disappear; an hour keeps a rare
        // dropped-events counter visible between scrapes instead of flapping.
        flush_period_secs: 3600,
      },
    },
  };
}
