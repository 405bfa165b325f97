/** The syntax-error locator agrees with JSON.parse and names the exact spot. */
import { lineAndColumn, lineLocator, locateJsonSyntaxError } from "../../inventory/validate-json-syntax";
import { validRawInventory } from "../support/inventory-factory";

describe("locateJsonSyntaxError", () => {
  it.each([
    ["the test inventory", JSON.stringify(validRawInventory(), null, 2)],
    ["scalars and escapes", '[1, -0.5e+3, true, false, null, "a\\"\\\\\\/\\b\\f\\n\\r\\t\\u00e9"]'],
    ["empty containers", '{"a": {}, "b": [], "c": [{}]}'],
    ["deep nesting", `${"[".repeat(100_000)}${"]".repeat(100_000)}`],
  ])("finds nothing wrong in valid JSON (%s)", (_name, text) => {
    expect(() => JSON.parse(text)).not.toThrow();
    expect(locateJsonSyntaxError(text)).toBeUndefined();
  });

  it.each([
    ["a single-quoted string", "{'a': 1}", 1, "expected a property name in double quotes, found '''"],
    ["an unquoted key", "{a: 1}", 1, "expected a property name in double quotes, found 'a'"],
    [
      "a trailing comma in an object",
      '{"a": 1,}',
      8,
      "expected a property name in double quotes, found '}' (a trailing comma?)",
    ],
    ["a trailing comma in an array", "[1,]", 3, "expected a value, found ']' (a trailing comma?)"],
    ["a missing comma", '{"a": 1 "b": 2}', 8, "expected ',' or '}' after a property value, found '\"'"],
    ["a missing colon", '{"a" 1}', 5, "expected ':' after the property name, found '1'"],
    ["a single-quoted value", "{\"a\": 'x'}", 6, "unexpected '''; expected a value (JSON strings use double quotes)"],
    [
      "a line break in a string",
      '{"a": "x\ny"}',
      8,
      "character U+000a must be escaped inside a string (a line break inside quotes?)",
    ],
    ["a bad escape", '["\\x"]', 2, "invalid escape sequence in a string"],
    ["a bad number", "[01]", 2, "expected ',' or ']' after an array element, found '1'"],
    ["a lone minus", "[-]", 1, "invalid number"],
    ["content after the document", "{} {}", 3, "unexpected '{' after the end of the document"],
    ["an unterminated string", '{"a": "x', 6, 'unterminated string (missing closing ")'],
    ["a comment", '{"a": 1 // note\n}', 8, "expected ',' or '}' after a property value, found '/'"],
  ])("locates %s", (_name, text, offset, reason) => {
    expect(() => JSON.parse(text)).toThrow(SyntaxError);
    expect(locateJsonSyntaxError(text)).toStrictEqual({ offset, reason });
  });

  it("names the unclosed bracket at the end of the file", () => {
    expect(locateJsonSyntaxError('{"a": [1, {"b": 2}')).toStrictEqual({
      offset: 18,
      reason: "unexpected end of the file; the '[' at line 1, column 7 is never closed",
    });
  });

  it("computes 1-based lines and columns", () => {
    expect(lineAndColumn("ab\ncd\n", 0)).toStrictEqual({ line: 1, column: 1 });
    expect(lineAndColumn("ab\ncd\n", 4)).toStrictEqual({ line: 2, column: 2 });
    expect(lineAndColumn("ab\ncd\n", 6)).toStrictEqual({ line: 3, column: 1 });
  });

  it("locates many offsets of one text as lineAndColumn does", () => {
    const text = "ab\ncd\n\nefg";
    const locate = lineLocator(text);
    for (let offset = 0; offset <= text.length; offset++) {
      expect(locate(offset)).toStrictEqual(lineAndColumn(text, offset));
    }
    expect(locate(7)).toStrictEqual({ line: 4, column: 1 });
  });
});
