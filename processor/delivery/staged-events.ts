import type { LogEvent } from "../cloudwatch/types";
import { EVENT_CUT_BYTES } from "../cloudwatch/limits";
import { limitBytes } from "../limits/byte-guard";
import type { ObjectLimits } from "../limits/object-limits";
import { countBytes } from "../reading/count-bytes";
import { maybeGunzip } from "../reading/decompress";
import { objectLines } from "../reading/object-lines";
import type { ReadCounters } from "../records/counters";
import { objectEvents } from "../records/object-events";

export interface StagedEventsOptions {
  /** Lines longer than this are delivered cut with a marker. */
  readonly maxLineBytes: number;
  /** Timestamp of records without one: the object's S3 LastModified. */
  readonly fallbackTimestampMs: number;
  /** The body's Content-Length, when known (sizes decompression buffers; the compression-ratio limit). */
  readonly compressedBytes?: number;
  /** Decompression stops at these (the event limit is the consumer's: it counts positions). */
  readonly limits: ObjectLimits;
}

/**
 * A staged object's body (gzip or plain) → its CloudWatch events in the
 * object's deterministic order, counting into `counters`; throws
 * `ObjectOverLimitError` once the decompressed bytes cross a limit. One definition
 * for the delivery and bench/processor.bench.ts, so the bench measures the
 * pipeline that runs.
 */
export function stagedObjectEvents(
  body: AsyncIterable<Uint8Array>,
  options: StagedEventsOptions,
  counters: ReadCounters,
): AsyncGenerator<LogEvent[]> {
  const decompressed = limitBytes(maybeGunzip(body, options.compressedBytes), options.limits, options.compressedBytes);
  const lines = objectLines(countBytes(decompressed, counters), {
    maxLineBytes: options.maxLineBytes,
    oversizedHeadBytes: EVENT_CUT_BYTES,
    regions: true,
  });
  return objectEvents(
    lines,
    { fallbackTimestampMs: options.fallbackTimestampMs, eventCapBytes: EVENT_CUT_BYTES },
    counters,
  );
}
