/** Shapes of the fake log generator: the estate it simulates, its options, and the events it yields. */

/** The pods whose logs are generated. */
export interface FakeEstateSpec {
  /**
   * Tenant ids. Each tenant's pods run in a namespace named after it, and carry
   * the tenant under `tenantLabelKey` on both the pod and the namespace, so every
   * tenant rule a cluster can have (namespace, namespace label, pod label) finds it.
   */
  readonly tenants: readonly string[];
  /** Application names (lowercase key-safe: `[a-z0-9-]`); every tenant runs each one. Default `web`, `checkout`, `worker`. */
  readonly applications?: readonly string[];
  /** Pods per application per tenant. Default 2. */
  readonly podsPerApplication?: number;
  /** Extra pods, in namespace `platform-tools`, that carry no tenant label: an agent refuses their lines. Default 0. */
  readonly unattributedPods?: number;
  /** Label key holding the tenant on pods and namespaces. Default `loghop.io/tenant`. */
  readonly tenantLabelKey?: string;
}

/** Distribution of message sizes: log-normal around `median`, clamped to [`min`, `max`]. */
export interface LineBytesSpec {
  /** Median message size in UTF-8 bytes. Default 160. */
  readonly median?: number;
  /** Log-normal sigma: 0 = every line the median size; 1 = a long tail. Default 0.6. */
  readonly spread?: number;
  /** Default 24. */
  readonly min?: number;
  /** Default 8192. */
  readonly max?: number;
}

export interface FakeLogOptions {
  readonly estate: FakeEstateSpec;
  /** Same seed and options → the same events, byte for byte. Default 1. */
  readonly seed?: number;
  /** Lines are timestamped over the `durationSeconds` before this instant (epoch ms). Default `Date.now()`. */
  readonly nowMs?: number;
  /** Lines per second over the whole estate. Default 100. */
  readonly linesPerSecond?: number;
  /** Seconds of logs. Default 60. */
  readonly durationSeconds?: number;
  /**
   * Number of lines; default `linesPerSecond × durationSeconds`. `Infinity` yields
   * lines until the consumer stops (timestamps then run past `nowMs`).
   */
  readonly lines?: number;
  readonly lineBytes?: LineBytesSpec;
  /** Share of lines that are JSON objects (0–1). Default 0.5. */
  readonly jsonShare?: number;
  /** Share of lines with multi-byte UTF-8 text (accents, CJK, emoji) (0–1). Default 0.05. */
  readonly multibyteShare?: number;
  /** Share of lines with double quotes inside the text (escaped in JSON) (0–1). Default 0.1. */
  readonly quoteShare?: number;
  /** Node the pods run on. Default `ip-10-0-1-23.eu-west-1.compute.internal`. */
  readonly nodeName?: string;
}

/** One simulated pod. */
export interface FakePod {
  /** undefined for an unattributed pod. */
  readonly tenant: string | undefined;
  readonly namespace: string;
  readonly application: string;
  readonly podName: string;
  readonly podUid: string;
  readonly containerName: string;
  readonly podLabels: Readonly<Record<string, string>>;
  readonly namespaceLabels: Readonly<Record<string, string>>;
  readonly podIp: string;
  readonly containerId: string;
  readonly replicaSet: string;
}

/**
 * An event as Vector 0.57's `kubernetes_logs` source emits it (legacy log
 * namespace), keys in the order Vector's JSON codec writes them (sorted).
 */
export interface KubernetesLogEvent {
  readonly file: string;
  readonly kubernetes: {
    readonly container_id: string;
    readonly container_image: string;
    readonly container_name: string;
    readonly namespace_labels: Readonly<Record<string, string>>;
    readonly node_labels: Readonly<Record<string, string>>;
    readonly pod_annotations: Readonly<Record<string, string>>;
    readonly pod_ip: string;
    readonly pod_ips: readonly string[];
    readonly pod_labels: Readonly<Record<string, string>>;
    readonly pod_name: string;
    readonly pod_namespace: string;
    readonly pod_node_name: string;
    readonly pod_owner: string;
    readonly pod_uid: string;
  };
  readonly message: string;
  readonly source_type: "kubernetes_logs";
  readonly stream: "stdout" | "stderr";
  /** RFC 3339, nanoseconds. */
  readonly timestamp: string;
}

/** An event as the classify program leaves it: what the `aws_s3` sink stages (cluster internals removed, key fields set). */
export interface StagedLogEvent {
  readonly application: string;
  readonly cluster_id: string;
  readonly kubernetes: Omit<KubernetesLogEvent["kubernetes"], "node_labels" | "pod_annotations">;
  readonly message: string;
  readonly pod_name: string;
  readonly source_type: "kubernetes_logs";
  readonly stream: "stdout" | "stderr";
  readonly tenant_id: string;
  readonly timestamp: string;
}
