/** Apply every default once, producing the model the rest of loghop reads. */
import { DEFAULTS } from "./defaults";
import { customerRoleArn, oidcProviderArn } from "./names";
import { resolveObjectLimits } from "./object-limits";
import type {
  ResolvedCluster,
  ResolvedDelivery,
  ResolvedInventory,
  ResolvedProcessorWorker,
  ResolvedTenant,
  ResolvedTfcSettings,
} from "./resolved";
import type { BackendConfig, Cluster, Delivery, Inventory, ProcessorWorkerSettings, Tenant } from "./types";

/** Stable id of a delivery inside its tenant: its destination, which the semantic rules keep unique. */
export function deliveryId(delivery: Delivery): string {
  if (delivery.type === "cloudwatch") {
    return `cloudwatch:${delivery.region}:${delivery.logGroupName ?? `${delivery.logGroupPrefix}/*`}`;
  }
  return `s3:${delivery.region}:${delivery.bucket}/${delivery.prefix ?? DEFAULTS.s3Prefix}`;
}

function resolveDelivery(delivery: Delivery): ResolvedDelivery {
  if (delivery.type === "cloudwatch") {
    return {
      type: "cloudwatch",
      id: deliveryId(delivery),
      region: delivery.region,
      logGroupName: delivery.logGroupName,
      logGroupPrefix: delivery.logGroupPrefix,
      retentionDays: delivery.retentionDays ?? DEFAULTS.cloudwatchRetentionDays,
      kmsKeyArn: delivery.kmsKeyArn,
      enabled: delivery.enabled ?? true,
    };
  }
  return {
    type: "s3",
    id: deliveryId(delivery),
    region: delivery.region,
    bucket: delivery.bucket,
    prefix: delivery.prefix ?? DEFAULTS.s3Prefix,
    enabled: delivery.enabled ?? true,
  };
}

/**
 * Tenant id → ids of the clusters that carry it, sorted. Built once: scanning every cluster's list
 * per tenant was quadratic (30,000 tenants on 20 clusters: ~6 s of `loghop validate`).
 */
function clusterIdsByTenant(clusters: readonly Cluster[]): ReadonlyMap<string, readonly string[]> {
  const byTenant = new Map<string, string[]>();
  for (const cluster of clusters) {
    for (const tenantId of new Set(cluster.tenants)) {
      const ids = byTenant.get(tenantId);
      if (ids === undefined) byTenant.set(tenantId, [cluster.id]);
      else ids.push(cluster.id);
    }
  }
  for (const ids of byTenant.values()) ids.sort();
  return byTenant;
}

function resolveTenant(
  tenant: Tenant,
  clusterIds: ReadonlyMap<string, readonly string[]>,
  prefix: string,
): ResolvedTenant {
  return {
    id: tenant.id,
    displayName: tenant.displayName ?? tenant.id,
    accountId: tenant.accountId,
    deployRoleArn: tenant.deployRoleArn,
    deliveryRoleArn: tenant.deliveryRoleArn ?? customerRoleArn(prefix, tenant.accountId, tenant.id),
    customerStack: tenant.deliveryRoleArn === undefined,
    externalId: tenant.externalId,
    acceptedExternalIds: [...(tenant.acceptedExternalIds ?? [])],
    enabled: tenant.enabled ?? true,
    desiredLogs: tenant.desiredLogs?.map((app) => app.toLowerCase()),
    deliveries: tenant.deliveries.map(resolveDelivery),
    clusterIds: [...(clusterIds.get(tenant.id) ?? [])],
  };
}

/** The minor of a schema-valid `1.<minor>` version. */
function minorVersion(version: string | undefined): number | undefined {
  return version === undefined ? undefined : Number(version.split(".")[1]);
}

function resolveProcessorWorker(w: ProcessorWorkerSettings | undefined): ResolvedProcessorWorker | undefined {
  if (w === undefined) return undefined;
  const d = DEFAULTS.processorWorker;
  return {
    image: w.image,
    replicas: w.replicas ?? d.replicas,
    requests: { cpu: w.requests?.cpu ?? d.requests.cpu, memory: w.requests?.memory ?? d.requests.memory },
    limits: { cpu: w.limits?.cpu ?? d.limits.cpu, memory: w.limits?.memory ?? d.limits.memory },
  };
}

function resolveCluster(cluster: Cluster): ResolvedCluster {
  const v = cluster.vector ?? {};
  const d = DEFAULTS.vector;
  const containerRuntime = v.containerRuntime ?? d.containerRuntime[cluster.platform];
  return {
    id: cluster.id,
    region: cluster.region,
    accountId: cluster.accountId,
    deployRoleArn: cluster.deployRoleArn,
    platform: cluster.platform,
    oidcIssuerUrl: cluster.oidcIssuerUrl,
    oidcProviderArn: cluster.oidcProviderArn ?? oidcProviderArn(cluster.accountId, cluster.oidcIssuerUrl),
    tenantSource: cluster.tenantSource,
    kubernetesMinorVersion: minorVersion(cluster.kubernetesVersion),
    tenants: [...cluster.tenants],
    kube: { configPath: cluster.kube.configPath ?? DEFAULTS.kubeConfigPath, context: cluster.kube.context },
    processorWorker: resolveProcessorWorker(cluster.processorWorker),
    vector: {
      image: v.image ?? d.image,
      imageTag: v.imageTag ?? d.imageTag,
      namespace: v.namespace ?? d.namespace,
      serviceAccount: v.serviceAccount ?? d.serviceAccount,
      requests: { cpu: v.requests?.cpu ?? d.requests.cpu, memory: v.requests?.memory ?? d.requests.memory },
      limits: { cpu: v.limits?.cpu ?? d.limits.cpu, memory: v.limits?.memory ?? d.limits.memory },
      tolerations: v.tolerations ?? d.tolerations,
      batchMaxBytes: v.batchMaxBytes ?? d.batchMaxBytes,
      batchTimeoutSeconds: v.batchTimeoutSeconds ?? d.batchTimeoutSeconds,
      bufferMaxBytes: v.bufferMaxBytes ?? d.bufferMaxBytes,
      maxLineBytes: v.maxLineBytes ?? d.maxLineBytes,
      podLabelSelector: v.podLabelSelector,
      namespaceLabelSelector: v.namespaceLabelSelector,
      includeOwnNamespace: v.includeOwnNamespace ?? d.includeOwnNamespace,
      containerRuntime,
      containerLogDir: containerRuntime === "docker" ? (v.containerLogDir ?? d.dockerLogDir) : undefined,
      scheduleOnControlPlane: v.scheduleOnControlPlane ?? d.scheduleOnControlPlane,
      monitoringNamespace: v.monitoringNamespace ?? d.monitoringNamespace[cluster.platform],
      delayDeletionSeconds: v.delayDeletionSeconds ?? d.delayDeletionSeconds,
      priorityClassName: v.priorityClassName,
      nodeSelector: { ...v.nodeSelector },
      affinity: v.affinity,
      updateStrategy: v.updateStrategy,
      imagePullSecrets: [...(v.imagePullSecrets ?? [])],
      podLabels: { ...v.podLabels },
      podAnnotations: { ...v.podAnnotations },
      podMonitor:
        v.podMonitor?.enabled === true
          ? {
              intervalSeconds: v.podMonitor.intervalSeconds,
              scrapeTimeoutSeconds: v.podMonitor.scrapeTimeoutSeconds,
              labels: { ...v.podMonitor.labels },
            }
          : undefined,
    },
  };
}

/** The cloud backend's settings with defaults; undefined for the other backends. */
function resolveTfc(backend: BackendConfig, prefix: string): ResolvedTfcSettings | undefined {
  if (backend.type !== "cloud") return undefined;
  return {
    organization: backend.organization,
    project: backend.project,
    workspacePrefix: backend.workspacePrefix ?? prefix,
    hostname: backend.hostname ?? DEFAULTS.tfcHostname,
    audience: backend.audience ?? DEFAULTS.tfcAudience,
    bootstrapState: backend.bootstrapState ?? DEFAULTS.backend,
    existingOidcProviderAccountIds: [...(backend.existingOidcProviderAccountIds ?? [])],
    clusterAgentPools: { ...backend.clusterAgentPools },
  };
}

/** `tfc` is left out entirely (not set to undefined) for the other backends. */
function withTfc(tfc: ResolvedTfcSettings | undefined): { tfc?: ResolvedTfcSettings } {
  return tfc === undefined ? {} : { tfc };
}

/** Resolve a validated inventory. Call only after `validateInventory` accepted it. */
export function resolveInventory(inventory: Inventory): ResolvedInventory {
  const c = inventory.central;
  const p = c.processor ?? {};
  const dp = DEFAULTS.processor;
  const clusterIds = clusterIdsByTenant(inventory.clusters);
  return {
    project: inventory.project,
    environment: inventory.environment,
    prefix: inventory.prefix,
    central: {
      accountId: c.accountId,
      deployRoleArn: c.deployRoleArn,
      regionDeployRoleArns: Object.fromEntries(
        c.regions.map((region) => [region, c.regionDeployRoleArns?.[region] ?? c.deployRoleArn]),
      ),
      regions: [...c.regions],
      stagingRetentionDays: c.stagingRetentionDays ?? DEFAULTS.stagingRetentionDays,
      processor: {
        mode: p.mode ?? dp.mode,
        workerRoleArns: [...new Set(p.workerRoleArns ?? [])].sort(),
        memoryMb: p.memoryMb ?? dp.memoryMb,
        timeoutSeconds: p.timeoutSeconds ?? dp.timeoutSeconds,
        reservedConcurrency: p.reservedConcurrency,
        maxConcurrency: p.maxConcurrency ?? dp.maxConcurrency,
        batchSize: p.batchSize ?? dp.batchSize,
        batchWindowSeconds: p.batchWindowSeconds ?? dp.batchWindowSeconds,
        maxReceiveCount: p.maxReceiveCount ?? dp.maxReceiveCount,
        logRetentionDays: p.logRetentionDays ?? dp.logRetentionDays,
        limits: resolveObjectLimits(p.limits, inventory.clusters),
        logLevel: p.logLevel,
      },
      alarms: {
        emails: [...(c.alarms?.emails ?? [])],
        maxMessageAgeSeconds: c.alarms?.maxMessageAgeSeconds ?? DEFAULTS.alarms.maxMessageAgeSeconds,
        maxObjectLagSeconds: c.alarms?.maxObjectLagSeconds ?? DEFAULTS.alarms.maxObjectLagSeconds,
        maxRejectedEvents: c.alarms?.maxRejectedEvents ?? DEFAULTS.alarms.maxRejectedEvents,
        heartbeatMissingMinutes: c.alarms?.heartbeatMissingMinutes ?? DEFAULTS.alarms.heartbeatMissingMinutes,
      },
      backend: c.backend ?? DEFAULTS.backend,
    },
    tenants: inventory.tenants.map((tenant) => resolveTenant(tenant, clusterIds, inventory.prefix)),
    clusters: inventory.clusters.map(resolveCluster),
    ...withTfc(resolveTfc(c.backend ?? DEFAULTS.backend, inventory.prefix)),
  };
}
