/** Read, validate and resolve an inventory file. */
import { InventoryError } from "./errors";
import { resolveInventory } from "./resolve";
import type { ResolvedInventory } from "./resolved";
import type { Inventory } from "./types";
import type { InventoryWarning } from "./validate";
import { validateInventoryFile } from "./validate-file";

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
  /** Findings that do not fail validation (stable ids, e.g. `loghop:inventory:tenant-without-cluster`). */
  readonly warnings: readonly InventoryWarning[];
}

/** Load and validate `file`; throws InventoryError listing every problem. */
export function loadInventory(file: string = selectedInventoryPath()): LoadedInventory {
  const result = validateInventoryFile(file);
  if (!result.ok) throw new InventoryError(file, result.problems);
  return { file, raw: result.inventory, inventory: resolveInventory(result.inventory), warnings: result.warnings };
}
