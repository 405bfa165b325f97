/**
 * No input crashes validation: every node of two inventories is replaced by a value of
 * each JSON type, and every property is deleted, one at a time. Each result must be a verdict
 * (never an exception), and an invalid verdict must name where the problem is. This is what
 * keeps each semantic rule's `reads` honest: a rule reading a field it did not declare would
 * throw here on that field's wrong type.
 */
import { readFileSync } from "node:fs";
import { validateInventoryValue } from "../../inventory/validate";
import { pointer } from "../../inventory/validate-pointer";
import { fullRawInventory } from "../support/inventory-factory";

type Node = unknown;

/** Every [pointer, path segments] of the document, the root excluded. */
function paths(node: Node, segments: (string | number)[] = []): (string | number)[][] {
  if (typeof node !== "object" || node === null) return [];
  const entries: [string | number, Node][] = Array.isArray(node)
    ? node.map((child, i) => [i, child])
    : Object.entries(node as Record<string, Node>);
  return entries.flatMap(([key, child]) => [[...segments, key], ...paths(child, [...segments, key])]);
}

function withChange(
  document: Node,
  segments: (string | number)[],
  change: (parent: Record<string | number, Node>, key: string | number) => void,
): Node {
  const copy = structuredClone(document) as Record<string | number, Node>;
  let parent = copy;
  for (const segment of segments.slice(0, -1)) parent = parent[segment] as Record<string | number, Node>;
  change(parent, segments[segments.length - 1]!);
  return copy;
}

const DOCUMENTS: readonly (readonly [string, Node])[] = [
  ["the example inventory", JSON.parse(readFileSync("examples/inventory.json", "utf8"))],
  ["an inventory with every optional field", fullRawInventory()],
];
const REPLACEMENTS: readonly Node[] = [null, 0, -1, 1.5, "", "x", true, [], [null], {}, { type: "s3" }];

describe.each(DOCUMENTS)("validation of %s never throws", (_name, example) => {
  const all = paths(example);

  it.each(REPLACEMENTS.map((value) => [JSON.stringify(value), value] as const))(
    "with any node replaced by %s",
    (_label, value) => {
      let verdicts = 0;
      for (const segments of all) {
        const broken = withChange(example, segments, (parent, key) => {
          parent[key] = structuredClone(value);
        });
        const result = validateInventoryValue(broken);
        if (!result.ok) expect(result.problems.length).toBeGreaterThan(0);
        verdicts++;
      }
      expect(verdicts).toBe(all.length);
    },
  );

  it("with any property deleted or any array item removed", () => {
    for (const segments of all) {
      const broken = withChange(example, segments, (parent, key) => {
        if (Array.isArray(parent)) parent.splice(Number(key), 1);
        else delete parent[key];
      });
      expect(() => validateInventoryValue(broken)).not.toThrow();
    }
  });

  it("reports a replaced required id at its pointer", () => {
    const broken = withChange(example, ["tenants", 1, "id"], (parent, key) => {
      parent[key] = 42;
    });
    const result = validateInventoryValue(broken);
    expect(!result.ok && result.problems.map((problem) => problem.path)).toContain(pointer("tenants", 1, "id"));
  });
});
