/**
 * Access point names (inventory/names.ts `accessPointName`): unique per (prefix, cluster id) —
 * within an installation and across installations sharing a central account — and inside S3's
 * naming rules, whatever the id. The bucket policy trusts `<prefix>--*`, so no other prefix may
 * produce a name in it.
 */
import { accessPointName } from "../../inventory/names";
import { checkInventorySchema } from "../../inventory/validate-schema";
import { validRawInventory } from "../support/inventory-factory";

const S3_ACCESS_POINT_NAME = /^[a-z0-9][a-z0-9-]{1,48}[a-z0-9]$/;

test("a short id keeps its plain name, `<prefix>--<id>`, at most 49 characters", () => {
  expect(accessPointName("lh-prod", "eks-eu-1")).toBe("lh-prod--eks-eu-1");
  const id = "a".repeat(49 - "lh-prod--".length);
  expect(accessPointName("lh-prod", id)).toHaveLength(49);
  expect(accessPointName("lh-prod", id)).toBe(`lh-prod--${id}`);
});

test("a longer id, or one ending in S3's reserved -s3alias, gets exactly 50 characters with a digest", () => {
  const long = accessPointName("lh-prod", "eks-eu-west-1-production-cluster-number-0001-abcdef");
  expect(long).toMatch(/^lh-prod--eks-eu-west-1-production-clu-[0-9a-f]{12}$/);
  expect(long).toHaveLength(50);
  expect(accessPointName("lh-prod", "a".repeat(41))).toHaveLength(50);
  expect(accessPointName("lh-prod", "x-s3alias")).toMatch(/^lh-prod--x-s3alias0{19}-[0-9a-f]{12}$/);
  expect(accessPointName("lh-prod", "x-s3alias")).toHaveLength(50);
  for (const name of [long, accessPointName("lh-prod", "x-s3alias"), accessPointName("a", "b")]) {
    expect(name).toMatch(S3_ACCESS_POINT_NAME);
  }
});

test("a plain name never equals a digest name: the forms have different lengths", () => {
  // An id chosen to spell another id's digest name is still plain only if it fits in 49.
  const digestName = accessPointName("lh-prod", "eks-eu-west-1-production-cluster-number-0001-abcdef");
  const mimic = digestName.slice("lh-prod--".length);
  expect(accessPointName("lh-prod", mimic)).not.toBe(digestName);
  const aliased = accessPointName("lh-prod", "x-s3alias");
  expect(accessPointName("lh-prod", aliased.slice("lh-prod--".length))).not.toBe(aliased);
});

test("two installations whose prefixes extend each other never share a name", () => {
  expect(accessPointName("lh", "prod-eu-1")).toBe("lh--prod-eu-1");
  expect(accessPointName("lh-prod", "eu-1")).toBe("lh-prod--eu-1");
  expect(accessPointName("lh", "prod-eu-1")).not.toBe(accessPointName("lh-prod", "eu-1"));
});

test("the schema refuses a prefix with `--`, which would break that separation", () => {
  const problems = (prefix: string): number => {
    const inventory = validRawInventory();
    inventory.prefix = prefix;
    return checkInventorySchema(inventory).filter((p) => p.path === "/prefix").length;
  };
  expect(problems("lh--prod")).toBe(1);
  expect(problems("lh-")).toBe(1);
  expect(problems("a".repeat(21))).toBe(1);
  expect(problems("lh-prod")).toBe(0);
  expect(problems("a".repeat(20))).toBe(0);
});
