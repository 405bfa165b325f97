/**
 * The inventory: one JSON document that describes a whole loghop estate.
 *
 * These types mirror `schemas/inventory.schema.json` exactly (the schema is the
 * contract users write against; these types are what the code reads). Optional
 * fields get their defaults in one place, `resolve.ts`, which produces the
 * `Resolved*` types below: code outside `inventory/` only ever sees resolved
 * values.
 */

/** Local state files. */
export interface LocalBackendConfig {
  readonly type: "local";
  /** Relative directory for state files. Default `terraform-state/<prefix>`. */ readonly path?: string;
}

/** State in S3, locked with a lock object (`use_lockfile`) and/or a DynamoDB table. */
export interface S3BackendConfig {
  readonly type: "s3";
  /** State bucket (must already exist). */
  readonly bucket: string;
  /** Key prefix; each stack's state is `<keyPrefix>/<stack>.tfstate`. Default `loghop/<prefix>`. */
  readonly keyPrefix?: string;
  /** Region of the state bucket. Default: the first central region. */
  readonly region?: string;
  /** DynamoDB table used for state locking (LockID hash key; deprecated by Terraform). Default none. */
  readonly lockTable?: string;
  /** Lock with an S3 lock object beside the state (`use_lockfile`, Terraform >= 1.10). Default true. */
  readonly useLockfile?: boolean;
}

/** Terraform Cloud / HCP Terraform: one workspace per stack. */
export interface CloudBackendConfig {
  readonly type: "cloud";
  /** Terraform Cloud / HCP Terraform organization. */
  readonly organization: string;
  /** TFC project that holds the workspaces. */
  readonly project: string;
  /** Workspace name prefix; workspace = `<workspacePrefix>-<stack>`. Default: the inventory prefix. */
  readonly workspacePrefix?: string;
  /** TFC hostname. Default `app.terraform.io`. */
  readonly hostname?: string;
  /**
   * Audience (`aud`) of the workload identity tokens TFC presents to AWS. Default
   * `aws.workload.identity`, TFC's own default; anything else is also set on every workspace
   * as `TFC_AWS_WORKLOAD_IDENTITY_AUDIENCE`.
   */
  readonly audience?: string;
  /**
   * Where the `tfc-bootstrap` stack keeps its own state: it creates the workspaces, so it
   * cannot live in one. Default `{ "type": "local" }` (relative `terraform-state/<prefix>/`).
   */
  readonly bootstrapState?: LocalBackendConfig | S3BackendConfig;
  /**
   * Accounts whose IAM already has TFC's OIDC provider (an account holds one per URL): the
   * bootstrap trusts it instead of creating it. Its client ids must include the audience. Default none.
   */
  readonly existingOidcProviderAccountIds?: readonly string[];
  /**
   * TFC agent pool id per cluster id. A listed cluster's workspace runs on that pool (execution
   * mode `agent`), whose agents must reach the cluster's API server and hold its kubeconfig
   * (`kube.configPath`, `kube.context`); TFC's own runners have neither, so every cluster needs one
   * (rule `cloud-cluster-agent-pool`). Non-cluster workspaces run remotely.
   */
  readonly clusterAgentPools?: Readonly<Record<string, string>>;
}

/** Terraform state backend for every stack. */
export type BackendConfig = LocalBackendConfig | S3BackendConfig | CloudBackendConfig;

/**
 * What every central region runs after the staging bucket (README "Region shapes"):
 * `lambda` the processor Lambda and its queues, `queue` the queues and tables for an external
 * worker (`loghop process --mode sqs`), `none` the key and staging bucket only.
 */
export type ProcessorMode = "lambda" | "queue" | "none";

/** Settings of the processor Lambda in every central region. */
export interface ProcessorSettings {
  /** What a region runs: `lambda`, `queue` or `none`. Default `lambda`. */
  readonly mode?: ProcessorMode;
  /**
   * Roles of processors loghop does not deploy (an external `loghop process --mode sqs` worker),
   * trusted by the central role beside the Lambda's. Default none.
   */
  readonly workerRoleArns?: readonly string[];
  /** Lambda memory in MB. Default 1769 (one full vCPU). */
  readonly memoryMb?: number;
  /** Lambda timeout in seconds. Default 300. */
  readonly timeoutSeconds?: number;
  /** Reserved concurrency of the function; absent = unreserved. */
  readonly reservedConcurrency?: number;
  /** Event source mapping MaximumConcurrency (2–1000). Default 10. */
  readonly maxConcurrency?: number;
  /** SQS messages per invocation. Default 10. */
  readonly batchSize?: number;
  /** Maximum batching window in seconds. Default 5. */
  readonly batchWindowSeconds?: number;
  /** Receives before a message moves to the DLQ. Default 5. */
  readonly maxReceiveCount?: number;
  /** Retention of the processor's own log group, in days. Default 30. */
  readonly logRetentionDays?: number;
  /** Per-object limits: an object beyond one is not delivered further (outcome `over-limit`). */
  readonly limits?: ObjectLimitSettings;
  /** The processor's POWERTOOLS_LOG_LEVEL. Default unset (INFO). */
  readonly logLevel?: "DEBUG" | "INFO" | "WARN" | "ERROR";
}

/** Limits on one staged object, enforced while it is read (a compromised cluster writes any content). */
export interface ObjectLimitSettings {
  /** Decompressed bytes per object. Default 64 MiB, or 2 × the largest `clusters[].vector.batchMaxBytes` if more. */
  readonly maxUncompressedBytes?: number;
  /** Events (and lines, parsable or not) per object. Default 250,000, or 2 × the largest `batchMaxBytes` / 100 if more. */
  readonly maxEvents?: number;
  /** Decompressed ÷ stored bytes. Default 250. */
  readonly maxCompressionRatio?: number;
}

export interface AlarmSettings {
  /** E-mail addresses subscribed to the alarm topic. Default none. */
  readonly emails?: readonly string[];
  /** Age of the oldest queued message that raises an alarm, in seconds. Default 900. */
  readonly maxMessageAgeSeconds?: number;
  /** p99 of `ObjectLag` (staged → processing) over 5 minutes that raises an alarm, in seconds. Default 600. */
  readonly maxObjectLagSeconds?: number;
  /** Events CloudWatch Logs rejected (too old, too new) in 5 minutes above which an alarm fires. Default 0. */
  readonly maxRejectedEvents?: number;
  /** Minutes without a cluster's heartbeat before its alarm fires. Default 15. */
  readonly heartbeatMissingMinutes?: number;
}

export interface CentralAccount {
  /** 12-digit id of the central (provider) account. */
  readonly accountId: string;
  /** Role Terraform assumes to deploy the central and region stacks. Absent = ambient credentials. */
  readonly deployRoleArn?: string;
  /**
   * Region → role Terraform assumes to deploy that region's stack, in the central account.
   * Default: `deployRoleArn`. With the `cloud` backend every region needs its own (each role is
   * the apply role of one TFC workspace only).
   */
  readonly regionDeployRoleArns?: Readonly<Record<string, string>>;
  /** Regions the pipeline runs in (one region stack each). */
  readonly regions: readonly string[];
  /** Days before staged log objects expire from the staging buckets. Default 7. */
  readonly stagingRetentionDays?: number;
  readonly processor?: ProcessorSettings;
  readonly alarms?: AlarmSettings;
  /** Terraform backend. Default `{ "type": "local" }`. */
  readonly backend?: BackendConfig;
}

export interface CloudWatchDelivery {
  readonly type: "cloudwatch";
  /** Region of the customer's log group(s). */
  readonly region: string;
  /** One log group for all the tenant's applications. Exactly one of logGroupName / logGroupPrefix. */
  readonly logGroupName?: string;
  /** One log group per application, named `<logGroupPrefix>/<application>`, created on demand. */
  readonly logGroupPrefix?: string;
  /** Retention of the log group(s) in days. Default 30. */
  readonly retentionDays?: number;
  /** KMS key the customer's log group is encrypted with. */
  readonly kmsKeyArn?: string;
  /** Default true. */
  readonly enabled?: boolean;
}

export interface S3Delivery {
  readonly type: "s3";
  readonly region: string;
  /** The customer's bucket. */
  readonly bucket: string;
  /** Key prefix inside the bucket, ending in `/` or empty. Default `""`. */
  readonly prefix?: string;
  /** Default true. */
  readonly enabled?: boolean;
}

export type Delivery = CloudWatchDelivery | S3Delivery;

export interface Tenant {
  /** DNS-label-like id: becomes part of S3 keys, IAM names and stream names. */
  readonly id: string;
  /** Human name for documents. Default: the id. */
  readonly displayName?: string;
  /** The tenant's AWS account (where its logs are delivered). */
  readonly accountId: string;
  /** Role Terraform assumes in the tenant's account; absent = the customer applies their stack. */
  readonly deployRoleArn?: string;
  /**
   * The delivery role the tenant created itself (any path and name, in its own account). When set,
   * loghop generates no customer stack: the central role and the processor use this ARN, and the
   * onboarding page gives the trust and permission policies to create. Absent = loghop's
   * `<prefix>-<id>-delivery`, created by the customer stack or the CloudFormation template.
   */
  readonly deliveryRoleArn?: string;
  /**
   * The ExternalId the central role presents when assuming this tenant's role.
   * Generated once (`loghop external-id`) and kept in the inventory; unique per tenant.
   */
  readonly externalId: string;
  /**
   * Further ExternalIds the tenant's delivery role also accepts, during a rotation only: add the
   * new id here first, then make it `externalId` and drop the old one. Default none.
   */
  readonly acceptedExternalIds?: readonly string[];
  /** Default true. A disabled tenant's logs are staged but not delivered. */
  readonly enabled?: boolean;
  /** Application allow-list (case-insensitive). Absent = every application. */
  readonly desiredLogs?: readonly string[];
  readonly deliveries: readonly Delivery[];
}

/**
 * How Vector derives a pod's tenant. Each mode trusts whoever may set that value: namespace
 * names (who creates namespaces), namespace labels (who may label namespaces), pod labels
 * (every workload owner). See README, "Agents, tenant attribution and the cluster network".
 */
export type TenantSource =
  | { readonly from: "namespace" }
  | { readonly from: "namespaceLabel"; readonly key: string }
  | {
      readonly from: "podLabel";
      readonly key: string;
      /**
       * Namespace label that proves the tenant: the pod label must equal it, or the line is
       * dropped, so a pod can only opt in, never choose. Required when the cluster carries more
       * than one tenant (rule `pod-label-tenant-unproven`).
       */
      readonly namespaceKey?: string;
    };

export interface Toleration {
  readonly key?: string;
  readonly operator?: "Exists" | "Equal";
  readonly value?: string;
  readonly effect?: "NoSchedule" | "PreferNoSchedule" | "NoExecute";
  readonly tolerationSeconds?: number;
}

/** A Kubernetes `NodeSelectorRequirement`: `values` for In/NotIn (several) and Gt/Lt (one integer), none otherwise. */
export interface NodeSelectorRequirement {
  readonly key: string;
  readonly operator: "In" | "NotIn" | "Exists" | "DoesNotExist" | "Gt" | "Lt";
  readonly values?: readonly string[];
}

/** A Kubernetes `NodeSelectorTerm`: its expressions are ANDed. */
export interface NodeSelectorTerm {
  readonly matchExpressions: readonly NodeSelectorRequirement[];
}

/**
 * Node affinity in Kubernetes' own shape. Only node affinity: the agent runs one pod per node,
 * so pod (anti-)affinity could only leave nodes uncollected.
 */
export interface AgentAffinity {
  readonly nodeAffinity: {
    /** Terms are ORed; the control-plane exclusion is added to every one of them. */
    readonly requiredDuringSchedulingIgnoredDuringExecution?: {
      readonly nodeSelectorTerms: readonly NodeSelectorTerm[];
    };
    readonly preferredDuringSchedulingIgnoredDuringExecution?: readonly {
      readonly weight: number;
      readonly preference: NodeSelectorTerm;
    }[];
  };
}

/**
 * The DaemonSet's update strategy. No `maxSurge`: a surge pod would share the node's data dir
 * (disk buffer and file checkpoints) with the pod it replaces.
 */
export interface AgentUpdateStrategy {
  readonly type: "RollingUpdate" | "OnDelete";
  /** Only with RollingUpdate. */
  readonly rollingUpdate?: {
    /** Pods down at once during a rollout: a count or a percentage (`"10%"`). Kubernetes' default 1. */
    readonly maxUnavailable: number | string;
  };
}

/** A Prometheus Operator PodMonitor for the agent's metrics port. */
export interface PodMonitorSettings {
  /** Generate the PodMonitor (its CRD must be installed). */
  readonly enabled: boolean;
  /** Scrape interval in seconds. Default: Prometheus' global interval. */
  readonly intervalSeconds?: number;
  /** Scrape timeout in seconds (≤ the interval). Default: Prometheus' global timeout. */
  readonly scrapeTimeoutSeconds?: number;
  /** Extra labels of the PodMonitor, e.g. the `release` label a Prometheus selects monitors by. */
  readonly labels?: Readonly<Record<string, string>>;
}

/** Container runtimes whose log layout the agent knows. */
export type ContainerRuntime = "containerd" | "cri-o" | "docker";

export interface ResourceQuantities {
  readonly cpu?: string;
  readonly memory?: string;
}

export interface VectorSettings {
  /** Vector image. Default `timberio/vector`. */
  readonly image?: string;
  /** Image tag. Default `0.57.0-distroless-libc`. */
  readonly imageTag?: string;
  /** Namespace of the agent. Default `loghop`. */
  readonly namespace?: string;
  /** Service account of the agent. Default `vector`. */
  readonly serviceAccount?: string;
  /** Default requests `{cpu: 100m, memory: 256Mi}`. */
  readonly requests?: ResourceQuantities;
  /** Default limits `{cpu: "1", memory: 1Gi}`. */
  readonly limits?: ResourceQuantities;
  /**
   * Tolerations of the DaemonSet. Default: tolerate every NoSchedule taint. Control-plane nodes
   * stay excluded by node affinity whatever these say, unless `scheduleOnControlPlane`.
   */
  readonly tolerations?: readonly Toleration[];
  /** Maximum uncompressed bytes per staged object. Default 10000000. */
  readonly batchMaxBytes?: number;
  /** Seconds before a partial batch is flushed. Default 60. */
  readonly batchTimeoutSeconds?: number;
  /** Disk buffer size in bytes (≥ 268435488). Default 536870912. */
  readonly bufferMaxBytes?: number;
  /** Longest log line read, in bytes. Default 262144. */
  readonly maxLineBytes?: number;
  /** Extra Kubernetes label selector for pods. */
  readonly podLabelSelector?: string;
  /** Extra Kubernetes label selector for namespaces. */
  readonly namespaceLabelSelector?: string;
  /** Also collect the agent's own namespace. Default false. */
  readonly includeOwnNamespace?: boolean;
  /**
   * The nodes' container runtime. containerd and CRI-O write pod logs under `/var/log/pods`;
   * Docker (cri-dockerd) links them to its own directory, which the agent must then also mount.
   * Default `containerd` on kubernetes, `cri-o` on openshift.
   */
  readonly containerRuntime?: ContainerRuntime;
  /** With `docker`: host directory the `/var/log/pods` links point into. Default `/var/lib/docker/containers`. */
  readonly containerLogDir?: string;
  /** Also run the agent on control-plane nodes. Default false. */
  readonly scheduleOnControlPlane?: boolean;
  /** Namespace whose pods may scrape the agent's metrics port. Default `monitoring` (openshift: `openshift-user-workload-monitoring`). */
  readonly monitoringNamespace?: string;
  /**
   * Seconds the agent keeps a deleted pod's metadata for lines it has not read yet (Vector's
   * `delay_deletion_ms`); later lines of that pod are dropped as tenant-missing. Default 600.
   */
  readonly delayDeletionSeconds?: number;
  /** PriorityClass of the agent's pods (e.g. `system-node-critical`). Default: none. */
  readonly priorityClassName?: string;
  /** Only nodes with all these labels run the agent. Default: every node. */
  readonly nodeSelector?: Readonly<Record<string, string>>;
  /** Node affinity, combined with (never replacing) the control-plane exclusion. Default: none. */
  readonly affinity?: AgentAffinity;
  /** DaemonSet update strategy. Default: Kubernetes' (RollingUpdate, maxUnavailable 1). */
  readonly updateStrategy?: AgentUpdateStrategy;
  /** Secrets in the agent's namespace to pull the image with (loghop does not create them). Default: none. */
  readonly imagePullSecrets?: readonly string[];
  /** Extra labels of the agent's pods; none may override a label loghop sets or relies on. */
  readonly podLabels?: Readonly<Record<string, string>>;
  /** Extra annotations of the agent's pods; none may override `checksum/config` or choose a security profile. */
  readonly podAnnotations?: Readonly<Record<string, string>>;
  /** Prometheus Operator PodMonitor. Default: none generated. */
  readonly podMonitor?: PodMonitorSettings;
}

export interface KubeAccess {
  /** kubeconfig path Terraform reads. Default `~/.kube/config`. */
  readonly configPath?: string;
  /** kubeconfig context for this cluster. */
  readonly context: string;
}

export interface Cluster {
  /** DNS-label-like id; the first segment of every staged object key. */
  readonly id: string;
  /** Central region the cluster ships to (its staging bucket). */
  readonly region: string;
  /** Account the cluster (and its IRSA role) lives in. */
  readonly accountId: string;
  /** Role Terraform assumes in that account. Absent = ambient credentials. */
  readonly deployRoleArn?: string;
  readonly platform: "kubernetes" | "openshift";
  /** OIDC issuer URL of the cluster's service-account tokens (https://…). */
  readonly oidcIssuerUrl: string;
  /** Existing IAM OIDC provider ARN; default `arn:aws:iam::<accountId>:oidc-provider/<issuer host+path>`. */
  readonly oidcProviderArn?: string;
  readonly tenantSource: TenantSource;
  /**
   * Kubernetes minor version of the cluster, `1.<minor>` (OpenShift 4.18 is 1.31). From 1.31
   * the agent's host mounts are recursively read-only where the runtime supports it. Default:
   * unknown, no recursive read-only.
   */
  readonly kubernetesVersion?: string;
  /** Tenant ids this cluster may carry. */
  readonly tenants: readonly string[];
  readonly kube: KubeAccess;
  readonly vector?: VectorSettings;
  /** Run the processor here as a long-running SQS worker (one Deployment per lane of this cluster's region). */
  readonly processorWorker?: ProcessorWorkerSettings;
}

/** The in-cluster processor (`loghop process --mode sqs`), built from the top-level Containerfile. */
export interface ProcessorWorkerSettings {
  /** Image reference with tag or digest, e.g. `<account>.dkr.ecr.<region>.amazonaws.com/loghop-worker:1.2.0`. */
  readonly image: string;
  /** Pods per lane (Deployment replicas). Default 2. */
  readonly replicas?: number;
  /** Default requests `{cpu: 250m, memory: 512Mi}`. */
  readonly requests?: ResourceQuantities;
  /** Default limits `{cpu: "1", memory: 1Gi}`. */
  readonly limits?: ResourceQuantities;
}

export interface Inventory {
  readonly $schema?: string;
  /** Project name (tags, documents). */
  readonly project: string;
  /** Environment name, e.g. prod. */
  readonly environment: string;
  /** Prefix of every resource name (lower-case, ≤ 20 chars). */
  readonly prefix: string;
  readonly central: CentralAccount;
  readonly tenants: readonly Tenant[];
  readonly clusters: readonly Cluster[];
}
