/** Read, validate and resolve an inventory file. */
import { readFileSync } from "node:fs";
import { InventoryError } from "./errors";
import { resolveInventory } from "./resolve";
import type { ResolvedInventory } from "./resolved";
import type { Inventory } from "./types";
import { validateInventoryText } from "./validate";

/** The default inventory, used when neither an argument nor LOGHOP_INVENTORY names one. */
export const DEFAULT_INVENTORY_PATH = "examples/inventory.json";

/** The inventory the CDKTF app and the generators use: `LOGHOP_INVENTORY`, else the example. */
export function selectedInventoryPath(env: NodeJS.ProcessEnv = process.env): string {
  const fromEnv = env["LOGHOP_INVENTORY"];
  return fromEnv !== undefined && fromEnv !== "" ? fromEnv : DEFAULT_INVENTORY_PATH;
}

export interface LoadedInventory {
  readonly file: string;
  readonly raw: Inventory;
  readonly inventory: ResolvedInventory;
}

/** Load and validate `file`; throws InventoryError listing every problem. */
export function loadInventory(file: string = selectedInventoryPath()): LoadedInventory {
  let text: string;
  try {
    text = readFileSync(file, "utf8");
  } catch (error) {
    const reason =
      (error as NodeJS.ErrnoException).code === "ENOENT" ? "file not found" : String((error as Error).message);
    throw new InventoryError(file, [{ path: "", message: `cannot read the inventory: ${reason}` }]);
  }
  const result = validateInventoryText(text);
  if (!result.ok) throw new InventoryError(file, result.problems);
  return { file, raw: result.inventory, inventory: resolveInventory(result.inventory) };
}
