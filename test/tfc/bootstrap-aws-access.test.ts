/** Keyless AWS access: OIDC providers, run role trust and permissions, providers, backend. */
import {
  planTfc,
  RUN_ROLE_POLICY_WITHOUT_DEPLOY_ROLE,
  runRolePermissions,
  TfcBootstrapError,
  VECTOR_ROLE_ACTIONS,
} from "../../stacks/tfc-bootstrap";
import {
  cloudExample,
  ORGANIZATION,
  PROJECT,
  largeCloudInventory,
  resolvedCloudExample,
  resources,
  synthBootstrap,
  synthRawBootstrap,
  type TerraformJson,
} from "./support/inventories";

const OIDC_HOST = "app.terraform.io";

interface TrustStatement {
  Effect: string;
  Principal: { Federated: string };
  Action: string;
  Condition: Record<string, Record<string, string>>;
}

function trustOf(role: TerraformJson): TrustStatement[] {
  return (JSON.parse(role["assume_role_policy"] as string) as { Statement: TrustStatement[] }).Statement;
}

/** `aws.account_<id>` → `<id>`. */
function accountOfProvider(provider: string): string {
  return provider.replace(/^aws\.account_/, "");
}

/** Assert every run role of a synthesized bootstrap trusts exactly its own workspace. */
function expectExactWorkspaceTrust(json: TerraformJson, prefix: string): number {
  const roles = Object.values(resources(json, "aws_iam_role"));
  for (const role of roles) {
    const stack = (role["name"] as string).replace(`${prefix}-tfc-`, "");
    const account = accountOfProvider(role["provider"] as string);
    const statements = trustOf(role);

    expect(statements).toHaveLength(1);
    expect(statements[0]).toStrictEqual({
      Sid: "TerraformCloudWorkspace",
      Effect: "Allow",
      Principal: { Federated: `arn:aws:iam::${account}:oidc-provider/${OIDC_HOST}` },
      Action: "sts:AssumeRoleWithWebIdentity",
      Condition: {
        StringEquals: { [`${OIDC_HOST}:aud`]: "aws.workload.identity" },
        StringLike: {
          [`${OIDC_HOST}:sub`]: `organization:${ORGANIZATION}:project:${PROJECT}:workspace:${prefix}-${stack}:run_phase:*`,
        },
      },
    });
    // The only wildcard is the run phase: organization, project and workspace are literal.
    const subject = statements[0]?.Condition["StringLike"]?.[`${OIDC_HOST}:sub`] ?? "";
    expect(subject.slice(0, -"run_phase:*".length)).not.toMatch(/[*?]/);
  }
  return roles.length;
}

describe("tfc-bootstrap AWS access", () => {
  const json = synthBootstrap(resolvedCloudExample());

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
    const central = resources(existing, "aws_iam_role")["run-role-central"] as TerraformJson;

    expect(created).not.toContain("111111111111");
    expect(created).toHaveLength(4);
    expect(trustOf(central)[0]?.Principal.Federated).toBe("arn:aws:iam::111111111111:oidc-provider/app.terraform.io");
    expect(central["depends_on"]).toBeUndefined();
  });

  it("reaches each account through its deploy role, or the applier's credentials where it has none", () => {
    const providers = json["provider"]["aws"] as TerraformJson[];

    const roles = Object.fromEntries(providers.map((p) => [p["alias"], p["assume_role"]?.[0]?.["role_arn"] ?? null]));
    const pinned = providers.map((p) => [p["alias"], p["allowed_account_ids"]]);

    expect(roles).toStrictEqual({
      account_111111111111: "arn:aws:iam::111111111111:role/loghop-deployer",
      account_222222222222: "arn:aws:iam::222222222222:role/loghop-deployer",
      account_444444444444: "arn:aws:iam::444444444444:role/loghop-deployer",
      account_555555555555: "arn:aws:iam::555555555555:role/loghop-deployer",
      account_666666666666: null,
    });
    for (const [alias, allowed] of pinned) expect(allowed).toStrictEqual([String(alias).replace("account_", "")]);
  });

  it("makes every run role trust exactly one workspace of the organization and project", () => {
    expect(expectExactWorkspaceTrust(json, "lh-prod")).toBe(8);
  });

  it("pins the exact workspace subject in a large estate too", () => {
    const large = synthRawBootstrap(largeCloudInventory(45, 9, ["eu-west-1", "us-east-1"]));

    expect(expectExactWorkspaceTrust(large, "lh-prod")).toBe(2 + 1 + 30 + 9);
  });

  it("lets a run role with a deploy role only assume that role", () => {
    const policies = Object.values(resources(json, "aws_iam_role_policy")).filter(
      (policy) => policy["name"] === "assume-deploy-role",
    );

    for (const policy of policies) {
      const account = accountOfProvider(policy["provider"] as string);
      expect(JSON.parse(policy["policy"] as string)).toStrictEqual({
        Version: "2012-10-17",
        Statement: [
          {
            Sid: "AssumeDeployRole",
            Effect: "Allow",
            Action: "sts:AssumeRole",
            Resource: `arn:aws:iam::${account}:role/loghop-deployer`,
          },
        ],
      });
    }
    expect(policies).toHaveLength(7);
  });

  it("confines the run role of a cluster without a deploy role to the cluster's Vector IRSA role", () => {
    // Prepare: rosa-eu-2 has no deploy role in the example; its stack only manages the Vector role.
    const vectorRole = "arn:aws:iam::666666666666:role/lh-prod-rosa-eu-2-vector";

    // Act
    const policy = resources(json, "aws_iam_role_policy")["run-role-policy-cluster-rosa-eu-2"] as TerraformJson;
    const document = JSON.parse(policy["policy"] as string) as {
      Statement: { Effect: string; Action: string[]; Resource: string }[];
    };

    // Assess
    expect(policy).toMatchObject({
      provider: "aws.account_666666666666",
      role: "${aws_iam_role.run-role-cluster-rosa-eu-2.name}",
      name: "manage-vector-role",
    });
    expect(document.Statement.map((statement) => statement.Resource)).toStrictEqual([vectorRole]);
    expect(document.Statement[0]?.Effect).toBe("Allow");
    expect(document.Statement[0]?.Action).toStrictEqual([...VECTOR_ROLE_ACTIONS]);
    expect(document.Statement[0]?.Action).toEqual(
      expect.arrayContaining(["iam:CreateRole", "iam:PutRolePolicy", "iam:DeleteRole", "iam:TagRole"]),
    );
    for (const action of document.Statement[0]?.Action ?? []) expect(action).toMatch(/^iam:[A-Za-z]+$/);
    expect(document.Statement[0]?.Action).not.toContain("iam:PassRole");
    expect(document.Statement[0]?.Action).not.toContain("iam:AttachRolePolicy");
  });

  it("attaches no managed policy when central has a deploy role", () => {
    expect(resources(json, "aws_iam_role_policy_attachment")).toStrictEqual({});
    expect(JSON.stringify(json)).not.toContain(RUN_ROLE_POLICY_WITHOUT_DEPLOY_ROLE);
  });

  it("keeps AdministratorAccess for the central and region run roles only, when central has no deploy role", () => {
    // Prepare: central without a deploy role; rosa-eu-2 gets one (the bootstrap reaches at most
    // one account with the applier's own credentials).
    const raw = cloudExample();
    const { deployRoleArn: _dropped, ...central } = raw.central;
    const clusters = raw.clusters.map((cluster) =>
      cluster.id === "rosa-eu-2"
        ? { ...cluster, deployRoleArn: "arn:aws:iam::666666666666:role/loghop-deployer" }
        : cluster,
    );
    const noCentralRole = synthRawBootstrap({ ...raw, central, clusters });

    // Act
    const attachments = resources(noCentralRole, "aws_iam_role_policy_attachment");
    const inline = Object.keys(resources(noCentralRole, "aws_iam_role_policy"));

    // Assess
    expect(attachments).toStrictEqual(
      Object.fromEntries(
        ["region-eu-west-1", "region-us-east-1", "central"].map((stack) => [
          `run-role-policy-${stack}`,
          {
            provider: "aws.account_111111111111",
            role: `\${aws_iam_role.run-role-${stack}.name}`,
            policy_arn: "arn:aws:iam::aws:policy/AdministratorAccess",
          },
        ]),
      ),
    );
    expect(inline.sort()).toStrictEqual(
      [
        "run-role-policy-customer-globex",
        "run-role-policy-customer-umbrella",
        "run-role-policy-cluster-eks-eu-1",
        "run-role-policy-cluster-eks-us-1",
        "run-role-policy-cluster-rosa-eu-2",
      ].sort(),
    );
  });

  it("refuses to widen a customer workspace without a deploy role", () => {
    // Prepare: planTfc gives such tenants no workspace; a hand-made plan entry must not fall through.
    const customer = planTfc(resolvedCloudExample()).workspaces.find((ws) => ws.layer === "customer");
    expect(customer).toBeDefined();

    // Act / Assess
    expect(() => runRolePermissions({ ...customer!, deployRoleArn: undefined })).toThrow(TfcBootstrapError);
    expect(() => runRolePermissions({ ...customer!, deployRoleArn: undefined })).toThrow(
      /customer-globex: a customer workspace needs the tenant's deployRoleArn/,
    );
  });

  it("contains no AWS access key or secret anywhere", () => {
    const text = JSON.stringify(json);

    expect(text).not.toMatch(/AWS_ACCESS_KEY_ID|AWS_SECRET_ACCESS_KEY|AWS_SESSION_TOKEN/);
    expect(text).not.toMatch(/aws_access_key|access_key|secret_key/i);
    expect(text).not.toMatch(/AKIA[0-9A-Z]{16}/);
  });

  it("keeps its own state in a relative local file by default", () => {
    expect(json["terraform"]["backend"]).toStrictEqual({
      local: { path: "../../../terraform-state/tfc-bootstrap.tfstate" },
    });
  });

  it("keeps its own state in S3 when asked to", () => {
    const s3 = synthBootstrap(
      resolvedCloudExample({ bootstrapState: { type: "s3", bucket: "acme-tf-state", lockTable: "acme-tf-locks" } }),
    );

    expect(s3["terraform"]["backend"]).toStrictEqual({
      s3: {
        bucket: "acme-tf-state",
        key: "loghop/tfc-bootstrap.tfstate",
        region: "eu-west-1",
        dynamodb_table: "acme-tf-locks",
        encrypt: true,
      },
    });
  });

  it("uses a custom audience for the OIDC provider client id and the trust", () => {
    const custom = synthBootstrap(resolvedCloudExample({ audience: "loghop.tfc" }));

    const clientIds = Object.values(resources(custom, "aws_iam_openid_connect_provider")).map(
      (p) => p["client_id_list"],
    );
    const audiences = Object.values(resources(custom, "aws_iam_role")).map(
      (role) => trustOf(role)[0]?.Condition["StringEquals"]?.[`${OIDC_HOST}:aud`],
    );

    expect(new Set(clientIds.map((c) => JSON.stringify(c)))).toStrictEqual(new Set(['["loghop.tfc"]']));
    expect(new Set(audiences)).toStrictEqual(new Set(["loghop.tfc"]));
  });
});
