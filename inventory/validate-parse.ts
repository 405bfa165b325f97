/** First stage of validation: text → a JSON object, or one problem saying why not. */
import type { InventoryProblem } from "./errors";
import {
  type JsonScan,
  lineAndColumn,
  lineLocator,
  locateJsonSyntaxError,
  MAX_JSON_DEPTH,
  scanJson,
} from "./validate-json-syntax";

export type ParseResult =
  | {
      readonly ok: true;
      readonly value: Record<string, unknown>;
      /** Problems of a document that still parsed: keys given twice (JSON.parse keeps the last). */
      readonly problems: readonly InventoryProblem[];
    }
  | { readonly ok: false; readonly problem: InventoryProblem };

const EXPECTED =
  "expected a JSON object with project, environment, prefix, central, tenants and clusters (see examples/inventory.json)";

/**
 * The first meaningful line looks like YAML (`key: value`, `- item`, `---`) rather than
 * JSON. Only consulted after JSON.parse failed, so a JSON document never trips it.
 */
function looksLikeYaml(text: string): boolean {
  const first = text
    .split("\n", 50)
    // A key is short; testing only a line's head keeps the regex from backtracking through a
    // 10 MB single-line document (V8 throws "Maximum call stack size exceeded" on that).
    .map((line) => line.slice(0, 512).trim())
    .find((line) => line !== "" && !line.startsWith("#"));
  return (
    first !== undefined &&
    (/^---(\s|$)/.test(first) || /^- /.test(first) || /^["']?[\w$.-]+["']?\s*:(\s|$)/.test(first))
  );
}

function describeSyntaxError(text: string, error: Error): string {
  const located = locateJsonSyntaxError(text);
  if (located === undefined) return `not valid JSON: ${error.message}`;
  const { line, column } = lineAndColumn(text, located.offset);
  return `not valid JSON at line ${line}, column ${column}: ${located.reason}`;
}

function kindOf(value: unknown): string {
  if (value === null) return "null";
  if (Array.isArray(value)) return "an array";
  return `a ${typeof value}`;
}

/**
 * Size guard before schema validation: schema errors cost ~3 µs each and a 10 MB file can
 * hold 5 million one-character list items, each an error. Real estates are far below this.
 */
const MAX_ARRAY_ITEMS = 250_000;

function at(locate: (offset: number) => { line: number; column: number }, offset: number): string {
  const { line, column } = locate(offset);
  return `line ${line}, column ${column}`;
}

/** A hand-edited inventory may say a key twice; the first value would be silently ignored. */
function duplicateKeyProblems(text: string, scan: JsonScan): InventoryProblem[] {
  if (scan.duplicateKeys.length === 0) return [];
  const locate = lineLocator(text);
  return scan.duplicateKeys.map(({ pointer, firstOffset, offset }) => ({
    path: pointer,
    message: `key given twice, at ${at(locate, firstOffset)} and ${at(locate, offset)}; JSON keeps only the last value: remove one`,
  }));
}

export function parseInventoryText(text: string): ParseResult {
  // Editors on Windows may save a byte-order mark; JSON.parse rejects it.
  const body = text.startsWith("\uFEFF") ? text.slice(1) : text;
  if (body.trim() === "") {
    return { ok: false, problem: { path: "", message: `the file is empty; ${EXPECTED}` } };
  }
  let value: unknown;
  try {
    value = JSON.parse(body);
  } catch (error) {
    const message = looksLikeYaml(body)
      ? `looks like YAML; the inventory is JSON (${EXPECTED})`
      : describeSyntaxError(body, error as Error);
    return { ok: false, problem: { path: "", message } };
  }
  if (typeof value !== "object" || value === null || Array.isArray(value)) {
    return { ok: false, problem: { path: "", message: `the inventory must be a JSON object; got ${kindOf(value)}` } };
  }
  const scan = scanJson(body);
  if (scan.tooDeep !== undefined) {
    const message = `nested more than ${MAX_JSON_DEPTH} levels deep at ${at(lineLocator(body), scan.tooDeep.offset)}; an inventory is about 8 levels deep`;
    return { ok: false, problem: { path: scan.tooDeep.pointer, message } };
  }
  if (scan.arrayItems > MAX_ARRAY_ITEMS) {
    const message =
      `the lists in this document hold ${scan.arrayItems.toLocaleString("en-US")} items together; ` +
      `an inventory may hold at most ${MAX_ARRAY_ITEMS.toLocaleString("en-US")} (an estate of 30,000 tenants holds about 190,000)`;
    return { ok: false, problem: { path: "", message } };
  }
  return { ok: true, value: value as Record<string, unknown>, problems: duplicateKeyProblems(body, scan) };
}
