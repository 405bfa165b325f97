import type { ObjectOutcome } from "../delivery/types";
import type { MessageOutcome } from "../batch/sqs-batch";

export interface RunSummary {
  readonly ok: boolean;
  readonly counts: Readonly<Record<ObjectOutcome["status"] | "malformedMessages", number>>;
  readonly events: number;
  readonly bytes: number;
  readonly objects: readonly {
    readonly bucket: string;
    readonly key: string;
    readonly status: ObjectOutcome["status"];
    readonly reason?: string;
    readonly failureKind?: string;
    readonly destinations: readonly DestinationSummary[];
  }[];
  readonly malformedMessages: readonly { readonly messageId: string; readonly reason: string }[];
}

/** Everything that happened on the way to one destination, as counted by the delivery. */
export interface DestinationSummary {
  readonly deliveryId: string;
  readonly status: string;
  readonly events: number;
  readonly bytes: number;
  /** Events a previous run had delivered: this run started after them. */
  readonly resumedFrom: number;
  /** Events CloudWatch refused individually (too old, too new, expired). */
  readonly rejected: number;
  /** Delivered at processing time with their original timestamp in a prefix (the age rule). */
  readonly retimed: number;
  /** Lines over the line limit, delivered cut with a marker. */
  readonly truncated: number;
  /** Messages over the event cap, delivered as marked parts. */
  readonly split: number;
  /** Lines that were not JSON records (counted, skipped). */
  readonly malformed: number;
  readonly invalidUtf8: number;
  /** Records with an empty message (counted, not sent). */
  readonly empty: number;
  readonly requests: number;
  readonly retries: number;
  readonly reason?: string;
  readonly error?: string;
}

function destinationSummary(d: ObjectOutcome["destinations"][number]): DestinationSummary {
  return {
    deliveryId: d.deliveryId,
    status: d.status,
    events: d.events,
    bytes: d.bytes,
    resumedFrom: d.resumedFrom,
    rejected: d.rejected,
    retimed: d.retimed,
    truncated: d.read?.truncatedLines ?? 0,
    split: d.read?.splitMessages ?? 0,
    malformed: d.read?.malformedLines ?? 0,
    invalidUtf8: d.read?.invalidUtf8Lines ?? 0,
    empty: d.read?.emptyMessages ?? 0,
    requests: d.requests,
    retries: d.retries,
    ...(d.reason !== undefined ? { reason: d.reason } : {}),
    ...(d.error !== undefined ? { error: d.error } : {}),
  };
}

/** What the manual and replay modes print: per object, what was delivered, skipped and failed. */
export function summarize(objects: readonly ObjectOutcome[], messages: readonly MessageOutcome[] = []): RunSummary {
  const counts = {
    delivered: 0,
    skipped: 0,
    refused: 0,
    superseded: 0,
    failed: 0,
    heartbeat: 0,
    malformedMessages: 0,
  };
  let events = 0;
  let bytes = 0;
  for (const o of objects) {
    counts[o.status]++;
    for (const d of o.destinations) {
      events += d.events;
      bytes += d.bytes;
    }
  }
  const malformedMessages = messages.flatMap((m) =>
    m.malformed !== undefined ? [{ messageId: m.messageId, reason: m.malformed }] : [],
  );
  counts.malformedMessages = malformedMessages.length;
  return {
    ok: counts.failed === 0 && counts.malformedMessages === 0,
    counts,
    events,
    bytes,
    objects: objects.map((o) => ({
      bucket: o.bucket,
      key: o.key,
      status: o.status,
      ...(o.reason !== undefined ? { reason: o.reason } : {}),
      ...(o.failureKind !== undefined ? { failureKind: o.failureKind } : {}),
      destinations: o.destinations.map(destinationSummary),
    })),
    malformedMessages,
  };
}
