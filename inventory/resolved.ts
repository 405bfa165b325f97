/**
 * The inventory with every default applied (see `resolve.ts`). Everything
 * outside `inventory/` reads these types, never the raw input.
 */
import type {
  AgentAffinity,
  AgentUpdateStrategy,
  BackendConfig,
  ContainerRuntime,
  LocalBackendConfig,
  S3BackendConfig,
  ProcessorMode,
  Toleration,
  TenantSource,
} from "./types";

export interface ResolvedProcessorSettings {
  readonly mode: ProcessorMode;
  /** External workers' roles the central role trusts, sorted, without duplicates. */
  readonly workerRoleArns: readonly string[];
  readonly memoryMb: number;
  readonly timeoutSeconds: number;
  readonly reservedConcurrency: number | undefined;
  readonly maxConcurrency: number;
  readonly batchSize: number;
  readonly batchWindowSeconds: number;
  readonly maxReceiveCount: number;
  readonly logRetentionDays: number;
  readonly limits: ResolvedObjectLimits;
  /** Set as POWERTOOLS_LOG_LEVEL only when given; undefined = Powertools' default (INFO). */
  readonly logLevel: "DEBUG" | "INFO" | "WARN" | "ERROR" | undefined;
}

export interface ResolvedObjectLimits {
  readonly maxUncompressedBytes: number;
  readonly maxEvents: number;
  readonly maxCompressionRatio: number;
}

export interface ResolvedAlarmSettings {
  readonly emails: readonly string[];
  readonly maxMessageAgeSeconds: number;
  readonly maxObjectLagSeconds: number;
  readonly maxRejectedEvents: number;
  readonly heartbeatMissingMinutes: number;
}

export interface ResolvedCentral {
  readonly accountId: string;
  readonly deployRoleArn: string | undefined;
  /** Every region → the role its region stack deploys with (`regionDeployRoleArns`, else `deployRoleArn`). */
  readonly regionDeployRoleArns: Readonly<Record<string, string | undefined>>;
  readonly regions: readonly string[];
  readonly stagingRetentionDays: number;
  readonly processor: ResolvedProcessorSettings;
  readonly alarms: ResolvedAlarmSettings;
  readonly backend: BackendConfig;
}

export interface ResolvedCloudWatchDelivery {
  readonly type: "cloudwatch";
  /** Stable id of this delivery within its tenant (`cloudwatch-<region>-<n>`). */
  readonly id: string;
  readonly region: string;
  readonly logGroupName: string | undefined;
  readonly logGroupPrefix: string | undefined;
  readonly retentionDays: number;
  readonly kmsKeyArn: string | undefined;
  readonly enabled: boolean;
}

export interface ResolvedS3Delivery {
  readonly type: "s3";
  readonly id: string;
  readonly region: string;
  readonly bucket: string;
  readonly prefix: string;
  readonly enabled: boolean;
}

export type ResolvedDelivery = ResolvedCloudWatchDelivery | ResolvedS3Delivery;

export interface ResolvedTenant {
  readonly id: string;
  readonly displayName: string;
  readonly accountId: string;
  readonly deployRoleArn: string | undefined;
  /** The role the central role assumes: `deliveryRoleArn`, else loghop's `<prefix>-<id>-delivery`. */
  readonly deliveryRoleArn: string;
  /** Whether loghop synthesizes `customer-<id>` (false when the tenant brings its own `deliveryRoleArn`). */
  readonly customerStack: boolean;
  readonly externalId: string;
  /** ExternalIds the delivery role accepts besides `externalId` (rotation), in inventory order. */
  readonly acceptedExternalIds: readonly string[];
  readonly enabled: boolean;
  /** Lower-cased allow-list; undefined = every application. */
  readonly desiredLogs: readonly string[] | undefined;
  readonly deliveries: readonly ResolvedDelivery[];
  /** Clusters that may carry this tenant (derived from clusters[].tenants), sorted. */
  readonly clusterIds: readonly string[];
}

export interface ResolvedVectorSettings {
  readonly image: string;
  readonly imageTag: string;
  readonly namespace: string;
  readonly serviceAccount: string;
  readonly requests: { readonly cpu: string; readonly memory: string };
  readonly limits: { readonly cpu: string; readonly memory: string };
  readonly tolerations: readonly Toleration[];
  readonly batchMaxBytes: number;
  readonly batchTimeoutSeconds: number;
  readonly bufferMaxBytes: number;
  readonly maxLineBytes: number;
  readonly podLabelSelector: string | undefined;
  readonly namespaceLabelSelector: string | undefined;
  readonly includeOwnNamespace: boolean;
  readonly containerRuntime: ContainerRuntime;
  /** Host directory of the runtime's log files besides /var/log/pods (docker only); undefined = none. */
  readonly containerLogDir: string | undefined;
  readonly scheduleOnControlPlane: boolean;
  readonly monitoringNamespace: string;
  readonly delayDeletionSeconds: number;
  readonly priorityClassName: string | undefined;
  readonly nodeSelector: Readonly<Record<string, string>>;
  readonly affinity: AgentAffinity | undefined;
  readonly updateStrategy: AgentUpdateStrategy | undefined;
  readonly imagePullSecrets: readonly string[];
  readonly podLabels: Readonly<Record<string, string>>;
  readonly podAnnotations: Readonly<Record<string, string>>;
  /** undefined = no PodMonitor generated. */
  readonly podMonitor: ResolvedPodMonitor | undefined;
}

export interface ResolvedPodMonitor {
  readonly intervalSeconds: number | undefined;
  readonly scrapeTimeoutSeconds: number | undefined;
  readonly labels: Readonly<Record<string, string>>;
}

export interface ResolvedCluster {
  readonly id: string;
  readonly region: string;
  readonly accountId: string;
  readonly deployRoleArn: string | undefined;
  readonly platform: "kubernetes" | "openshift";
  readonly oidcIssuerUrl: string;
  readonly oidcProviderArn: string;
  readonly tenantSource: TenantSource;
  /** Minor version of Kubernetes (`1.<minor>`); undefined = unknown. */
  readonly kubernetesMinorVersion: number | undefined;
  readonly tenants: readonly string[];
  readonly kube: { readonly configPath: string; readonly context: string };
  readonly vector: ResolvedVectorSettings;
  /** undefined = no worker on this cluster. */
  readonly processorWorker: ResolvedProcessorWorker | undefined;
}

export interface ResolvedProcessorWorker {
  readonly image: string;
  readonly replicas: number;
  readonly requests: { readonly cpu: string; readonly memory: string };
  readonly limits: { readonly cpu: string; readonly memory: string };
}

/** The `cloud` backend with every default applied (see `CloudBackendConfig`). */
export interface ResolvedTfcSettings {
  readonly organization: string;
  readonly project: string;
  readonly workspacePrefix: string;
  readonly hostname: string;
  readonly audience: string;
  readonly bootstrapState: LocalBackendConfig | S3BackendConfig;
  readonly existingOidcProviderAccountIds: readonly string[];
  /** Cluster id → TFC agent pool id; clusters not listed run remotely. */
  readonly clusterAgentPools: Readonly<Record<string, string>>;
}

export interface ResolvedInventory {
  readonly project: string;
  readonly environment: string;
  readonly prefix: string;
  readonly central: ResolvedCentral;
  readonly tenants: readonly ResolvedTenant[];
  readonly clusters: readonly ResolvedCluster[];
  /** Present only when `central.backend.type` is `cloud`. */
  readonly tfc?: ResolvedTfcSettings;
}
