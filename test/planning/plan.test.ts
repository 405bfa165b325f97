/**
 * `loghop plan` lists exactly the stacks whose synthesized Terraform JSON a change alters, in
 * deploy order, with who applies each, a reason from the inventory diff, the commands and the
 * onboarding pages to send again. Checked against an independent comparison of the two outputs.
 */
import { execFileSync } from "node:child_process";
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { runPlan } from "../../cli/commands/plan";
import { synthesizedStack, synthesizedStackNames } from "../../ci/changed-stacks";
import { resolveInventory } from "../../inventory/resolve";
import type { Inventory, Tenant } from "../../inventory/types";
import { inventoryAtRef } from "../../planning/base-inventory";
import type { ChangePlan } from "../../planning/change-plan";
import { synthesizeInventory } from "../../planning/synth";
import { exampleRawInventory } from "../stacks/support/inventories";
import { fakeProcessorBundle } from "../stacks/support/synth";
import { cloudExample, EXAMPLE_AGENT_POOLS } from "../tfc/support/inventories";

type JsonPlan = ChangePlan & { readonly base: string };

const HOOLI: Tenant = {
  id: "hooli",
  accountId: "555555555555",
  deployRoleArn: "arn:aws:iam::555555555555:role/loghop-deployer",
  externalId: "lhx-Qz8mT3vW9pK2sN7xB5cR4yL6dF1gH0jE",
  deliveries: [{ type: "cloudwatch", region: "eu-west-1", logGroupName: "/hooli/k8s" }],
};
const ROTATED_EXTERNAL_ID = "lhx-Nw4rT8yU2iO6pA1sD5fG9hJ3kL7zX0cV";

let scratch: string;
let bundle: ReturnType<typeof fakeProcessorBundle>;
let baseOut: string;

beforeAll(() => {
  scratch = mkdtempSync(join(tmpdir(), "loghop-plan-test-"));
  bundle = fakeProcessorBundle();
  // The base: the example synthesized as `cdktf synth` would leave it (with its inventory record).
  const raw = exampleRawInventory();
  baseOut = synthesizeInventory(raw, resolveInventory(raw), join(scratch, "base-out"), bundle.dir).outdir;
});
afterAll(() => {
  rmSync(scratch, { recursive: true, force: true });
  bundle.cleanup();
});

/** The example with hooli added, carried by cluster eks-eu-1. */
function withHooli(inventory: Inventory): Inventory {
  return {
    ...inventory,
    tenants: [...inventory.tenants, HOOLI],
    clusters: inventory.clusters.map((cluster) =>
      cluster.id === "eks-eu-1" ? { ...cluster, tenants: [...(cluster.tenants ?? []), "hooli"] } : cluster,
    ),
  };
}

function withRotatedInitech(inventory: Inventory): Inventory {
  return {
    ...inventory,
    tenants: inventory.tenants.map((tenant) =>
      tenant.id === "initech" ? { ...tenant, externalId: ROTATED_EXTERNAL_ID } : tenant,
    ),
  };
}

function writeInventory(name: string, inventory: Inventory): string {
  const file = join(scratch, `${name}.json`);
  writeFileSync(file, JSON.stringify(inventory));
  return file;
}

function planJson(file: string): JsonPlan {
  const lines: string[] = [];
  const code = runPlan(
    { inventory: file, baseOut, json: true, processorBundleDir: bundle.dir },
    { out: (line) => lines.push(line), err: (line) => lines.push(line) },
  );
  expect(code).toBe(0);
  return JSON.parse(lines.join("\n")) as JsonPlan;
}

/** Stacks whose cdk.tf.json text differs (or is new), by reading both outputs: the plan must list exactly these. */
function stacksWhoseJsonDiffers(name: string, inventory: Inventory): string[] {
  const head = synthesizeInventory(inventory, resolveInventory(inventory), join(scratch, `${name}-out`), bundle.dir);
  return synthesizedStackNames(head.outdir)
    .filter((stack) => synthesizedStack(head.outdir, stack) !== synthesizedStack(baseOut, stack))
    .sort();
}

describe("a tenant addition", () => {
  let plan: JsonPlan;
  let differing: string[];
  beforeAll(() => {
    const inventory = withHooli(exampleRawInventory());
    plan = planJson(writeInventory("tenant-added", inventory));
    differing = stacksWhoseJsonDiffers("tenant-added", inventory);
  });

  it("lists exactly the stacks whose JSON changed, in deploy order, with who applies each", () => {
    expect(plan.stacks.map((stack) => [stack.stackName, stack.status, stack.appliedBy])).toStrictEqual([
      ["region-eu-west-1", "changed", "us"],
      ["region-us-east-1", "changed", "us"],
      // The central role assumes loghop-named delivery roles by name pattern: a tenant does not change it.
      ["customer-hooli", "added", "us"],
      ["cluster-eks-eu-1", "changed", "cluster"],
    ]);
    expect(plan.stacks.map((stack) => stack.stackName).sort()).toStrictEqual(differing);
    expect(plan.removedStacks).toStrictEqual([]);
  });

  it("gives the inventory change and the resources behind it as the reason", () => {
    expect(plan.inventoryChanges).toStrictEqual(["tenant hooli added", "cluster eks-eu-1: tenants changed"]);
    const reasons = Object.fromEntries(plan.stacks.map((stack) => [stack.stackName, stack.reason]));
    // A customer stack is explained by its own tenant only, a cluster stack by its own cluster and tenants.
    expect(reasons["customer-hooli"]).toMatch(/^tenant hooli added: 4 added \(/);
    expect(reasons["cluster-eks-eu-1"]).toMatch(/^tenant hooli added; cluster eks-eu-1: tenants changed: /);
    expect(reasons["region-eu-west-1"]).toBe(
      // The new tenant lands in the example's one tenant shard: that item changes, no resource is added.
      "tenant hooli added; cluster eks-eu-1: tenants changed: 2 changed (aws_dynamodb_table_item.tenant-shard-1-0, aws_lambda_function.processor-function)",
    );
    // us-east-1's processor carries no eks-eu-1 in its cluster map: only the shard changes there.
    expect(reasons["region-us-east-1"]).toBe(
      "tenant hooli added; cluster eks-eu-1: tenants changed: 1 changed (aws_dynamodb_table_item.tenant-shard-1-0)",
    );
  });

  it("prints one cdktf deploy for our stacks and one for the cluster, and the new onboarding documents", () => {
    const file = join(scratch, "tenant-added.json");
    expect(plan.commands.map((command) => [command.appliedBy, command.command])).toStrictEqual([
      [
        "us",
        `CHECKPOINT_DISABLE=1 LOGHOP_INVENTORY=${file} npx cdktf deploy region-eu-west-1 region-us-east-1 customer-hooli --ignore-missing-stack-dependencies`,
      ],
      [
        "cluster",
        `CHECKPOINT_DISABLE=1 LOGHOP_INVENTORY=${file} npx cdktf deploy cluster-eks-eu-1 --ignore-missing-stack-dependencies`,
      ],
    ]);
    expect(plan.onboarding).toStrictEqual([
      { path: "_onboarding/hooli.cfn.json", status: "added" },
      { path: "_onboarding/hooli.md", status: "added" },
    ]);
  });
});

describe("a region addition", () => {
  let plan: JsonPlan;
  let differing: string[];
  beforeAll(() => {
    const example = exampleRawInventory();
    const inventory = {
      ...example,
      central: { ...example.central, regions: [...example.central.regions, "eu-central-1"] },
    };
    plan = planJson(writeInventory("region-added", inventory));
    differing = stacksWhoseJsonDiffers("region-added", inventory);
  });

  it("lists exactly the stacks whose JSON changed: the new region stack only (central trusts a path, not ARNs)", () => {
    expect(plan.stacks.map((stack) => [stack.stackName, stack.status])).toStrictEqual([
      ["region-eu-central-1", "added"],
    ]);
    expect(plan.stacks.map((stack) => stack.stackName).sort()).toStrictEqual(differing);
    expect(plan.inventoryChanges).toStrictEqual(["region eu-central-1 added"]);
    for (const stack of plan.stacks) expect(stack.reason).toMatch(/^region eu-central-1 added: /);
  });
});

describe("a cluster addition", () => {
  let plan: JsonPlan;
  let differing: string[];
  beforeAll(() => {
    // sha256("eks-eu-5") starts with 1: its lane goes to a new lane stack, lanes-eu-west-1-1.
    const example = exampleRawInventory();
    const template = example.clusters.find((cluster) => cluster.id === "eks-eu-1")!;
    const added = {
      ...template,
      id: "eks-eu-5",
      oidcIssuerUrl: "https://oidc.eks.eu-west-1.amazonaws.com/id/0000000000000000000000000000EEE5",
      kube: { context: "eks-eu-5" },
    };
    const inventory = { ...example, clusters: [...example.clusters, added] };
    plan = planJson(writeInventory("cluster-added", inventory));
    differing = stacksWhoseJsonDiffers("cluster-added", inventory);
  });

  it("lists its new lane stack after its region, and no other lane stack (existing lanes do not move)", () => {
    const listed = plan.stacks.map((stack) => [stack.stackName, stack.status, stack.appliedBy]);
    expect(listed.filter(([name]) => String(name).startsWith("lanes-"))).toStrictEqual([
      ["lanes-eu-west-1-1", "added", "us"],
    ]);
    const names = plan.stacks.map((stack) => stack.stackName);
    expect(names.indexOf("region-eu-west-1")).toBeLessThan(names.indexOf("lanes-eu-west-1-1"));
    expect(names.indexOf("lanes-eu-west-1-1")).toBeLessThan(names.indexOf("cluster-eks-eu-5"));
    expect([...names].sort()).toStrictEqual(differing);
    expect(plan.stacks.find((s) => s.stackName === "lanes-eu-west-1-1")!.resources.added).toEqual(
      expect.arrayContaining([
        "aws_sqs_queue.processor-queue-eks-eu-5",
        "aws_sqs_queue.processor-dlq-eks-eu-5",
        "aws_lambda_event_source_mapping.processor-queue-mapping-eks-eu-5",
      ]),
    );
  });
});

describe("an ExternalId rotation of a self-applied tenant", () => {
  let plan: JsonPlan;
  let differing: string[];
  beforeAll(() => {
    const inventory = withRotatedInitech(exampleRawInventory());
    plan = planJson(writeInventory("rotated", inventory));
    differing = stacksWhoseJsonDiffers("rotated", inventory);
  });

  it("lists the region stacks (the tenant items) for us, then the customer's own stack for them", () => {
    expect(plan.stacks.map((stack) => [stack.stackName, stack.appliedBy])).toStrictEqual([
      ["region-eu-west-1", "us"],
      ["region-us-east-1", "us"],
      ["customer-initech", "customer"],
    ]);
    expect(plan.stacks.map((stack) => stack.stackName).sort()).toStrictEqual(differing);
    expect(plan.inventoryChanges).toStrictEqual(["tenant initech: ExternalId rotated"]);
  });

  it("tells the customer what to re-apply and lists their onboarding documents as changed", () => {
    expect(plan.commands.filter((command) => command.appliedBy === "customer")).toStrictEqual([
      {
        appliedBy: "customer",
        stacks: ["customer-initech"],
        command: "cd cdktf.out/stacks/customer-initech && terraform init && terraform apply",
        note: "by the customer in account 333333333333, after the stacks above: send them the directory and their onboarding page",
      },
    ]);
    // The page and the CloudFormation template both carry the ExternalId the role must require.
    expect(plan.onboarding).toStrictEqual([
      { path: "_onboarding/initech.cfn.json", status: "changed" },
      { path: "_onboarding/initech.md", status: "changed" },
    ]);
  });
});

test("no change: no stack, no command, no onboarding page", () => {
  const plan = planJson(writeInventory("unchanged", exampleRawInventory()));
  expect(plan.stacks).toStrictEqual([]);
  expect(plan.commands).toStrictEqual([]);
  expect(plan.onboarding).toStrictEqual([]);
  expect(plan.inventoryChanges).toStrictEqual([]);
});

test("the text output groups the stacks by who applies them, numbered in deploy order", () => {
  const inventory = withRotatedInitech(exampleRawInventory());
  const lines: string[] = [];
  runPlan(
    { inventory: writeInventory("rotated-text", inventory), baseOut, json: false, processorBundleDir: bundle.dir },
    { out: (line) => lines.push(line), err: (line) => lines.push(line) },
  );
  const text = lines.join("\n");
  expect(text.indexOf("Applied by us, in our accounts:")).toBeLessThan(
    text.indexOf("Applied by the customer, in their account:"),
  );
  expect(text).toMatch(/\n {2}1\. region-eu-west-1: tenant initech: ExternalId rotated: 1 changed/);
  expect(text).toMatch(
    /Applied by the customer, in their account:\n {2}\d\. customer-initech: tenant initech: ExternalId rotated/,
  );
  expect(text).toContain("  - k8s-out/_onboarding/initech.md (changed)");
});

test("--base reads the inventory file at a git ref", () => {
  // Prepare: a repository whose committed inventory lacks hooli, with hooli added in the work tree.
  const repo = mkdtempSync(join(tmpdir(), "loghop-plan-git-"));
  const git = (...args: string[]): string =>
    execFileSync("git", ["-c", "user.name=t", "-c", "user.email=t@example.com", ...args], {
      cwd: repo,
      encoding: "utf8",
    });
  git("init", "-q");
  writeFileSync(join(repo, "inventory.json"), JSON.stringify(exampleRawInventory()));
  git("add", "inventory.json");
  git("commit", "-qm", "base");
  writeFileSync(join(repo, "inventory.json"), JSON.stringify(withHooli(exampleRawInventory())));
  // Act
  const atHead = inventoryAtRef("HEAD", "inventory.json", repo);
  // Assess
  expect(atHead.label).toBe("HEAD:./inventory.json");
  expect(atHead.inventory.tenants.map((tenant) => tenant.id)).toStrictEqual(["globex", "initech", "umbrella"]);
  expect(JSON.parse(readFileSync(join(repo, "inventory.json"), "utf8")).tenants).toHaveLength(4);
  expect(() => inventoryAtRef("no-such-ref", "inventory.json", repo)).toThrow(
    /^cannot read the inventory at no-such-ref:\.\/inventory\.json: /,
  );
  rmSync(repo, { recursive: true, force: true });
});

test("exactly one of --base and --base-out", () => {
  expect(() => runPlan({ inventory: "examples/inventory.json", json: false })).toThrow(
    "loghop plan needs exactly one of --base <git ref> and --base-out <synth output directory>",
  );
});

test("cloud backend: the bootstrap (new workspace) comes first, then the stacks the workflow applies after merge", () => {
  // Prepare: base and head on Terraform Cloud state.
  const cloudBase = cloudExample({ clusterAgentPools: EXAMPLE_AGENT_POOLS });
  const base = synthesizeInventory(cloudBase, resolveInventory(cloudBase), join(scratch, "cloud-base"), bundle.dir);
  const file = writeInventory("cloud-tenant-added", { ...cloudBase, tenants: [...cloudBase.tenants, HOOLI] });
  const lines: string[] = [];
  // Act
  runPlan(
    { inventory: file, baseOut: base.outdir, json: true, processorBundleDir: bundle.dir },
    { out: (line) => lines.push(line), err: (line) => lines.push(line) },
  );
  const plan = JSON.parse(lines.join("\n")) as JsonPlan;
  // Assess
  expect(plan.backend).toBe("cloud");
  expect(plan.stacks.map((stack) => stack.stackName)).toStrictEqual([
    "tfc-bootstrap",
    "region-eu-west-1",
    "region-us-east-1",
    "customer-hooli",
  ]);
  expect(plan.commands.map((command) => [command.stacks, command.note])).toStrictEqual([
    [
      ["tfc-bootstrap"],
      "before merging, from a workstation with the deploy roles and a TFC token that manages workspaces",
    ],
    [
      ["region-eu-west-1", "region-us-east-1", "customer-hooli"],
      "run in Terraform Cloud by the main-branch workflow after merge (the same command it runs)",
    ],
  ]);
});

test("a tenant removal: its customer stack is listed apart, as deploy does not destroy it", () => {
  // Prepare: umbrella out of the inventory and out of the clusters that carried it.
  const example = exampleRawInventory();
  const inventory: Inventory = {
    ...example,
    tenants: example.tenants.filter((tenant) => tenant.id !== "umbrella"),
    clusters: example.clusters.map((cluster) => ({
      ...cluster,
      ...(cluster.tenants !== undefined ? { tenants: cluster.tenants.filter((id) => id !== "umbrella") } : {}),
    })),
  };
  // Act
  const plan = planJson(writeInventory("tenant-removed", inventory));
  // Assess
  expect(plan.removedStacks).toStrictEqual(["customer-umbrella"]);
  expect(plan.stacks.map((stack) => stack.stackName)).not.toContain("customer-umbrella");
  expect(plan.inventoryChanges).toContain("tenant umbrella removed");
  // Its role leaves the pattern's reach when its customer stack is destroyed; the central stack is untouched.
  expect(plan.stacks.map((stack) => stack.stackName)).not.toContain("central");
});
