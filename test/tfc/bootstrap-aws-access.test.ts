/**
 * Keyless AWS access: OIDC providers, the phase roles' trust and permissions, the Vector
 * boundary, the deploy roles' trust statements, providers and backend (issue 9 §1, §2, §5).
 */
import { evaluate, parsePolicy, type IamRequest } from "../support/iam-eval";
import { planTfc, TfcBootstrapError, type TfcWorkspacePlan } from "../../stacks/tfc-bootstrap";
import type { PolicyStatement } from "../../stacks/common/policy-documents";
import {
  cloudExample,
  ORGANIZATION,
  ownDeployRole,
  PROJECT,
  largeCloudInventory,
  resolvedCloudExample,
  resources,
  synthBootstrap,
  synthRawBootstrap,
  type TerraformJson,
} from "./support/inventories";
import { resolveInventory } from "../../inventory/resolve";

const OIDC_HOST = "app.terraform.io";
const SUB = `${OIDC_HOST}:sub`;
const AUD = `${OIDC_HOST}:aud`;

function subject(workspace: string, phase: string): string {
  return `organization:${ORGANIZATION}:project:${PROJECT}:workspace:${workspace}:run_phase:${phase}`;
}

function trustOf(role: TerraformJson): PolicyStatement[] {
  return [...parsePolicy(role["assume_role_policy"] as string).Statement];
}

/** `aws.account_<id>` → `<id>`. */
function accountOfProvider(provider: string): string {
  return provider.replace(/^aws\.account_/, "");
}

/** Who may assume a role through TFC: a token with this `sub` and audience. */
function tokenFor(sub: string, aud = "aws.workload.identity"): IamRequest {
  return { action: "sts:AssumeRoleWithWebIdentity", context: { [SUB]: sub, [AUD]: aud } };
}

const PHASE_ROLE = /^lh-prod-tfc-(.+)-(plan|apply)$/;

/**
 * Every phase role of a synthesized bootstrap: its one trust statement admits exactly the tokens
 * of its own workspace's own phase — not the other phase, not another workspace, not another
 * audience — and uses no wildcard. Returns how many roles were checked.
 */
function expectPhaseTrust(json: TerraformJson, workspacePrefix: string): number {
  const roles = Object.values(resources(json, "aws_iam_role"));
  for (const role of roles) {
    const [, stack, phase] = PHASE_ROLE.exec(role["name"] as string) ?? [];
    const other = phase === "plan" ? "apply" : "plan";
    const workspace = `${workspacePrefix}-${stack}`;
    const trust = parsePolicy(role["assume_role_policy"] as string);

    expect(trust.Statement).toHaveLength(1);
    expect(trust.Statement[0]).toMatchObject({
      Effect: "Allow",
      Principal: {
        Federated: `arn:aws:iam::${accountOfProvider(role["provider"] as string)}:oidc-provider/${OIDC_HOST}`,
      },
      Condition: { StringEquals: { [AUD]: "aws.workload.identity", [SUB]: subject(workspace, phase as string) } },
    });
    expect(Object.keys(trust.Statement[0]?.Condition ?? {})).toStrictEqual(["StringEquals"]);
    expect(evaluate(trust, tokenFor(subject(workspace, phase as string)))).toBe("allow");
    expect(evaluate(trust, tokenFor(subject(workspace, other)))).toBe("implicit-deny");
    expect(evaluate(trust, tokenFor(subject(workspace, "*")))).toBe("implicit-deny");
    expect(evaluate(trust, tokenFor(subject(`${workspace}-x`, phase as string)))).toBe("implicit-deny");
    expect(evaluate(trust, tokenFor(subject(workspace, phase as string), "sts.amazonaws.com"))).toBe("implicit-deny");
  }
  return roles.length;
}

function inlinePolicy(json: TerraformJson, id: string): ReturnType<typeof parsePolicy> {
  const policy = resources(json, "aws_iam_role_policy")[id];
  if (policy === undefined) throw new Error(`no aws_iam_role_policy ${id}`);
  return parsePolicy(policy["policy"] as string);
}

describe("tfc-bootstrap AWS access", () => {
  const inventory = resolvedCloudExample();
  const json = synthBootstrap(inventory);
  const plan = planTfc(inventory);

  it("creates TFC's OIDC provider once in every account a workspace deploys into", () => {
    const providers = resources(json, "aws_iam_openid_connect_provider");

    const byAccount = Object.values(providers).map((p) => [accountOfProvider(p["provider"] as string), p]);

    expect(byAccount.map(([account]) => account)).toStrictEqual([
      "111111111111",
      "222222222222",
      "444444444444",
      "555555555555",
      "666666666666",
    ]);
    for (const [, provider] of byAccount) {
      expect(provider).toMatchObject({ url: `https://${OIDC_HOST}`, client_id_list: ["aws.workload.identity"] });
    }
  });

  it("trusts an OIDC provider that already exists instead of creating a second one", () => {
    const existing = synthBootstrap(resolvedCloudExample({ existingOidcProviderAccountIds: ["111111111111"] }));

    const created = Object.values(resources(existing, "aws_iam_openid_connect_provider")).map((p) =>
      accountOfProvider(p["provider"] as string),
    );
    const central = resources(existing, "aws_iam_role")["plan-role-central"] as TerraformJson;

    expect(created).not.toContain("111111111111");
    expect(created).toHaveLength(4);
    expect(trustOf(central)[0]?.Principal).toStrictEqual({
      Federated: "arn:aws:iam::111111111111:oidc-provider/app.terraform.io",
    });
    expect(central["depends_on"]).toBeUndefined();
  });

  it("reaches each account through a deploy role (central's in the central account), or the applier's own credentials", () => {
    const providers = json["provider"]["aws"] as TerraformJson[];

    const roles = Object.fromEntries(providers.map((p) => [p["alias"], p["assume_role"]?.[0]?.["role_arn"] ?? null]));
    const pinned = providers.map((p) => [p["alias"], p["allowed_account_ids"]]);

    expect(roles).toStrictEqual({
      account_111111111111: "arn:aws:iam::111111111111:role/loghop-deployer",
      account_222222222222: "arn:aws:iam::222222222222:role/loghop-deployer",
      account_444444444444: "arn:aws:iam::444444444444:role/loghop-deployer",
      account_555555555555: ownDeployRole("555555555555", "cluster-eks-eu-1"),
      account_666666666666: null,
    });
    for (const [alias, allowed] of pinned) expect(allowed).toStrictEqual([String(alias).replace("account_", "")]);
  });

  it("gives every workspace a plan role, and a bootstrap apply role only to the cluster without a deploy role", () => {
    const names = Object.values(resources(json, "aws_iam_role")).map((role) => role["name"] as string);

    expect(names.filter((n) => n.endsWith("-plan"))).toHaveLength(plan.workspaces.length);
    expect(names.filter((n) => n.endsWith("-apply"))).toStrictEqual(["lh-prod-tfc-cluster-rosa-eu-2-apply"]);
  });

  it("makes every phase role trust exactly one phase of one workspace (§1)", () => {
    expect(expectPhaseTrust(json, "lh-prod")).toBe(plan.workspaces.length + 1);
  });

  it("pins the exact workspace and phase in a large estate too", () => {
    const large = synthRawBootstrap(largeCloudInventory(45, 9, ["eu-west-1", "us-east-1"]));

    // 2 regions, 9 lane stacks (the 9 clusters' ids hash to 9 distinct region/group pairs), central,
    // 30 customer stacks with a deploy role, 9 clusters.
    expect(expectPhaseTrust(large, "lh-prod")).toBe(2 + 9 + 1 + 30 + 9);
  });

  it("lets no plan role write, assume or pass a role, or read log content (§1)", () => {
    for (const ws of plan.workspaces) {
      // Prepare
      const policy = inlinePolicy(json, `plan-role-policy-${ws.stackName}`);
      const allows = policy.Statement.filter((s) => s.Effect === "Allow");
      const actions = allows.flatMap((s) => (typeof s.Action === "string" ? [s.Action] : [...s.Action]));

      // Assess: only Describe*/Get*/List* verbs, never a service wildcard or IAM on every resource.
      for (const action of actions) expect(action).toMatch(/^[a-z0-9-]+:(Describe|Get|List)\*$/);
      for (const s of allows.filter((s) => JSON.stringify(s.Action).includes("iam:"))) expect(s.Resource).not.toBe("*");
      const request = (action: string, resource = "*"): string => evaluate(policy, { action, resource });
      expect(request("sts:AssumeRole", ws.applyRoleArn)).toBe("explicit-deny");
      expect(request("sts:AssumeRole", "arn:aws:iam::111111111111:role/loghop-deployer")).toBe("explicit-deny");
      expect(request("iam:PassRole", ws.applyRoleArn)).toBe("explicit-deny");
      expect(request("s3:GetObject", "arn:aws:s3:::lh-prod-staging-111111111111-eu-west-1/eks-eu-1/x.json.gz")).toBe(
        "explicit-deny",
      );
      expect(request("logs:GetLogEvents")).toBe("explicit-deny");
      for (const write of [
        "iam:CreateRole",
        "iam:PutRolePolicy",
        "s3:PutObject",
        "kms:Decrypt",
        "lambda:UpdateFunctionCode",
      ]) {
        expect([ws.stackName, write, request(write, ws.cluster?.vectorRoleArn ?? "*")]).not.toContain("allow");
      }
    }
  });

  it("lets plan roles read what their own stack manages, and only that stack's IAM roles", () => {
    const region = inlinePolicy(json, "plan-role-policy-region-eu-west-1");
    const lanes = inlinePolicy(json, "plan-role-policy-lanes-eu-west-1-b");
    const cluster = inlinePolicy(json, "plan-role-policy-cluster-eks-eu-1");
    const vectorRole = "arn:aws:iam::555555555555:role/lh-prod-eks-eu-1-vector";

    expect(evaluate(region, { action: "s3:GetBucketPolicy", resource: "arn:aws:s3:::lh-prod-staging" })).toBe("allow");
    // The queues are the lane stacks': their plan roles read SQS, the region's no longer does.
    expect(evaluate(region, { action: "sqs:GetQueueAttributes", resource: "*" })).toBe("implicit-deny");
    expect(evaluate(lanes, { action: "sqs:GetQueueAttributes", resource: "*" })).toBe("allow");
    // The clusters' access points are the lane stacks' too; staged log content stays out of reach.
    expect(evaluate(lanes, { action: "s3:GetAccessPointPolicy", resource: "*" })).toBe("allow");
    expect(evaluate(lanes, { action: "s3:GetObject", resource: "arn:aws:s3:::lh-prod-staging/x" })).toBe(
      "explicit-deny",
    );
    expect(evaluate(lanes, { action: "dynamodb:GetItem", resource: "*" })).toBe("implicit-deny");
    expect(
      evaluate(lanes, {
        action: "iam:GetRole",
        resource: "arn:aws:iam::111111111111:role/loghop/lh-prod/processor/lh-prod-eks-eu-1-worker",
      }),
    ).toBe("allow");
    expect(
      evaluate(lanes, {
        action: "iam:GetRole",
        resource: "arn:aws:iam::111111111111:role/lh-prod-processor-eu-west-1",
      }),
    ).toBe("implicit-deny");
    expect(
      evaluate(region, {
        action: "iam:GetRole",
        resource: "arn:aws:iam::111111111111:role/loghop/lh-prod/processor/lh-prod-processor-eu-west-1",
      }),
    ).toBe("allow");
    expect(
      evaluate(region, {
        action: "iam:GetRole",
        resource: "arn:aws:iam::111111111111:role/lh-prod-central-distribution",
      }),
    ).toBe("implicit-deny");
    expect(evaluate(cluster, { action: "iam:GetRolePolicy", resource: vectorRole })).toBe("allow");
    expect(
      evaluate(cluster, { action: "iam:GetRole", resource: "arn:aws:iam::555555555555:role/lh-prod-eks-us-1-vector" }),
    ).toBe("implicit-deny");
    expect(evaluate(cluster, { action: "s3:GetBucketPolicy", resource: "*" })).toBe("implicit-deny");
  });

  it("makes each deploy role the apply role of its one workspace (a region's: and its lane stacks'), with the trust statement its owner adds (§1, §5)", () => {
    // Prepare
    const output = json["output"]["deploy-role-trust-statements"]["value"] as Record<string, string>;
    const withRole = plan.workspaces.filter((ws) => ws.deployRoleArn !== undefined);
    const sameDomain = (a: TfcWorkspacePlan, b: TfcWorkspacePlan): boolean => a.trustDomain === b.trustDomain;

    // Assess: one statement per deploy role, admitting only the apply phase of its own trust domain's workspaces.
    expect(Object.keys(output).sort()).toStrictEqual(
      [...new Set(withRole.map((ws) => ws.deployRoleArn as string))].sort(),
    );
    expect(
      plan.workspaces.filter((ws) => ws.stackName.startsWith("lanes-eu-west-1-")).map((ws) => ws.deployRoleArn),
    ).toStrictEqual([
      "arn:aws:iam::111111111111:role/loghop-deploy-region-eu-west-1",
      "arn:aws:iam::111111111111:role/loghop-deploy-region-eu-west-1",
    ]);
    for (const ws of withRole) {
      const trust = {
        Version: "2012-10-17" as const,
        Statement: [JSON.parse(output[ws.deployRoleArn as string] as string)],
      };
      expect(ws.applyRoleArn).toBe(ws.deployRoleArn);
      expect(evaluate(trust, tokenFor(subject(ws.workspaceName, "apply")))).toBe("allow");
      expect(evaluate(trust, tokenFor(subject(ws.workspaceName, "plan")))).toBe("implicit-deny");
      for (const other of withRole.filter((o) => o !== ws)) {
        expect([other.stackName, evaluate(trust, tokenFor(subject(other.workspaceName, "apply")))]).toStrictEqual([
          other.stackName,
          sameDomain(ws, other) ? "allow" : "implicit-deny",
        ]);
      }
    }
  });

  it("caps the cluster apply role with the Vector boundary, which it can neither drop, swap nor edit (§2)", () => {
    // Prepare: rosa-eu-2 has no deploy role in the example; its stack only manages the Vector role.
    const vectorRole = "arn:aws:iam::666666666666:role/lh-prod-rosa-eu-2-vector";
    const boundary = "arn:aws:iam::666666666666:policy/lh-prod-rosa-eu-2-vector-boundary";
    const policy = inlinePolicy(json, "apply-role-policy-cluster-rosa-eu-2");
    const withBoundary = (action: string, resource = vectorRole, b = boundary): string =>
      evaluate(policy, { action, resource, context: { "iam:PermissionsBoundary": b } });
    const bare = (action: string, resource = vectorRole): string => evaluate(policy, { action, resource });

    // Assess: changing what the role may do needs the boundary …
    for (const action of [
      "iam:CreateRole",
      "iam:PutRolePolicy",
      "iam:DeleteRolePolicy",
      "iam:PutRolePermissionsBoundary",
    ]) {
      expect([action, withBoundary(action)]).toStrictEqual([action, "allow"]);
      expect([action, bare(action)]).not.toContainEqual("allow");
      expect([
        action,
        withBoundary(action, vectorRole, "arn:aws:iam::aws:policy/AdministratorAccess"),
      ]).not.toContainEqual("allow");
    }
    // … the boundary can't be removed or edited, nothing else can be touched or passed.
    expect(bare("iam:DeleteRolePermissionsBoundary")).toBe("explicit-deny");
    for (const edit of ["iam:CreatePolicyVersion", "iam:SetDefaultPolicyVersion", "iam:DeletePolicy"]) {
      expect(bare(edit, boundary)).toBe("explicit-deny");
    }
    expect(withBoundary("iam:AttachRolePolicy")).toBe("implicit-deny");
    expect(bare("iam:PassRole")).toBe("implicit-deny");
    expect(withBoundary("iam:CreateRole", "arn:aws:iam::666666666666:role/admin")).toBe("implicit-deny");
    expect(bare("iam:UpdateAssumeRolePolicy", "arn:aws:iam::666666666666:role/admin")).toBe("implicit-deny");
    expect(bare("iam:UpdateAssumeRolePolicy")).toBe("allow");
    // Pattern permissions: the central role trusts roles at the processor path, and the staging bucket
    // reads the Vector role's tag. A compromised cluster workspace can create no role at that path
    // (even in an account that is the central one) and can tag no role but its own Vector role.
    expect(
      withBoundary(
        "iam:CreateRole",
        "arn:aws:iam::666666666666:role/loghop/lh-prod/processor/lh-prod-rosa-eu-2-worker",
      ),
    ).toBe("implicit-deny");
    expect(bare("iam:TagRole", "arn:aws:iam::666666666666:role/lh-prod-eks-eu-1-vector")).toBe("implicit-deny");
    for (const s of policy.Statement.filter((st) => st.Effect === "Allow")) expect(s.Resource).toBe(vectorRole);
  });

  it("creates each cluster's Vector boundary as exactly what a Vector role may hold: stage under its own prefix", () => {
    const boundaries = resources(json, "aws_iam_policy");

    expect(Object.values(boundaries).map((b) => b["name"])).toStrictEqual([
      "lh-prod-eks-eu-1-vector-boundary",
      "lh-prod-eks-us-1-vector-boundary",
      "lh-prod-rosa-eu-2-vector-boundary",
    ]);
    const rosa = parsePolicy(boundaries["vector-boundary-cluster-rosa-eu-2"]?.["policy"] as string);
    const ownPoint = "arn:aws:s3:eu-west-1:111111111111:accesspoint/lh-prod--rosa-eu-2/object";
    const staging = "arn:aws:s3:::lh-prod-staging-111111111111-eu-west-1";
    expect(evaluate(rosa, { action: "s3:PutObject", resource: `${ownPoint}/rosa-eu-2/x.json.gz` })).toBe("allow");
    expect(evaluate(rosa, { action: "s3:PutObject", resource: `${ownPoint}/eks-eu-1/x.json.gz` })).toBe(
      "implicit-deny",
    );
    expect(evaluate(rosa, { action: "s3:PutObject", resource: `${staging}/rosa-eu-2/x.json.gz` })).toBe(
      "implicit-deny",
    );
    for (const s of rosa.Statement) expect(s.Action).toMatch(/^(s3:PutObject|kms:GenerateDataKey)$/);
  });

  it("refuses central or region stacks without a deploy role, and two stacks sharing one (§5)", () => {
    const raw = cloudExample();
    const { regionDeployRoleArns: _dropped, ...central } = raw.central;
    const shared = raw.clusters.map((cluster) =>
      cluster.id === "eks-us-1"
        ? { ...cluster, deployRoleArn: ownDeployRole("555555555555", "cluster-eks-eu-1") }
        : cluster,
    );

    expect(() => planTfc(resolveInventory({ ...raw, central }))).toThrow(TfcBootstrapError);
    expect(() => planTfc(resolveInventory({ ...raw, central }))).toThrow(
      /region-eu-west-1, region-us-east-1, lanes-eu-west-1-0, lanes-eu-west-1-b, lanes-us-east-1-8, central share deploy role arn:aws:iam::111111111111:role\/loghop-deployer/,
    );
    expect(() => planTfc(resolveInventory({ ...raw, clusters: shared }))).toThrow(
      /cluster-eks-eu-1, cluster-eks-us-1 share deploy role/,
    );
    const { deployRoleArn: _none, ...noRoles } = central;
    expect(() => planTfc(resolveInventory({ ...raw, central: noRoles }))).toThrow(
      /region-eu-west-1: with the cloud backend this stack needs its own deploy role/,
    );
  });

  it("contains no AWS access key or secret, and no AdministratorAccess, anywhere", () => {
    const text = JSON.stringify(json);

    expect(text).not.toMatch(/AWS_ACCESS_KEY_ID|AWS_SECRET_ACCESS_KEY|AWS_SESSION_TOKEN/);
    expect(text).not.toMatch(/aws_access_key|access_key|secret_key/i);
    expect(text).not.toMatch(/AKIA[0-9A-Z]{16}/);
    expect(text).not.toContain("AdministratorAccess");
    expect(resources(json, "aws_iam_role_policy_attachment")).toStrictEqual({});
  });

  it("keeps its own state in a relative local file by default", () => {
    expect(json["terraform"]["backend"]).toStrictEqual({
      local: { path: "../../../terraform-state/lh-prod/tfc-bootstrap.tfstate" },
    });
  });

  it("keeps its own state in S3 when asked to", () => {
    const s3 = synthBootstrap(
      resolvedCloudExample({ bootstrapState: { type: "s3", bucket: "acme-tf-state", lockTable: "acme-tf-locks" } }),
    );

    expect(s3["terraform"]["backend"]).toStrictEqual({
      s3: {
        bucket: "acme-tf-state",
        key: "loghop/lh-prod/tfc-bootstrap.tfstate",
        region: "eu-west-1",
        dynamodb_table: "acme-tf-locks",
        use_lockfile: true,
        encrypt: true,
      },
    });
  });

  it("uses a custom audience for the OIDC provider client id, the trusts and the deploy roles' statements", () => {
    const custom = synthBootstrap(resolvedCloudExample({ audience: "loghop.tfc" }));

    const clientIds = Object.values(resources(custom, "aws_iam_openid_connect_provider")).map(
      (p) => p["client_id_list"],
    );
    const audiences = Object.values(resources(custom, "aws_iam_role")).map(
      (role) => (trustOf(role)[0]?.Condition?.["StringEquals"] as Record<string, string>)[AUD],
    );
    const statements = Object.values(
      custom["output"]["deploy-role-trust-statements"]["value"] as Record<string, string>,
    );

    expect(new Set(clientIds.map((c) => JSON.stringify(c)))).toStrictEqual(new Set(['["loghop.tfc"]']));
    expect(new Set(audiences)).toStrictEqual(new Set(["loghop.tfc"]));
    for (const s of statements) expect(JSON.parse(s).Condition.StringEquals[AUD]).toBe("loghop.tfc");
  });
});
