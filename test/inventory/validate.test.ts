/** validateInventoryText / validateInventoryValue: the whole pipeline, in process. */
import { readFileSync } from "node:fs";
import { validateInventoryText, validateInventoryValue } from "../../inventory/validate";
import { INVENTORY_RULES } from "../../inventory/rules";
import { largeRawInventory, validRawInventory } from "../support/inventory-factory";

describe("inventory validation", () => {
  it("accepts the example inventory with no warnings", () => {
    // Prepare
    const text = readFileSync("examples/inventory.json", "utf8");
    // Act
    const result = validateInventoryText(text);
    // Assess
    expect(result.ok).toBe(true);
    expect(result.warnings).toStrictEqual([]);
    expect(result.ok && result.rulesPassed).toStrictEqual(
      INVENTORY_RULES.filter((rule) => rule.severity === "error").map((rule) => rule.id),
    );
  });

  it("returns the document it accepted", () => {
    const inventory = validRawInventory();
    const result = validateInventoryText(JSON.stringify(inventory));
    expect(result.ok && result.inventory).toStrictEqual(inventory);
  });

  it("reports warnings with their stable id without failing", () => {
    const inventory = validRawInventory();
    inventory.clusters[0]!.tenants = ["beta"];
    const result = validateInventoryValue(inventory);
    expect(result.ok).toBe(true);
    expect(result.warnings).toStrictEqual([
      {
        id: "loghop:inventory:tenant-without-cluster",
        path: "/tenants/0",
        message: expect.stringMatching(/^no cluster carries tenant "alpha"/),
      },
    ]);
  });

  it("reports every problem of a badly broken inventory, sorted by path", () => {
    // Prepare: one problem of each kind, spread over the document.
    const inventory = validRawInventory() as ReturnType<typeof validRawInventory> & Record<string, unknown>;
    inventory["tenats"] = [];
    inventory.tenants[1]!.id = "alpha";
    inventory.clusters[1]!.tenants = ["gamma"];
    inventory.clusters[0]!.region = "ap-south-1";
    Object.assign(inventory.tenants[0]!.deliveries[1]!, { bucket: "Alpha_Logs" });
    Object.assign(inventory.tenants[0]!.deliveries[0]!, { retentionDays: 31 });
    // Act
    const result = validateInventoryValue(inventory);
    // Assess
    expect(result.ok).toBe(false);
    expect(!result.ok && result.problems.map((problem) => problem.path)).toStrictEqual([
      "/clusters/0/region",
      "/clusters/0/tenants/1", // "beta" no longer exists: it was renamed
      "/clusters/1/tenants/0",
      "/tenants/0/deliveries/0/retentionDays",
      "/tenants/0/deliveries/1/bucket",
      "/tenants/0/deliveries/1/bucket",
      "/tenants/1/id",
      "/tenats",
    ]);
  });

  it("still runs the rules whose inputs the schema accepted", () => {
    const inventory = validRawInventory();
    inventory.tenants[0]!.accountId = "12";
    inventory.clusters[1]!.id = "eks-a";
    const result = validateInventoryValue(inventory);
    expect(!result.ok && result.problems.map((problem) => problem.path)).toStrictEqual([
      "/clusters/1/id",
      "/tenants/0/accountId",
    ]);
    expect(!result.ok && result.rulesSkipped).toContain("loghop:inventory:deploy-role-accounts");
    expect(!result.ok && result.rulesSkipped).not.toContain("loghop:inventory:unique-cluster-ids");
  });

  it("validates an estate of 5,000 tenants and finds the one broken tenant", () => {
    // Prepare
    const inventory = largeRawInventory(5000);
    const unbroken = validateInventoryValue(structuredClone(inventory));
    inventory.tenants[4321]!.externalId = inventory.tenants[17]!.externalId;
    // Act
    const broken = validateInventoryValue(inventory);
    // Assess: the central role covers loghop-named tenants by one name pattern (README "AWS limits"),
    // so the unbroken estate is valid and the broken one has exactly the one problem.
    expect(unbroken).toMatchObject({ ok: true, warnings: [] });
    expect(!broken.ok && broken.problems).toStrictEqual([
      {
        path: "/tenants/4321/externalId",
        message: expect.stringMatching(/^externalId is already used at \/tenants\/17\/externalId/),
      },
    ]);
  });
});
