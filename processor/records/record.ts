import { parseTimestamp } from "./timestamp";

/**
 * Fields the agent (Vector's kubernetes_logs source and loghop's VRL) adds
 * around a log line. A record without `message` is delivered as the record
 * minus these, so the customer sees their own structured fields only.
 */
export const AGENT_METADATA_FIELDS: ReadonlySet<string> = new Set([
  "kubernetes",
  "file",
  "source_type",
  "stream",
  "host",
  "timestamp",
  "timestamp_end",
  // Set by loghop's classify program (generators/vector/templates/remap.vrl.hbs); a test keeps
  // this list and that program in step.
  "tenant_id",
  "cluster_id",
  "application",
  "pod_name",
]);

/** Timestamp fields, tried in this order. */
export const TIMESTAMP_FIELDS = ["timestamp", "@timestamp", "time", "ts"] as const;

export interface ExtractedRecord {
  readonly message: string;
  /** The message is a string field of the record as it was (not JSON produced here). */
  readonly plainText: boolean;
  /** Epoch milliseconds, or undefined when no field held a usable timestamp. */
  readonly timestampMs: number | undefined;
}

function messageText(value: unknown): string {
  if (typeof value === "string") return value;
  if (value === null || typeof value === "object") return JSON.stringify(value);
  return String(value);
}

/** A record (one parsed JSON object) → its message and timestamp. */
export function extractRecord(record: Record<string, unknown>): ExtractedRecord {
  let timestampMs: number | undefined;
  for (const field of TIMESTAMP_FIELDS) {
    const value = record[field];
    if (value === undefined) continue;
    timestampMs = parseTimestamp(value);
    if (timestampMs !== undefined) break;
  }
  const value = record.message;
  if (value !== undefined) return { message: messageText(value), timestampMs, plainText: typeof value === "string" };
  const rest: Record<string, unknown> = {};
  for (const key of Object.keys(record)) {
    if (!AGENT_METADATA_FIELDS.has(key)) rest[key] = record[key];
  }
  return { message: JSON.stringify(rest), timestampMs, plainText: false };
}
