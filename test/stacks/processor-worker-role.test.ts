/** The in-cluster worker's IRSA role: the Lambda's permissions exactly, trusted only by its service account. */
import { oidcIssuerHost } from "../../inventory/names";
import { buildTenantShards } from "../../generators/processor-config/tenant-shards";
import { buildProcessorEnvironment } from "../../generators";
import { RegionStack } from "../../stacks/region/region-stack";
import { clusterLaneStackName, laneGroups } from "../../stacks/lanes/lane-groups";
import { LaneStack } from "../../stacks/lanes/lane-stack";
import { centralTrustPolicy } from "../../stacks/central/central-principals";
import { trustAdmits } from "../support/iam-eval";
import { exampleRawInventory, withProcessorMode, withProcessorWorker } from "./support/inventories";
import { fakeProcessorBundle, laneResources, policyOf, synthApp, type SynthResult } from "./support/synth";
import { resolveInventory } from "../../inventory/resolve";

const raw = withProcessorWorker(exampleRawInventory());
const inventory = resolveInventory(raw);
const EKS_EU_1 = inventory.clusters.find((c) => c.id === "eks-eu-1")!;
const WORKER_ROLE = "arn:aws:iam::111111111111:role/loghop/lh-prod/processor/lh-prod-eks-eu-1-worker";
/** eks-eu-1's lane stack: sha256("eks-eu-1") starts with b. */
const LANE = "lanes-eu-west-1-b";
let synth: SynthResult;
let bundle: ReturnType<typeof fakeProcessorBundle>;

beforeAll(() => {
  bundle = fakeProcessorBundle();
  synth = synthApp((app) => {
    for (const region of inventory.central.regions) {
      new RegionStack(app, {
        inventory,
        region,
        processorBundleDir: bundle.dir,
        tenantShards: buildTenantShards(inventory),
        processorEnvironment: buildProcessorEnvironment(inventory, region),
      });
      for (const group of laneGroups(inventory, region)) new LaneStack(app, { inventory, group });
    }
  });
});

afterAll(() => {
  synth.cleanup();
  bundle.cleanup();
});

describe("worker role (the example with a worker on eks-eu-1, account 555555555555, central 111111111111)", () => {
  test("exists only in the cluster's lane stack, of the cluster's region", () => {
    expect(clusterLaneStackName(EKS_EU_1)).toBe(LANE);
    expect(Object.keys(synth.resources("region-eu-west-1", "aws_iam_role"))).toStrictEqual(["processor-role"]);
    expect(Object.keys(synth.resources(LANE, "aws_iam_role"))).toStrictEqual(["worker-role-eks-eu-1"]);
    expect(Object.keys(laneResources(synth, "eu-west-1", "aws_iam_role"))).toStrictEqual(["worker-role-eks-eu-1"]);
    expect(Object.keys(synth.resources("region-us-east-1", "aws_iam_role"))).toStrictEqual(["processor-role"]);
    expect(laneResources(synth, "us-east-1", "aws_iam_role")).toStrictEqual({});
  });

  test("has exactly the Lambda role's policy document (same builder, same region, the same key by its alias)", () => {
    const worker = synth.resources(LANE, "aws_iam_role_policy")["worker-role-policy-eks-eu-1"]!;
    const lambda = synth.resources("region-eu-west-1", "aws_iam_role_policy")["processor-role-policy"]!;
    expect(worker["role"]).toBe("${aws_iam_role.worker-role-eks-eu-1.name}");
    // The lane stack reads the key's ARN from the region's alias; the region stack names its own key.
    const keyOf = (text: string, ref: string) => text.replace(ref, "KEY");
    expect(
      JSON.parse(keyOf(String(worker["policy"]), "${data.aws_kms_alias.pipeline-key.target_key_arn}")),
    ).toStrictEqual(JSON.parse(keyOf(String(lambda["policy"]), "${aws_kms_key.pipeline-key.arn}")));
    expect(synth.stack(LANE)).toMatchObject({
      data: { aws_kms_alias: { "pipeline-key": { name: "alias/lh-prod-pipeline" } } },
    });
    // The document is the processor's: it reads staged objects and assumes the central role, and nothing wider.
    expect(JSON.stringify(policyOf(worker))).toContain('"sts:AssumeRole"');
    expect(JSON.stringify(policyOf(worker))).not.toMatch(/"\*"|:root"/);
  });

  test("trusts only its own service account of its own cluster, through a provider in the central account", () => {
    const role = synth.resources(LANE, "aws_iam_role")["worker-role-eks-eu-1"]!;
    const issuer = oidcIssuerHost(EKS_EU_1.oidcIssuerUrl);
    expect(role["name"]).toBe("lh-prod-eks-eu-1-worker");
    expect(policyOf(role, "assume_role_policy").Statement).toStrictEqual([
      {
        Effect: "Allow",
        Principal: { Federated: `arn:aws:iam::111111111111:oidc-provider/${issuer}` },
        Action: "sts:AssumeRoleWithWebIdentity",
        Condition: {
          StringEquals: {
            [`${issuer}:sub`]: "system:serviceaccount:loghop-processor:processor-worker",
            [`${issuer}:aud`]: "sts.amazonaws.com",
          },
        },
      },
    ]);
    // The cluster is in another account: its issuer is registered in the central account, before the role.
    expect(synth.resources("region-eu-west-1", "aws_iam_openid_connect_provider")).toStrictEqual({});
    const provider = synth.only(LANE, "aws_iam_openid_connect_provider");
    expect(provider["url"]).toBe(EKS_EU_1.oidcIssuerUrl);
    expect(provider["client_id_list"]).toStrictEqual(["sts.amazonaws.com"]);
    expect(role["depends_on"]).toStrictEqual(["aws_iam_openid_connect_provider.worker-oidc-provider-eks-eu-1"]);
  });

  test("a cluster in the central account reuses its own provider (IAM holds one per issuer)", () => {
    const local = resolveInventory({
      ...raw,
      clusters: raw.clusters.map((c) => (c.id === "eks-eu-1" ? { ...c, accountId: raw.central.accountId } : c)),
    });
    const result = synthApp((app) => {
      for (const group of laneGroups(local, "eu-west-1")) new LaneStack(app, { inventory: local, group });
    });
    try {
      expect(result.resources(LANE, "aws_iam_openid_connect_provider")).toStrictEqual({});
      const role = result.resources(LANE, "aws_iam_role")["worker-role-eks-eu-1"]!;
      const cluster = local.clusters.find((c) => c.id === "eks-eu-1")!;
      expect(policyOf(role, "assume_role_policy").Statement[0]?.Principal).toStrictEqual({
        Federated: cluster.oidcProviderArn,
      });
    } finally {
      result.cleanup();
    }
  });

  test("the central role trusts it in shapes lambda and queue, not in none (no queues, no worker role)", () => {
    expect(trustAdmits(centralTrustPolicy(inventory), WORKER_ROLE)).toBe(true);
    expect(trustAdmits(centralTrustPolicy(withProcessorMode(raw, "queue")), WORKER_ROLE)).toBe(true);
    expect(trustAdmits(centralTrustPolicy(withProcessorMode(raw, "none")), WORKER_ROLE)).toBe(false);
  });
});

test("the example without a worker has no worker role and no OIDC provider in the central account", () => {
  const plain = resolveInventory(exampleRawInventory());
  const result = synthApp((app) => {
    for (const region of plain.central.regions) {
      for (const group of laneGroups(plain, region)) new LaneStack(app, { inventory: plain, group });
    }
  });
  try {
    for (const region of plain.central.regions) {
      expect(Object.keys(laneResources(result, region, "aws_iam_role"))).toStrictEqual([]);
      expect(Object.keys(laneResources(result, region, "aws_iam_openid_connect_provider"))).toStrictEqual([]);
    }
  } finally {
    result.cleanup();
  }
});
