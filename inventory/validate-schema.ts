/** Second stage of validation: the document against schemas/inventory.schema.json (ajv, compiled once). */
import Ajv2020 from "ajv/dist/2020";
import type { ErrorObject, ValidateFunction } from "ajv";
import addFormats from "ajv-formats";
import inventorySchema from "../schemas/inventory.schema.json";
import { precompiledInventoryValidator } from "./precompiled-schema";
import { translateAjvError, type SchemaProblem } from "./validate-messages";

let compiled: ValidateFunction | undefined;

type SchemaNode = unknown;

/**
 * The schema with every local `$ref` replaced by the definition it names (siblings such
 * as `description` kept). Why: with allErrors, ajv's code for a `$ref` call appends the
 * callee's errors with `concat`, which is quadratic in the number of errors — a 10 MB file
 * of 5 million invalid tenants never finished. Inlined, errors are pushed one by one.
 * The inventory schema is not recursive, so inlining terminates.
 */
function inlineLocalRefs(node: SchemaNode, defs: Record<string, SchemaNode>): SchemaNode {
  if (Array.isArray(node)) return node.map((child) => inlineLocalRefs(child, defs));
  if (typeof node !== "object" || node === null) return node;
  const { $ref: ref, ...rest } = node as Record<string, SchemaNode>;
  const inlined: Record<string, SchemaNode> = {};
  if (typeof ref === "string" && ref.startsWith("#/$defs/")) {
    const target = defs[ref.slice("#/$defs/".length)];
    if (target === undefined) throw new Error(`inventory schema: unknown ${ref}`);
    Object.assign(inlined, inlineLocalRefs(target, defs));
  }
  for (const [key, value] of Object.entries(rest)) {
    // `$defs` are only reachable through the refs just inlined.
    if (key !== "$defs") inlined[key] = key === "const" || key === "enum" ? value : inlineLocalRefs(value, defs);
  }
  return inlined;
}

/**
 * The inventory schema compiled by ajv. `code.source` keeps the generated code, so the CLI
 * bundle (cli/bundle.ts) can write it out as a standalone module instead of compiling at start.
 */
export function compileInventorySchema(options: { readonly source?: boolean } = {}): {
  ajv: Ajv2020;
  validate: ValidateFunction;
} {
  const ajv = new Ajv2020({
    strict: true,
    allErrors: true,
    // Errors carry the failing value and schema: messages say what was found and what is allowed.
    verbose: true,
    discriminator: true,
    ...(options.source ? { code: { source: true } } : {}),
  });
  addFormats(ajv, ["email", "uri", "hostname"]);
  // Annotation only: a human phrase for what a pattern allows, used in error messages.
  ajv.addKeyword({ keyword: "x-allowed", schemaType: "string" });
  const defs = (inventorySchema as unknown as { $defs: Record<string, SchemaNode> }).$defs;
  return { ajv, validate: ajv.compile(inlineLocalRefs(inventorySchema, defs) as object) };
}

/**
 * Compile on first use, then reuse: compiling costs ~70–140 ms, validating a large estate a few
 * ms. The CLI bundle carries the same validator precompiled.
 */
function schemaValidator(): ValidateFunction {
  compiled ??= precompiledInventoryValidator ?? compileInventorySchema().validate;
  return compiled;
}

/** Beyond this many unknown keys the document is not a typo away from an inventory. */
const MAX_SUGGESTIONS = 1000;

function translateAll(errors: readonly ErrorObject[]): SchemaProblem[] {
  const unknownKeys = errors.filter((error) => error.keyword === "additionalProperties").length;
  const suggest = unknownKeys <= MAX_SUGGESTIONS;
  const seen = new Set<string>();
  const problems: SchemaProblem[] = [];
  for (const error of errors) {
    const problem = translateAjvError(error, suggest);
    // A value failing both `format` and `pattern` with the same allowed phrase is one problem.
    const key = problem && `${problem.path}\u0000${problem.message}`;
    if (problem === undefined || key === undefined || seen.has(key)) continue;
    seen.add(key);
    problems.push(problem);
  }
  if (problems.length === 0 && errors.length > 0) {
    // Only summary errors (oneOf/anyOf) remained: report them rather than nothing.
    return errors.map((error) => ({
      path: error.instancePath,
      message: error.message ?? "is invalid",
      invalidates: error.instancePath,
    }));
  }
  return problems;
}

/** Every schema problem of `value` (empty when it conforms). */
export function checkInventorySchema(value: unknown): SchemaProblem[] {
  const validate = schemaValidator();
  return validate(value) ? [] : translateAll(validate.errors ?? []);
}
