/** The shape of a semantic rule: a check the schema cannot express, run on schema-valid parts. */
import type { InventoryProblem } from "../errors";
import type { Inventory } from "../types";

export interface InventoryRule {
  /** Stable id, `loghop:inventory:<name>`: warnings are printed with it, tests and docs cite it. */
  readonly id: string;
  /** One line: what the rule guarantees. */
  readonly description: string;
  /** Errors fail validation; warnings are printed and do not. */
  readonly severity: "error" | "warning";
  /**
   * JSON pointers of everything `check` reads (`*` = any array index). The rule runs only
   * when no schema problem touches them, so `check` may trust the types of what it reads.
   */
  readonly reads: readonly string[];
  check(inventory: Inventory): InventoryProblem[];
}

/** A warning: a problem that does not fail validation, tagged with its rule's stable id. */
export interface InventoryWarning extends InventoryProblem {
  readonly id: string;
}
