/**
 * Lane stacks (`lanes-<region>-<group>`): every per-cluster resource of a region leaves the region
 * stack, each cluster's lane stays in one stack whatever other clusters come and go, and the
 * resource count `loghop validate` predicts is the one synthesized.
 */
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { shardTenantItems } from "../../generators/processor-config/tenant-shards";
import { AWS_LIMITS } from "../../inventory/aws-limits";
import { resolveInventory } from "../../inventory/resolve";
import type { ResolvedInventory } from "../../inventory/resolved";
import type { Inventory } from "../../inventory/types";
import { buildStacks, deploySteps } from "../../stacks/app";
import { clusterLaneStackName, LANE_GROUP_COUNT, laneGroup, laneGroups } from "../../stacks/lanes/lane-groups";
import { laneStackResourceCount } from "../../stacks/lanes/lane-resources";
import { LaneStack } from "../../stacks/lanes/lane-stack";
import { limitProblems, measureLimits } from "../../stacks/limits/predict-limits";
import { regionNames } from "../../stacks/region/region-names";
import { RegionStack } from "../../stacks/region/region-stack";
import { largeRawInventory } from "../support/inventory-factory";
import { exampleInventory, exampleRawInventory, withProcessorMode, withProcessorWorker } from "./support/inventories";
import { fakeProcessorBundle, laneStackNames, resourceCount, synthApp, type SynthResult } from "./support/synth";

let bundle: ReturnType<typeof fakeProcessorBundle>;
beforeAll(() => {
  bundle = fakeProcessorBundle();
});
afterAll(() => bundle.cleanup());

/** The region and lane stacks of every region (no tenant items: tenants are not what is measured here). */
function synthRegions(inventory: ResolvedInventory): SynthResult {
  return synthApp((app) => {
    for (const region of inventory.central.regions) {
      new RegionStack(app, {
        inventory,
        region,
        processorBundleDir: bundle.dir,
        tenantShards: shardTenantItems([]),
        processorEnvironment: {},
      });
      for (const group of laneGroups(inventory, region)) new LaneStack(app, { inventory, group });
    }
  });
}

/** Cluster id → the synthesized stack that holds its queue. */
function queueStacks(synth: SynthResult): Map<string, string> {
  const found = new Map<string, string>();
  for (const stack of synth.stackNames) {
    for (const id of Object.keys(synth.resources(stack, "aws_sqs_queue"))) {
      const match = /^processor-queue-(.+)$/.exec(id);
      if (match !== null) found.set(match[1] as string, stack);
    }
  }
  return found;
}

function estate(clusters: number): ResolvedInventory {
  return resolveInventory(largeRawInventory(40, clusters) as unknown as Inventory);
}

describe("lane groups", () => {
  test("a cluster's group is the first hex digit of sha256 of its id, one of 16", () => {
    expect(LANE_GROUP_COUNT).toBe(16);
    // sha256("eks-eu-1") = b…, sha256("rosa-eu-2") = 0…, sha256("eks-us-1") = 8…
    expect(["eks-eu-1", "rosa-eu-2", "eks-us-1"].map(laneGroup)).toStrictEqual(["b", "0", "8"]);
    const inventory = exampleInventory();
    expect(inventory.clusters.map(clusterLaneStackName)).toStrictEqual([
      "lanes-eu-west-1-b",
      "lanes-us-east-1-8",
      "lanes-eu-west-1-0",
    ]);
  });

  test("adding and removing other clusters never moves an existing cluster's lane (synthesized)", () => {
    const small = synthRegions(estate(20));
    const large = synthRegions(estate(60));
    // Remove every third of the first 20: the remaining ones must stay where they were.
    const raw = largeRawInventory(40, 20) as unknown as Inventory;
    const thinned = resolveInventory({ ...raw, clusters: raw.clusters.filter((_, i) => i % 3 !== 0) });
    const fewer = synthRegions(thinned);
    try {
      const before = queueStacks(small);
      expect(before.size).toBe(20);
      expect(new Set(before.values()).size).toBeGreaterThan(8);
      const after = queueStacks(large);
      expect(after.size).toBe(60);
      for (const [cluster, stack] of before) expect([cluster, after.get(cluster)]).toStrictEqual([cluster, stack]);
      const remaining = queueStacks(fewer);
      expect(remaining.size).toBe(13);
      for (const [cluster, stack] of remaining) expect([cluster, before.get(cluster)]).toStrictEqual([cluster, stack]);
      // Only non-empty groups get a stack.
      for (const stack of laneStackNames(fewer, "eu-west-1")) {
        expect(Object.keys(fewer.resources(stack, "aws_sqs_queue")).length).toBeGreaterThan(0);
      }
    } finally {
      small.cleanup();
      large.cleanup();
      fewer.cleanup();
    }
  });
});

describe("region stack size", () => {
  test("does not grow with the clusters: 20 and 120 clusters give the same resources", () => {
    const counts = [20, 120].map((clusters) => {
      const synth = synthRegions(estate(clusters));
      try {
        return synth.stackNames
          .filter((name) => name.startsWith("region-"))
          .map((name) => [name, resourceCount(synth, name)] as const);
      } finally {
        synth.cleanup();
      }
    });
    // Key and bucket (9), topic, its policy and the bucket notification (3), tables (2) and the one
    // (empty) tenant shard item, alarm topic, 8 region-wide alarms and the dashboard (10), the Lambda,
    // its log group, role and policy (4).
    expect(counts[0]).toStrictEqual([
      ["region-eu-west-1", 29],
      ["region-us-east-1", 29],
    ]);
    expect(counts[1]).toStrictEqual(counts[0]);
  });
});

describe("lane stack resources", () => {
  const worker = resolveInventory(withProcessorWorker(exampleRawInventory()));

  test("a lane of shape lambda: access point, queue, DLQ, policy, subscription, mapping and 3 alarms; a worker adds its role, policy and OIDC provider", () => {
    const synth = synthRegions(worker);
    try {
      const types = (stack: string): Record<string, number> =>
        Object.fromEntries(
          Object.entries(synth.stack(stack).resource ?? {}).map(([type, byId]) => [type, Object.keys(byId).length]),
        );
      const lane = {
        aws_cloudwatch_metric_alarm: 3,
        aws_lambda_event_source_mapping: 1,
        aws_s3_access_point: 1,
        aws_sns_topic_subscription: 1,
        aws_sqs_queue: 2,
        aws_sqs_queue_policy: 1,
      };
      expect(types("lanes-eu-west-1-0")).toStrictEqual(lane);
      expect(types("lanes-eu-west-1-b")).toStrictEqual({
        ...lane,
        aws_iam_openid_connect_provider: 1,
        aws_iam_role: 1,
        aws_iam_role_policy: 1,
      });
      // The region's pieces by synth-time name: no other stack's state is read.
      expect(synth.text("lanes-eu-west-1-b")).not.toMatch(/terraform_remote_state/);
      expect(synth.stack("lanes-eu-west-1-b").provider?.["aws"]?.[0]).toMatchObject({
        region: "eu-west-1",
        allowed_account_ids: ["111111111111"],
        assume_role: [{ role_arn: "arn:aws:iam::111111111111:role/loghop-deployer" }],
      });
    } finally {
      synth.cleanup();
    }
  });

  test.each([
    ["the example with a worker (lambda)", worker],
    ["the example in shape queue", withProcessorMode(withProcessorWorker(exampleRawInventory()), "queue")],
    ["120 clusters", estate(120)],
  ])("validation predicts exactly the synthesized count of every lane stack: %s", (_name, inventory) => {
    const synth = synthRegions(inventory);
    try {
      const predicted = inventory.central.regions.flatMap((region) =>
        laneGroups(inventory, region).map((group) => [
          group.stackName,
          laneStackResourceCount(inventory, group, regionNames(inventory, region).lanes),
        ]),
      );
      const synthesized = synth.stackNames
        .filter((name) => name.startsWith("lanes-"))
        .map((name) => [name, resourceCount(synth, name)]);
      expect(predicted.length).toBeGreaterThan(0);
      expect(Object.fromEntries(predicted)).toStrictEqual(Object.fromEntries(synthesized));
      // The same figures are what `loghop validate` measures against the loghop limit.
      const measured = measureLimits(inventory)
        .filter((m) => m.limit === AWS_LIMITS.stackResources)
        .map((m) => m.size);
      expect(measured).toStrictEqual(predicted.map(([, count]) => count));
    } finally {
      synth.cleanup();
    }
  });

  test("shape none: each lane stack holds its clusters' access points only (no queues)", () => {
    const none = withProcessorMode(exampleRawInventory(), "none");
    const synth = synthRegions(none);
    try {
      const lanes = synth.stackNames.filter((name) => name.startsWith("lanes-"));
      expect(lanes).toStrictEqual(["lanes-eu-west-1-0", "lanes-eu-west-1-b", "lanes-us-east-1-8"]);
      for (const name of lanes) {
        expect(Object.keys(synth.stack(name).resource ?? {})).toStrictEqual(["aws_s3_access_point"]);
        expect(synth.stack(name).data).toBeUndefined();
      }
      const predicted = none.central.regions.flatMap((region) =>
        laneGroups(none, region).map((group) => laneStackResourceCount(none, group, regionNames(none, region).lanes)),
      );
      expect(predicted).toStrictEqual([1, 1, 1]);
    } finally {
      synth.cleanup();
    }
  });
});

describe("the loghop limit on resources per stack", () => {
  /** `count` cluster ids that all hash to lane group 0. */
  function groupZeroIds(count: number): string[] {
    const ids: string[] = [];
    for (let i = 0; ids.length < count; i++) if (laneGroup(`c-${i}`) === "0") ids.push(`c-${i}`);
    return ids;
  }

  test("refuses a lane stack over 1,000 resources, naming the stack, the limit, the path and what to change", () => {
    // 9 resources per lane (shape lambda, no worker): 112 lanes in one group = 1,008.
    const raw = largeRawInventory(10, 112) as unknown as Inventory;
    const ids = groupZeroIds(112);
    const clusters = raw.clusters.map((cluster, i) => ({ ...cluster, id: ids[i] as string, region: "eu-west-1" }));
    const crowded = resolveInventory({ ...raw, clusters });
    const problems = limitProblems(crowded).filter((p) => p.message.includes("loghop: resources per stack"));
    expect(problems).toHaveLength(1);
    expect(problems[0]?.path).toBe("/clusters/0");
    expect(problems[0]?.message).toMatch(
      /^stack lanes-eu-west-1-0 \(112 clusters: c-\S+, .*\) would be 1,008; loghop allows at most 1,000 \(loghop: resources per stack, loghop's own limit, not an AWS quota: .*\): its clusters are grouped by the first hex digit of sha256\(cluster id\); move some of them to another region/,
    );
    // One lane fewer fits.
    const fits = resolveInventory({ ...raw, clusters: clusters.slice(1) });
    expect(limitProblems(fits).filter((p) => p.message.includes("resources per stack"))).toStrictEqual([]);
  });
});

describe("deploy order and the plan's steps", () => {
  test("lane stacks are deployed by us, after their region and before central", () => {
    const inventory = exampleInventory();
    const synth = synthApp((app) => {
      const stacks = buildStacks(app, inventory, { processorBundleDir: bundle.dir });
      const steps = deploySteps(stacks, inventory);
      expect(steps.map((s) => `${s.kind}:${s.stackName}`).slice(0, 6)).toStrictEqual([
        "region:region-eu-west-1",
        "region:region-us-east-1",
        "lanes:lanes-eu-west-1-0",
        "lanes:lanes-eu-west-1-b",
        "lanes:lanes-us-east-1-8",
        "central:central",
      ]);
      expect(steps.filter((s) => s.kind === "lanes").map((s) => [s.appliedBy, s.entity])).toStrictEqual([
        ["us", "eu-west-1"],
        ["us", "eu-west-1"],
        ["us", "us-east-1"],
      ]);
    });
    try {
      const manifest = JSON.parse(readFileSync(join(synth.outdir, "manifest.json"), "utf8")) as {
        stacks: Record<string, { dependencies: string[] }>;
      };
      expect(manifest.stacks["lanes-eu-west-1-b"]?.dependencies).toStrictEqual(["region-eu-west-1"]);
    } finally {
      synth.cleanup();
    }
  });
});
