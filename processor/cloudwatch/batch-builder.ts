import { EVENT_OVERHEAD_BYTES, MAX_BATCH_BYTES, MAX_BATCH_EVENTS, MAX_BATCH_SPAN_MS } from "./limits";
import type { LogBatch, LogEvent } from "./types";

export interface BatchLimits {
  readonly maxBytes: number;
  readonly maxEvents: number;
  /** The newest and oldest event of a batch must be less than this apart. */
  readonly maxSpanMs: number;
}

export const PUT_LOG_EVENTS_LIMITS: BatchLimits = {
  maxBytes: MAX_BATCH_BYTES,
  maxEvents: MAX_BATCH_EVENTS,
  maxSpanMs: MAX_BATCH_SPAN_MS,
};

/**
 * Cuts the object's event sequence into consecutive runs that each fit one
 * PutLogEvents request (bytes incl. 26 per event, event count, 24 h span),
 * then stable-sorts each run by timestamp. Runs are consecutive in the
 * object's order, so "N events accepted" is always a prefix — the
 * checkpoint's unit. Events must already be within the event cap.
 */
export class BatchBuilder {
  #events: LogEvent[] = [];
  #bytes = 0;
  #min = Number.POSITIVE_INFINITY;
  #max = Number.NEGATIVE_INFINITY;

  constructor(private readonly limits: BatchLimits = PUT_LOG_EVENTS_LIMITS) {}

  /** Adds one event; returns the batch it closed, if it did not fit in the current one. */
  add(event: LogEvent): LogBatch | undefined {
    const size = event.bytes + EVENT_OVERHEAD_BYTES;
    if (size > this.limits.maxBytes) {
      throw new RangeError(`event of ${event.bytes} bytes exceeds the batch limit; cap events before batching`);
    }
    let closed: LogBatch | undefined;
    if (
      this.#events.length > 0 &&
      (this.#bytes + size > this.limits.maxBytes ||
        this.#events.length >= this.limits.maxEvents ||
        Math.max(this.#max, event.timestamp) - Math.min(this.#min, event.timestamp) >= this.limits.maxSpanMs)
    ) {
      closed = this.flush();
    }
    this.#events.push(event);
    this.#bytes += size;
    if (event.timestamp < this.#min) this.#min = event.timestamp;
    if (event.timestamp > this.#max) this.#max = event.timestamp;
    return closed;
  }

  /** The batch in progress, if any, sorted; the builder starts empty again. */
  flush(): LogBatch | undefined {
    if (this.#events.length === 0) return undefined;
    const events = sortByTimestamp(this.#events);
    const batch: LogBatch = { events, payloadBytes: this.#bytes };
    this.#events = [];
    this.#bytes = 0;
    this.#min = Number.POSITIVE_INFINITY;
    this.#max = Number.NEGATIVE_INFINITY;
    return batch;
  }

  get pendingEvents(): number {
    return this.#events.length;
  }
}

/** Stable sort (V8's sort is stable); skipped when already in order, the usual case for one pod. */
export function sortByTimestamp(events: LogEvent[]): LogEvent[] {
  for (let i = 1; i < events.length; i++) {
    if (events[i]!.timestamp < events[i - 1]!.timestamp) return events.sort((a, b) => a.timestamp - b.timestamp);
  }
  return events;
}
