import { buildVectorConfig } from "../../generators";
import { vrlArray, vrlString, VrlTemplateError } from "../../generators/vector/templates";
import { exampleInventory } from "./support";

describe("values embedded in VRL", () => {
  it("become string literals", () => {
    expect(vrlString("loghop.io/tenant")).toBe('"loghop.io/tenant"');
    expect(vrlArray(["globex", "umbrella"])).toBe('["globex", "umbrella"]');
  });

  it.each([['a"b'], ["a\\b"], ["{{ x }}"], ["a b"], ["line\nbreak"]])(
    "refuse %j, which could change the program",
    (value) => {
      expect(() => vrlString(value)).toThrow(VrlTemplateError);
    },
  );
});

describe("an inventory value that cannot be embedded", () => {
  it("stops generation with a VrlTemplateError naming the value", () => {
    // Prepare
    const inv = exampleInventory();
    const cluster = { ...inv.clusters[0]!, tenantSource: { from: "podLabel" as const, key: 'team" ++ "x' } };
    // Act / Assess
    expect(() => buildVectorConfig(inv, cluster)).toThrow(VrlTemplateError);
    expect(() => buildVectorConfig(inv, cluster)).toThrow(/team\\" \+\+ \\"x/);
  });
});
