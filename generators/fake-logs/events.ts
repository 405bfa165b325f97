/**
 * The event streams: `kubernetes_logs` events for an estate, and the same lines
 * in the staged form the classify program gives them.
 */
import { buildFakeEstate } from "./estate";
import { fakeMessage } from "./messages";
import { seededRandom, type Random } from "./random";
import { rfc3339Nanos, type NanoInstant } from "./timestamps";
import type { FakeLogOptions, FakePod, KubernetesLogEvent, LineBytesSpec, StagedLogEvent } from "./types";

const DEFAULT_NODE = "ip-10-0-1-23.eu-west-1.compute.internal";

function lineBytes(random: Random, spec: LineBytesSpec = {}): number {
  const median = spec.median ?? 160;
  const drawn = Math.round(median * Math.exp((spec.spread ?? 0.6) * random.normal()));
  return Math.min(spec.max ?? 8192, Math.max(spec.min ?? 24, drawn));
}

function kubernetesEvent(pod: FakePod, node: string, message: string, at: NanoInstant, stream: "stdout" | "stderr") {
  const event: KubernetesLogEvent = {
    file: `/var/log/pods/${pod.namespace}_${pod.podName}_${pod.podUid}/${pod.containerName}/0.log`,
    kubernetes: {
      container_id: pod.containerId,
      container_image: `registry.example.com/${pod.application}:1.4.2`,
      container_name: pod.containerName,
      namespace_labels: pod.namespaceLabels,
      node_labels: { "kubernetes.io/hostname": node, "kubernetes.io/os": "linux" },
      pod_annotations: { "kubectl.kubernetes.io/restartedAt": "2026-01-01T00:00:00Z" },
      pod_ip: pod.podIp,
      pod_ips: [pod.podIp],
      pod_labels: pod.podLabels,
      pod_name: pod.podName,
      pod_namespace: pod.namespace,
      pod_node_name: node,
      pod_owner: `ReplicaSet/${pod.replicaSet}`,
      pod_uid: pod.podUid,
    },
    message,
    source_type: "kubernetes_logs",
    stream,
    timestamp: rfc3339Nanos(at),
  };
  return event;
}

/** A generated line with the pod that wrote it. */
export interface FakeLine {
  readonly pod: FakePod;
  readonly event: KubernetesLogEvent;
}

/**
 * `fakeLogLines(options)`: every line of the estate in time order, each with its
 * pod. Line `i` is stamped `nowMs − durationSeconds + i / linesPerSecond` plus a
 * sub-interval jitter, so times increase strictly per pod and over the estate.
 */
export function* fakeLogLines(options: FakeLogOptions): Generator<FakeLine> {
  const random = seededRandom(options.seed ?? 1);
  const pods = buildFakeEstate(options.estate, random);
  const node = options.nodeName ?? DEFAULT_NODE;
  const perSecond = options.linesPerSecond ?? 100;
  const duration = options.durationSeconds ?? 60;
  const total = options.lines ?? Math.round(perSecond * duration);
  if (!(perSecond > 0)) throw new RangeError(`linesPerSecond must be above 0, got ${perSecond}`);
  const startMs = Math.round((options.nowMs ?? Date.now()) - duration * 1000);
  const intervalNs = 1e9 / perSecond;
  for (let i = 0; i < total; i++) {
    // Kept in (ms, ns) parts: epoch nanoseconds exceed a double's exact range.
    const offsetNs = Math.floor(i * intervalNs + random.next() * Math.min(intervalNs, 1e6) * 0.999);
    const at = { ms: startMs + Math.floor(offsetNs / 1e6), subMsNanos: offsetNs % 1e6 };
    const pod = random.pick(pods);
    const style = {
      json: random.chance(options.jsonShare ?? 0.5),
      multibyte: random.chance(options.multibyteShare ?? 0.05),
      quotes: random.chance(options.quoteShare ?? 0.1),
    };
    const message = fakeMessage(random, at, lineBytes(random, options.lineBytes), style);
    yield { pod, event: kubernetesEvent(pod, node, message, at, random.chance(0.1) ? "stderr" : "stdout") };
  }
}

/** `fakeKubernetesLogEvents(options)`: the `kubernetes_logs` events alone, as an agent's source would emit them. */
export function* fakeKubernetesLogEvents(options: FakeLogOptions): Generator<KubernetesLogEvent> {
  for (const line of fakeLogLines(options)) yield line.event;
}

/**
 * The staged form of a generated event on cluster `clusterId`, or undefined when
 * that cluster's agent refuses it (no tenant, or a tenant not in `allowedTenants`).
 * For these generated events it equals what the cluster's generated classify
 * program returns (the fake-logs test runs the program to check it), at a tiny
 * fraction of the cost: use it for volume, and the VRL program where the point
 * is to exercise the agent.
 */
export function stageFakeLine(line: FakeLine, clusterId: string, allowedTenants: readonly string[]) {
  const { pod, event } = line;
  if (pod.tenant === undefined || !allowedTenants.includes(pod.tenant)) return undefined;
  const { node_labels: _nodeLabels, pod_annotations: _annotations, ...kubernetes } = event.kubernetes;
  const staged: StagedLogEvent = {
    application: pod.application,
    cluster_id: clusterId,
    kubernetes,
    message: event.message,
    pod_name: pod.podName,
    source_type: event.source_type,
    stream: event.stream,
    tenant_id: pod.tenant,
    timestamp: event.timestamp,
  };
  return staged;
}

/** `fakeStagedEvents(options, clusterId, allowedTenants)`: the estate's lines that cluster's agent stages, staged. */
export function* fakeStagedEvents(
  options: FakeLogOptions,
  clusterId: string,
  allowedTenants: readonly string[],
): Generator<StagedLogEvent> {
  for (const line of fakeLogLines(options)) {
    const staged = stageFakeLine(line, clusterId, allowedTenants);
    if (staged !== undefined) yield staged;
  }
}
