/**
 * The agent DaemonSet, modelled on the official Vector Helm chart's Agent role
 * (env, hostPath mounts, data dir, grace period) with a tighter security
 * context: read-only root filesystem, no privilege escalation, every Linux
 * capability dropped.
 */
import { STS_AUDIENCE } from "../../inventory/names";
import type { ResolvedCluster, ResolvedInventory } from "../../inventory/resolved";
import type { Toleration } from "../../inventory/types";
import {
  AGENT_NAME,
  METRICS_PORT,
  METRICS_PORT_NAME,
  VECTOR_CONFIG_DIR,
  VECTOR_DATA_DIR,
  VECTOR_HOST_DATA_DIR,
} from "../constants";
import type { KubeObject } from "../types";
import { commonLabels, selectorLabels } from "./labels";
import { agentRoleArn } from "./rbac";

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

function fieldEnv(name: string, fieldPath: string): object {
  return { name, valueFrom: { fieldRef: { fieldPath } } };
}

function environment(inv: ResolvedInventory, cluster: ResolvedCluster): object[] {
  return [
    // kubernetes_logs reads this one itself to select the node's pods.
    fieldEnv("VECTOR_SELF_NODE_NAME", "spec.nodeName"),
    fieldEnv("VECTOR_SELF_POD_NAME", "metadata.name"),
    fieldEnv("VECTOR_SELF_POD_NAMESPACE", "metadata.namespace"),
    // host_metrics reads the host's /proc and /sys through these (Helm chart defaults).
    { name: "PROCFS_ROOT", value: "/host/proc" },
    { name: "SYSFS_ROOT", value: "/host/sys" },
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
}

function hostPath(path: string, type?: string): object {
  return { hostPath: type === undefined ? { path } : { path, type } };
}

function mounts(): Mount[] {
  return [
    {
      name: "data",
      mountPath: VECTOR_DATA_DIR,
      volume: hostPath(VECTOR_HOST_DATA_DIR, "DirectoryOrCreate"),
      readOnly: false,
    },
    { name: "config", mountPath: VECTOR_CONFIG_DIR, volume: { configMap: { name: AGENT_NAME } }, readOnly: true },
    { name: "var-log", mountPath: "/var/log/", volume: hostPath("/var/log/"), readOnly: true },
    // Docker-era runtimes keep the files /var/log/pods links to under /var/lib.
    { name: "var-lib", mountPath: "/var/lib/", volume: hostPath("/var/lib/"), readOnly: true },
    { name: "procfs", mountPath: "/host/proc", volume: hostPath("/proc"), readOnly: true },
    { name: "sysfs", mountPath: "/host/sys", volume: hostPath("/sys"), readOnly: true },
    {
      name: WEB_IDENTITY.volumeName,
      mountPath: WEB_IDENTITY.mountPath,
      volume: {
        projected: {
          sources: [
            {
              serviceAccountToken: {
                audience: STS_AUDIENCE,
                expirationSeconds: WEB_IDENTITY.expirationSeconds,
                path: WEB_IDENTITY.tokenFile,
              },
            },
          ],
        },
      },
      readOnly: true,
    },
  ];
}

/** Inventory tolerations with their keys in a fixed order and unset fields left out. */
function tolerations(list: readonly Toleration[]): object[] {
  return list.map((t) =>
    Object.fromEntries(
      (["key", "operator", "value", "effect", "tolerationSeconds"] as const)
        .filter((field) => t[field] !== undefined)
        .map((field) => [field, t[field]]),
    ),
  );
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
  const volumeMounts = mounts();
  return {
    apiVersion: "apps/v1",
    kind: "DaemonSet",
    metadata: { name: AGENT_NAME, namespace: v.namespace, labels: commonLabels(cluster) },
    spec: {
      selector: { matchLabels: selectorLabels() },
      template: {
        metadata: {
          labels: commonLabels(cluster),
          // A config change changes the pod template, so the DaemonSet rolls.
          annotations: { "checksum/config": configChecksum },
        },
        spec: {
          serviceAccountName: v.serviceAccount,
          // Vector flushes buffers and finishes in-flight uploads on SIGTERM.
          terminationGracePeriodSeconds: 60,
          // No Service environment variables: the agent needs none.
          enableServiceLinks: false,
          securityContext: { seccompProfile: { type: "RuntimeDefault" } },
          tolerations: tolerations(v.tolerations),
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
              volumeMounts: volumeMounts.map((m) =>
                m.readOnly
                  ? { name: m.name, mountPath: m.mountPath, readOnly: true }
                  : { name: m.name, mountPath: m.mountPath },
              ),
            },
          ],
          volumes: volumeMounts.map((m) => ({ name: m.name, ...m.volume })),
        },
      },
    },
  };
}
