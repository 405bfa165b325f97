/**
 * The agent DaemonSet, modelled on the official Vector Helm chart's Agent role
 * (env, data dir, grace period) with a tighter security context: read-only root
 * filesystem, no privilege escalation, every Linux capability dropped, and only
 * the host paths kubernetes_logs reads.
 */
import { CONFIG_CHECKSUM_ANNOTATION } from "../../inventory/agent-pod";
import { STS_AUDIENCE } from "../../inventory/names";
import type { ResolvedCluster, ResolvedInventory } from "../../inventory/resolved";
import {
  AGENT_NAME,
  METRICS_PORT,
  METRICS_PORT_NAME,
  POD_LOG_DIR,
  VECTOR_CONFIG_DIR,
  VECTOR_DATA_DIR,
  VECTOR_HOST_DATA_DIR,
} from "../constants";
import { sortedRecord } from "../sort";
import type { KubeObject } from "../types";
import { commonLabels, selectorLabels } from "./labels";
import { agentRoleArn } from "./rbac";
import { schedulingOptions, updateStrategy } from "./scheduling";

/**
 * Where the web identity token is projected. These are the EKS pod identity
 * webhook's own volume name and path: where the webhook runs, it finds its
 * volume, mount and variables already present and changes nothing.
 */
export const WEB_IDENTITY = {
  volumeName: "aws-iam-token",
  mountPath: "/var/run/secrets/eks.amazonaws.com/serviceaccount",
  tokenFile: "token",
  // The webhook's default lifetime; the kubelet refreshes the file at 80 % of it.
  expirationSeconds: 86400,
} as const;

/** The projected volume source that puts the service account's STS token at `WEB_IDENTITY.tokenFile`. */
export function webIdentityProjection(): object {
  return {
    sources: [
      {
        serviceAccountToken: {
          audience: STS_AUDIENCE,
          expirationSeconds: WEB_IDENTITY.expirationSeconds,
          path: WEB_IDENTITY.tokenFile,
        },
      },
    ],
  };
}

function fieldEnv(name: string, fieldPath: string): object {
  return { name, valueFrom: { fieldRef: { fieldPath } } };
}

function environment(inv: ResolvedInventory, cluster: ResolvedCluster): object[] {
  return [
    // kubernetes_logs reads this one itself to select the node's pods.
    fieldEnv("VECTOR_SELF_NODE_NAME", "spec.nodeName"),
    fieldEnv("VECTOR_SELF_POD_NAME", "metadata.name"),
    fieldEnv("VECTOR_SELF_POD_NAMESPACE", "metadata.namespace"),
    // IRSA without depending on a webhook: the AWS SDK's web identity provider
    // reads these two and calls AssumeRoleWithWebIdentity in the cluster's region.
    { name: "AWS_ROLE_ARN", value: agentRoleArn(inv, cluster) },
    { name: "AWS_WEB_IDENTITY_TOKEN_FILE", value: `${WEB_IDENTITY.mountPath}/${WEB_IDENTITY.tokenFile}` },
    { name: "AWS_REGION", value: cluster.region },
    { name: "AWS_STS_REGIONAL_ENDPOINTS", value: "regional" },
  ];
}

interface Mount {
  readonly name: string;
  readonly mountPath: string;
  readonly volume: object;
  readonly readOnly: boolean;
  /** A host directory: read-only recursively where the cluster supports it. */
  readonly host: boolean;
}

function hostPath(path: string, type: string): object {
  return { hostPath: { path, type } };
}

/**
 * Only what kubernetes_logs reads: the pod log files under /var/log/pods (where containerd
 * and CRI-O write them) and, for Docker, the directory those files link into, mounted at its
 * own path so the links resolve. Nothing else of the host: not /var/log (host and audit
 * logs), not /var/lib (kubelet secrets, etcd on control planes), not /proc or /sys (no
 * host_metrics). The data dir is the one writable host path.
 */
function mounts(cluster: ResolvedCluster): Mount[] {
  const runtimeLogDir = cluster.vector.containerLogDir;
  return [
    {
      name: "data",
      mountPath: VECTOR_DATA_DIR,
      volume: hostPath(VECTOR_HOST_DATA_DIR, "DirectoryOrCreate"),
      readOnly: false,
      host: true,
    },
    {
      name: "config",
      mountPath: VECTOR_CONFIG_DIR,
      volume: { configMap: { name: AGENT_NAME } },
      readOnly: true,
      host: false,
    },
    // `Directory`: the kubelet creates it; the agent never creates host paths it only reads.
    {
      name: "pod-logs",
      mountPath: POD_LOG_DIR,
      volume: hostPath(POD_LOG_DIR, "Directory"),
      readOnly: true,
      host: true,
    },
    ...(runtimeLogDir === undefined
      ? []
      : [
          {
            name: "runtime-logs",
            mountPath: runtimeLogDir,
            volume: hostPath(runtimeLogDir, "Directory"),
            readOnly: true,
            host: true,
          },
        ]),
    {
      name: WEB_IDENTITY.volumeName,
      mountPath: WEB_IDENTITY.mountPath,
      volume: { projected: webIdentityProjection() },
      readOnly: true,
      host: false,
    },
  ];
}

/**
 * A plain read-only bind mount leaves mounts below it writable. Recursive read-only is beta
 * (on by default) from Kubernetes 1.31 and GA in 1.33; `IfPossible` applies it wherever the
 * runtime supports it (containerd ≥ 2.0, CRI-O ≥ 1.30) and keeps older runtimes starting the
 * pod, where `Enabled` would refuse to.
 */
const RECURSIVE_READ_ONLY_MIN_MINOR = 31;

function volumeMount(mount: Mount, cluster: ResolvedCluster): object {
  if (!mount.readOnly) return { name: mount.name, mountPath: mount.mountPath };
  const minor = cluster.kubernetesMinorVersion;
  const recursive = mount.host && minor !== undefined && minor >= RECURSIVE_READ_ONLY_MIN_MINOR;
  return {
    name: mount.name,
    mountPath: mount.mountPath,
    readOnly: true,
    ...(recursive ? { recursiveReadOnly: "IfPossible" } : {}),
  };
}

/**
 * Pod labels: the user's first, loghop's last, so loghop's win even if a rule were bypassed
 * (rule agent-pod-metadata refuses such keys with a message; this keeps the selector safe).
 */
function podLabels(cluster: ResolvedCluster): Record<string, string> {
  return { ...sortedRecord(cluster.vector.podLabels), ...commonLabels(cluster) };
}

function podAnnotations(cluster: ResolvedCluster, configChecksum: string): Record<string, string> {
  // A config change changes the pod template, so the DaemonSet rolls.
  return { ...sortedRecord(cluster.vector.podAnnotations), [CONFIG_CHECKSUM_ANNOTATION]: configChecksum };
}

/**
 * Probes use the Prometheus exporter, not Vector's API: the API listens on loopback only
 * (see generators/vector/config.ts), and the exporter answers once the topology runs.
 */
function healthProbe(initialDelaySeconds: number): object {
  return {
    httpGet: { path: "/metrics", port: METRICS_PORT_NAME },
    initialDelaySeconds,
    periodSeconds: 10,
    timeoutSeconds: 5,
    failureThreshold: 3,
  };
}

function containerSecurityContext(cluster: ResolvedCluster): object {
  return {
    // Root, but without a single capability: the pod log files and the data
    // dir on the host belong to root, and the owner needs no capability to
    // read or write them. No DAC_OVERRIDE / DAC_READ_SEARCH is added back.
    runAsUser: 0,
    runAsGroup: 0,
    runAsNonRoot: false,
    privileged: false,
    allowPrivilegeEscalation: false,
    readOnlyRootFilesystem: true,
    capabilities: { drop: ["ALL"] },
    // SELinux confines container_t away from the host's log files. spc_t lets
    // this one container read them without being privileged; it is what
    // OpenShift Logging's own Vector collector uses.
    ...(cluster.platform === "openshift" ? { seLinuxOptions: { type: "spc_t" } } : {}),
  };
}

export function buildDaemonSet(inv: ResolvedInventory, cluster: ResolvedCluster, configChecksum: string): KubeObject {
  const v = cluster.vector;
  const volumeMounts = mounts(cluster);
  const strategy = updateStrategy(cluster);
  return {
    apiVersion: "apps/v1",
    kind: "DaemonSet",
    metadata: { name: AGENT_NAME, namespace: v.namespace, labels: commonLabels(cluster) },
    spec: {
      selector: { matchLabels: selectorLabels() },
      ...(strategy === undefined ? {} : { updateStrategy: strategy }),
      template: {
        metadata: { labels: podLabels(cluster), annotations: podAnnotations(cluster, configChecksum) },
        spec: {
          serviceAccountName: v.serviceAccount,
          // Vector flushes buffers and finishes in-flight uploads on SIGTERM.
          terminationGracePeriodSeconds: 60,
          // No Service environment variables: the agent needs none.
          enableServiceLinks: false,
          securityContext: { seccompProfile: { type: "RuntimeDefault" } },
          ...schedulingOptions(cluster),
          containers: [
            {
              name: AGENT_NAME,
              image: `${v.image}:${v.imageTag}`,
              imagePullPolicy: "IfNotPresent",
              args: ["--config-dir", VECTOR_CONFIG_DIR],
              env: environment(inv, cluster),
              ports: [{ name: METRICS_PORT_NAME, containerPort: METRICS_PORT, protocol: "TCP" }],
              // Startup replays the disk buffer: give liveness a head start.
              livenessProbe: healthProbe(30),
              readinessProbe: healthProbe(5),
              resources: {
                requests: { cpu: v.requests.cpu, memory: v.requests.memory },
                limits: { cpu: v.limits.cpu, memory: v.limits.memory },
              },
              securityContext: containerSecurityContext(cluster),
              volumeMounts: volumeMounts.map((m) => volumeMount(m, cluster)),
            },
          ],
          volumes: volumeMounts.map((m) => ({ name: m.name, ...m.volume })),
        },
      },
    },
  };
}
