/**
 * The documents loghop would deploy, built by the same builders the stacks use, measured against
 * AWS's limits (inventory/aws-limits) before anything is synthesized: an inventory `loghop validate`
 * accepts cannot fail at synth or apply on a size or count limit. No cdktf is loaded here.
 */
import { AWS_LIMITS, environmentBytes, measureDocument, type AwsLimit } from "../../inventory/aws-limits";
import type { InventoryProblem } from "../../inventory/errors";
import type { ResolvedCluster, ResolvedInventory } from "../../inventory/resolved";
import { buildProcessorEnvironment } from "../../generators/processor-config/environment";
import { buildTenantShards, TENANT_SHARD_TARGET_BYTES } from "../../generators/processor-config/tenant-shards";
import { centralAssumeDocuments } from "../central/assume-policies";
import { centralAssumeTargets, centralTrustPolicy } from "../central/central-principals";
import { vectorPermissions, vectorTrustPolicy } from "../cluster/cluster-policies";
import { policyDocument, policyJson } from "../common/policy-documents";
import { deliveryRoleDefinition } from "../customer/delivery-role";
import { accessPointPolicy } from "../region/access-point-policy";
import { clusterWriters, writerAccountRoots } from "../region/cluster-writers";
import { pipelineKeyPolicy } from "../region/kms-policy";
import { laneFilterPolicy, queuePolicy, topicPolicy } from "../region/notification-policies";
import { processorExecutionPolicy } from "../region/processor-policy";
import { regionNames, type RegionNames } from "../region/region-names";
import { regionParts } from "../../inventory/processor-mode";
import { laneGroups } from "../lanes/lane-groups";
import { laneStackResourceCount } from "../lanes/lane-resources";
import { stagingBucketPolicy } from "../region/staging-bucket-policy";

/** One document measured against one limit. */
export interface LimitMeasurement {
  readonly limit: AwsLimit;
  /** What was measured, e.g. `the staging bucket policy in eu-west-1`. */
  readonly document: string;
  readonly size: number;
  /** JSON pointer of the inventory part that makes the document grow. */
  readonly path: string;
  /** What to change when the document is over its limit. */
  readonly remedy: string;
}

/**
 * The key ARN the policies will carry after apply. At synth the policy holds a Terraform reference
 * (shorter); AWS measures the applied policy, so measure with a real key ARN's length (a UUID key id).
 */
function pipelineKeyArn(names: RegionNames): string {
  return `arn:aws:kms:${names.region}:${names.accountId}:key/00000000-0000-0000-0000-000000000000`;
}

/** Principals of a resource policy as the SQS quota counts them: every ARN, service or `*`. */
function principalCount(statements: readonly { readonly Principal?: unknown }[]): number {
  return statements.reduce((sum, { Principal }) => {
    if (Principal === undefined) return sum;
    if (Principal === "*") return sum + 1;
    return sum + Object.values(Principal as Record<string, string | string[]>).flat().length;
  }, 0);
}

/** SNS filter policy complexity: the product of the number of values in each array. */
function filterCombinations(policy: unknown): number {
  if (Array.isArray(policy)) return policy.length;
  if (policy !== null && typeof policy === "object") {
    return Object.values(policy).reduce((product: number, value) => product * filterCombinations(value), 1);
  }
  return 1;
}

const clusterIndexes = new WeakMap<ResolvedInventory, ReadonlyMap<string, number>>();

/** Position of a cluster in `clusters[]` (for JSON paths); one map per inventory, not a scan per cluster. */
function clusterIndex(inventory: ResolvedInventory, clusterId: string): number {
  let indexes = clusterIndexes.get(inventory);
  if (indexes === undefined) {
    indexes = new Map(inventory.clusters.map((cluster, index) => [cluster.id, index]));
    clusterIndexes.set(inventory, indexes);
  }
  return indexes.get(clusterId) ?? -1;
}

const MOVE_CLUSTERS = "move clusters of this region to another region, or split the installation (another prefix)";

/** The documents of one region, as its shape (`central.processor.mode`) composes them. */
function regionMeasurements(inventory: ResolvedInventory, region: string, regionIndex: number): LimitMeasurement[] {
  const names = regionNames(inventory, region);
  const parts = regionParts(inventory.central.processor.mode);
  const writers = clusterWriters(inventory, region);
  const kmsKeyArn = pipelineKeyArn(names);
  const path = `/central/regions/${regionIndex}`;
  const where = `in ${region} (${writers.length} clusters)`;
  const measure = (limit: AwsLimit, document: string, text: string, remedy = MOVE_CLUSTERS): LimitMeasurement => ({
    limit,
    document: `${document} ${where}`,
    size: measureDocument(limit, text),
    path,
    remedy,
  });
  const storage = [
    measure(
      AWS_LIMITS.s3BucketPolicySize,
      "the staging bucket policy",
      policyJson(policyDocument(stagingBucketPolicy(names, writers, kmsKeyArn, inventory.prefix))),
    ),
    measure(
      AWS_LIMITS.kmsKeyPolicySize,
      `the pipeline key policy (clusters in ${writerAccountRoots(writers).length} accounts)`,
      policyJson(policyDocument(pipelineKeyPolicy({ names, prefix: inventory.prefix, writers, queues: parts.queues }))),
      "the key policy lists each account that has a cluster in this region: move clusters of this region to fewer accounts or to another region",
    ),
    {
      // Every cluster of the region has one, in the central account (stacks/lanes/cluster-access-point.ts).
      ...measure(AWS_LIMITS.s3AccessPointsPerRegion, "the clusters' access points", ""),
      size: writers.length,
      remedy: `${MOVE_CLUSTERS}; or raise the quota (Service Quotas) — the check uses the default`,
    },
    ...writers.map((writer) => ({
      limit: AWS_LIMITS.s3AccessPointPolicySize,
      document: `the access point policy of cluster ${writer.clusterId}`,
      size: measureDocument(
        AWS_LIMITS.s3AccessPointPolicySize,
        policyJson(policyDocument(accessPointPolicy(writer, region, names.accountId))),
      ),
      path: `/clusters/${clusterIndex(inventory, writer.clusterId)}`,
      remedy: "shorten the cluster id",
    })),
  ];
  return [
    ...storage,
    ...laneStackMeasurements(inventory, names),
    ...(parts.queues ? queueMeasurements(inventory, names, measure) : []),
    ...(parts.lambda ? lambdaMeasurements(inventory, names, kmsKeyArn, measure) : []),
  ];
}

/**
 * Resources of each lane stack of the region, counted by the decisions the lane stack makes
 * (stacks/lanes/lane-resources.ts), not by synth. A group's members depend on their ids only
 * (lane-groups.ts), so the remedy moves clusters, never re-buckets the others.
 */
function laneStackMeasurements(inventory: ResolvedInventory, names: RegionNames): LimitMeasurement[] {
  return laneGroups(inventory, names.region).map((group) => ({
    limit: AWS_LIMITS.stackResources,
    document: `stack ${group.stackName} (${group.clusters.length} clusters: ${group.clusters.map((c) => c.id).join(", ")})`,
    size: laneStackResourceCount(inventory, group, names.lanes),
    path: `/clusters/${inventory.clusters.indexOf(group.clusters[0] as ResolvedCluster)}`,
    remedy:
      `its clusters are grouped by the first hex digit of sha256(cluster id); ` +
      "move some of them to another region, or drop processorWorker from some (3 resources each)",
  }));
}

type RegionMeasure = (limit: AwsLimit, document: string, text: string) => LimitMeasurement;

/** The staged-objects topic, and each lane's queue and subscription (shapes `lambda` and `queue`). */
function queueMeasurements(
  inventory: ResolvedInventory,
  names: RegionNames,
  measure: RegionMeasure,
): LimitMeasurement[] {
  const topic = topicPolicy(names);
  const topicText = policyJson(policyDocument(topic));
  return [
    measure(AWS_LIMITS.snsTopicPolicySize, "the staged-objects topic policy", topicText),
    {
      ...measure(AWS_LIMITS.snsTopicPolicyStatements, "the staged-objects topic policy", topicText),
      size: topic.length,
    },
    ...names.lanes.flatMap((lane) => {
      const statements = queuePolicy(names, lane);
      const queueText = policyJson(policyDocument(statements));
      const filter = laneFilterPolicy(lane);
      const lanePath = `/clusters/${clusterIndex(inventory, lane.clusterId)}`;
      const laneMeasure = (limit: AwsLimit, document: string, size: number): LimitMeasurement => ({
        limit,
        document: `${document} of cluster ${lane.clusterId}`,
        size,
        path: lanePath,
        remedy: "shorten the cluster id",
      });
      return [
        laneMeasure(AWS_LIMITS.sqsQueuePolicySize, "the queue policy", Buffer.byteLength(queueText)),
        laneMeasure(AWS_LIMITS.sqsQueuePolicyStatements, "the queue policy", statements.length),
        laneMeasure(AWS_LIMITS.sqsQueuePolicyPrincipals, "the queue policy", principalCount(statements)),
        laneMeasure(
          AWS_LIMITS.snsFilterPolicySize,
          "the subscription filter policy",
          Buffer.byteLength(JSON.stringify(filter)),
        ),
        laneMeasure(
          AWS_LIMITS.snsFilterPolicyCombinations,
          "the subscription filter policy",
          filterCombinations(filter),
        ),
      ];
    }),
  ];
}

/** The processor Lambda's role and environment (shape `lambda`). */
function lambdaMeasurements(
  inventory: ResolvedInventory,
  names: RegionNames,
  kmsKeyArn: string,
  measure: RegionMeasure,
): LimitMeasurement[] {
  return [
    // The execution policy is the role's only inline policy; it lists every lane's queue.
    measure(
      AWS_LIMITS.iamInlinePoliciesPerRole,
      "the processor role's inline policy",
      policyJson(processorExecutionPolicy(names, kmsKeyArn)),
    ),
    {
      limit: AWS_LIMITS.lambdaEnvironmentSize,
      document: `the processor environment in ${names.region}`,
      size: environmentBytes(buildProcessorEnvironment(inventory, names.region)),
      path: "/central/processor",
      remedy: "shorten the prefix or drop central.processor settings that become variables",
    },
  ];
}

function centralMeasurements(inventory: ResolvedInventory): LimitMeasurement[] {
  const targets = centralAssumeTargets(inventory);
  const documents = centralAssumeDocuments(targets);
  const listed =
    `${targets.tenantOwnedRoleArns.length} tenant-owned delivery roles allowed, ` +
    `${targets.disabledLoghopRoleArns.length} disabled tenants' roles denied`;
  const remedy =
    "give tenants loghop-named delivery roles (drop deliveryRoleArn), remove long-disabled tenants, " +
    "or split the tenants over several installations (prefixes)";
  return [
    {
      limit: AWS_LIMITS.iamManagedPoliciesPerRole,
      document: `the central role's AssumeRole policies (the loghop name pattern; ${listed}; ${AWS_LIMITS.iamManagedPolicySize.max} characters each)`,
      size: documents.length,
      path: "/tenants",
      remedy,
    },
    // Chunking packs each document to the limit; measuring them keeps that a checked fact.
    ...documents.map((document, index): LimitMeasurement => ({
      limit: AWS_LIMITS.iamManagedPolicySize,
      document: `the central role's AssumeRole policy ${index + 1} of ${documents.length}`,
      size: measureDocument(AWS_LIMITS.iamManagedPolicySize, policyJson(document)),
      path: "/tenants",
      remedy,
    })),
    {
      limit: AWS_LIMITS.iamRoleTrustPolicySize,
      document: `the central role's trust policy (${inventory.central.processor.workerRoleArns.length} external worker roles)`,
      size: measureDocument(AWS_LIMITS.iamRoleTrustPolicySize, policyJson(centralTrustPolicy(inventory))),
      path: "/central/regions",
      remedy:
        "trust fewer external worker roles (central.processor.workerRoleArns), or raise the IAM quota and this limit",
    },
  ];
}

/** Each shard item of the tenant table (the same items every region stack writes; shape `none` has no table). */
function shardMeasurements(inventory: ResolvedInventory): LimitMeasurement[] {
  if (!regionParts(inventory.central.processor.mode).queues) return [];
  const layout = buildTenantShards(inventory);
  return layout.shards.map((shard): LimitMeasurement => {
    // A tenant whose own configuration is over the sizing target is why its shard cannot be split.
    const heavy = shard.largestTenant !== undefined && shard.largestTenant.bytes > TENANT_SHARD_TARGET_BYTES;
    const index = heavy ? inventory.tenants.findIndex((t) => t.id === shard.largestTenant!.id) : -1;
    return {
      limit: AWS_LIMITS.dynamodbItemSize,
      document:
        `the tenant table's shard ${shard.index} of ${layout.count} (${shard.tenants.length} tenants` +
        `${heavy ? `, ${shard.largestTenant!.id}'s deliveries ${shard.largestTenant!.bytes.toLocaleString("en-US")} bytes` : ""})`,
      size: shard.bytes,
      path: heavy ? `/tenants/${index}` : "/tenants",
      remedy: heavy
        ? `list fewer applications, clusters or deliveries for tenant ${shard.largestTenant!.id}`
        : "split the tenants over several installations (prefixes)",
    };
  });
}

function tenantMeasurements(inventory: ResolvedInventory): LimitMeasurement[] {
  return inventory.tenants.flatMap((tenant, index) => {
    const path = `/tenants/${index}`;
    if (!tenant.customerStack) return [];
    const definition = deliveryRoleDefinition(inventory, tenant);
    const remedy = "give the tenant fewer deliveries (or several tenants)";
    return [
      {
        limit: AWS_LIMITS.iamInlinePoliciesPerRole,
        document: `the inline policy of ${tenant.id}'s delivery role`,
        size: measureDocument(AWS_LIMITS.iamInlinePoliciesPerRole, policyJson(definition.policy)),
        path,
        remedy,
      },
      {
        limit: AWS_LIMITS.iamRoleTrustPolicySize,
        document: `the trust policy of ${tenant.id}'s delivery role`,
        size: measureDocument(AWS_LIMITS.iamRoleTrustPolicySize, policyJson(definition.trustPolicy)),
        path,
        remedy: "drop ExternalIds of finished rotations",
      },
    ];
  });
}

function clusterMeasurements(inventory: ResolvedInventory): LimitMeasurement[] {
  return inventory.clusters.flatMap((cluster, index) => [
    {
      limit: AWS_LIMITS.iamInlinePoliciesPerRole,
      document: `the inline policy of cluster ${cluster.id}'s Vector role`,
      size: measureDocument(AWS_LIMITS.iamInlinePoliciesPerRole, policyJson(vectorPermissions(inventory, cluster))),
      path: `/clusters/${index}`,
      remedy: "shorten the cluster id",
    },
    {
      limit: AWS_LIMITS.iamRoleTrustPolicySize,
      document: `the trust policy of cluster ${cluster.id}'s Vector role`,
      size: measureDocument(AWS_LIMITS.iamRoleTrustPolicySize, policyJson(vectorTrustPolicy(cluster))),
      path: `/clusters/${index}`,
      remedy: "shorten the OIDC issuer URL or the service account name",
    },
  ]);
}

/** Every limited document of the installation, measured. */
export function measureLimits(inventory: ResolvedInventory): LimitMeasurement[] {
  return [
    ...centralMeasurements(inventory),
    ...inventory.central.regions.flatMap((region, index) => regionMeasurements(inventory, region, index)),
    ...shardMeasurements(inventory),
    ...tenantMeasurements(inventory),
    ...clusterMeasurements(inventory),
  ];
}

function limitOwner(limit: AwsLimit): string {
  return "setBy" in limit && limit.setBy === "loghop" ? "loghop" : "AWS";
}

const UNITS = { characters: " characters", bytes: " bytes", count: "" } as const;

/** One problem per document over its limit: the document, its size, the limit, its source, what to change. */
export function limitProblems(inventory: ResolvedInventory): InventoryProblem[] {
  return measureLimits(inventory)
    .filter(({ limit, size }) => size > limit.max)
    .map(({ limit, document, size, path, remedy }) => {
      const amount = (n: number): string => `${n.toLocaleString("en-US")}${UNITS[limit.unit]}`;
      const counted = limit.unit === "characters" ? " (whitespace excluded)" : "";
      return {
        path,
        message:
          `${document} would be ${amount(size)}${counted}; ${limitOwner(limit)} allows at most ${amount(limit.max)} ` +
          `(${limit.name}, ${limit.source}): ${remedy}`,
      };
    });
}
