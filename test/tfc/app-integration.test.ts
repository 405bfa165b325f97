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
import { evaluate, parsePolicy } from "../support/iam-eval";
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

/** Service whose `Describe*`/`Get*`/`List*` refresh a resource type; undefined = not known here. */
function readService(type: string): string | undefined {
  const prefixes: [string, string][] = [
    ["aws_cloudwatch_log_", "logs"],
    ["aws_cloudwatch_metric_alarm", "cloudwatch"],
    ["aws_cloudwatch_dashboard", "cloudwatch"],
    ["aws_dynamodb_", "dynamodb"],
    ["aws_iam_", "iam"],
    ["aws_kms_", "kms"],
    ["aws_lambda_", "lambda"],
    ["aws_s3_", "s3"],
    ["aws_sns_", "sns"],
    ["aws_sqs_", "sqs"],
  ];
  return prefixes.find(([prefix]) => type.startsWith(prefix))?.[1];
}

test("every plan role can read every AWS resource its stack manages, so plans work without write power", () => {
  const bootstrapPolicies = result.resources(stackNames.tfcBootstrap(), "aws_iam_role_policy");

  for (const ws of plan.workspaces) {
    // Prepare: the stack's AWS resources as synthesized, and its plan role's policy.
    const policy = parsePolicy(bootstrapPolicies[`plan-role-policy-${ws.stackName}`]?.["policy"] as string);
    const awsTypes = Object.keys(result.stack(ws.stackName).resource ?? {}).filter((type) => type.startsWith("aws_"));

    // Assess: a new resource type (added to a stack later) fails here until the plan role reads it.
    for (const type of awsTypes) {
      const service = readService(type);
      expect([ws.stackName, type, service === undefined ? "unknown service" : "ok"]).toStrictEqual([
        ws.stackName,
        type,
        "ok",
      ]);
      if (service === "iam") continue;
      for (const verb of ["Describe", "Get", "List"]) {
        expect([type, evaluate(policy, { action: `${service}:${verb}Something`, resource: "*" })]).toStrictEqual([
          type,
          "allow",
        ]);
      }
    }
    for (const role of Object.values(result.resources(ws.stackName, "aws_iam_role"))) {
      const arn = `arn:aws:iam::${ws.accountId}:role${(role["path"] as string | undefined) ?? "/"}${role["name"] as string}`;
      expect([arn, evaluate(policy, { action: "iam:GetRole", resource: arn })]).toStrictEqual([arn, "allow"]);
      expect([arn, evaluate(policy, { action: "iam:ListRolePolicies", resource: arn })]).toStrictEqual([arn, "allow"]);
    }
    for (const managed of Object.values(result.resources(ws.stackName, "aws_iam_policy"))) {
      const arn = `arn:aws:iam::${ws.accountId}:policy/${managed["name"] as string}`;
      expect([arn, evaluate(policy, { action: "iam:GetPolicyVersion", resource: arn })]).toStrictEqual([arn, "allow"]);
    }
  }
});
