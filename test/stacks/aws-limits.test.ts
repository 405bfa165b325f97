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
import { limitProblems, measureLimits } from "../../stacks/limits/predict-limits";
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

/** Only the limit problems (the other rules are not under test here), as `pointer: message` lines. */
function limitProblemsOf(raw: Inventory): string[] {
  return limitProblems(resolveInventory(raw)).map((p) => `${p.path}: ${p.message}`);
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

/** `clustersPerRegion` clusters in each of the two test regions, every cluster in its own AWS account. */
function accountPerClusterEstate(clustersPerRegion: number): Inventory {
  const raw = clusterEstate(clustersPerRegion);
  raw.clusters.forEach((cluster, index) => {
    (cluster as { accountId: string }).accountId = String(500_000_000_000 + index);
  });
  return raw;
}

function measured(raw: Inventory, limit: AwsLimit): number[] {
  return measureLimits(resolveInventory(raw))
    .filter((m) => m.limit === limit)
    .map((m) => m.size);
}

describe("staging bucket policy: constant, whatever the clusters (writes are delegated to access points)", () => {
  it("is the same size for 2 clusters per region and for 2,000 clusters in 2,000 accounts", () => {
    const small = measured(clusterEstate(2), AWS_LIMITS.s3BucketPolicySize);
    expect(small).toHaveLength(2);
    expect(measured(accountPerClusterEstate(2_000), AWS_LIMITS.s3BucketPolicySize)).toStrictEqual(small);
    expect(small[0]).toBeLessThan(AWS_LIMITS.s3BucketPolicySize.max / 10);
  });

  it("gives every cluster its own access point policy, of constant size, far inside 20 KB", () => {
    const sizes = measured(clusterEstate(300), AWS_LIMITS.s3AccessPointPolicySize);
    expect(sizes).toHaveLength(600);
    expect(Math.max(...sizes)).toBeLessThan(1_024);
  });
});

describe("S3 access points: one per cluster, 10,000 per account and Region", () => {
  it("refuses the 10,001st cluster of a region, naming the quota and that it is adjustable", () => {
    const raw = largeRawInventory(2, 10_001) as unknown as Inventory;
    raw.clusters.forEach((cluster) => ((cluster as { region: string }).region = "eu-west-1"));
    const found = limitProblemsOf(raw).filter((p) => p.includes("access points per account per Region"));
    expect(found).toStrictEqual([
      expect.stringMatching(
        /^\/central\/regions\/0: the clusters' access points in eu-west-1 \(10001 clusters\) would be 10,001; AWS allows at most 10,000 \(S3 access points per account per Region, https:\/\/docs\.aws\.amazon\.com\/AmazonS3\/.*\): move clusters .*raise the quota/,
      ),
    ]);
    const fits = { ...raw, clusters: raw.clusters.slice(1) };
    expect(limitProblemsOf(fits).filter((p) => p.includes("access points per account per Region"))).toStrictEqual([]);
  });
});

describe("KMS key policy: 32 KB, grows only with the accounts that have a cluster in the region", () => {
  // Each account costs its root ARN in the grant's Principal; the roles are matched by name pattern.
  const over = firstOver(100, 2_000, (n) => exceeds(accountPerClusterEstate(n), AWS_LIMITS.kmsKeyPolicySize));

  it("holds over 900 cluster accounts per region, and any number of clusters in fewer accounts", () => {
    expect(over).toBeGreaterThan(900);
    // The factory's clusters share one account: 2,000 clusters per region leave the key policy as it was.
    expect(measured(clusterEstate(2_000), AWS_LIMITS.kmsKeyPolicySize)).toStrictEqual(
      measured(clusterEstate(2), AWS_LIMITS.kmsKeyPolicySize),
    );
  });

  it("refuses one account more than fits, naming the limit, the size and what to change", () => {
    expect(problems(accountPerClusterEstate(over))).toContainEqual(
      expect.stringMatching(
        new RegExp(
          `^/central/regions/0: the pipeline key policy \\(clusters in ${over} accounts\\) in \\S+ \\(${over} clusters\\) would be [0-9,]+ bytes; ` +
            `AWS allows at most 32,768 bytes \\(KMS key policy size \\(32 KB\\), https://docs\\.aws\\.amazon\\.com/kms/.*\\): the key policy lists each account`,
        ),
      ),
    );
  });

  it("accepts one fewer, and the synthesized region and lane stacks measure within every limit", () => {
    const raw = accountPerClusterEstate(over - 1);
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
        // Lane stacks hold per-cluster documents only, each the same shape: two groups show them.
        for (const group of laneGroups(inventory, region).slice(0, 2)) new LaneStack(app, { inventory, group });
      });
      const name = `region-${region}`;
      const policies = (type: string, attribute = "policy"): string[] =>
        synth.stackNames.flatMap((stack) =>
          Object.values(synth.resources(stack, type)).map((r) => (r[attribute] as string).replaceAll("$${", "${")),
        );
      const [keyPolicy] = policies("aws_kms_key");
      expect(measureDocument(AWS_LIMITS.kmsKeyPolicySize, keyPolicy as string)).toBeGreaterThan(32_000);
      expectWithin(AWS_LIMITS.kmsKeyPolicySize, keyPolicy as string);
      for (const policy of policies("aws_s3_bucket_policy")) expectWithin(AWS_LIMITS.s3BucketPolicySize, policy);
      const accessPoints = policies("aws_s3_access_point");
      expect(accessPoints.length).toBeGreaterThan(50);
      for (const policy of accessPoints) expectWithin(AWS_LIMITS.s3AccessPointPolicySize, policy);
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
