/** The whole app on the example inventory: exactly the agreed stacks, their order, one source for shared data. */
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { parse } from "yaml";
import {
  buildClusterManifests,
  buildProcessorEnvironment,
  buildTenantDeliveryItems,
  buildTenantShards,
} from "../../generators/index";
import { buildStacks } from "../../stacks/app";
import { policyDocument, terraformPolicyJson } from "../../stacks/common/policy-documents";
import { exampleInventory, exampleWithOwnedRole, GLOBEX_OWN_ROLE } from "./support/inventories";
import { fakeProcessorBundle, synthApp, type SynthResult } from "./support/synth";
import { writtenShards } from "./support/tenant-shards";

const inventory = exampleInventory();
let synth: SynthResult;
let bundle: ReturnType<typeof fakeProcessorBundle>;

beforeAll(() => {
  bundle = fakeProcessorBundle();
  synth = synthApp((app) => buildStacks(app, inventory, { processorBundleDir: bundle.dir }));
});
afterAll(() => {
  synth.cleanup();
  bundle.cleanup();
});

interface ManifestJson {
  stacks: Record<string, { dependencies: string[] }>;
}

test("the app has exactly central, region-<region>, lanes-<region>-<group>, customer-<tenant> and cluster-<cluster> stacks", () => {
  // Lane groups: the first hex digit of sha256(cluster id) — eks-eu-1 → b, rosa-eu-2 → 0, eks-us-1 → 8.
  expect(synth.stackNames).toStrictEqual([
    "central",
    "cluster-eks-eu-1",
    "cluster-eks-us-1",
    "cluster-rosa-eu-2",
    "customer-globex",
    "customer-initech",
    "customer-umbrella",
    "lanes-eu-west-1-0",
    "lanes-eu-west-1-b",
    "lanes-us-east-1-8",
    "region-eu-west-1",
    "region-us-east-1",
  ]);
});

test("deploy order: region → its lanes → central → customer, and each cluster after its region, its lane and central", () => {
  const manifest = JSON.parse(readFileSync(join(synth.outdir, "manifest.json"), "utf8")) as ManifestJson;
  const dependencies = Object.fromEntries(
    Object.entries(manifest.stacks).map(([name, stack]) => [name, [...stack.dependencies].sort()]),
  );
  expect(dependencies).toStrictEqual({
    "region-eu-west-1": [],
    "region-us-east-1": [],
    "lanes-eu-west-1-0": ["region-eu-west-1"],
    "lanes-eu-west-1-b": ["region-eu-west-1"],
    "lanes-us-east-1-8": ["region-us-east-1"],
    central: ["lanes-eu-west-1-0", "lanes-eu-west-1-b", "lanes-us-east-1-8", "region-eu-west-1", "region-us-east-1"],
    "customer-globex": ["central"],
    "customer-initech": ["central"],
    "customer-umbrella": ["central"],
    "cluster-eks-eu-1": ["central", "lanes-eu-west-1-b", "region-eu-west-1"],
    "cluster-eks-us-1": ["central", "lanes-us-east-1-8", "region-us-east-1"],
    "cluster-rosa-eu-2": ["central", "lanes-eu-west-1-0", "region-eu-west-1"],
  });
});

test("no stack reads another's state: values cross stacks as synth-time names", () => {
  for (const stack of synth.stackNames) {
    expect(synth.text(stack)).not.toMatch(/terraform_remote_state/);
  }
});

test("no IAM policy variable reaches Terraform unescaped: `${aws:…}` is written `$${aws:…}` everywhere", () => {
  // Terraform would read a bare `${aws:PrincipalTag/…}` as an interpolation and fail the plan.
  // A policy variable has a colon after `${`; Terraform's own references never do.
  let escaped = 0;
  for (const stack of synth.stackNames) {
    const text = synth.text(stack);
    expect(text).not.toMatch(/(?<!\$)\$\{[A-Za-z0-9]+:/);
    escaped += (text.match(/\$\$\{aws:/g) ?? []).length;
  }
  // No policy of the example uses one today (writes are bound by access points, not principal
  // tags); the escaping that would keep one intact through synth is checked on its own.
  expect(escaped).toBe(0);
  const document = policyDocument([
    { Effect: "Allow", Action: "s3:PutObject", Resource: "arn:aws:s3:::b/${aws:PrincipalTag/team}/*" },
  ]);
  expect(terraformPolicyJson(document)).toContain("arn:aws:s3:::b/$${aws:PrincipalTag/team}/*");
  expect(
    terraformPolicyJson(policyDocument([{ Effect: "Allow", Action: "s3:*", Resource: "${TfToken[1]}" }])),
  ).toContain('"${TfToken[1]}"');
});

test("every region's tenant table gets the generators' shard items, holding every delivery item unchanged", () => {
  const layout = buildTenantShards(inventory);
  const expected = Object.fromEntries(layout.shards.map((shard) => [shard.item["tenantId"]!.S!, shard.item]));
  for (const region of inventory.central.regions) {
    const written = writtenShards(synth, `region-${region}`);
    expect(written.items).toStrictEqual(expected);
    expect(written.deliveries).toStrictEqual(buildTenantDeliveryItems(inventory));
  }
});

test("each region's processor gets the generators' environment for that region", () => {
  for (const region of inventory.central.regions) {
    expect(synth.only(`region-${region}`, "aws_lambda_function")["environment"]).toStrictEqual({
      variables: buildProcessorEnvironment(inventory, region),
    });
  }
});

test("each cluster stack applies exactly the generators' objects (the same as k8s-out/)", () => {
  for (const cluster of inventory.clusters) {
    const applied = Object.values(synth.resources(`cluster-${cluster.id}`, "kubernetes_manifest")).map(
      (m) => m["manifest"],
    );
    const generated = buildClusterManifests(inventory, cluster);
    expect(applied).toHaveLength(generated.length);
    expect(applied).toEqual(expect.arrayContaining(generated.map((o) => JSON.parse(JSON.stringify(o)))));
  }
});

test("the applied objects are the ones committed under k8s-out/<cluster-id>/ (kustomization resources)", () => {
  for (const cluster of inventory.clusters) {
    const dir = join("k8s-out", cluster.id);
    const kustomization = parse(readFileSync(join(dir, "kustomization.yaml"), "utf8")) as { resources: string[] };
    const committed = kustomization.resources.map((file) => parse(readFileSync(join(dir, file), "utf8")) as unknown);
    const applied = Object.values(synth.resources(`cluster-${cluster.id}`, "kubernetes_manifest")).map(
      (m) => m["manifest"],
    );
    expect(applied).toHaveLength(committed.length);
    expect(applied).toEqual(expect.arrayContaining(committed));
  }
});

test("each cluster's service account is annotated with the IRSA role its stack creates", () => {
  for (const cluster of inventory.clusters) {
    const stack = `cluster-${cluster.id}`;
    const serviceAccount = Object.values(synth.resources(stack, "kubernetes_manifest"))
      .map((m) => m["manifest"] as { kind: string; metadata: { annotations?: Record<string, string> } })
      .find((object) => object.kind === "ServiceAccount");
    const role = synth.only(stack, "aws_iam_role");
    expect(serviceAccount?.metadata.annotations?.["eks.amazonaws.com/role-arn"]).toBe(
      `arn:aws:iam::${cluster.accountId}:role/${role["name"] as string}`,
    );
  }
});

test("each tenant's ExternalId is the same in its role's trust policy and in every item the processor reads", () => {
  for (const tenant of inventory.tenants) {
    const trust = JSON.parse(synth.only(`customer-${tenant.id}`, "aws_iam_role")["assume_role_policy"] as string) as {
      Statement: Array<{ Condition: { StringEquals: Record<string, string> } }>;
    };
    const inTrust = trust.Statement[0]?.Condition.StringEquals["sts:ExternalId"];
    const inItems = writtenShards(synth, "region-eu-west-1")
      .deliveries.filter((item) => item.tenantId === tenant.id)
      .map((item) => item.externalId);
    expect(inItems.length).toBeGreaterThan(0);
    expect(new Set([inTrust, ...inItems])).toStrictEqual(new Set([tenant.externalId]));
  }
});

test("synth is deterministic: a second synth of the same inventory writes the same Terraform JSON", () => {
  const again = synthApp((app) => buildStacks(app, exampleInventory(), { processorBundleDir: bundle.dir }));
  try {
    for (const stack of synth.stackNames)
      expect({ stack, text: again.text(stack) }).toStrictEqual({ stack, text: synth.text(stack) });
  } finally {
    again.cleanup();
  }
});

test("a tenant that owns its delivery role gets no customer stack; the central role and tenant items use its ARN", () => {
  const owned = exampleWithOwnedRole();
  const ownedSynth = synthApp((app) => buildStacks(app, owned, { processorBundleDir: bundle.dir }));
  try {
    expect(ownedSynth.stackNames.filter((name) => name.startsWith("customer-"))).toStrictEqual([
      "customer-initech",
      "customer-umbrella",
    ]);
    expect(ownedSynth.text("central")).toContain(GLOBEX_OWN_ROLE);
    expect(ownedSynth.text("central")).not.toContain("lh-prod-globex-delivery");
    expect(ownedSynth.text("region-eu-west-1")).toContain(GLOBEX_OWN_ROLE);
  } finally {
    ownedSynth.cleanup();
  }
});
