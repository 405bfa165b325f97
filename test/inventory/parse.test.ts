/** Text that is not an inventory object: one clear problem each, never an exception. */
import { parseInventoryText } from "../../inventory/validate-parse";
import { validateInventoryText } from "../../inventory/validate";
import { validRawInventory } from "../support/inventory-factory";

function problemOf(text: string): { path: string; message: string } {
  const result = parseInventoryText(text);
  if (result.ok) throw new Error("expected a problem");
  return result.problem;
}

describe("parseInventoryText", () => {
  it("accepts a JSON object", () => {
    expect(parseInventoryText('{"project": "x"}')).toStrictEqual({ ok: true, value: { project: "x" }, problems: [] });
  });

  it("ignores a UTF-8 byte-order mark", () => {
    const text = `\uFEFF${JSON.stringify(validRawInventory())}`;
    expect(validateInventoryText(text).ok).toBe(true);
  });

  it.each([
    ["an empty file", ""],
    ["only whitespace", " \n\t\r\n "],
  ])("reports %s", (_name, text) => {
    expect(problemOf(text)).toStrictEqual({
      path: "",
      message: expect.stringMatching(/^the file is empty; expected a JSON object with project, environment, prefix/),
    });
  });

  it("reports a key given twice (JSON.parse would silently keep the last)", () => {
    const text = '{\n  "tenants": [{ "id": "a", "id": "b" }],\n  "prefix": "x",\n  "prefix": "y"\n}';
    const result = parseInventoryText(text);
    expect(result.ok && result.problems).toStrictEqual([
      {
        path: "/tenants/0/id",
        message:
          "key given twice, at line 2, column 17 and line 2, column 28; JSON keeps only the last value: remove one",
      },
      {
        path: "/prefix",
        message:
          "key given twice, at line 3, column 3 and line 4, column 3; JSON keeps only the last value: remove one",
      },
    ]);
  });

  it("fails validation of an otherwise valid inventory with a repeated key", () => {
    const text = JSON.stringify(validRawInventory()).replace(
      '"environment":"test"',
      '"environment":"test","environment":"prod"',
    );
    const result = validateInventoryText(text);
    expect(!result.ok && result.problems.map((problem) => problem.path)).toStrictEqual(["/environment"]);
  });

  it("reports a syntax error with its line and column", () => {
    const text = '{\n  "project": "x",\n  "prefix": "lh" "oops"\n}';
    expect(problemOf(text)).toStrictEqual({
      path: "",
      message: expect.stringMatching(/^not valid JSON at line 3, column 18: /),
    });
  });

  it("reports a trailing comma on the line it is noticed", () => {
    const text = '{\n  "project": "x",\n}';
    expect(problemOf(text).message).toMatch(/^not valid JSON at line 3, column 1: /);
  });

  it("reports a truncated document at its end", () => {
    expect(problemOf('{\n  "tenants": [\n').message).toBe(
      "not valid JSON at line 3, column 1: unexpected end of the file; the '[' at line 2, column 14 is never closed",
    );
  });

  it.each([
    ["a mapping", "project: acme\nprefix: lh\n"],
    ["a document marker", "---\nproject: acme\n"],
    ["a sequence", "- a\n- b\n"],
    ["a comment first", "# inventory\nproject: acme\n"],
  ])("recognises YAML (%s)", (_name, text) => {
    expect(problemOf(text).message).toMatch(/^looks like YAML; the inventory is JSON \(expected a JSON object/);
  });

  it.each([
    ["an array", "[1, 2]", "an array"],
    ["a string", '"inventory"', "a string"],
    ["a number", "42", "a number"],
    ["null", "null", "null"],
    ["a boolean", "true", "a boolean"],
  ])("rejects a top-level %s", (_name, text, kind) => {
    expect(problemOf(text)).toStrictEqual({ path: "", message: `the inventory must be a JSON object; got ${kind}` });
  });

  it("handles a 10 MB document without trouble", () => {
    // Prepare: a valid inventory padded with one huge (invalid) value.
    const inventory = { ...validRawInventory(), project: "p".repeat(10 * 1024 * 1024) };
    // Act
    const result = validateInventoryText(JSON.stringify(inventory));
    // Assess: exactly one problem, with the value truncated in the message.
    expect(result.ok).toBe(false);
    expect(!result.ok && result.problems).toStrictEqual([
      { path: "/project", message: expect.stringMatching(/^must be 1–128 characters .*; got "p{77}…"$/) },
    ]);
  });

  it("rejects absurdly deep nesting before anything recursive sees it", () => {
    // Prepare: two equal, 200,000-level arrays where uniqueItems would deep-compare them.
    const deep = `${"[".repeat(200_000)}${"]".repeat(200_000)}`;
    const text = JSON.stringify(validRawInventory()).replace(/"regions":\[[^\]]*\]/, `"regions":[${deep},${deep}]`);
    // Act
    const result = validateInventoryText(text);
    // Assess
    expect(!result.ok && result.problems).toStrictEqual([
      {
        path: `/central/regions/0${"/0".repeat(61)}`,
        message: expect.stringMatching(
          /^nested more than 64 levels deep at line 1, column \d+; an inventory is about 8 levels deep$/,
        ),
      },
    ]);
  });

  it("refuses a document whose lists are far larger than any estate, before the schema sees it", () => {
    // Prepare: 10 MB of one-character tenants, each of which would be a schema error.
    const inventory = { ...validRawInventory(), tenants: new Array(5_000_000).fill(1) };
    // Act
    const result = validateInventoryText(JSON.stringify(inventory));
    // Assess
    expect(!result.ok && result.problems).toStrictEqual([
      {
        path: "",
        message:
          "the lists in this document hold 5,000,007 items together; an inventory may hold at most 250,000 (an estate of 30,000 tenants holds about 190,000)",
      },
    ]);
  });

  it("handles 10 MB of garbage", () => {
    expect(problemOf("x".repeat(10 * 1024 * 1024)).message).toMatch(/^not valid JSON at line 1, column 1: /);
  });
});
