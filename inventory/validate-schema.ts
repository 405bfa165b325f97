/** Second stage of validation: the document against schemas/inventory.schema.json (ajv, compiled once). */
import Ajv2020 from "ajv/dist/2020";
import type { ErrorObject, ValidateFunction } from "ajv";
import addFormats from "ajv-formats";
import inventorySchema from "../schemas/inventory.schema.json";
import { translateAjvError, type SchemaProblem } from "./validate-messages";

let compiled: ValidateFunction | undefined;

/** Compile on first use, then reuse: compiling costs ~70 ms, validating a large estate a few ms. */
function schemaValidator(): ValidateFunction {
  if (compiled === undefined) {
    const ajv = new Ajv2020({
      strict: true,
      allErrors: true,
      // Errors carry the failing value and schema: messages say what was found and what is allowed.
      verbose: true,
      discriminator: true,
    });
    addFormats(ajv, ["email", "uri", "hostname"]);
    // Annotation only: a human phrase for what a pattern allows, used in error messages.
    ajv.addKeyword({ keyword: "x-allowed", schemaType: "string" });
    compiled = ajv.compile(inventorySchema);
  }
  return compiled;
}

function translateAll(errors: readonly ErrorObject[]): SchemaProblem[] {
  const seen = new Set<string>();
  const problems: SchemaProblem[] = [];
  for (const error of errors) {
    const problem = translateAjvError(error);
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
