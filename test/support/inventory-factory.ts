/**
 * A valid, minimal-but-realistic raw inventory for tests to break or extend. Every call
 * returns a fresh deep copy, so a test can mutate its copy freely.
 *
 * Estate: central account in eu-west-1 + us-east-1; tenant `alpha` (one CloudWatch log
 * group + an S3 archive, own deploy role), tenant `beta` (per-application log groups with a
 * KMS key, self-applied); cluster `eks-a` (EKS, both tenants) and `rosa-b` (OpenShift, beta).
 */
import type { Inventory } from "../../inventory/types";

/** Deeply writable version of a readonly type: what tests mutate. */
export type Writable<T> = T extends readonly (infer U)[]
  ? Writable<U>[]
  : T extends object
    ? { -readonly [K in keyof T]: Writable<T[K]> }
    : T;

export type RawInventory = Writable<Inventory>;

const TEMPLATE: Inventory = {
  project: "loghop-tests",
  environment: "test",
  prefix: "lh-test",
  central: {
    accountId: "111111111111",
    deployRoleArn: "arn:aws:iam::111111111111:role/loghop-deployer",
    regions: ["eu-west-1", "us-east-1"],
  },
  tenants: [
    {
      id: "alpha",
      displayName: "Alpha Industries",
      accountId: "222222222222",
      deployRoleArn: "arn:aws:iam::222222222222:role/loghop-deployer",
      externalId: "lhx-AlphaAlphaAlphaAlphaAlphaAlph1",
      desiredLogs: ["checkout", "Web"],
      deliveries: [
        { type: "cloudwatch", region: "eu-west-1", logGroupName: "/alpha/kubernetes", retentionDays: 90 },
        { type: "s3", region: "eu-west-1", bucket: "alpha-log-archive", prefix: "kubernetes/" },
      ],
    },
    {
      id: "beta",
      accountId: "333333333333",
      externalId: "lhx-BetaBetaBetaBetaBetaBetaBetaBe",
      deliveries: [
        {
          type: "cloudwatch",
          region: "us-east-1",
          logGroupPrefix: "/beta/k8s",
          kmsKeyArn: "arn:aws:kms:us-east-1:333333333333:key/0f6b5a9e-3c2d-4b1a-9e8f-7d6c5b4a3f21",
        },
      ],
    },
  ],
  clusters: [
    {
      id: "eks-a",
      region: "eu-west-1",
      accountId: "444444444444",
      platform: "kubernetes",
      oidcIssuerUrl: "https://oidc.eks.eu-west-1.amazonaws.com/id/5C7F2A9B1E3D4F6A8B0C2D4E6F8A0B1C",
      tenantSource: { from: "namespaceLabel", key: "loghop.io/tenant" },
      tenants: ["alpha", "beta"],
      kube: { context: "eks-a" },
    },
    {
      id: "rosa-b",
      region: "us-east-1",
      accountId: "555555555555",
      platform: "openshift",
      oidcIssuerUrl: "https://rh-oidc.s3.us-east-1.amazonaws.com/27bd6cg0vs7nn08mue83fbof94dj4nhf",
      tenantSource: { from: "namespace" },
      tenants: ["beta"],
      kube: { context: "rosa-b" },
    },
  ],
};

/** A fresh deep copy of the valid test inventory. */
export function validRawInventory(): RawInventory {
  return structuredClone(TEMPLATE) as RawInventory;
}

/** The valid test inventory with every optional field set (HCP Terraform backend, tuned processor and agent). */
export function fullRawInventory(): RawInventory {
  const inventory = validRawInventory();
  inventory.central.stagingRetentionDays = 14;
  inventory.central.processor = {
    memoryMb: 3008,
    timeoutSeconds: 900,
    reservedConcurrency: 50,
    maxConcurrency: 50,
    batchSize: 100,
    batchWindowSeconds: 10,
    maxReceiveCount: 3,
    logRetentionDays: 14,
  };
  inventory.central.alarms = { emails: ["ops@example.com"], maxMessageAgeSeconds: 600 };
  // The cloud backend needs a deploy role per stack (rule cloud-deploy-role-per-stack).
  inventory.central.regionDeployRoleArns = {
    "eu-west-1": "arn:aws:iam::111111111111:role/loghop-deploy-region-eu-west-1",
    "us-east-1": "arn:aws:iam::111111111111:role/loghop-deploy-region-us-east-1",
  };
  inventory.central.backend = {
    type: "cloud",
    organization: "acme",
    project: "Log Pipeline",
    workspacePrefix: "acme-lh-test",
    hostname: "tfe.example.com",
    audience: "aws.workload.identity",
    bootstrapState: {
      type: "s3",
      bucket: "lh-bootstrap-state",
      keyPrefix: "bootstrap/lh-test",
      region: "eu-west-1",
      lockTable: "tf-locks",
      useLockfile: true,
    },
    existingOidcProviderAccountIds: ["111111111111"],
    // Every cluster: TFC-hosted runners have no kubeconfig (rule cloud-cluster-agent-pool).
    clusterAgentPools: { "eks-a": "apool-AbCd1234EfGh5678", "rosa-b": "apool-ZyXw9876VuTs5432" },
  };
  inventory.tenants[0]!.enabled = false;
  inventory.tenants[0]!.deliveries[0]!.enabled = false;
  // beta creates its delivery role itself, under its own path and name.
  inventory.tenants[1]!.deliveryRoleArn = "arn:aws:iam::333333333333:role/platform/logging/BetaLoghopDelivery";
  const eks = inventory.clusters[0]!;
  eks.deployRoleArn = "arn:aws:iam::444444444444:role/path/to/deployer";
  eks.oidcProviderArn = `arn:aws:iam::444444444444:oidc-provider/${eks.oidcIssuerUrl.replace("https://", "")}`;
  eks.kube = { configPath: "/etc/kube/config", context: "eks-a" };
  eks.vector = {
    image: "registry.example.com:5000/mirror/vector",
    imageTag: "0.57.0-debian",
    namespace: "logging",
    serviceAccount: "vector.agent",
    requests: { cpu: "250m", memory: "512Mi" },
    limits: { cpu: "1.5", memory: "2Gi" },
    tolerations: [{ key: "dedicated", operator: "Equal", value: "logs", effect: "NoExecute", tolerationSeconds: 30 }],
    batchMaxBytes: 5_000_000,
    batchTimeoutSeconds: 120,
    bufferMaxBytes: 1_073_741_824,
    maxLineBytes: 65_536,
    podLabelSelector: "team=payments,tier!=batch",
    namespaceLabelSelector: "logging in (on)",
    includeOwnNamespace: true,
    containerRuntime: "docker",
    containerLogDir: "/data/docker/containers",
    scheduleOnControlPlane: true,
    monitoringNamespace: "observability",
    delayDeletionSeconds: 1800,
    priorityClassName: "system-node-critical",
    nodeSelector: { "kubernetes.io/os": "linux" },
    affinity: {
      nodeAffinity: {
        requiredDuringSchedulingIgnoredDuringExecution: {
          nodeSelectorTerms: [{ matchExpressions: [{ key: "example.com/pool", operator: "In", values: ["logging"] }] }],
        },
        preferredDuringSchedulingIgnoredDuringExecution: [
          { weight: 50, preference: { matchExpressions: [{ key: "example.com/spot", operator: "DoesNotExist" }] } },
        ],
      },
    },
    updateStrategy: { type: "RollingUpdate", rollingUpdate: { maxUnavailable: 2 } },
    imagePullSecrets: ["mirror-pull"],
    podLabels: { team: "platform" },
    podAnnotations: { "cluster-autoscaler.kubernetes.io/safe-to-evict": "true" },
    podMonitor: { enabled: true, intervalSeconds: 60, scrapeTimeoutSeconds: 30, labels: { release: "prometheus" } },
  };
  eks.kubernetesVersion = "1.33";
  inventory.clusters[1]!.tenantSource = { from: "podLabel", key: "tenant", namespaceKey: "loghop.io/tenant" };
  return inventory;
}

/**
 * A valid estate of `tenantCount` tenants (each with a CloudWatch delivery; every tenth
 * also with an S3 delivery) spread over `clusterCount` clusters in the two test regions:
 * for scale tests and benchmarks. Deterministic.
 */
export function largeRawInventory(tenantCount: number, clusterCount = 20): RawInventory {
  const inventory = validRawInventory();
  const regions = inventory.central.regions;
  inventory.tenants = Array.from({ length: tenantCount }, (_, i) => {
    const id = `tenant-${String(i).padStart(5, "0")}`;
    const region = regions[i % regions.length]!;
    const accountId = String(200_000_000_000 + i);
    return {
      id,
      accountId,
      deployRoleArn: `arn:aws:iam::${accountId}:role/loghop-deployer`,
      externalId: `lhx-${id}-${"k".repeat(20)}${String(i).padStart(8, "0")}`.replace(/[0-9]{12}/g, "x"),
      desiredLogs: ["web", "api", "worker"],
      deliveries: [
        { type: "cloudwatch", region, logGroupName: `/tenants/${id}/kubernetes`, retentionDays: 30 },
        ...(i % 10 === 0 ? [{ type: "s3" as const, region, bucket: "estate-log-archive", prefix: `${id}/` }] : []),
      ],
    };
  });
  inventory.clusters = Array.from({ length: clusterCount }, (_, c) => ({
    id: `cluster-${String(c).padStart(3, "0")}`,
    region: regions[c % regions.length]!,
    accountId: "444444444444",
    platform: c % 4 === 3 ? "openshift" : "kubernetes",
    oidcIssuerUrl: `https://oidc.eks.${regions[c % regions.length]}.amazonaws.com/id/CLUSTER${c}`,
    // OpenShift lets users self-provision projects under any free name (rule namespace-tenant-self-provisioned).
    tenantSource: c % 4 === 3 ? { from: "namespaceLabel", key: "loghop.io/tenant" } : { from: "namespace" },
    tenants: inventory.tenants.filter((_, t) => t % clusterCount === c).map((tenant) => tenant.id),
    kube: { context: `cluster-${c}` },
  }));
  return inventory;
}
