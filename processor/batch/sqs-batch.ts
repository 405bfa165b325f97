import { parseSqsBody } from "../events/sqs-message";
import type { StagedObjectRef } from "../events/types";
import { METRIC } from "../observability/metric-names";
import { processObject } from "../delivery/object-processor";
import type { InvocationContext, ObjectOutcome, ProcessorDeps } from "../delivery/types";
import { groupByStream, mapWithConcurrency } from "./group-by-stream";

/** The part of an SQS record the processor reads (Lambda's SQSRecord and the worker's messages both fit). */
export interface QueueMessage {
  readonly messageId: string;
  readonly body: string;
  /** SQS ApproximateReceiveCount, when known: 1 lets small objects skip the lease (see deliverToCloudWatch). */
  readonly receiveCount?: number;
}

/** SQS's ApproximateReceiveCount attribute (a decimal string) as the optional field of a QueueMessage. */
export function receiveCount(value: string | undefined): { receiveCount?: number } {
  const count = Number(value);
  return Number.isInteger(count) && count > 0 ? { receiveCount: count } : {};
}

export interface BatchItemFailure {
  readonly itemIdentifier: string;
}

export interface MessageOutcome {
  readonly messageId: string;
  readonly ok: boolean;
  /** Set when the message itself could not be read. */
  readonly malformed?: string;
  readonly testEvent?: boolean;
  readonly objects: readonly ObjectOutcome[];
}

export interface BatchResult {
  /** Lambda's partial batch response: only these messages return to the queue. */
  readonly batchItemFailures: BatchItemFailure[];
  readonly messages: MessageOutcome[];
}

/**
 * Objects → outcomes (same order as given): different streams run
 * concurrently up to `objectConcurrency`, objects of one stream one after
 * another in key order.
 */
export async function processObjects(
  deps: ProcessorDeps,
  ctx: InvocationContext,
  jobs: readonly { readonly ref: StagedObjectRef; readonly firstReceive?: boolean }[],
): Promise<ObjectOutcome[]> {
  const outcomes = new Map<object, ObjectOutcome>();
  await mapWithConcurrency(groupByStream(jobs), deps.config.objectConcurrency, async (group) => {
    for (const job of group)
      outcomes.set(
        job,
        await processObject(deps, ctx, job.ref, job.firstReceive === true ? { firstReceive: true } : {}),
      );
  });
  return jobs.map((job) => outcomes.get(job)!);
}

/**
 * A failure redelivery cannot change: an object over a per-object limit crosses it again on every
 * read, so its message is acknowledged (counted as ObjectsOverLimit, alarmed, logged) instead of
 * costing maxReceiveCount more reads on its way to the DLQ. `loghop replay` resumes it after a
 * limit is raised.
 */
export function isAcknowledgedFailure(outcome: ObjectOutcome): boolean {
  return outcome.status === "failed" && outcome.failureReason === "over-limit";
}

/**
 * One SQS batch → a partial batch response. A message is acknowledged only
 * when every object it announced reached every destination (or was
 * deliberately refused or skipped, or is over a per-object limit); any other message is reported in
 * `batchItemFailures`, so SQS redelivers it and, after maxReceiveCount,
 * parks it in the DLQ. Nothing here throws for one bad message.
 */
export async function processQueueMessages(
  deps: ProcessorDeps,
  ctx: InvocationContext,
  messages: readonly QueueMessage[],
): Promise<BatchResult> {
  const jobs: { messageId: string; ref: StagedObjectRef; firstReceive: boolean }[] = [];
  const malformed = new Map<string, string>();
  const testEvents = new Set<string>();
  for (const message of messages) {
    const content = parseSqsBody(message.body);
    if (content.kind === "malformed") {
      malformed.set(message.messageId, content.reason);
      deps.metrics.count(METRIC.messagesMalformed, 1);
      deps.logger.log("error", "message malformed: kept for the DLQ", {
        outcome: "malformed-message",
        messageId: message.messageId,
        reason: content.reason,
      });
    } else if (content.kind === "test-event") {
      testEvents.add(message.messageId);
    } else {
      // One announcement of one object: a message naming several objects takes the leased path for all.
      const firstReceive = message.receiveCount === 1 && content.objects.length === 1;
      for (const ref of content.objects) jobs.push({ messageId: message.messageId, ref, firstReceive });
    }
  }
  const outcomes = await processObjects(deps, ctx, jobs);
  const result: MessageOutcome[] = messages.map((message) => {
    const objects = jobs.flatMap((job, index) => (job.messageId === message.messageId ? [outcomes[index]!] : []));
    const reason = malformed.get(message.messageId);
    return {
      messageId: message.messageId,
      ok: reason === undefined && objects.every((o) => o.status !== "failed" || isAcknowledgedFailure(o)),
      ...(reason !== undefined ? { malformed: reason } : {}),
      ...(testEvents.has(message.messageId) ? { testEvent: true } : {}),
      objects,
    };
  });
  return {
    batchItemFailures: result.filter((m) => !m.ok).map((m) => ({ itemIdentifier: m.messageId })),
    messages: result,
  };
}
