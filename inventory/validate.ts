/**
 * Validation entry point: text → JSON → schema (ajv) → semantic rules. Every problem is
 * reported, in one run, sorted by JSON pointer so the output is stable.
 */
import type { InventoryProblem } from "./errors";
import { INVENTORY_RULES, type InventoryRule, type InventoryWarning } from "./rules";
import type { Inventory } from "./types";
import type { SchemaProblem } from "./validate-messages";
import { parseInventoryText } from "./validate-parse";
import { comparePointers, pointerTouches } from "./validate-pointer";
import { checkInventorySchema } from "./validate-schema";

export type { InventoryWarning } from "./rules";

export type ValidationResult =
  | {
      readonly ok: true;
      readonly inventory: Inventory;
      readonly warnings: readonly InventoryWarning[];
      /** Ids of the error rules that ran (and passed). */
      readonly rulesPassed: readonly string[];
    }
  | {
      readonly ok: false;
      readonly problems: readonly InventoryProblem[];
      readonly warnings: readonly InventoryWarning[];
      /** Ids of the rules that could not run because a schema problem touches what they read. */
      readonly rulesSkipped: readonly string[];
    };

function byPath(a: InventoryProblem, b: InventoryProblem): number {
  return comparePointers(a.path, b.path) || (a.message < b.message ? -1 : a.message > b.message ? 1 : 0);
}

/**
 * The distinct shapes of the invalid parts, array indexes as `*` (`/tenants/*\/accountId`):
 * thousands of invalid tenants collapse into a few shapes to compare with each rule's reads.
 * (No key of the inventory is all digits, so a numeric segment is always an index.)
 */
function invalidShapes(schemaProblems: readonly SchemaProblem[]): string[] {
  const shapes = new Set<string>();
  for (const { invalidates } of schemaProblems) {
    if (invalidates !== undefined) shapes.add(invalidates.replace(/\/\d+(?=\/|$)/g, "/*"));
  }
  return [...shapes];
}

/** A rule may run when no schema problem touches anything it reads. */
function canRun(rule: InventoryRule, shapes: readonly string[]): boolean {
  return !shapes.some((shape) => rule.reads.some((read) => pointerTouches(shape, read)));
}

/** Validate an already-parsed document (what `validateInventoryText` does after JSON.parse). */
export function validateInventoryValue(value: unknown): ValidationResult {
  const schemaProblems = checkInventorySchema(value);
  const shapes = invalidShapes(schemaProblems);
  const runnable = INVENTORY_RULES.filter((rule) => canRun(rule, shapes));
  // Rules only run on parts the schema accepted, so the cast is safe for what each rule reads.
  const inventory = value as Inventory;
  const findings = runnable.map((rule) => ({ rule, problems: rule.check(inventory) }));
  const errors = findings.filter(({ rule }) => rule.severity === "error").flatMap(({ problems }) => problems);
  const warnings = findings
    .filter(({ rule }) => rule.severity === "warning")
    .flatMap(({ rule, problems }) => problems.map((problem) => ({ ...problem, id: rule.id })))
    .sort(byPath);
  const problems = [...schemaProblems.map(({ path, message }) => ({ path, message })), ...errors].sort(byPath);
  if (problems.length > 0) {
    const rulesSkipped = INVENTORY_RULES.filter((rule) => !runnable.includes(rule)).map((rule) => rule.id);
    return { ok: false, problems, warnings, rulesSkipped };
  }
  const rulesPassed = INVENTORY_RULES.filter((rule) => rule.severity === "error").map((rule) => rule.id);
  return { ok: true, inventory, warnings, rulesPassed };
}

export function validateInventoryText(text: string): ValidationResult {
  const parsed = parseInventoryText(text);
  if (!parsed.ok) return { ok: false, problems: [parsed.problem], warnings: [], rulesSkipped: [] };
  const result = validateInventoryValue(parsed.value);
  if (parsed.problems.length === 0) return result;
  const problems = [...parsed.problems, ...(result.ok ? [] : result.problems)].sort(byPath);
  return { ok: false, problems, warnings: result.warnings, rulesSkipped: result.ok ? [] : result.rulesSkipped };
}
