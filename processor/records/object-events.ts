import type { LogEvent } from "../cloudwatch/types";
import type { Line } from "../reading/line-splitter";
import type { ReadCounters } from "./counters";
import { splitMessage, truncatedEvent } from "./event-cap";
import { recordsOf } from "./line-records";
import { extractRecord, type ExtractedRecord } from "./record";

export interface ObjectEventsOptions {
  /** Timestamp of records without one: the object's S3 LastModified. */
  readonly fallbackTimestampMs: number;
  /** Messages above this many bytes are split into marked parts. */
  readonly eventCapBytes: number;
}

/**
 * Lines → events, in the object's deterministic order: line order, then
 * record order within a JSON array, then part order of a split message.
 * Checkpoints count positions in exactly this order, so it must not depend
 * on anything but the object's bytes and these options.
 */
/** One record → one event (or the marked parts of an over-cap message). */
function pushRecord(
  record: ExtractedRecord,
  lineHasBackslash: boolean,
  events: LogEvent[],
  options: ObjectEventsOptions,
  counters: ReadCounters,
): void {
  counters.records++;
  let timestamp = record.timestampMs;
  if (timestamp === undefined) {
    counters.fallbackTimestamps++;
    timestamp = options.fallbackTimestampMs;
  }
  const message = record.message;
  const bytes = Buffer.byteLength(message, "utf8");
  if (bytes > options.eventCapBytes) {
    counters.splitMessages++;
    for (const part of splitMessage(message, bytes, timestamp, options.eventCapBytes)) events.push(part);
  } else {
    // A JSON text without a backslash has no escaped character: its strings need no escaping either.
    events.push({ timestamp, message, bytes, plain: record.plainText && !lineHasBackslash });
  }
}

export async function* objectEvents(
  lines: AsyncIterable<Line[]>,
  options: ObjectEventsOptions,
  counters: ReadCounters,
): AsyncGenerator<LogEvent[]> {
  const cap = options.eventCapBytes;
  for await (const chunk of lines) {
    const events: LogEvent[] = [];
    for (const line of chunk) {
      counters.lines++;
      if (typeof line !== "string") {
        if (line.kind === "invalid-utf8") {
          counters.invalidUtf8Lines++;
        } else {
          counters.truncatedLines++;
          events.push(truncatedEvent(line.head, line.totalBytes, options.fallbackTimestampMs, cap));
        }
        continue;
      }
      // Inlined parseLine for the one-object-per-line case: this loop runs once per event, allocations count.
      const hasBackslash = line.indexOf("\\") !== -1;
      let value: unknown;
      try {
        value = JSON.parse(line);
      } catch {
        counters.malformedLines++;
        continue;
      }
      if (value !== null && typeof value === "object" && !Array.isArray(value)) {
        pushRecord(extractRecord(value as Record<string, unknown>), hasBackslash, events, options, counters);
        continue;
      }
      const records = recordsOf(value);
      if (records === undefined) {
        counters.malformedLines++;
        continue;
      }
      for (const record of records) pushRecord(record, hasBackslash, events, options, counters);
    }
    if (events.length > 0) yield events;
  }
}
