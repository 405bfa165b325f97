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
    readonly destinations: readonly {
      readonly deliveryId: string;
      readonly status: string;
      readonly events: number;
      readonly bytes: number;
      readonly reason?: string;
      readonly error?: string;
    }[];
  }[];
  readonly malformedMessages: readonly { readonly messageId: string; readonly reason: string }[];
}

/** What the manual and replay modes print: per object, what was delivered, skipped and failed. */
export function summarize(objects: readonly ObjectOutcome[], messages: readonly MessageOutcome[] = []): RunSummary {
  const counts = { delivered: 0, skipped: 0, refused: 0, superseded: 0, failed: 0, malformedMessages: 0 };
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
      destinations: o.destinations.map((d) => ({
        deliveryId: d.deliveryId,
        status: d.status,
        events: d.events,
        bytes: d.bytes,
        ...(d.reason !== undefined ? { reason: d.reason } : {}),
        ...(d.error !== undefined ? { error: d.error } : {}),
      })),
    })),
    malformedMessages,
  };
}
