/**
 * Translate ajv's error objects into inventory problems a person can act on: the place
 * (JSON pointer), what is wrong, what is allowed and the value found.
 */
import type { ErrorObject } from "ajv";
import type { InventoryProblem } from "./errors";
import { childPointer } from "./validate-pointer";
import { didYouMean } from "./validate-suggest";

/** A schema problem, plus the part of the document it makes unreliable for the semantic rules. */
export interface SchemaProblem extends InventoryProblem {
  /** Pointer of the invalid (or missing) part; undefined when the problem invalidates nothing (an unknown key). */
  readonly invalidates: string | undefined;
}

type SchemaObject = Record<string, unknown>;

const TYPE_NAMES: Record<string, string> = {
  string: "a string",
  integer: "an integer",
  number: "a number",
  boolean: "true or false",
  object: "an object",
  array: "an array",
  null: "null",
};

const FORMAT_NAMES: Record<string, string> = {
  email: "an e-mail address",
  uri: "an absolute URL",
  hostname: "a host name such as app.terraform.io",
};

/** Short description of a value for "got …": strings quoted and truncated, containers by kind. */
function describeValue(value: unknown): string {
  if (typeof value === "string") {
    const shown = value.length > 80 ? `${value.slice(0, 77)}…` : value;
    return JSON.stringify(shown);
  }
  if (value === null) return "null";
  if (Array.isArray(value)) return `an array of ${value.length}`;
  if (typeof value === "object") return "an object";
  return String(value);
}

function schemaOf(error: ErrorObject): SchemaObject {
  return (error.parentSchema ?? {}) as SchemaObject;
}

/** The schema's own phrase for what a string may be (`x-allowed`), if it has one. */
function allowedPhrase(error: ErrorObject): string | undefined {
  const phrase = schemaOf(error)["x-allowed"];
  return typeof phrase === "string" ? phrase : undefined;
}

function firstSentence(text: string): string {
  // A full stop ends the sentence unless it closes an abbreviation such as "e.g." or "i.e.".
  const end = text.search(/(?<!\b(?:e\.g|i\.e|etc))\.(\s|$)/);
  return end === -1 ? text : text.slice(0, end);
}

/** Description of a property as declared in an object schema (directly or beside a `$ref`). */
function propertyDescription(objectSchema: SchemaObject, property: string): string | undefined {
  const properties = objectSchema["properties"] as Record<string, SchemaObject> | undefined;
  const description = properties?.[property]?.["description"];
  return typeof description === "string" ? firstSentence(description) : undefined;
}

function discriminatorValues(objectSchema: SchemaObject, tag: string): string[] {
  const branches = (objectSchema["oneOf"] ?? []) as SchemaObject[];
  return branches.map((branch) => {
    // Branches are inlined (validate-schema.ts inlines every $ref), so their tags are right here.
    const properties = branch["properties"] as Record<string, SchemaObject> | undefined;
    return String(properties?.[tag]?.["const"]);
  });
}

function rangeMessage(error: ErrorObject): string {
  const schema = schemaOf(error);
  const min = schema["minimum"];
  const max = schema["maximum"];
  const got = describeValue(error.data);
  if (typeof min === "number" && typeof max === "number") return `must be between ${min} and ${max}; got ${got}`;
  if (typeof min === "number") return `must be at least ${min}; got ${got}`;
  if (typeof max === "number") return `must be at most ${max}; got ${got}`;
  return `${error.message ?? "is out of range"}; got ${got}`;
}

function plural(count: number, noun: string): string {
  return `${count} ${noun}${count === 1 ? "" : "s"}`;
}

/**
 * One ajv error → one problem; undefined for errors that only summarise others (oneOf,
 * anyOf, if). `suggest` = look for a did-you-mean for unknown keys (skipped when there are
 * so many unknown keys that they cannot be typos: each look-up costs ~10 µs).
 */
export function translateAjvError(error: ErrorObject, suggest = true): SchemaProblem | undefined {
  // A map key failing `propertyNames`: ajv names the map and the key; the problem is the key's own entry.
  const at =
    error.propertyName === undefined ? error.instancePath : childPointer(error.instancePath, error.propertyName);
  const got = describeValue(error.data);
  const params = error.params as Record<string, unknown>;
  const invalid = (message: string, path = at): SchemaProblem => ({ path, message, invalidates: path });
  switch (error.keyword) {
    case "type": {
      const types = ([] as string[]).concat(params["type"] as string | string[]);
      return invalid(`must be ${types.map((type) => TYPE_NAMES[type] ?? type).join(" or ")}; got ${got}`);
    }
    case "required": {
      const missing = String(params["missingProperty"]);
      const description = propertyDescription(schemaOf(error), missing);
      const message = `missing required property "${missing}"${description ? ` — ${description}` : ""}`;
      return { path: at, message, invalidates: childPointer(at, missing) };
    }
    case "additionalProperties": {
      const key = String(params["additionalProperty"]);
      const allowed = Object.keys((schemaOf(error)["properties"] ?? {}) as SchemaObject);
      const message = `unknown key "${key}"${suggest ? didYouMean(key, allowed) : ";"} allowed: ${allowed.join(", ")}`;
      // An unknown key invalidates nothing the rules read: they never look at it.
      return { path: childPointer(at, key), message, invalidates: undefined };
    }
    case "enum":
      return invalid(`must be one of ${(params["allowedValues"] as unknown[]).map(String).join(", ")}; got ${got}`);
    case "const":
      return invalid(`must be ${JSON.stringify(params["allowedValue"])}; got ${got}`);
    case "discriminator": {
      const tag = String(params["tag"]);
      const allowed = discriminatorValues(schemaOf(error), tag).join(", ");
      const value = (error.data as SchemaObject | undefined)?.[tag];
      if (value === undefined) return invalid(`missing required property "${tag}" (one of ${allowed})`);
      return invalid(`must be one of ${allowed}; got ${describeValue(value)}`, childPointer(at, tag));
    }
    case "pattern":
      return invalid(`must be ${allowedPhrase(error) ?? `a string matching ${String(params["pattern"])}`}; got ${got}`);
    case "format": {
      const format = String(params["format"]);
      return invalid(`must be ${allowedPhrase(error) ?? FORMAT_NAMES[format] ?? `a ${format}`}; got ${got}`);
    }
    case "minLength":
    case "maxLength": {
      const length = typeof error.data === "string" ? error.data.length : 0;
      const bound = `${error.keyword === "minLength" ? "at least" : "at most"} ${plural(Number(params["limit"]), "character")}`;
      return invalid(`must be ${allowedPhrase(error) ?? bound}; got ${got} (${length} characters)`);
    }
    case "minimum":
    case "maximum":
    case "exclusiveMinimum":
    case "exclusiveMaximum":
      return invalid(rangeMessage(error));
    case "minItems":
    case "maxItems": {
      const count = Array.isArray(error.data) ? error.data.length : 0;
      const bound = error.keyword === "minItems" ? "at least" : "at most";
      return invalid(`must have ${bound} ${plural(Number(params["limit"]), "item")}; got ${count}`);
    }
    case "uniqueItems": {
      // ajv's order of i and j depends on the algorithm it picked: report at the later one.
      const [first, repeat] = [Number(params["i"]), Number(params["j"])].sort((a, b) => a - b) as [number, number];
      const items = error.data as unknown[];
      return invalid(
        `must not repeat items; items ${first} and ${repeat} are both ${describeValue(items[repeat])}`,
        childPointer(at, repeat),
      );
    }
    case "oneOf":
    case "anyOf":
    case "if":
    case "propertyNames":
      return undefined;
    default:
      return invalid(`${error.message ?? "is invalid"}; got ${got}`);
  }
}
