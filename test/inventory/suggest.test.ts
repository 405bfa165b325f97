/** Did-you-mean suggestions and JSON pointers. */
import { closestMatch, didYouMean, editDistance } from "../../inventory/validate-suggest";
import { childPointer, comparePointers, pointer, pointerTouches } from "../../inventory/validate-pointer";

const TOP_LEVEL = ["$schema", "project", "environment", "prefix", "central", "tenants", "clusters"];
const PROCESSOR = ["memoryMb", "timeoutSeconds", "reservedConcurrency", "maxConcurrency", "batchSize"];

describe("editDistance", () => {
  it.each([
    ["", "", 0],
    ["abc", "", 3],
    ["tenats", "tenants", 1],
    ["alpah", "alpha", 1],
    ["kitten", "sitting", 3],
  ])("%s → %s is %i", (a, b, distance) => {
    expect(editDistance(a, b)).toBe(distance);
    expect(editDistance(b, a)).toBe(distance);
  });
});

describe("closestMatch", () => {
  it.each([
    ["tenats", TOP_LEVEL, "tenants"],
    ["Tenants", TOP_LEVEL, "tenants"],
    ["cluster", TOP_LEVEL, "clusters"],
    ["prefx", TOP_LEVEL, "prefix"],
    ["timout", PROCESSOR, "timeoutSeconds"],
    ["memory", PROCESSOR, "memoryMb"],
    ["batch", PROCESSOR, "batchSize"],
  ])("suggests %s → %s", (word, candidates, expected) => {
    expect(closestMatch(word, candidates)).toBe(expected);
  });

  it.each([
    ["zzz", TOP_LEVEL],
    ["owner", TOP_LEVEL],
    ["x", PROCESSOR],
  ])("suggests nothing for %s", (word, candidates) => {
    expect(closestMatch(word, candidates)).toBeUndefined();
  });

  it("phrases the suggestion, or just separates", () => {
    expect(didYouMean("tenats", TOP_LEVEL)).toBe('; did you mean "tenants"?');
    expect(didYouMean("zzz", TOP_LEVEL)).toBe(";");
  });
});

describe("JSON pointers", () => {
  it("escapes ~ and / in segments", () => {
    expect(pointer("tenants", 2, "id")).toBe("/tenants/2/id");
    expect(pointer()).toBe("");
    expect(childPointer("/a", "b/c", "d~e")).toBe("/a/b~1c/d~0e");
  });

  it.each([
    ["", "/tenants/*/id", true],
    ["/tenants", "/tenants/*/id", true],
    ["/tenants/3", "/tenants/*/id", true],
    ["/tenants/3/id", "/tenants/*/id", true],
    ["/tenants/3/id/x", "/tenants/*/id", true],
    ["/tenants/3/deliveries/0/region", "/tenants/*/id", false],
    ["/clusters/0", "/tenants/*/id", false],
    ["/tenants/1", "/tenants/10", false],
  ])("a problem at %j touches %j: %s", (problem, read, touches) => {
    expect(pointerTouches(problem, read)).toBe(touches);
  });

  it("sorts in document order, indexes as numbers", () => {
    const pointers = ["/tenants/10/id", "/prefix", "/tenants/2", "", "/tenants/2/id", "/central/regions/1", "/central"];
    expect([...pointers].sort(comparePointers)).toStrictEqual([
      "",
      "/central",
      "/central/regions/1",
      "/prefix",
      "/tenants/2",
      "/tenants/2/id",
      "/tenants/10/id",
    ]);
  });
});
