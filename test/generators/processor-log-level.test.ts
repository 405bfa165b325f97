/** `central.processor.logLevel` reaches the processor as POWERTOOLS_LOG_LEVEL, and only what Powertools accepts is allowed. */
import { readFileSync } from "node:fs";
import { buildProcessorEnvironment } from "../../generators";
import { resolveInventory } from "../../inventory/resolve";
import type { Inventory } from "../../inventory/types";
import { validateInventoryText } from "../../inventory/validate";

const example = JSON.parse(readFileSync("examples/inventory.json", "utf8")) as Inventory;

function withLogLevel(logLevel: unknown): Inventory {
  return {
    ...example,
    central: { ...example.central, processor: { ...example.central.processor, logLevel } },
  } as Inventory;
}

describe("central.processor.logLevel", () => {
  it("is left out of the processor environment by default (Powertools then logs INFO)", () => {
    expect(buildProcessorEnvironment(resolveInventory(example), "eu-west-1")).not.toHaveProperty(
      "POWERTOOLS_LOG_LEVEL",
    );
  });

  it("sets POWERTOOLS_LOG_LEVEL in every region's environment when given", () => {
    const inventory = resolveInventory(withLogLevel("DEBUG"));
    for (const region of inventory.central.regions) {
      expect(buildProcessorEnvironment(inventory, region)["POWERTOOLS_LOG_LEVEL"]).toBe("DEBUG");
    }
  });

  it("refuses a level Powertools would not read, naming the place and what is allowed", () => {
    const result = validateInventoryText(JSON.stringify(withLogLevel("TRACE")));
    expect(result.ok).toBe(false);
    const problems = result.ok ? [] : result.problems;
    expect(problems).toHaveLength(1);
    expect(problems[0]!.path).toBe("/central/processor/logLevel");
    expect(problems[0]!.message).toMatch(/DEBUG, INFO, WARN, ERROR/);
  });
});
