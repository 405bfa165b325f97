/** What reading one object found, beyond the events themselves. */
export interface ReadCounters {
  lines: number;
  records: number;
  malformedLines: number;
  invalidUtf8Lines: number;
  /** Lines over the line limit, delivered cut with a marker. */
  truncatedLines: number;
  /** Messages over the event cap, delivered as several marked parts. */
  splitMessages: number;
  /**
   * Records whose message is empty (a blank line printed by a container): PutLogEvents refuses a
   * whole request holding one (message length ≥ 1), so they are counted and not delivered.
   */
  emptyMessages: number;
  /** Records whose timestamp fell back to the object's LastModified. */
  fallbackTimestamps: number;
  /** Uncompressed bytes read (counted as they leave the decompressor). */
  bytesRead: number;
}

export function emptyReadCounters(): ReadCounters {
  return {
    lines: 0,
    records: 0,
    malformedLines: 0,
    invalidUtf8Lines: 0,
    truncatedLines: 0,
    splitMessages: 0,
    emptyMessages: 0,
    fallbackTimestamps: 0,
    bytesRead: 0,
  };
}
