/**
 * Issue 14's large estate — 10,000 tenants, 500 clusters per region, 30 regions — is valid, and what
 * it synthesizes is within every AWS limit and loghop's resources per stack. The whole synth takes
 * minutes (`npm run bench:synth`, README "Performance"); here one whole region (its region stack
 * and all 16 lane stacks: the stacks that grow with clusters), the central stack (grows with
 * tenants) and a sample of customer and cluster stacks (each the same shape) are synthesized and
 * their documents measured.
 */
import { AWS_LIMITS, measureDocument, type AwsLimit } from "../../inventory/aws-limits";
import { resolveInventory } from "../../inventory/resolve";
import { validateInventoryValue } from "../../inventory/validate";
import { buildClusterManifests, buildProcessorEnvironment, buildTenantShards } from "../../generators/index";
import { CentralStack } from "../../stacks/central/central-stack";
import { ClusterStack } from "../../stacks/cluster/cluster-stack";
import { CustomerStack } from "../../stacks/customer/customer-stack";
import { tenantsWithCustomerStack } from "../../stacks/customer/customer-tenants";
import { laneGroups } from "../../stacks/lanes/lane-groups";
import { laneStackResourceCount } from "../../stacks/lanes/lane-resources";
import { measureLimits } from "../../stacks/limits/predict-limits";
import { regionNames } from "../../stacks/region/region-names";
import { estateRawInventory } from "./support/inventories";
import { addRegionWithLanes } from "./support/region-app";
import { fakeProcessorBundle, resourceCount, synthApp, type SynthResult } from "./support/synth";

const raw = estateRawInventory({ tenants: 10_000, clustersPerRegion: 500, regions: 30 });
const inventory = resolveInventory(raw);
const REGION = inventory.central.regions[0] as string;
let synth: SynthResult;
let bundle: ReturnType<typeof fakeProcessorBundle>;

beforeAll(() => {
  bundle = fakeProcessorBundle();
  synth = synthApp((app) => {
    addRegionWithLanes(app, {
      inventory,
      region: REGION,
      processorBundleDir: bundle.dir,
      tenantShards: buildTenantShards(inventory),
      processorEnvironment: buildProcessorEnvironment(inventory, REGION),
    });
    new CentralStack(app, { inventory });
    for (const tenant of tenantsWithCustomerStack(inventory).slice(0, 10)) {
      new CustomerStack(app, { inventory, tenant });
    }
    for (const cluster of inventory.clusters.filter((c) => c.region === REGION).slice(0, 10)) {
      new ClusterStack(app, { inventory, cluster, manifests: buildClusterManifests(inventory, cluster) });
    }
  });
}, 120_000);

afterAll(() => {
  synth.cleanup();
  bundle.cleanup();
});

/** Every `attribute` of every resource of `type`, over the synthesized stacks, as AWS receives it. */
function documents(type: string, attribute = "policy"): string[] {
  return synth.stackNames.flatMap((stack) =>
    Object.values(synth.resources(stack, type))
      .map((resource) => resource[attribute])
      .filter((value): value is string => typeof value === "string")
      .map((text) => text.replaceAll("$${", "${")),
  );
}

function largest(limit: AwsLimit, texts: readonly string[]): number {
  expect(texts.length).toBeGreaterThan(0);
  return Math.max(...texts.map((text) => measureDocument(limit, text)));
}

test("is valid: every AWS limit predicted within bounds", () => {
  expect(raw.tenants).toHaveLength(10_000);
  expect(raw.clusters).toHaveLength(15_000);
  expect(inventory.central.regions).toHaveLength(30);
  const result = validateInventoryValue(raw);
  expect(result.ok ? [] : result.problems.slice(0, 5)).toStrictEqual([]);
  const over = measureLimits(inventory).filter((m) => m.size > m.limit.max);
  expect(over).toStrictEqual([]);
});

test("the synthesized region measures within every limit, its bucket and key policies included", () => {
  expect(largest(AWS_LIMITS.s3BucketPolicySize, documents("aws_s3_bucket_policy"))).toBeLessThan(2_048);
  // 500 cluster accounts in the region: the key policy's one growing part.
  const key = largest(AWS_LIMITS.kmsKeyPolicySize, documents("aws_kms_key"));
  expect(key).toBeGreaterThan(15_000);
  expect(key).toBeLessThanOrEqual(AWS_LIMITS.kmsKeyPolicySize.max);
  const accessPoints = documents("aws_s3_access_point");
  expect(accessPoints).toHaveLength(500);
  expect(largest(AWS_LIMITS.s3AccessPointPolicySize, accessPoints)).toBeLessThan(1_024);
  for (const [limit, type] of [
    [AWS_LIMITS.snsTopicPolicySize, "aws_sns_topic_policy"],
    [AWS_LIMITS.sqsQueuePolicySize, "aws_sqs_queue_policy"],
  ] as const) {
    expect(largest(limit, documents(type))).toBeLessThanOrEqual(limit.max);
  }
  expect(largest(AWS_LIMITS.iamInlinePoliciesPerRole, documents("aws_iam_role_policy"))).toBeLessThanOrEqual(
    AWS_LIMITS.iamInlinePoliciesPerRole.max,
  );
  expect(
    largest(AWS_LIMITS.iamRoleTrustPolicySize, documents("aws_iam_role", "assume_role_policy")),
  ).toBeLessThanOrEqual(AWS_LIMITS.iamRoleTrustPolicySize.max);
  expect(largest(AWS_LIMITS.iamManagedPolicySize, documents("aws_iam_policy"))).toBeLessThanOrEqual(
    AWS_LIMITS.iamManagedPolicySize.max,
  );
  const items = documents("aws_dynamodb_table_item", "item");
  expect(largest(AWS_LIMITS.dynamodbItemSize, items)).toBeLessThanOrEqual(AWS_LIMITS.dynamodbItemSize.max);
});

test("no synthesized stack holds over 1,000 resources, and each lane stack holds what validation predicted", () => {
  const counts = synth.stackNames.map((name) => resourceCount(synth, name));
  expect(Math.max(...counts)).toBeLessThanOrEqual(AWS_LIMITS.stackResources.max);
  const lanes = laneGroups(inventory, REGION);
  expect(lanes).toHaveLength(16);
  const lanesNames = regionNames(inventory, REGION).lanes;
  expect(lanes.map((group) => resourceCount(synth, group.stackName))).toStrictEqual(
    lanes.map((group) => laneStackResourceCount(inventory, group, lanesNames)),
  );
  // The central stack does not grow with the 10,000 tenants (they are loghop-named: one pattern).
  expect(resourceCount(synth, "central")).toBeLessThan(20);
});
