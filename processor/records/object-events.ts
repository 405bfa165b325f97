import type { LogEvent } from "../cloudwatch/types";
import { SlicedLogEvent } from "../cloudwatch/sliced-event";
import { lineAt, type Line, type LineRegion } from "../reading/line-splitter";
import type { ReadCounters } from "./counters";
import { splitMessage, truncatedEvent } from "./event-cap";
import { isRecord, recordsOf } from "./line-records";
import { extractRecord, type ExtractedRecord } from "./record";
import { emptyScannedRecord, scanRecord, wordsOf } from "./record-scanner";
import { parseTimestampBytes } from "./timestamp";

export interface ObjectEventsOptions {
  /** Timestamp of records without one: the object's S3 LastModified. */
  readonly fallbackTimestampMs: number;
  /** Messages above this many bytes are split into marked parts. */
  readonly eventCapBytes: number;
}

/**
 * Counts a record on either path (pushRecord, regionEvents); false when its
 * message is empty: PutLogEvents refuses a whole request holding one, so it
 * is counted and not sent.
 */
function countRecord(messageBytes: number, counters: ReadCounters): boolean {
  counters.records++;
  if (messageBytes !== 0) return true;
  counters.emptyMessages++;
  return false;
}

/** A record's timestamp, or (counted) the object's LastModified when it had none. */
function eventTimestamp(timestampMs: number | undefined, options: ObjectEventsOptions, counters: ReadCounters): number {
  if (timestampMs !== undefined) return timestampMs;
  counters.fallbackTimestamps++;
  return options.fallbackTimestampMs;
}

/** One record → one event (or the marked parts of an over-cap message). */
function pushRecord(
  record: ExtractedRecord,
  lineHasBackslash: boolean,
  events: LogEvent[],
  options: ObjectEventsOptions,
  counters: ReadCounters,
): void {
  const message = record.message;
  const bytes = Buffer.byteLength(message, "utf8");
  if (!countRecord(bytes, counters)) return;
  const timestamp = eventTimestamp(record.timestampMs, options, counters);
  if (bytes > options.eventCapBytes) {
    counters.splitMessages++;
    for (const part of splitMessage(message, bytes, timestamp, options.eventCapBytes)) events.push(part);
  } else {
    // A JSON text without a backslash has no escaped character: its strings need no escaping either.
    events.push({ timestamp, message, bytes, plain: record.plainText && !lineHasBackslash });
  }
}

/**
 * Lines → events, in the object's deterministic order: line order, then
 * record order within a JSON array, then part order of a split message.
 * Checkpoints count positions in exactly this order, so it must not depend
 * on anything but the object's bytes and these options.
 */
export async function* objectEvents(
  lines: AsyncIterable<Line[]>,
  options: ObjectEventsOptions,
  counters: ReadCounters,
): AsyncGenerator<LogEvent[]> {
  for await (const chunk of lines) {
    const events: LogEvent[] = [];
    for (const line of chunk) {
      if (typeof line !== "string" && line.kind === "region") regionEvents(line, events, options, counters);
      else lineEvents(line, events, options, counters);
    }
    if (events.length > 0) yield events;
  }
}

/** One line (not a region) → its events, or a counted reason why none. */
function lineEvents(line: Line, events: LogEvent[], options: ObjectEventsOptions, counters: ReadCounters): void {
  counters.lines++;
  if (typeof line !== "string") {
    if (line.kind === "invalid-utf8") {
      counters.invalidUtf8Lines++;
    } else if (line.kind === "oversized") {
      counters.truncatedLines++;
      events.push(truncatedEvent(line.head, line.totalBytes, options.fallbackTimestampMs, options.eventCapBytes));
    }
    return;
  }
  // Inlined parseLine for the one-object-per-line case: this runs once per event, allocations count.
  const hasBackslash = line.indexOf("\\") !== -1;
  let value: unknown;
  try {
    value = JSON.parse(line);
  } catch {
    counters.malformedLines++;
    return;
  }
  if (isRecord(value)) {
    pushRecord(extractRecord(value), hasBackslash, events, options, counters);
    return;
  }
  const records = recordsOf(value);
  if (records === undefined) {
    counters.malformedLines++;
    return;
  }
  for (const record of records) pushRecord(record, hasBackslash, events, options, counters);
}

const scanned = emptyScannedRecord();
const LF = 0x0a;

/**
 * The lines of a region: the common record shape straight from its bytes
 * (record-scanner.ts), anything else decoded and taken through lineEvents
 * exactly as splitLines would have yielded it. Same events, same order,
 * same counters either way.
 */
function regionEvents(
  region: LineRegion,
  events: LogEvent[],
  options: ObjectEventsOptions,
  counters: ReadCounters,
): void {
  const bytes = region.bytes;
  const length = bytes.length;
  const words = wordsOf(bytes);
  let start = 0;
  while (start <= length) {
    // The common record: scanned in place, its line's end found by the scan itself.
    const recordEnd = scanRecord(bytes, words, start, length, scanned);
    if (recordEnd !== -1 && recordEnd - start <= region.maxLineBytes && scanned.messageBytes <= options.eventCapBytes) {
      counters.lines++;
      if (countRecord(scanned.messageBytes, counters)) {
        const timestamp = eventTimestamp(
          scanned.timestampStart === -1
            ? undefined
            : parseTimestampBytes(bytes, scanned.timestampStart, scanned.timestampEnd),
          options,
          counters,
        );
        events.push(
          new SlicedLogEvent(timestamp, bytes, scanned.messageStart, scanned.messageEnd, scanned.messageBytes),
        );
      }
      start = recordEnd + 1;
      continue;
    }
    let end = bytes.indexOf(LF, start);
    if (end === -1) end = length;
    if (end > start) {
      const line = lineAt(region, start, end);
      if (line !== undefined) lineEvents(line, events, options, counters);
    }
    start = end + 1;
  }
}
