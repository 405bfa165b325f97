/**
 * The inventory a synth output directory was built from, kept beside it (`<outdir>/loghop-inventory.json`),
 * so `loghop plan --base-out <dir>` can say which inventory change made a stack differ and which
 * onboarding documents changed. Written by `main.ts` (cdktf synth) and by `loghop plan`'s own synths.
 */
import { existsSync, readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { resolveInventory } from "../inventory/resolve";
import type { ResolvedInventory } from "../inventory/resolved";
import type { Inventory } from "../inventory/types";
import { validateInventoryText } from "../inventory/validate";

export const INVENTORY_RECORD_FILE = "loghop-inventory.json";

export function writeInventoryRecord(outdir: string, raw: Inventory): void {
  writeFileSync(join(outdir, INVENTORY_RECORD_FILE), `${JSON.stringify(raw, null, 2)}\n`);
}

/** The recorded inventory, resolved; undefined when none was recorded or it no longer validates. */
export function readInventoryRecord(outdir: string): ResolvedInventory | undefined {
  const file = join(outdir, INVENTORY_RECORD_FILE);
  if (!existsSync(file)) return undefined;
  const result = validateInventoryText(readFileSync(file, "utf8"));
  return result.ok ? resolveInventory(result.inventory) : undefined;
}
