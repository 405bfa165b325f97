/** The central role: who may assume it, and which tenant roles it may assume. */
import { CentralStack } from "../../stacks/central/central-stack";
import { chunkAssumePolicies } from "../../stacks/central/assume-policies";
import { StackError } from "../../stacks/errors";
import { App } from "cdktf";
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { resolveInventory } from "../../inventory/resolve";
import { buildTenantDeliveryItems } from "../../generators";
import type { InventoryProblem } from "../../inventory/errors";
import type { Inventory } from "../../inventory/types";
import { validateInventoryValue } from "../../inventory/validate";
import { deliveryRoleDefinition } from "../../stacks/customer/delivery-role";
import {
  exampleInventory,
  exampleRawInventory,
  exampleRawWithOwnedRole,
  exampleWithOwnedRole,
  GLOBEX_OWN_ROLE,
  scaledInventory,
  scaledRawInventory,
} from "./support/inventories";
import { evaluate, trustAdmits } from "../support/iam-eval";
import type { PolicyDocument, PolicyStatement } from "../../stacks/common/policy-documents";
import { asArray, policyOf, synthApp, type SynthResult } from "./support/synth";

const PROCESSOR_ROLES = [
  "arn:aws:iam::111111111111:role/loghop/lh-prod/processor/lh-prod-processor-eu-west-1",
  "arn:aws:iam::111111111111:role/loghop/lh-prod/processor/lh-prod-processor-us-east-1",
];

/** Every AssumeRole policy of a synthesized central stack, as the one set of statements IAM evaluates. */
function assumePolicies(synth: SynthResult): PolicyDocument {
  const statements = Object.values(synth.resources("central", "aws_iam_policy")).flatMap(
    (p) => policyOf(p).Statement as unknown as PolicyStatement[],
  );
  return { Version: "2012-10-17", Statement: statements };
}

/** The central role's decision on assuming `roleArn`. */
function mayAssume(synth: SynthResult, roleArn: string): string {
  return evaluate(assumePolicies(synth), { action: "sts:AssumeRole", resource: roleArn });
}

/** The central role's trust decision on an AssumeRole by `principalArn` (a role session's role ARN). */
function trusts(synth: SynthResult, principalArn: string): boolean {
  const trust = policyOf(synth.only("central", "aws_iam_role"), "assume_role_policy");
  return trustAdmits(trust as unknown as PolicyDocument, principalArn);
}

describe("central stack (example inventory)", () => {
  let synth: SynthResult;
  beforeAll(() => {
    synth = synthApp((app) => new CentralStack(app, { inventory: exampleInventory() }));
  });
  afterAll(() => synth.cleanup());

  test("the central role trusts the roles at loghop's processor path in the central account, and only them", () => {
    const role = synth.only("central", "aws_iam_role");
    expect(role["name"]).toBe("lh-prod-central-distribution");
    expect(policyOf(role, "assume_role_policy").Statement).toStrictEqual([
      {
        Sid: "LoghopProcessorRoles",
        Effect: "Allow",
        Principal: { AWS: "arn:aws:iam::111111111111:root" },
        Action: "sts:AssumeRole",
        Condition: { ArnLike: { "aws:PrincipalArn": "arn:aws:iam::111111111111:role/loghop/lh-prod/processor/*" } },
      },
    ]);
    for (const processor of PROCESSOR_ROLES) expect(trusts(synth, processor)).toBe(true);
    expect(trusts(synth, "arn:aws:iam::111111111111:role/loghop/lh-prod/processor/lh-prod-eks-eu-1-worker")).toBe(true);
    for (const stranger of [
      // The same names without the path, a cluster's Vector role, an installation whose prefix extends ours,
      // an administrator, and the right path in another account.
      "arn:aws:iam::111111111111:role/lh-prod-processor-eu-west-1",
      "arn:aws:iam::111111111111:role/lh-prod-processor-x-vector",
      "arn:aws:iam::111111111111:role/loghop/lh-prod-2/processor/lh-prod-2-processor-eu-west-1",
      "arn:aws:iam::111111111111:role/Admin",
      "arn:aws:iam::555555555555:role/loghop/lh-prod/processor/lh-prod-processor-eu-west-1",
    ]) {
      expect(trusts(synth, stranger)).toBe(false);
    }
  });

  test("it may assume loghop-named delivery roles only, and only sts:AssumeRole (no TagSession, no *)", () => {
    const statements = assumePolicies(synth).Statement;
    expect(statements).toStrictEqual([
      {
        Sid: "AssumeLoghopDeliveryRoles",
        Effect: "Allow",
        Action: "sts:AssumeRole",
        Resource: "arn:aws:iam::*:role/lh-prod-*-delivery",
      },
    ]);
    for (const tenant of ["222222222222:role/lh-prod-globex-delivery", "444444444444:role/lh-prod-umbrella-delivery"]) {
      expect(mayAssume(synth, `arn:aws:iam::${tenant}`)).toBe("allow");
    }
    for (const other of [
      "arn:aws:iam::222222222222:role/Admin",
      "arn:aws:iam::222222222222:role/lh-prod-globex-vector",
      "arn:aws:iam::111111111111:role/lh-prod-central-distribution",
      "arn:aws:iam::222222222222:role/lh-prod-globex-delivery-extra",
      "arn:aws:iam::222222222222:role/lh-other-globex-delivery",
    ]) {
      expect(mayAssume(synth, other)).toBe("implicit-deny");
    }
    expect(evaluate(assumePolicies(synth), { action: "sts:TagSession", resource: PROCESSOR_ROLES[0] })).toBe(
      "implicit-deny",
    );
  });

  test("every assume policy is attached to the central role", () => {
    const attachments = Object.values(synth.resources("central", "aws_iam_role_policy_attachment"));
    expect(attachments).toStrictEqual([
      expect.objectContaining({
        role: "${aws_iam_role.central-role.name}",
        policy_arn: "${aws_iam_policy.assume-tenants-1.arn}",
      }),
    ]);
  });

  test("the provider assumes the central deploy role in the first region, in the central account only", () => {
    expect(synth.stack("central").provider?.["aws"]?.[0]).toMatchObject({
      region: "eu-west-1",
      allowed_account_ids: ["111111111111"],
      assume_role: [{ role_arn: "arn:aws:iam::111111111111:role/loghop-deployer" }],
      default_tags: [{ tags: { Project: "acme-platform-logs", Environment: "prod", ManagedBy: "loghop" } }],
    });
  });
});

describe("central stack with 1,200 tenants (more than the earlier per-ARN list could hold)", () => {
  let synth: SynthResult;
  const inventory = scaledInventory({ tenants: 1_200, clusters: 40, regions: 4 });
  beforeAll(() => {
    synth = synthApp((app) => new CentralStack(app, { inventory }));
  });
  afterAll(() => synth.cleanup());

  test("one managed policy with the name pattern covers every tenant, whatever their number", () => {
    const policies = Object.values(synth.resources("central", "aws_iam_policy"));
    expect(policies).toHaveLength(1);
    for (const tenant of inventory.tenants) expect(mayAssume(synth, tenant.deliveryRoleArn)).toBe("allow");
  });

  test("the trust policy does not grow with regions", () => {
    const trust = policyOf(synth.only("central", "aws_iam_role"), "assume_role_policy");
    expect(trust.Statement).toHaveLength(1);
  });
});

describe("assume policy chunking (tenant-owned and disabled roles)", () => {
  const arns = Array.from({ length: 250 }, (_, i) => `arn:aws:iam::${String(200000000000 + i)}:role/x-t${i}-delivery`);

  test("is deterministic whatever the input order, and drops duplicates", () => {
    const forward = chunkAssumePolicies(arns);
    const shuffled = chunkAssumePolicies([...arns].reverse().concat(arns.slice(0, 10)));
    expect(shuffled).toStrictEqual(forward);
  });

  test("fills each document up to the limit and never beyond it", () => {
    const documents = chunkAssumePolicies(arns, 2_000);
    const sizes = documents.map((d) => JSON.stringify(d).length);
    expect(sizes.every((size) => size <= 2_000)).toBe(true);
    // Greedy: adding the next document's first ARN (quoted, plus a comma) would have overflowed.
    const firstArns = documents.map((d) => asArray(d.Statement[0]?.Resource)[0] as string);
    sizes.slice(0, -1).forEach((size, i) => {
      expect(size + JSON.stringify(firstArns[i + 1]).length + 1).toBeGreaterThan(2_000);
    });
  });

  test("a disabled tenant's role is not assumable: the pattern allows it, an explicit Deny takes it out", () => {
    const raw = exampleRawInventory();
    const inventory = resolveInventory({
      ...raw,
      tenants: raw.tenants.map((t) => (t.id === "umbrella" ? { ...t, enabled: false } : t)),
    });
    const synth = synthApp((app) => new CentralStack(app, { inventory }));
    try {
      expect(mayAssume(synth, "arn:aws:iam::444444444444:role/lh-prod-umbrella-delivery")).toBe("explicit-deny");
      expect(mayAssume(synth, "arn:aws:iam::222222222222:role/lh-prod-globex-delivery")).toBe("allow");
      expect(Object.keys(synth.resources("central", "aws_iam_policy"))).toHaveLength(2);
    } finally {
      synth.cleanup();
    }
  });

  test("more disabled tenants than 10 managed policies can list fail synth with a clear message", () => {
    const raw = scaledRawInventory({ tenants: 1_200, clusters: 1, regions: 1 });
    const inventory = resolveInventory({ ...raw, tenants: raw.tenants.map((t) => ({ ...t, enabled: false })) });
    const outdir = mkdtempSync(join(tmpdir(), "loghop-central-"));
    expect(() => new CentralStack(new App({ outdir }), { inventory })).toThrow(StackError);
    expect(() => new CentralStack(new App({ outdir }), { inventory })).toThrow(
      /central: the central role would need \d+ managed policies .* more than the 10 IAM attaches to a role by default/,
    );
    rmSync(outdir, { recursive: true, force: true });
  });
});

describe("tenants that own their delivery role (deliveryRoleArn)", () => {
  const assumable = (inventory: ReturnType<typeof exampleWithOwnedRole>): string[] => {
    const synth = synthApp((app) => new CentralStack(app, { inventory }));
    try {
      return Object.values(synth.resources("central", "aws_iam_policy")).flatMap((p) =>
        policyOf(p).Statement.flatMap((s) => asArray(s.Resource)),
      );
    } finally {
      synth.cleanup();
    }
  };

  test("the central role may assume the tenant's exact ARN, path included, beside loghop's name pattern", () => {
    expect(assumable(exampleWithOwnedRole())).toStrictEqual([
      "arn:aws:iam::*:role/lh-prod-*-delivery",
      "arn:aws:iam::222222222222:role/platform/logging/GlobexLoghopDelivery",
    ]);
  });

  describe("a malicious tenant (actor 3) cannot point the central role elsewhere", () => {
    const problemsOf = (raw: Inventory): readonly InventoryProblem[] => {
      const result = validateInventoryValue(raw);
      if (result.ok) throw new Error("expected the inventory to be refused");
      return result.problems;
    };
    const withGlobexRole = (deliveryRoleArn: string, accountId = "222222222222"): Inventory => {
      const raw = exampleRawWithOwnedRole();
      return {
        ...raw,
        tenants: raw.tenants.map((t) => (t.id === "globex" ? { ...t, accountId, deliveryRoleArn } : t)),
      };
    };

    test.each([
      [
        "a role in another tenant's account",
        "arn:aws:iam::444444444444:role/GlobexLoghopDelivery",
        /^role is in account 444444444444 but \/tenants\/0\/accountId is 222222222222/,
      ],
      [
        "a role in the central account",
        "arn:aws:iam::111111111111:role/lh-prod-central-distribution",
        /must be in the tenant's own account/,
      ],
      [
        "another tenant's loghop-named role, in its own account",
        "arn:aws:iam::222222222222:role/lh-prod-umbrella-delivery",
        /is tenant umbrella's delivery role, a name loghop generates/,
      ],
    ])("%s is refused by validation", (_what, arn, message) => {
      const problems = problemsOf(withGlobexRole(arn));
      expect(problems).toContainEqual({
        path: "/tenants/0/deliveryRoleArn",
        message: expect.stringMatching(message),
      });
      expect(problems.every((p) => p.path === "/tenants/0/deliveryRoleArn")).toBe(true);
    });

    test("another tenant's role, even claimed through a shared account and another case and path, is refused", () => {
      // globex claims initech's account and, by another spelling, initech's role.
      const raw = withGlobexRole("arn:aws:iam::333333333333:role/x/LH-PROD-INITECH-DELIVERY", "333333333333");
      expect(problemsOf(raw)).toContainEqual({
        path: "/tenants/1/id",
        message: expect.stringMatching(
          /^delivery role arn:aws:iam::333333333333:role\/lh-prod-initech-delivery is already tenant globex's/,
        ),
      });
    });

    test("the role the tenant names is trusted only with that tenant's own ExternalId", () => {
      const inventory = exampleWithOwnedRole();
      const globex = inventory.tenants.find((t) => t.id === "globex")!;
      const items = buildTenantDeliveryItems(inventory).filter((item) => item.roleArn === GLOBEX_OWN_ROLE);
      expect(items.map((item) => [item.tenantId, item.externalId])).toStrictEqual([
        ["globex", globex.externalId],
        ["globex", globex.externalId],
        ["globex", globex.externalId],
      ]);
      expect(deliveryRoleDefinition(inventory, globex).trustPolicy.Statement[0]?.Condition).toStrictEqual({
        StringEquals: { "sts:ExternalId": globex.externalId },
      });
    });
  });
});
