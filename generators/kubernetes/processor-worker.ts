/**
 * The processor as a long-running worker on a cluster (`clusters[].processorWorker`): its own
 * namespace, a ServiceAccount for its IRSA role (created by the region stack, in the central
 * account), and per lane of the cluster's region one Deployment polling that lane's queue
 * with a PodDisruptionBudget. One Deployment per lane, not one polling every queue: a flooding
 * cluster's backlog keeps only its own lane's pods busy, as the Lambda's per-lane mappings do.
 */
import { centralNames, processorWorkerRoleArn, queueUrl, serviceAccountSubject } from "../../inventory/names";
import { COMMON_LABEL_KEYS, SELECTOR_LABEL_KEYS } from "../../inventory/agent-pod";
import type { ResolvedCluster, ResolvedInventory, ResolvedProcessorWorker } from "../../inventory/resolved";
import { PROCESSOR_ENV } from "../../processor/config/environment";
import { healthFileMaxGapSeconds, healthProbeCommand } from "../../processor/modes/health-file";
import { SQS_WORKER_DEFAULTS } from "../../processor/modes/sqs-worker-defaults";
import { compareText } from "../sort";
import { buildProcessorEnvironment } from "../processor-config/environment";
import type { KubeObject } from "../types";
import { WEB_IDENTITY, webIdentityProjection } from "./daemon-set";

export const WORKER_NAMESPACE = "loghop-processor";
export const WORKER_SERVICE_ACCOUNT = "processor-worker";
const WORKER_NAME = "processor-worker";
/** `app.kubernetes.io/component` of every worker object (the agent's are `agent`). */
export const WORKER_COMPONENT = "processor";
const HEALTH_DIR = "/tmp/health";
export const WORKER_HEALTH_FILE = `${HEALTH_DIR}/alive`;
/** The image's user (the Containerfile's `USER`, distroless "nonroot"); the pod runs as it. */
export const WORKER_UID = 65532;
/** Slack for the SDK's retries and the last delete after the batch deadline. */
const SHUTDOWN_MARGIN_SECONDS = 30;

/** The worker's timing, all derived from the processor settings and the worker's defaults. */
export function workerTiming(inv: ResolvedInventory): {
  batchTimeoutSeconds: number;
  visibilityTimeoutSeconds: number;
  livenessMaxAgeSeconds: number;
  terminationGracePeriodSeconds: number;
} {
  const visibilityTimeoutSeconds = SQS_WORKER_DEFAULTS.visibilityTimeoutSeconds;
  // The Lambda's timeout bounds one batch for the worker too: the same work, the same budget.
  const batchTimeoutSeconds = inv.central.processor.timeoutSeconds;
  const gap = healthFileMaxGapSeconds(SQS_WORKER_DEFAULTS.waitTimeSeconds, visibilityTimeoutSeconds);
  return {
    batchTimeoutSeconds,
    visibilityTimeoutSeconds,
    // Two missed touches (a slow receive after a renewal) before the probe fails.
    livenessMaxAgeSeconds: Math.ceil(gap * 2),
    // On SIGTERM the worker stops receiving and finishes the batch in hand (≤ its timeout), renewing its
    // visibility meanwhile: the grace period outlasts both, so a rolling update never kills a batch.
    terminationGracePeriodSeconds: Math.max(batchTimeoutSeconds, visibilityTimeoutSeconds) + SHUTDOWN_MARGIN_SECONDS,
  };
}

function workerLabels(cluster: ResolvedCluster, lane?: string): Record<string, string> {
  return {
    [SELECTOR_LABEL_KEYS.name]: WORKER_NAME,
    [SELECTOR_LABEL_KEYS.instance]: "loghop",
    [COMMON_LABEL_KEYS.component]: WORKER_COMPONENT,
    [COMMON_LABEL_KEYS.partOf]: "loghop",
    [COMMON_LABEL_KEYS.managedBy]: "loghop",
    [COMMON_LABEL_KEYS.cluster]: cluster.id,
    ...(lane === undefined ? {} : { "loghop.io/lane": lane }),
  };
}

function selector(lane: string): Record<string, string> {
  return { [SELECTOR_LABEL_KEYS.name]: WORKER_NAME, "loghop.io/lane": lane };
}

/** The worker's IRSA role (region stack of the cluster's region, central account). */
export function workerRoleArn(inv: ResolvedInventory, cluster: ResolvedCluster): string {
  return processorWorkerRoleArn(inv.prefix, inv.central.accountId, cluster.id);
}

/** `system:serviceaccount:loghop-processor:processor-worker`: the only subject the role trusts. */
export function workerServiceAccountSubject(): string {
  return serviceAccountSubject(WORKER_NAMESPACE, WORKER_SERVICE_ACCOUNT);
}

/** The clusters whose lanes this worker polls: every cluster shipping to its region, itself included. */
export function workerLanes(inv: ResolvedInventory, cluster: ResolvedCluster): string[] {
  return inv.clusters.filter((c) => c.region === cluster.region).map((c) => c.id);
}

function buildWorkerNamespace(cluster: ResolvedCluster): KubeObject {
  const level = "restricted";
  return {
    apiVersion: "v1",
    kind: "Namespace",
    metadata: {
      name: WORKER_NAMESPACE,
      labels: {
        ...workerLabels(cluster),
        // Nothing here needs more than the restricted Pod Security level: enforce it.
        "pod-security.kubernetes.io/enforce": level,
        "pod-security.kubernetes.io/audit": level,
        "pod-security.kubernetes.io/warn": level,
      },
    },
  };
}

function buildWorkerServiceAccount(inv: ResolvedInventory, cluster: ResolvedCluster): KubeObject {
  return {
    apiVersion: "v1",
    kind: "ServiceAccount",
    metadata: {
      name: WORKER_SERVICE_ACCOUNT,
      namespace: WORKER_NAMESPACE,
      labels: workerLabels(cluster),
      annotations: {
        "eks.amazonaws.com/role-arn": workerRoleArn(inv, cluster),
        "eks.amazonaws.com/sts-regional-endpoints": "true",
      },
    },
    // The worker calls AWS only; it never talks to the Kubernetes API.
    automountServiceAccountToken: false,
  };
}

function environment(inv: ResolvedInventory, cluster: ResolvedCluster, lane: string): object[] {
  const processor = buildProcessorEnvironment(inv, cluster.region);
  const queue = queueUrl(cluster.region, inv.central.accountId, centralNames.clusterQueue(inv.prefix, lane));
  return [
    ...Object.entries({ ...processor, [PROCESSOR_ENV.queueUrl]: queue })
      .sort(([a], [b]) => compareText(a, b))
      .map(([name, value]) => ({ name, value })),
    // IRSA without depending on the pod identity webhook, as the agent does.
    { name: "AWS_ROLE_ARN", value: workerRoleArn(inv, cluster) },
    { name: "AWS_WEB_IDENTITY_TOKEN_FILE", value: `${WEB_IDENTITY.mountPath}/${WEB_IDENTITY.tokenFile}` },
    { name: "AWS_REGION", value: cluster.region },
    { name: "AWS_STS_REGIONAL_ENDPOINTS", value: "regional" },
  ];
}

function buildWorkerDeployment(
  inv: ResolvedInventory,
  cluster: ResolvedCluster,
  worker: ResolvedProcessorWorker,
  lane: string,
): KubeObject {
  const timing = workerTiming(inv);
  const probe = (initialDelaySeconds: number, failureThreshold: number): object => ({
    exec: { command: healthProbeCommand(WORKER_HEALTH_FILE, timing.livenessMaxAgeSeconds) },
    initialDelaySeconds,
    periodSeconds: 15,
    timeoutSeconds: 5,
    failureThreshold,
  });
  return {
    apiVersion: "apps/v1",
    kind: "Deployment",
    metadata: { name: `${WORKER_NAME}-${lane}`, namespace: WORKER_NAMESPACE, labels: workerLabels(cluster, lane) },
    spec: {
      replicas: worker.replicas,
      selector: { matchLabels: selector(lane) },
      template: {
        metadata: { labels: workerLabels(cluster, lane) },
        spec: {
          serviceAccountName: WORKER_SERVICE_ACCOUNT,
          automountServiceAccountToken: false,
          terminationGracePeriodSeconds: timing.terminationGracePeriodSeconds,
          securityContext: {
            runAsNonRoot: true,
            runAsUser: WORKER_UID,
            runAsGroup: WORKER_UID,
            fsGroup: WORKER_UID,
            seccompProfile: { type: "RuntimeDefault" },
          },
          containers: [
            {
              name: WORKER_NAME,
              image: worker.image,
              imagePullPolicy: "IfNotPresent",
              args: [
                "process",
                "--mode",
                "sqs",
                "--timeout",
                String(timing.batchTimeoutSeconds),
                "--visibility-timeout",
                String(timing.visibilityTimeoutSeconds),
                "--health-file",
                WORKER_HEALTH_FILE,
              ],
              env: environment(inv, cluster, lane),
              // The file is written before the first receive: ready once the worker polls.
              readinessProbe: probe(5, 2),
              livenessProbe: probe(30, 3),
              resources: {
                requests: { cpu: worker.requests.cpu, memory: worker.requests.memory },
                limits: { cpu: worker.limits.cpu, memory: worker.limits.memory },
              },
              securityContext: {
                allowPrivilegeEscalation: false,
                readOnlyRootFilesystem: true,
                privileged: false,
                capabilities: { drop: ["ALL"] },
              },
              volumeMounts: [
                { name: "health", mountPath: HEALTH_DIR },
                { name: WEB_IDENTITY.volumeName, mountPath: WEB_IDENTITY.mountPath, readOnly: true },
              ],
            },
          ],
          volumes: [
            { name: "health", emptyDir: { medium: "Memory", sizeLimit: "1Mi" } },
            { name: WEB_IDENTITY.volumeName, projected: webIdentityProjection() },
          ],
        },
      },
    },
  };
}

function buildWorkerDisruptionBudget(cluster: ResolvedCluster, lane: string): KubeObject {
  return {
    apiVersion: "policy/v1",
    kind: "PodDisruptionBudget",
    metadata: { name: `${WORKER_NAME}-${lane}`, namespace: WORKER_NAMESPACE, labels: workerLabels(cluster, lane) },
    // One pod at a time: a drain never stops a lane entirely while it has more than one pod.
    spec: { maxUnavailable: 1, selector: { matchLabels: selector(lane) } },
  };
}

/** The worker's objects in apply order (namespace first), or none when the cluster runs no worker. */
export function buildProcessorWorkerManifests(inv: ResolvedInventory, cluster: ResolvedCluster): KubeObject[] {
  const worker = cluster.processorWorker;
  if (worker === undefined) return [];
  const lanes = workerLanes(inv, cluster);
  return [
    buildWorkerNamespace(cluster),
    buildWorkerServiceAccount(inv, cluster),
    ...lanes.flatMap((lane) => [
      buildWorkerDeployment(inv, cluster, worker, lane),
      buildWorkerDisruptionBudget(cluster, lane),
    ]),
  ];
}
