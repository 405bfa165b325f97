/** The inventory file as it was at a git ref (`git show <ref>:<path>`), validated like any inventory. */
import { execFileSync } from "node:child_process";
import { relative, resolve } from "node:path";
import { InventoryError } from "../inventory/errors";
import { resolveInventory } from "../inventory/resolve";
import type { ResolvedInventory } from "../inventory/resolved";
import type { Inventory } from "../inventory/types";
import { validateInventoryText } from "../inventory/validate";
import { PlanError } from "./errors";

export interface InventoryAtRef {
  /** `<ref>:<path>`: how problems in it are labelled. */
  readonly label: string;
  readonly raw: Inventory;
  readonly inventory: ResolvedInventory;
}

export function inventoryAtRef(ref: string, inventoryPath: string, cwd: string = process.cwd()): InventoryAtRef {
  // `./` makes git read the path relative to the working directory rather than the repository root.
  const path = `./${relative(cwd, resolve(cwd, inventoryPath))}`;
  const label = `${ref}:${path}`;
  let text: string;
  try {
    text = execFileSync("git", ["show", label], { cwd, encoding: "utf8", stdio: ["ignore", "pipe", "pipe"] });
  } catch (error) {
    const stderr = String((error as { stderr?: unknown }).stderr ?? "").trim();
    throw new PlanError(`cannot read the inventory at ${label}: ${stderr || (error as Error).message}`);
  }
  const result = validateInventoryText(text);
  if (!result.ok) throw new InventoryError(label, result.problems);
  return { label, raw: result.inventory, inventory: resolveInventory(result.inventory) };
}
