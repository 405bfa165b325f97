/** Customer stacks: the delivery role's trust (central role + the tenant's own ExternalId) and permissions. */
import { resolveInventory } from "../../inventory/resolve";
import { CustomerStack } from "../../stacks/customer/customer-stack";
import {
  EXAMPLE_GLOBEX_BUCKET_STATEMENT,
  exampleInventory,
  exampleRawInventory,
  exampleWithOwnedRole,
} from "./support/inventories";
import { asArray, policyOf, synthApp, type SynthResult } from "./support/synth";

const CENTRAL_ROLE = "arn:aws:iam::111111111111:role/lh-prod-central-distribution";
const inventory = exampleInventory();

let synth: SynthResult;
beforeAll(() => {
  synth = synthApp((app) => inventory.tenants.forEach((tenant) => new CustomerStack(app, { inventory, tenant })));
});
afterAll(() => synth.cleanup());

const rolePolicy = (stack: string) => policyOf(synth.only(stack, "aws_iam_role_policy"));

describe("delivery role trust", () => {
  test.each(inventory.tenants.map((t) => [t.id, t.externalId]))(
    "%s: only the central role, only with the tenant's own ExternalId",
    (tenantId, externalId) => {
      const role = synth.only(`customer-${tenantId}`, "aws_iam_role");
      expect(role["name"]).toBe(`lh-prod-${tenantId}-delivery`);
      expect(policyOf(role, "assume_role_policy").Statement).toStrictEqual([
        {
          Effect: "Allow",
          Principal: { AWS: CENTRAL_ROLE },
          Action: "sts:AssumeRole",
          Condition: { StringEquals: { "sts:ExternalId": externalId } },
        },
      ]);
    },
  );

  test("ExternalIds differ between tenants and none is the central account id", () => {
    const ids = inventory.tenants.map((t) => {
      const trust = policyOf(synth.only(`customer-${t.id}`, "aws_iam_role"), "assume_role_policy");
      return trust.Statement[0]?.Condition?.["StringEquals"]?.["sts:ExternalId"];
    });
    expect(new Set(ids).size).toBe(inventory.tenants.length);
    expect(ids).not.toContain(inventory.central.accountId);
  });
});

test("during a rotation the trust accepts exactly the current and the accepted ExternalIds", () => {
  // Prepare
  const raw = exampleRawInventory();
  const rotating = resolveInventory({
    ...raw,
    tenants: raw.tenants.map((t, i) =>
      i === 0 ? { ...t, acceptedExternalIds: ["lhx-RotationRotationRotationRotation1"] } : t,
    ),
  });
  const tenant = rotating.tenants[0]!;
  // Act
  const rotated = synthApp((app) => new CustomerStack(app, { inventory: rotating, tenant }));
  try {
    // Assess
    const trust = policyOf(rotated.only(`customer-${tenant.id}`, "aws_iam_role"), "assume_role_policy");
    expect(trust.Statement[0]?.Condition).toStrictEqual({
      StringEquals: { "sts:ExternalId": [tenant.externalId, "lhx-RotationRotationRotationRotation1"] },
    });
  } finally {
    rotated.cleanup();
  }
});

describe("delivery role permissions", () => {
  test("name mode: streams and events of exactly the tenant's log group, no group creation", () => {
    const [cloudwatch] = rolePolicy("customer-globex").Statement;
    expect(cloudwatch).toMatchObject({
      Action: ["logs:CreateLogStream", "logs:PutLogEvents"],
      Resource: "arn:aws:logs:eu-west-1:222222222222:log-group:/loghop/globex/prod:*",
    });
    const actions = rolePolicy("customer-globex").Statement.flatMap((s) => asArray(s.Action));
    expect(actions).not.toContain("logs:CreateLogGroup");
    expect(actions).not.toContain("logs:PutRetentionPolicy");
  });

  test("prefix mode: CreateLogGroup and PutRetentionPolicy only under the tenant's prefix", () => {
    expect(rolePolicy("customer-initech").Statement).toStrictEqual([
      {
        Sid: "Delivery1CreateAndWriteLogGroupsUnderPrefix",
        Effect: "Allow",
        Action: ["logs:CreateLogGroup", "logs:CreateLogStream", "logs:PutLogEvents", "logs:PutRetentionPolicy"],
        Resource: "arn:aws:logs:us-east-1:333333333333:log-group:/initech/k8s/*",
      },
    ]);
  });

  test("S3 delivery: PutObject (with the bucket-owner ACL only) only under the configured bucket and prefix", () => {
    const s3 = rolePolicy("customer-globex").Statement.filter((s) =>
      asArray(s.Action).some((a) => a.startsWith("s3:")),
    );
    expect(s3.map((s) => [s.Action, s.Resource, s.Condition])).toStrictEqual([
      [
        ["s3:PutObject", "s3:PutObjectAcl"],
        "arn:aws:s3:::globex-log-archive/kubernetes/*",
        // The only ACL it may set is the one that hands the object to the bucket owner.
        { StringEquals: { "s3:x-amz-acl": "bucket-owner-full-control" } },
      ],
    ]);
  });

  test("no statement uses a wildcard resource or action", () => {
    for (const tenant of inventory.tenants) {
      for (const statement of rolePolicy(`customer-${tenant.id}`).Statement) {
        expect(asArray(statement.Resource)).not.toContain("*");
        expect(asArray(statement.Action).some((a) => a.endsWith("*"))).toBe(false);
      }
    }
  });
});

test("a delivery role whose inline policy would pass IAM's 10,240 characters fails synth", () => {
  const raw = exampleRawInventory();
  const many = Array.from({ length: 60 }, (_, i) => ({
    type: "cloudwatch" as const,
    region: "eu-west-1",
    logGroupName: `/umbrella/kubernetes/application-group-${i}`,
  }));
  const big = resolveInventory({
    ...raw,
    tenants: raw.tenants.map((t) => (t.id === "umbrella" ? { ...t, deliveries: many } : t)),
  });
  const tenant = big.tenants.find((t) => t.id === "umbrella")!;
  expect(() => synthApp((app) => new CustomerStack(app, { inventory: big, tenant }))).toThrow(
    /customer-umbrella: the inline policy of role lh-prod-umbrella-delivery is \d+ characters, more than IAM's 10240 per role/,
  );
});

describe("destinations", () => {
  test("name-mode log groups are created with the inventory's retention (and KMS key when given)", () => {
    expect(synth.only("customer-globex", "aws_cloudwatch_log_group")).toMatchObject({
      name: "/loghop/globex/prod",
      retention_in_days: 90,
    });
    expect(synth.only("customer-umbrella", "aws_cloudwatch_log_group")["retention_in_days"]).toBe(365);
    // Prefix mode: groups appear on demand, created by the processor.
    expect(synth.resources("customer-initech", "aws_cloudwatch_log_group")).toStrictEqual({});
  });

  test("a KMS key of a name-mode group is set on the group", () => {
    const raw = exampleRawInventory();
    const key = "arn:aws:kms:eu-west-1:444444444444:key/11111111-2222-3333-4444-555555555555";
    const withKey = resolveInventory({
      ...raw,
      tenants: raw.tenants.map((t) =>
        t.id === "umbrella" ? { ...t, deliveries: [{ ...(t.deliveries[0] as object), kmsKeyArn: key } as never] } : t,
      ),
    });
    const tenant = withKey.tenants.find((t) => t.id === "umbrella");
    const own = synthApp((app) => new CustomerStack(app, { inventory: withKey, tenant: tenant! }));
    expect(own.only("customer-umbrella", "aws_cloudwatch_log_group")["kms_key_id"]).toBe(key);
    own.cleanup();
  });

  test("S3 deliveries output the bucket policy statement the customer must add", () => {
    const output = synth.stack("customer-globex").output?.["bucket_policy_statement_2"];
    expect(JSON.parse(output?.value as string)).toStrictEqual(EXAMPLE_GLOBEX_BUCKET_STATEMENT);
    expect(synth.stack("customer-globex").output?.["delivery_role_arn"]?.value).toBe(
      "${aws_iam_role.delivery-role.arn}",
    );
  });
});

describe("provider", () => {
  test("a tenant with a deploy role is deployed through it, in its own account only, tagged with the tenant", () => {
    expect(synth.stack("customer-globex").provider?.["aws"]).toStrictEqual([
      expect.objectContaining({
        region: "eu-west-1",
        allowed_account_ids: ["222222222222"],
        assume_role: [
          { role_arn: "arn:aws:iam::222222222222:role/loghop-deployer", session_name: "loghop-customer-globex" },
        ],
        default_tags: [
          { tags: { Project: "acme-platform-logs", Environment: "prod", ManagedBy: "loghop", Tenant: "globex" } },
        ],
      }),
    ]);
  });

  test("a tenant without one gets no assume_role (the customer applies it) but the account is still pinned", () => {
    const [provider] = synth.stack("customer-initech").provider?.["aws"] ?? [];
    expect(provider).not.toHaveProperty("assume_role");
    expect(provider).toMatchObject({ region: "us-east-1", allowed_account_ids: ["333333333333"] });
  });

  test("deliveries in several regions get one provider each, and each log group uses its region's", () => {
    const raw = exampleRawInventory();
    const multi = resolveInventory({
      ...raw,
      tenants: raw.tenants.map((t) =>
        t.id === "umbrella"
          ? {
              ...t,
              deliveries: [
                ...t.deliveries,
                { type: "cloudwatch" as const, region: "us-east-1", logGroupName: "/umbrella/us", retentionDays: 14 },
              ],
            }
          : t,
      ),
    });
    const own = synthApp((app) => new CustomerStack(app, { inventory: multi, tenant: multi.tenants[2]! }));
    const providers = own.stack("customer-umbrella").provider?.["aws"] ?? [];
    expect(providers.map((p) => [p["region"], p["alias"]])).toStrictEqual([
      ["eu-west-1", undefined],
      ["us-east-1", "region_us_east_1"],
    ]);
    const groups = Object.values(own.resources("customer-umbrella", "aws_cloudwatch_log_group"));
    expect(groups.map((g) => [g["name"], g["provider"]])).toStrictEqual([
      ["/umbrella/kubernetes", undefined],
      ["/umbrella/us", "aws.region_us_east_1"],
    ]);
    own.cleanup();
  });
});

test("a tenant that owns its delivery role gets no customer stack: constructing one is refused", () => {
  const owned = exampleWithOwnedRole();
  const globex = owned.tenants.find((t) => t.id === "globex")!;
  expect(() => synthApp((app) => new CustomerStack(app, { inventory: owned, tenant: globex }))).toThrow(
    /^customer-globex: tenant globex brings its own deliveryRoleArn: loghop creates no stack for it$/,
  );
});
