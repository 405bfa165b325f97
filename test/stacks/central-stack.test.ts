/** The central role: who may assume it, and which tenant roles it may assume. */
import { CentralStack } from "../../stacks/central/central-stack";
import { chunkAssumePolicies, MANAGED_POLICY_MAX_CHARS } from "../../stacks/central/assume-policies";
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
} from "./support/inventories";
import { asArray, policyOf, synthApp, type SynthResult } from "./support/synth";

const PROCESSOR_ROLES = [
  "arn:aws:iam::111111111111:role/lh-prod-processor-eu-west-1",
  "arn:aws:iam::111111111111:role/lh-prod-processor-us-east-1",
];

describe("central stack (example inventory)", () => {
  let synth: SynthResult;
  beforeAll(() => {
    synth = synthApp((app) => new CentralStack(app, { inventory: exampleInventory() }));
  });
  afterAll(() => synth.cleanup());

  test("the central role trusts exactly the processor roles of every region, not the account root", () => {
    const role = synth.only("central", "aws_iam_role");
    expect(role["name"]).toBe("lh-prod-central-distribution");
    const trust = policyOf(role, "assume_role_policy");
    expect(trust.Statement).toStrictEqual([
      { Effect: "Allow", Principal: { AWS: PROCESSOR_ROLES }, Action: "sts:AssumeRole" },
    ]);
    expect(JSON.stringify(trust)).not.toMatch(/:root"/);
  });

  test("it may assume exactly the tenants' delivery roles, and only sts:AssumeRole (no TagSession, no *)", () => {
    const policies = Object.values(synth.resources("central", "aws_iam_policy")).map((p) => policyOf(p));
    const statements = policies.flatMap((p) => p.Statement);
    expect(statements.flatMap((s) => asArray(s.Action))).toStrictEqual(["sts:AssumeRole"]);
    expect(statements.flatMap((s) => asArray(s.Resource))).toStrictEqual([
      "arn:aws:iam::222222222222:role/lh-prod-globex-delivery",
      "arn:aws:iam::333333333333:role/lh-prod-initech-delivery",
      "arn:aws:iam::444444444444:role/lh-prod-umbrella-delivery",
    ]);
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

describe("central stack with 300 tenants", () => {
  let synth: SynthResult;
  const inventory = scaledInventory({ tenants: 300, clusters: 40, regions: 4 });
  beforeAll(() => {
    synth = synthApp((app) => new CentralStack(app, { inventory }));
  });
  afterAll(() => synth.cleanup());

  test("the tenant roles are split into several managed policies, each within IAM's 6,144 characters", () => {
    const policies = Object.values(synth.resources("central", "aws_iam_policy"));
    expect(policies.length).toBeGreaterThan(1);
    expect(policies.length).toBeLessThanOrEqual(10);
    for (const policy of policies) {
      expect((policy["policy"] as string).replace(/\s/g, "").length).toBeLessThanOrEqual(MANAGED_POLICY_MAX_CHARS);
    }
    expect(Object.keys(synth.resources("central", "aws_iam_role_policy_attachment"))).toHaveLength(policies.length);
  });

  test("together they list every tenant role exactly once", () => {
    const listed = Object.values(synth.resources("central", "aws_iam_policy")).flatMap((p) =>
      policyOf(p).Statement.flatMap((s) => asArray(s.Resource)),
    );
    const expected = inventory.tenants.map((t) => `arn:aws:iam::${t.accountId}:role/lh-scale-${t.id}-delivery`).sort();
    expect(listed).toStrictEqual(expected);
  });

  test("the trust policy names the four regions' processor roles", () => {
    const trust = policyOf(synth.only("central", "aws_iam_role"), "assume_role_policy");
    expect(asArray((trust.Statement[0]?.Principal as { AWS: string[] }).AWS)).toHaveLength(4);
  });
});

describe("assume policy chunking", () => {
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

  test("a disabled tenant's role is not assumable", () => {
    const raw = exampleRawInventory();
    const inventory = resolveInventory({
      ...raw,
      tenants: raw.tenants.map((t) => (t.id === "umbrella" ? { ...t, enabled: false } : t)),
    });
    const synth = synthApp((app) => new CentralStack(app, { inventory }));
    const listed = Object.values(synth.resources("central", "aws_iam_policy")).flatMap((p) =>
      policyOf(p).Statement.flatMap((s) => asArray(s.Resource)),
    );
    synth.cleanup();
    expect(listed).not.toContain("arn:aws:iam::444444444444:role/lh-prod-umbrella-delivery");
    expect(listed).toHaveLength(2);
  });

  test("more tenants than 10 managed policies can hold fail synth with a clear message", () => {
    const inventory = scaledInventory({ tenants: 1_200, clusters: 1, regions: 1 });
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

  test("the central role may assume the tenant's exact ARN, path included, and not loghop's name for it", () => {
    expect(assumable(exampleWithOwnedRole())).toStrictEqual([
      "arn:aws:iam::222222222222:role/platform/logging/GlobexLoghopDelivery",
      "arn:aws:iam::333333333333:role/lh-prod-initech-delivery",
      "arn:aws:iam::444444444444:role/lh-prod-umbrella-delivery",
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
