/** The in-cluster worker's IRSA role: the Lambda's permissions exactly, trusted only by its service account. */
import { oidcIssuerHost } from "../../inventory/names";
import { buildTenantShards, shardTenantItems } from "../../generators/processor-config/tenant-shards";
import { buildProcessorEnvironment } from "../../generators";
import { RegionStack } from "../../stacks/region/region-stack";
import { centralRoleTrustedArns } from "../../stacks/central/central-stack";
import { exampleRawInventory, withProcessorMode, withProcessorWorker } from "./support/inventories";
import { fakeProcessorBundle, policyOf, synthApp, type SynthResult } from "./support/synth";
import { resolveInventory } from "../../inventory/resolve";

const raw = withProcessorWorker(exampleRawInventory());
const inventory = resolveInventory(raw);
const EKS_EU_1 = inventory.clusters.find((c) => c.id === "eks-eu-1")!;
const WORKER_ROLE = "arn:aws:iam::111111111111:role/loghop/lh-prod/processor/lh-prod-eks-eu-1-worker";
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
    }
  });
});

afterAll(() => {
  synth.cleanup();
  bundle.cleanup();
});

describe("worker role (the example with a worker on eks-eu-1, account 555555555555, central 111111111111)", () => {
  test("exists only in the region stack of the cluster's region", () => {
    expect(Object.keys(synth.resources("region-eu-west-1", "aws_iam_role")).sort()).toStrictEqual([
      "processor-role",
      "worker-role-eks-eu-1",
    ]);
    expect(Object.keys(synth.resources("region-us-east-1", "aws_iam_role"))).toStrictEqual(["processor-role"]);
  });

  test("has exactly the Lambda role's policy document (same builder, same region)", () => {
    const policies = synth.resources("region-eu-west-1", "aws_iam_role_policy");
    const worker = policies["worker-role-policy-eks-eu-1"]!;
    expect(worker["role"]).toBe("${aws_iam_role.worker-role-eks-eu-1.name}");
    expect(policyOf(worker)).toStrictEqual(policyOf(policies["processor-role-policy"]!));
    // The document is the processor's: it reads staged objects and assumes the central role, and nothing wider.
    expect(JSON.stringify(policyOf(worker))).toContain('"sts:AssumeRole"');
    expect(JSON.stringify(policyOf(worker))).not.toMatch(/"\*"|:root"/);
  });

  test("trusts only its own service account of its own cluster, through a provider in the central account", () => {
    const role = synth.resources("region-eu-west-1", "aws_iam_role")["worker-role-eks-eu-1"]!;
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
    const provider = synth.only("region-eu-west-1", "aws_iam_openid_connect_provider");
    expect(provider["url"]).toBe(EKS_EU_1.oidcIssuerUrl);
    expect(provider["client_id_list"]).toStrictEqual(["sts.amazonaws.com"]);
    expect(role["depends_on"]).toStrictEqual(["aws_iam_openid_connect_provider.worker-oidc-provider-eks-eu-1"]);
  });

  test("a cluster in the central account reuses its own provider (IAM holds one per issuer)", () => {
    const local = resolveInventory({
      ...raw,
      clusters: raw.clusters.map((c) => (c.id === "eks-eu-1" ? { ...c, accountId: raw.central.accountId } : c)),
    });
    const result = synthApp(
      (app) =>
        new RegionStack(app, {
          inventory: local,
          region: "eu-west-1",
          processorBundleDir: bundle.dir,
          tenantShards: shardTenantItems([]),
          processorEnvironment: buildProcessorEnvironment(local, "eu-west-1"),
        }),
    );
    try {
      expect(result.resources("region-eu-west-1", "aws_iam_openid_connect_provider")).toStrictEqual({});
      const role = result.resources("region-eu-west-1", "aws_iam_role")["worker-role-eks-eu-1"]!;
      const cluster = local.clusters.find((c) => c.id === "eks-eu-1")!;
      expect(policyOf(role, "assume_role_policy").Statement[0]?.Principal).toStrictEqual({
        Federated: cluster.oidcProviderArn,
      });
    } finally {
      result.cleanup();
    }
  });

  test("the central role trusts it in shapes lambda and queue, not in none (no queues, no worker role)", () => {
    expect(centralRoleTrustedArns(inventory)).toContain(WORKER_ROLE);
    expect(centralRoleTrustedArns(withProcessorMode(raw, "queue"))).toContain(WORKER_ROLE);
    expect(centralRoleTrustedArns(withProcessorMode(raw, "none"))).not.toContain(WORKER_ROLE);
  });
});

test("the example without a worker has no worker role and no OIDC provider in the central account", () => {
  const plain = resolveInventory(exampleRawInventory());
  expect(centralRoleTrustedArns(plain)).not.toContain(WORKER_ROLE);
});
