import { vrlArray, vrlString, VrlTemplateError } from "../../generators/vector/templates";

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
