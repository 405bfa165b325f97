/**
 * `loghop validate` predicts AWS's size and count limits: an estate one step beyond a limit is
 * refused with the limit named, one just under passes validate and synthesizes documents that
 * measure within every limit.
 */
import { AWS_LIMITS, measureDocument, type AwsLimit } from "../../inventory/aws-limits";
import { shardTenantItems } from "../../generators/processor-config/tenant-shards";
import { resolveInventory } from "../../inventory/resolve";
import type { Inventory } from "../../inventory/types";
import { validateInventoryValue } from "../../inventory/validate";
import { buildProcessorEnvironment } from "../../generators/processor-config/environment";
import { chunkAssumePolicies } from "../../stacks/central/assume-policies";
import { CentralStack } from "../../stacks/central/central-stack";
import { customerRoleArns } from "../../stacks/central/central-principals";
import { measureLimits } from "../../stacks/limits/predict-limits";
import { RegionStack } from "../../stacks/region/region-stack";
import { largeRawInventory } from "../support/inventory-factory";
import { fakeProcessorBundle, synthApp } from "./support/synth";

/** `clustersPerRegion` clusters in each of the two test regions, each carrying one tenant. */
function clusterEstate(clustersPerRegion: number): Inventory {
  return largeRawInventory(2 * clustersPerRegion, 2 * clustersPerRegion) as unknown as Inventory;
}

/** Problems of a validation, as `pointer: message` lines. */
function problems(raw: Inventory): string[] {
  const result = validateInventoryValue(raw);
  return result.ok ? [] : result.problems.map((p) => `${p.path}: ${p.message}`);
}

function expectWithin(limit: AwsLimit, text: string): void {
  expect(measureDocument(limit, text)).toBeLessThanOrEqual(limit.max);
}

/** Fewest tenants of the factory's estate whose role ARNs need more managed policies than IAM attaches to a role. */
function firstTenantCountOverManagedPolicies(): number {
  const arns = customerRoleArns(resolveInventory(largeRawInventory(1_500, 20) as unknown as Inventory));
  const over = (count: number): boolean =>
    chunkAssumePolicies(arns.slice(0, count)).length > AWS_LIMITS.iamManagedPoliciesPerRole.max;
  let [low, high] = [1, arns.length];
  while (low < high) {
    const middle = Math.floor((low + high) / 2);
    if (over(middle)) high = middle;
    else low = middle + 1;
  }
  return low;
}

describe("staging bucket policy: 20 KB, one statement per cluster of the region", () => {
  // Measured: the factory's cluster statements are ~321 bytes each; 59 fit, 60 do not.
  it("refuses 60 clusters in one region, naming the limit, the size and what to change", () => {
    const found = problems(clusterEstate(60));
    expect(found).toContainEqual(
      expect.stringMatching(
        /^\/central\/regions\/0: the staging bucket policy in \S+ \(60 clusters\) would be 20,672 bytes; AWS allows at most 20,480 bytes \(S3 bucket policy size \(20 KB\), https:\/\/docs\.aws\.amazon\.com\/AmazonS3\/.*\): move clusters/,
      ),
    );
  });

  it("accepts 59 clusters per region, and the synthesized region stack measures within every limit", () => {
    const raw = clusterEstate(59);
    expect(problems(raw)).toStrictEqual([]);
    const inventory = resolveInventory(raw);
    const region = inventory.central.regions[0] as string;
    const bundle = fakeProcessorBundle();
    try {
      const synth = synthApp((app) => {
        new RegionStack(app, {
          inventory,
          region,
          processorBundleDir: bundle.dir,
          tenantShards: shardTenantItems([]),
          processorEnvironment: buildProcessorEnvironment(inventory, region),
        });
      });
      const [name] = synth.stackNames;
      const policies = (type: string, attribute = "policy"): string[] =>
        Object.values(synth.resources(name as string, type)).map((r) => r[attribute] as string);
      const [bucketPolicy] = policies("aws_s3_bucket_policy");
      expect(measureDocument(AWS_LIMITS.s3BucketPolicySize, bucketPolicy as string)).toBeGreaterThan(19_000);
      expectWithin(AWS_LIMITS.s3BucketPolicySize, bucketPolicy as string);
      for (const policy of policies("aws_kms_key")) expectWithin(AWS_LIMITS.kmsKeyPolicySize, policy);
      for (const policy of policies("aws_sns_topic_policy")) expectWithin(AWS_LIMITS.snsTopicPolicySize, policy);
      const queuePolicies = policies("aws_sqs_queue_policy");
      expect(queuePolicies).toHaveLength(59);
      for (const policy of queuePolicies) expectWithin(AWS_LIMITS.sqsQueuePolicySize, policy);
      for (const policy of policies("aws_iam_role_policy")) expectWithin(AWS_LIMITS.iamInlinePoliciesPerRole, policy);
      for (const policy of policies("aws_iam_role", "assume_role_policy")) {
        expectWithin(AWS_LIMITS.iamRoleTrustPolicySize, policy);
      }
      const [fn] = Object.values(synth.resources(name as string, "aws_lambda_function"));
      const variables = (fn?.["environment"] as { variables: Record<string, string> }).variables;
      const envBytes = Object.entries(variables).reduce((sum, [k, v]) => sum + Buffer.byteLength(k + v), 0);
      expect(envBytes).toBeLessThanOrEqual(AWS_LIMITS.lambdaEnvironmentSize.max);
      synth.cleanup();
    } finally {
      bundle.cleanup();
    }
  });
});

describe("central role: 10 managed policies of 6,144 characters listing every tenant role", () => {
  const over = firstTenantCountOverManagedPolicies();

  it("refuses one tenant more than 10 managed policies hold, naming the limit", () => {
    const found = problems(largeRawInventory(over, 20) as unknown as Inventory);
    expect(found).toStrictEqual([
      `/tenants: the central role's AssumeRole policies (${over} enabled tenants' roles, 6144 characters each) ` +
        `would be 11; AWS allows at most 10 (IAM managed policies attached to one role, ` +
        `${AWS_LIMITS.iamManagedPoliciesPerRole.source}): split the tenants over several installations (prefixes), ` +
        `or raise the IAM quota and this limit`,
    ]);
  });

  it("accepts one tenant fewer, and synthesizes 10 managed policies each within 6,144 characters", () => {
    const raw = largeRawInventory(over - 1, 20) as unknown as Inventory;
    expect(problems(raw)).toStrictEqual([]);
    const synth = synthApp((app) => new CentralStack(app, { inventory: resolveInventory(raw) }));
    const policies = Object.values(synth.resources("central", "aws_iam_policy")).map((r) => r["policy"] as string);
    expect(policies).toHaveLength(10);
    for (const policy of policies) expectWithin(AWS_LIMITS.iamManagedPolicySize, policy);
    const [role] = Object.values(synth.resources("central", "aws_iam_role"));
    expectWithin(AWS_LIMITS.iamRoleTrustPolicySize, role?.["assume_role_policy"] as string);
    synth.cleanup();
  });
});

describe("central role trust policy: 2,048 characters, one processor role per region", () => {
  /** The factory's estate over `count` regions: its two regions, then ap-southeast-10, -11, … */
  function regionEstate(count: number): Inventory {
    const raw = largeRawInventory(4, 4) as unknown as Inventory;
    const extra = Array.from({ length: count - raw.central.regions.length }, (_, i) => `ap-southeast-${i + 10}`);
    return { ...raw, central: { ...raw.central, regions: [...raw.central.regions, ...extra] } };
  }

  // Measured: ~67 characters per region with these names; 29 regions fit, 30 do not.
  it("refuses 30 regions, naming the limit", () => {
    expect(problems(regionEstate(30))).toStrictEqual([
      `/central/regions: the central role's trust policy (30 processor roles) would be 2,103 characters ` +
        `(whitespace excluded); AWS allows at most 2,048 characters (IAM role trust policy size, ` +
        `${AWS_LIMITS.iamRoleTrustPolicySize.source}): use fewer regions per installation (several prefixes), ` +
        `or raise the IAM quota and this limit`,
    ]);
  });

  it("accepts 29 regions, and the synthesized trust policy is within 2,048 characters", () => {
    const raw = regionEstate(29);
    expect(problems(raw)).toStrictEqual([]);
    const synth = synthApp((app) => new CentralStack(app, { inventory: resolveInventory(raw) }));
    const [role] = Object.values(synth.resources("central", "aws_iam_role"));
    const trust = role?.["assume_role_policy"] as string;
    expect(JSON.parse(trust).Statement[0].Principal.AWS).toHaveLength(29);
    expectWithin(AWS_LIMITS.iamRoleTrustPolicySize, trust);
    synth.cleanup();
  });
});

describe("the limits table", () => {
  it("has no limit that validation never measures", () => {
    const inventory = resolveInventory(largeRawInventory(20, 4) as unknown as Inventory);
    const measured = new Set(measureLimits(inventory).map(({ limit }) => limit));
    const unmeasured = Object.entries(AWS_LIMITS)
      .filter(([, limit]) => !measured.has(limit))
      .map(([id]) => id);
    expect(unmeasured).toStrictEqual([]);
  });

  it("cites an AWS documentation page for every limit", () => {
    for (const limit of Object.values(AWS_LIMITS)) expect(limit.source).toMatch(/^https:\/\/docs\.aws\.amazon\.com\//);
  });
});
