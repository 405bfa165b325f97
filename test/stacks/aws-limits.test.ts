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
import { centralAssumeDocuments } from "../../stacks/central/assume-policies";
import { CentralStack } from "../../stacks/central/central-stack";
import { centralAssumeTargets } from "../../stacks/central/central-principals";
import { measureLimits } from "../../stacks/limits/predict-limits";
import { RegionStack } from "../../stacks/region/region-stack";
import { laneGroups } from "../../stacks/lanes/lane-groups";
import { LaneStack } from "../../stacks/lanes/lane-stack";
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

/** Smallest n in [low, high] for which `over(n)` holds (`over` is monotonic). */
function firstOver(low: number, high: number, over: (n: number) => boolean): number {
  while (low < high) {
    const middle = Math.floor((low + high) / 2);
    if (over(middle)) high = middle;
    else low = middle + 1;
  }
  return low;
}

/** Whether a measured document of the inventory exceeds `limit`. */
function exceeds(raw: Inventory, limit: AwsLimit): boolean {
  return measureLimits(resolveInventory(raw)).some((m) => m.limit === limit && m.size > m.limit.max);
}

describe("staging bucket policy: 20 KB, one statement for every cluster of the region", () => {
  // Each cluster costs its Vector role's ARN in the statement's condition (+ its account root
  // once per account): the factory's clusters share one account.
  const over = firstOver(60, 600, (n) => exceeds(clusterEstate(n), AWS_LIMITS.s3BucketPolicySize));

  it("holds five times the 59 clusters per region of one statement per cluster", () => {
    expect(over).toBeGreaterThan(5 * 59);
  });

  it("refuses one cluster more than fits, naming the limit, the size and what to change", () => {
    expect(problems(clusterEstate(over))).toContainEqual(
      expect.stringMatching(
        new RegExp(
          `^/central/regions/0: the staging bucket policy in \\S+ \\(${over} clusters\\) would be [0-9,]+ bytes; ` +
            `AWS allows at most 20,480 bytes \\(S3 bucket policy size \\(20 KB\\), https://docs\\.aws\\.amazon\\.com/AmazonS3/.*\\): move clusters`,
        ),
      ),
    );
  });

  it("accepts one fewer, and the synthesized region stack measures within every limit", () => {
    const raw = clusterEstate(over - 1);
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
        for (const group of laneGroups(inventory, region)) new LaneStack(app, { inventory, group });
      });
      const name = `region-${region}`;
      const policies = (type: string, attribute = "policy"): string[] =>
        synth.stackNames.flatMap((stack) =>
          Object.values(synth.resources(stack, type)).map((r) => (r[attribute] as string).replaceAll("$${", "${")),
        );
      const [bucketPolicy] = policies("aws_s3_bucket_policy");
      expect(measureDocument(AWS_LIMITS.s3BucketPolicySize, bucketPolicy as string)).toBeGreaterThan(20_000);
      expectWithin(AWS_LIMITS.s3BucketPolicySize, bucketPolicy as string);
      for (const policy of policies("aws_kms_key")) expectWithin(AWS_LIMITS.kmsKeyPolicySize, policy);
      for (const policy of policies("aws_sns_topic_policy")) expectWithin(AWS_LIMITS.snsTopicPolicySize, policy);
      for (const policy of policies("aws_sqs_queue_policy")) expectWithin(AWS_LIMITS.sqsQueuePolicySize, policy);
      for (const policy of policies("aws_iam_role_policy")) expectWithin(AWS_LIMITS.iamInlinePoliciesPerRole, policy);
      for (const policy of policies("aws_iam_role", "assume_role_policy")) {
        expectWithin(AWS_LIMITS.iamRoleTrustPolicySize, policy);
      }
      const [fn] = Object.values(synth.resources(name, "aws_lambda_function"));
      const variables = (fn?.["environment"] as { variables: Record<string, string> }).variables;
      const envBytes = Object.entries(variables).reduce((sum, [k, v]) => sum + Buffer.byteLength(k + v), 0);
      expect(envBytes).toBeLessThanOrEqual(AWS_LIMITS.lambdaEnvironmentSize.max);
      synth.cleanup();
    } finally {
      bundle.cleanup();
    }
  });
});

describe("central role: the loghop name pattern, plus tenant-owned roles listed in 10 managed policies", () => {
  /** `count` tenants, every one with its own deliveryRoleArn (not under loghop's name). */
  function ownedRoleEstate(count: number): Inventory {
    const raw = largeRawInventory(count, 20) as unknown as Inventory;
    return {
      ...raw,
      tenants: raw.tenants.map((tenant) => {
        const { deployRoleArn: _unused, ...rest } = tenant as typeof tenant & { deployRoleArn?: string };
        return { ...rest, deliveryRoleArn: `arn:aws:iam::${tenant.accountId}:role/platform/logging/LoghopDelivery` };
      }),
    } as Inventory;
  }

  it("10,000 loghop-named tenants need one managed policy of one statement", () => {
    const inventory = resolveInventory(largeRawInventory(10_000, 20) as unknown as Inventory);
    const documents = centralAssumeDocuments(centralAssumeTargets(inventory));
    expect(documents.map((d) => d.Statement.map((s) => s.Resource))).toStrictEqual([
      [`arn:aws:iam::*:role/${inventory.prefix}-*-delivery`],
    ]);
  });

  const over = firstOver(100, 2_000, (n) => exceeds(ownedRoleEstate(n), AWS_LIMITS.iamManagedPoliciesPerRole));

  it("refuses one tenant-owned role more than the 9 list policies beside the pattern hold, naming the limit", () => {
    expect(problems(ownedRoleEstate(over))).toStrictEqual([
      `/tenants: the central role's AssumeRole policies (the loghop name pattern; ${over} tenant-owned delivery ` +
        `roles allowed, 0 disabled tenants' roles denied; 6144 characters each) would be 11; AWS allows at most 10 ` +
        `(IAM managed policies attached to one role, ${AWS_LIMITS.iamManagedPoliciesPerRole.source}): give tenants ` +
        `loghop-named delivery roles (drop deliveryRoleArn), remove long-disabled tenants, or split the tenants ` +
        `over several installations (prefixes)`,
    ]);
  });

  it("accepts one fewer, and synthesizes 10 managed policies each within 6,144 characters", () => {
    const raw = ownedRoleEstate(over - 1);
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

describe("central role trust policy: one statement for the processor roles' IAM path, whatever the regions", () => {
  /** The factory's estate over `count` regions: its two regions, then ap-southeast-10, -11, … */
  function regionEstate(count: number): Inventory {
    const raw = largeRawInventory(4, 4) as unknown as Inventory;
    const extra = Array.from({ length: count - raw.central.regions.length }, (_, i) => `ap-southeast-${i + 10}`);
    return { ...raw, central: { ...raw.central, regions: [...raw.central.regions, ...extra] } };
  }

  it("accepts 40 regions (29 was the ceiling of one ARN per region), with the same trust policy as 2", () => {
    const raw = regionEstate(40);
    expect(problems(raw)).toStrictEqual([]);
    const trust = (inventory: Inventory): string => {
      const synth = synthApp((app) => new CentralStack(app, { inventory: resolveInventory(inventory) }));
      try {
        return Object.values(synth.resources("central", "aws_iam_role"))[0]?.["assume_role_policy"] as string;
      } finally {
        synth.cleanup();
      }
    };
    const forty = trust(raw);
    expect(forty).toBe(trust(regionEstate(2)));
    expectWithin(AWS_LIMITS.iamRoleTrustPolicySize, forty);
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

  it("cites an AWS documentation page for every AWS limit, and says loghop's own are not AWS quotas", () => {
    for (const limit of Object.values(AWS_LIMITS)) {
      if ("setBy" in limit && limit.setBy === "loghop") {
        expect(limit.name).toMatch(/^loghop: /);
        expect(limit.source).toMatch(/not an AWS quota/);
      } else expect(limit.source).toMatch(/^https:\/\/docs\.aws\.amazon\.com\//);
    }
  });
});
