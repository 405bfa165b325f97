/** Validation entry point: JSON parse → schema (ajv) → semantic rules. Every problem reported. */
import type { InventoryProblem } from "./errors";
import type { Inventory } from "./types";

export type ValidationResult =
  | { readonly ok: true; readonly inventory: Inventory }
  | { readonly ok: false; readonly problems: readonly InventoryProblem[] };

export function validateInventoryText(text: string): ValidationResult {
  // Interim: parse only. The schema and semantic rules land with the validation work (issue 2).
  try {
    return { ok: true, inventory: JSON.parse(text) as Inventory };
  } catch (error) {
    return { ok: false, problems: [{ path: "", message: `not valid JSON: ${(error as Error).message}` }] };
  }
}
