import { randomUUID } from "node:crypto";
import {
  ChangeMessageVisibilityBatchCommand,
  DeleteMessageBatchCommand,
  ReceiveMessageCommand,
  type Message,
  type SQSClient,
} from "@aws-sdk/client-sqs";
import { processQueueMessages } from "../batch/sqs-batch";
import type { ProcessorDeps } from "../delivery/types";
import { deadlineAt } from "../runtime/deadline";

export interface SqsWorkerOptions {
  readonly queueUrl: string;
  /** Visibility taken on receive and renewed while working. Default 120 s. */
  readonly visibilityTimeoutSeconds?: number;
  /** Longest time one batch may take before work stops with progress saved. Default 840 s. */
  readonly batchTimeoutSeconds?: number;
  /** Long-poll wait. Default 20 s (the SQS maximum). */
  readonly waitTimeSeconds?: number;
  /** Stop after this many receives (tests, one-shot runs). Default: run until aborted. */
  readonly maxReceives?: number;
  readonly signal?: AbortSignal;
}

export interface WorkerTotals {
  received: number;
  deleted: number;
  failed: number;
}

/** SQS batch APIs take at most 10 entries. */
function chunks<T>(items: readonly T[], size = 10): T[][] {
  const out: T[][] = [];
  for (let i = 0; i < items.length; i += size) out.push(items.slice(i, i + size));
  return out;
}

/**
 * The processor outside Lambda: long-polls the queue, processes each batch
 * exactly like the Lambda handler, renews the messages' visibility every
 * third of the timeout while working (so a slow object is never handed to
 * a second worker), deletes only the messages that succeeded, and leaves
 * failures to reappear (and reach the DLQ after maxReceiveCount).
 */
export async function runSqsWorker(
  deps: ProcessorDeps,
  sqs: SQSClient,
  options: SqsWorkerOptions,
): Promise<WorkerTotals> {
  const visibility = options.visibilityTimeoutSeconds ?? 120;
  const totals: WorkerTotals = { received: 0, deleted: 0, failed: 0 };
  for (let receives = 0; options.maxReceives === undefined || receives < options.maxReceives; receives++) {
    if (options.signal?.aborted) break;
    const received = await sqs
      .send(
        new ReceiveMessageCommand({
          QueueUrl: options.queueUrl,
          MaxNumberOfMessages: 10,
          WaitTimeSeconds: options.waitTimeSeconds ?? 20,
          VisibilityTimeout: visibility,
        }),
        options.signal !== undefined ? { abortSignal: options.signal } : {},
      )
      .catch((error: unknown) => {
        if (options.signal?.aborted) return { Messages: [] as Message[] };
        throw error;
      });
    const messages = (received.Messages ?? []).filter(
      (m) => m.MessageId !== undefined && m.ReceiptHandle !== undefined,
    );
    if (messages.length === 0) continue;
    totals.received += messages.length;
    const heartbeat = setInterval(
      () => {
        for (const batch of chunks(messages)) {
          sqs
            .send(
              new ChangeMessageVisibilityBatchCommand({
                QueueUrl: options.queueUrl,
                Entries: batch.map((m, i) => ({
                  Id: String(i),
                  ReceiptHandle: m.ReceiptHandle!,
                  VisibilityTimeout: visibility,
                })),
              }),
            )
            .catch((error: unknown) =>
              deps.logger.log("warn", "could not extend message visibility", { error: String(error) }),
            );
        }
      },
      (visibility * 1000) / 3,
    );
    try {
      const ctx = {
        deadline: deadlineAt(deps.now() + (options.batchTimeoutSeconds ?? 840) * 1000, deps.now),
        owner: `worker:${randomUUID()}`,
      };
      const result = await processQueueMessages(
        deps,
        ctx,
        messages.map((m) => ({ messageId: m.MessageId!, body: m.Body ?? "" })),
      );
      const failed = new Set(result.batchItemFailures.map((f) => f.itemIdentifier));
      const done = messages.filter((m) => !failed.has(m.MessageId!));
      for (const batch of chunks(done)) {
        await sqs.send(
          new DeleteMessageBatchCommand({
            QueueUrl: options.queueUrl,
            Entries: batch.map((m, i) => ({ Id: String(i), ReceiptHandle: m.ReceiptHandle! })),
          }),
        );
      }
      totals.deleted += done.length;
      totals.failed += failed.size;
    } finally {
      clearInterval(heartbeat);
      deps.metrics.flush();
    }
  }
  return totals;
}
