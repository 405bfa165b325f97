import { extractRecord, type ExtractedRecord } from "./record";

export type LineParse =
  | { readonly ok: true; readonly records: readonly ExtractedRecord[] }
  | { readonly ok: false; readonly reason: "not-json" | "not-an-object" };

/** A JSON object (not an array, not null): what one record is. */
export function isRecord(value: unknown): value is Record<string, unknown> {
  return value !== null && typeof value === "object" && !Array.isArray(value);
}

/** A parsed JSON value → its records: one object, or an array of objects; undefined for anything else. */
export function recordsOf(value: unknown): ExtractedRecord[] | undefined {
  if (isRecord(value)) return [extractRecord(value)];
  if (Array.isArray(value) && value.every(isRecord))
    return value.map((entry) => extractRecord(entry as Record<string, unknown>));
  return undefined;
}

/**
 * One line → records. NDJSON gives one object per line; Vector's JSON codec
 * without newline framing writes one JSON array per object, so an array of
 * objects is accepted too. Anything else is malformed.
 */
export function parseLine(line: string): LineParse {
  let value: unknown;
  try {
    value = JSON.parse(line);
  } catch {
    return { ok: false, reason: "not-json" };
  }
  const records = recordsOf(value);
  if (records === undefined) return { ok: false, reason: "not-an-object" };
  return { ok: true, records };
}
