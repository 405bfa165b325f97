/**
 * The bootstrap in the whole app: its workspaces are exactly the ones the stacks' cloud backends
 * point at, in the directories synth writes, and the deploy layers agree with the stacks' own
 * declared dependencies.
 */
import type { TerraformStack } from "cdktf";
import { stackNames } from "../../inventory/names";
import { buildStacks } from "../../stacks";
import { addTfcBootstrap, DEPLOY_LAYERS, planTfc } from "../../stacks/tfc-bootstrap";
import { fakeProcessorBundle, synthApp, type SynthResult } from "../stacks/support/synth";
import { ORGANIZATION, PROJECT, resolvedCloudExample } from "./support/inventories";

const inventory = resolvedCloudExample();
const plan = planTfc(inventory);
let bundle: ReturnType<typeof fakeProcessorBundle>;
let result: SynthResult;
let dependencies: [string, string][] = [];

beforeAll(() => {
  bundle = fakeProcessorBundle();
  result = synthApp((app) => {
    const stacks = buildStacks(app, inventory, { processorBundleDir: bundle.dir });
    addTfcBootstrap(app, inventory);
    const all: TerraformStack[] = [...stacks.regions, stacks.central, ...stacks.customers, ...stacks.clusters];
    dependencies = all.flatMap((stack) =>
      stack.dependencies.map((dep): [string, string] => [(dep as TerraformStack).node.id, stack.node.id]),
    );
  });
});

afterAll(() => {
  result.cleanup();
  bundle.cleanup();
});

test("synth writes the bootstrap stack next to the loghop stacks", () => {
  expect(result.stackNames).toContain(stackNames.tfcBootstrap());
  expect(result.stack(stackNames.tfcBootstrap()).terraform.cloud).toBeUndefined();
});

test("each TFC-deployed stack's cloud backend names the workspace the bootstrap creates, in its synth directory", () => {
  const workspaces = Object.values(result.resources(stackNames.tfcBootstrap(), "tfe_workspace"));

  for (const ws of plan.workspaces) {
    const created = workspaces.find((w) => w["name"] === ws.workspaceName);
    expect(result.stack(ws.stackName).terraform.cloud).toStrictEqual({
      hostname: "app.terraform.io",
      organization: ORGANIZATION,
      workspaces: { name: ws.workspaceName, project: PROJECT },
    });
    expect(created?.["working_directory"]).toBe(`cdktf.out/stacks/${ws.stackName}`);
    expect(result.stackNames).toContain(ws.stackName);
  }
  expect(workspaces).toHaveLength(plan.workspaces.length);
});

test("every dependency the stacks declare points from an earlier deploy layer to a later one", () => {
  const layerOf = new Map(plan.workspaces.map((ws) => [ws.stackName, DEPLOY_LAYERS.indexOf(ws.layer)]));
  // Self-applied customer stacks have no workspace; they sit in the customer layer all the same.
  const rank = (stack: string): number => layerOf.get(stack) ?? DEPLOY_LAYERS.indexOf("customer");

  expect(dependencies.length).toBeGreaterThan(0);
  for (const [before, after] of dependencies) {
    expect([before, after, rank(before) < rank(after)]).toStrictEqual([before, after, true]);
  }
});

test("under the cloud backend no stack's provider assumes a role: TFC's phase credentials are the role", () => {
  for (const ws of plan.workspaces) {
    const providers = (result.stack(ws.stackName).provider?.["aws"] ?? []) as Record<string, unknown>[];
    expect(providers.length).toBeGreaterThan(0);
    for (const provider of providers)
      expect([ws.stackName, provider["assume_role"]]).toStrictEqual([ws.stackName, undefined]);
  }
});

test("each Vector role carries the boundary the bootstrap creates, and the boundary is the role's own policy (§2)", () => {
  const boundaries = result.resources(stackNames.tfcBootstrap(), "aws_iam_policy");

  for (const ws of plan.workspaces.filter((w) => w.cluster !== undefined)) {
    const role = result.only(ws.stackName, "aws_iam_role");
    const rolePolicy = result.only(ws.stackName, "aws_iam_role_policy");
    const boundary = boundaries[`vector-boundary-${ws.stackName}`];

    expect(role["permissions_boundary"]).toBe(ws.cluster?.vectorBoundaryArn);
    expect(ws.cluster?.vectorBoundaryArn).toBe(`arn:aws:iam::${ws.accountId}:policy/${boundary?.["name"] as string}`);
    expect(JSON.parse(boundary?.["policy"] as string)).toStrictEqual(JSON.parse(rolePolicy["policy"] as string));
  }
});
