/**
 * `_onboarding/<tenant>.cfn.json`: the same role, policies and log groups as the customer stack
 * (compared with the synthesized Terraform), the central role and ExternalId as parameters, and
 * every template clean under cfn-lint.
 */
import { mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import {
  buildCloudFormationTemplate,
  CFN_PARAMETERS,
  CFN_ROLE_ID,
  type CfnTemplate,
  type CfnValue,
} from "../../generators/onboarding/cloudformation";
import type { ResolvedInventory, ResolvedTenant } from "../../inventory/resolved";
import type { PolicyDocument } from "../../stacks/common/policy-documents";
import { CustomerStack } from "../../stacks/customer/customer-stack";
import { exampleInventory, exampleWithOwnedRole, GLOBEX_OWN_ROLE } from "../stacks/support/inventories";
import { policyOf, synthApp, type SynthResult } from "../stacks/support/synth";
import { cfnLint } from "../support/cfn-lint";

const CENTRAL_ROLE = "arn:aws:iam::111111111111:role/lh-prod-central-distribution";
const inventory = exampleInventory();
const owned = exampleWithOwnedRole();
const ownedGlobex = owned.tenants.find((tenant) => tenant.id === "globex")!;

/** A template value with every `Ref` to a parameter replaced by `values[name]`, else the parameter's default. */
function resolveRefs(value: CfnValue, template: CfnTemplate, values: Readonly<Record<string, string>> = {}): unknown {
  if (Array.isArray(value)) return value.map((item: CfnValue) => resolveRefs(item, template, values));
  if (typeof value === "object" && value !== null) {
    if ("Ref" in value && typeof value.Ref === "string" && template.Parameters[value.Ref] !== undefined) {
      return values[value.Ref] ?? template.Parameters[value.Ref]?.["Default"];
    }
    return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, resolveRefs(v as CfnValue, template, values)]));
  }
  return value;
}

function roleProperties(template: CfnTemplate): Record<string, CfnValue> {
  return template.Resources[CFN_ROLE_ID]!.Properties as Record<string, CfnValue>;
}

function templatePolicies(
  template: CfnTemplate,
  values: Readonly<Record<string, string>> = {},
): { trust: PolicyDocument; permissions: PolicyDocument; policyName: unknown } {
  const role = roleProperties(template);
  const [inline] = role["Policies"] as readonly { PolicyName: string; PolicyDocument: CfnValue }[];
  return {
    trust: resolveRefs(role["AssumeRolePolicyDocument"]!, template, values) as PolicyDocument,
    permissions: resolveRefs(inline!.PolicyDocument, template, values) as PolicyDocument,
    policyName: inline!.PolicyName,
  };
}

function logGroupsOf(template: CfnTemplate): { name: unknown; retention: unknown; kms: unknown; condition: unknown }[] {
  return Object.values(template.Resources)
    .filter((resource) => resource.Type === "AWS::Logs::LogGroup")
    .map((resource) => ({
      name: resource.Properties["LogGroupName"],
      retention: resource.Properties["RetentionInDays"],
      kms: resource.Properties["KmsKeyId"] ?? null,
      condition: resource.Condition,
    }));
}

describe("the template equals the customer stack", () => {
  let synth: SynthResult;
  beforeAll(() => {
    synth = synthApp((app) => inventory.tenants.forEach((tenant) => new CustomerStack(app, { inventory, tenant })));
  });
  afterAll(() => synth.cleanup());

  test.each(inventory.tenants.map((tenant) => [tenant.id, tenant] as const))(
    "%s: trust and permission policies, role name and session length, log groups",
    (id, tenant: ResolvedTenant) => {
      // Prepare
      const stack = `customer-${id}`;
      const tfRole = synth.only(stack, "aws_iam_role");
      const tfPolicy = synth.only(stack, "aws_iam_role_policy");
      // Act
      const template = buildCloudFormationTemplate(inventory, tenant);
      const policies = templatePolicies(template);
      // Assess
      expect(policies.trust).toStrictEqual(policyOf(tfRole, "assume_role_policy"));
      expect(policies.permissions).toStrictEqual(policyOf(tfPolicy));
      expect(policies.policyName).toBe(tfPolicy["name"]);
      const role = roleProperties(template);
      expect([role["RoleName"], role["Path"], role["MaxSessionDuration"], role["Description"]]).toStrictEqual([
        tfRole["name"],
        "/",
        tfRole["max_session_duration"],
        tfRole["description"],
      ]);
      const tfGroups = Object.values(synth.resources(stack, "aws_cloudwatch_log_group")).map((group) => ({
        name: group["name"],
        retention: group["retention_in_days"],
        kms: group["kms_key_id"] ?? null,
      }));
      expect(logGroupsOf(template).map(({ condition: _c, ...group }) => group)).toStrictEqual(tfGroups);
    },
  );

  test("an S3 delivery's bucket-policy statement is the stack's output, byte for byte", () => {
    const template = buildCloudFormationTemplate(
      inventory,
      inventory.tenants.find((t) => t.id === "globex")!,
    );
    expect(template.Outputs["BucketPolicyStatement2"]?.Value).toBe(
      synth.stack("customer-globex").output?.["bucket_policy_statement_2"]?.value,
    );
  });
});

describe("parameters", () => {
  const tenant = inventory.tenants.find((t) => t.id === "umbrella")!;
  const template = buildCloudFormationTemplate(inventory, tenant);

  test("the central role ARN and the ExternalId are parameters defaulting to the inventory's values", () => {
    expect(template.Parameters[CFN_PARAMETERS.centralRoleArn]?.["Default"]).toBe(CENTRAL_ROLE);
    expect(template.Parameters[CFN_PARAMETERS.externalId]?.["Default"]).toBe(tenant.externalId);
    // The trust refers to them; neither value is written into the role anywhere else.
    const trust = JSON.stringify(roleProperties(template)["AssumeRolePolicyDocument"]);
    expect(trust).toBe(
      JSON.stringify({
        Version: "2012-10-17",
        Statement: [
          {
            Effect: "Allow",
            Principal: { AWS: { Ref: "CentralRoleArn" } },
            Action: "sts:AssumeRole",
            Condition: { StringEquals: { "sts:ExternalId": { Ref: "ExternalId" } } },
          },
        ],
      }),
    );
    expect(JSON.stringify(template.Resources)).not.toContain(tenant.externalId);
  });

  test("overriding a parameter changes exactly that value of the trust", () => {
    const other = "lhx-OverriddenOverriddenOverridden12";
    const { trust } = templatePolicies(template, { [CFN_PARAMETERS.externalId]: other });
    expect(trust.Statement[0]?.Condition).toStrictEqual({ StringEquals: { "sts:ExternalId": other } });
    expect(trust.Statement[0]?.Principal).toStrictEqual({ AWS: CENTRAL_ROLE });
  });

  test("during a rotation the accepted ExternalIds stay literal beside the parameter", () => {
    const rotating: ResolvedTenant = { ...tenant, acceptedExternalIds: ["lhx-RotationRotationRotationRotation1"] };
    const condition = (
      roleProperties(buildCloudFormationTemplate(inventory, rotating))["AssumeRolePolicyDocument"] as {
        Statement: { Condition: unknown }[];
      }
    ).Statement[0]?.Condition;
    expect(condition).toStrictEqual({
      StringEquals: { "sts:ExternalId": [{ Ref: "ExternalId" }, "lhx-RotationRotationRotationRotation1"] },
    });
  });
});

describe("a tenant that owns its delivery role", () => {
  const template = buildCloudFormationTemplate(owned, ownedGlobex);

  test("the role takes the tenant's own path and name", () => {
    const role = roleProperties(template);
    expect([role["RoleName"], role["Path"]]).toStrictEqual(["GlobexLoghopDelivery", "/platform/logging/"]);
    expect(GLOBEX_OWN_ROLE).toBe(
      `arn:aws:iam::222222222222:role${role["Path"] as string}${role["RoleName"] as string}`,
    );
  });

  test("the role is created in the home region, each log group in its own region", () => {
    expect(template.Conditions).toStrictEqual({
      InEuWest1: { "Fn::Equals": [{ Ref: "AWS::Region" }, "eu-west-1"] },
      InUsEast1: { "Fn::Equals": [{ Ref: "AWS::Region" }, "us-east-1"] },
    });
    expect(template.Resources[CFN_ROLE_ID]?.Condition).toBe("InEuWest1");
    expect(logGroupsOf(template)).toStrictEqual([
      { name: "/loghop/globex/prod", retention: 90, kms: null, condition: "InEuWest1" },
      { name: "/loghop/globex/us", retention: 14, kms: null, condition: "InUsEast1" },
    ]);
  });

  test("the bucket-policy statement names the tenant's own role", () => {
    const statement = JSON.parse(template.Outputs["BucketPolicyStatement2"]?.Value as string) as {
      Principal: unknown;
    };
    expect(statement.Principal).toStrictEqual({ AWS: GLOBEX_OWN_ROLE });
  });
});

describe("cfn-lint", () => {
  let dir: string;
  beforeAll(() => {
    dir = mkdtempSync(join(tmpdir(), "loghop-cfn-"));
  });
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  const regionsOf = (inv: ResolvedInventory): string[] => [
    ...new Set(inv.tenants.flatMap((t) => t.deliveries.map((d) => d.region))),
  ];

  test("passes every generated template (k8s-out/ and a two-region tenant with its own role), warnings included", async () => {
    // Prepare: the committed templates, which CI also regenerates and diffs.
    const committed = readdirSync("k8s-out/_onboarding")
      .filter((file) => file.endsWith(".cfn.json"))
      .map((file) => join("k8s-out/_onboarding", file));
    expect(committed.map((file) => JSON.parse(readFileSync(file, "utf8")))).toStrictEqual(
      inventory.tenants.map((tenant) => JSON.parse(JSON.stringify(buildCloudFormationTemplate(inventory, tenant)))),
    );
    const ownedFile = join(dir, "globex-owned.cfn.json");
    writeFileSync(ownedFile, JSON.stringify(buildCloudFormationTemplate(owned, ownedGlobex), null, 2));
    // Act
    const result = await cfnLint([...committed, ownedFile], regionsOf(owned));
    // Assess
    expect(result).toStrictEqual({ status: 0, output: "" });
  }, 600_000);

  test("reports a template CloudFormation would reject (so the passing run means something)", async () => {
    const template = buildCloudFormationTemplate(
      inventory,
      inventory.tenants.find((t) => t.id === "globex")!,
    );
    const broken = JSON.parse(JSON.stringify(template)) as { Resources: Record<string, { Properties: object }> };
    broken.Resources["LogGroup1"]!.Properties = { LogGroupName: "/loghop/globex/prod", RetentionInDays: 31 };
    const file = join(dir, "broken.cfn.json");
    writeFileSync(file, JSON.stringify(broken));
    const result = await cfnLint([file], ["eu-west-1"]);
    expect(result.status).not.toBe(0);
    expect(result.output).toMatch(/:E3030:31 is not one of/);
  }, 600_000);
});
