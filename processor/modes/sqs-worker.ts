import { randomUUID } from "node:crypto";
import {
  ChangeMessageVisibilityBatchCommand,
  DeleteMessageBatchCommand,
  ReceiveMessageCommand,
  type BatchResultErrorEntry,
  type Message,
  type SQSClient,
} from "@aws-sdk/client-sqs";
import { processQueueMessages, receiveCount } from "../batch/sqs-batch";
import type { ProcessorDeps } from "../delivery/types";
import { isServiceOrNetworkError } from "../failures/classify";
import type { StructuredLogger } from "../observability/logger";
import { deadlineAt } from "../runtime/deadline";
import { atBoundary, awsErrorName } from "./aws-boundary";
import { touchHealthFile } from "./health-file";
import { SQS_WORKER_DEFAULTS } from "./sqs-worker-defaults";

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
  /** Rewritten before every receive and at every visibility renewal (the pod's liveness probe reads its age). */
  readonly healthFile?: string;
}

export interface WorkerTotals {
  received: number;
  /** Processed and deleted from the queue. */
  deleted: number;
  /** Processing failed: left on the queue to reappear (and reach the DLQ after maxReceiveCount). */
  failed: number;
  /** Processed, but the delete failed: the message reappears and its checkpoints make the redelivery a no-op. */
  deleteFailed: number;
  /** Visibility extensions SQS refused or that could not be sent (one per message per heartbeat). */
  visibilityExtendFailed: number;
}

/** SQS batch APIs take at most 10 entries. */
function chunks<T>(items: readonly T[], size = 10): T[][] {
  const out: T[][] = [];
  for (let i = 0; i < items.length; i += size) out.push(items.slice(i, i + size));
  return out;
}

/** Messages the worker holds: received with both an id and a receipt handle. */
type HeldMessage = Message & { readonly MessageId: string; readonly ReceiptHandle: string };

interface BatchCall {
  readonly operation: "DeleteMessageBatch" | "ChangeMessageVisibilityBatch";
  readonly queueUrl: string;
  /** What a failed entry means for the operator, as the log message. */
  readonly failureMessage: string;
  readonly outcome: string;
  readonly logger: StructuredLogger;
  /** Sends one chunk whose entry ids are the messages' indexes in it. */
  readonly send: (batch: readonly HeldMessage[]) => Promise<{ Failed?: BatchResultErrorEntry[] }>;
}

/**
 * Runs an SQS batch call over the messages, ten at a time, and returns how
 * many messages it failed for: the entries SQS reports in `Failed` (the call
 * itself succeeds) and every entry of a call that failed outright. Each one
 * is logged with its entry id, code and message.
 */
async function sendInBatches(call: BatchCall, messages: readonly HeldMessage[]): Promise<number> {
  let failures = 0;
  const report = (message: HeldMessage | undefined, entry: BatchResultErrorEntry): void => {
    failures++;
    call.logger.log("warn", call.failureMessage, {
      outcome: call.outcome,
      operation: call.operation,
      queueUrl: call.queueUrl,
      ...(message !== undefined ? { messageId: message.MessageId } : {}),
      entryId: entry.Id,
      code: entry.Code,
      senderFault: entry.SenderFault,
      ...(entry.Message !== undefined ? { error: entry.Message } : {}),
    });
  };
  for (const batch of chunks(messages)) {
    let failed: readonly BatchResultErrorEntry[];
    try {
      failed = (await call.send(batch)).Failed ?? [];
    } catch (error) {
      if (!isServiceOrNetworkError(error)) throw error;
      const e = error as Error & { $fault?: string };
      failed = batch.map((_, i) => ({
        Id: String(i),
        Code: awsErrorName(e),
        SenderFault: e.$fault === "client",
        Message: e.message,
      }));
    }
    for (const entry of failed) report(batch[Number(entry.Id)], entry);
  }
  return failures;
}

/** Deletes processed messages; returns how many could not be deleted (each one logged). */
export function deleteMessages(
  sqs: SQSClient,
  queueUrl: string,
  messages: readonly HeldMessage[],
  logger: StructuredLogger,
): Promise<number> {
  return sendInBatches(
    {
      operation: "DeleteMessageBatch",
      queueUrl,
      failureMessage: "message processed but not deleted: it will reappear and its checkpoints make that a no-op",
      outcome: "delete-failed",
      logger,
      send: (batch) =>
        sqs.send(
          new DeleteMessageBatchCommand({
            QueueUrl: queueUrl,
            Entries: batch.map((m, i) => ({ Id: String(i), ReceiptHandle: m.ReceiptHandle })),
          }),
        ),
    },
    messages,
  );
}

/** Renews the messages' visibility; returns how many renewals failed (each one logged). */
export function extendVisibility(
  sqs: SQSClient,
  queueUrl: string,
  messages: readonly HeldMessage[],
  visibilityTimeoutSeconds: number,
  logger: StructuredLogger,
): Promise<number> {
  return sendInBatches(
    {
      operation: "ChangeMessageVisibilityBatch",
      queueUrl,
      failureMessage:
        "message visibility not extended: another worker may receive it meanwhile (checkpoint leases keep the delivery single)",
      outcome: "visibility-extend-failed",
      logger,
      send: (batch) =>
        sqs.send(
          new ChangeMessageVisibilityBatchCommand({
            QueueUrl: queueUrl,
            Entries: batch.map((m, i) => ({
              Id: String(i),
              ReceiptHandle: m.ReceiptHandle,
              VisibilityTimeout: visibilityTimeoutSeconds,
            })),
          }),
        ),
    },
    messages,
  );
}

/**
 * The processor outside Lambda: long-polls the queue, processes each batch
 * exactly like the Lambda handler, renews the messages' visibility every
 * third of the timeout while working (so a slow object is never handed to
 * a second worker), deletes only the messages that succeeded, and leaves
 * failures to reappear (and reach the DLQ after maxReceiveCount). A receive
 * that fails (endpoint unreachable, queue missing, access denied) stops the
 * worker with an `AwsOperationError`; a delete or renewal that fails is
 * logged and counted, and the worker goes on.
 */
export async function runSqsWorker(
  deps: ProcessorDeps,
  sqs: SQSClient,
  options: SqsWorkerOptions,
): Promise<WorkerTotals> {
  const visibility = options.visibilityTimeoutSeconds ?? SQS_WORKER_DEFAULTS.visibilityTimeoutSeconds;
  const markAlive = async (): Promise<void> => {
    if (options.healthFile === undefined) return;
    await touchHealthFile(options.healthFile).catch((error: unknown) =>
      deps.logger.log("warn", "could not write the health file", { error: String(error) }),
    );
  };
  const totals: WorkerTotals = { received: 0, deleted: 0, failed: 0, deleteFailed: 0, visibilityExtendFailed: 0 };
  for (let receives = 0; options.maxReceives === undefined || receives < options.maxReceives; receives++) {
    if (options.signal?.aborted) break;
    await markAlive();
    const received = await atBoundary({ operation: "ReceiveMessage", target: options.queueUrl, client: sqs }, () =>
      sqs.send(
        new ReceiveMessageCommand({
          QueueUrl: options.queueUrl,
          MaxNumberOfMessages: 10,
          WaitTimeSeconds: options.waitTimeSeconds ?? SQS_WORKER_DEFAULTS.waitTimeSeconds,
          VisibilityTimeout: visibility,
          MessageSystemAttributeNames: ["ApproximateReceiveCount"],
        }),
        options.signal !== undefined ? { abortSignal: options.signal } : {},
      ),
    ).catch((error: unknown) => {
      if (options.signal?.aborted) return { Messages: [] as Message[] };
      throw error;
    });
    const messages = (received.Messages ?? []).filter(
      (m): m is HeldMessage => m.MessageId !== undefined && m.ReceiptHandle !== undefined,
    );
    if (messages.length === 0) continue;
    totals.received += messages.length;
    // Renewals in flight are awaited before the next receive, so the totals are final when the worker returns.
    const renewals = new Set<Promise<void>>();
    const heartbeat = setInterval(
      () => {
        void markAlive();
        const renewal = extendVisibility(sqs, options.queueUrl, messages, visibility, deps.logger).then(
          (failures) => {
            totals.visibilityExtendFailed += failures;
          },
          (error: unknown) => deps.logger.log("warn", "could not extend message visibility", { error: String(error) }),
        );
        renewals.add(renewal);
        void renewal.finally(() => renewals.delete(renewal));
      },
      (visibility * 1000) / 3,
    );
    try {
      const ctx = {
        deadline: deadlineAt(
          deps.now() + (options.batchTimeoutSeconds ?? SQS_WORKER_DEFAULTS.batchTimeoutSeconds) * 1000,
          deps.now,
        ),
        owner: `worker:${randomUUID()}`,
      };
      const result = await processQueueMessages(
        deps,
        ctx,
        messages.map((m) => ({
          messageId: m.MessageId,
          body: m.Body ?? "",
          ...receiveCount(m.Attributes?.ApproximateReceiveCount),
        })),
      );
      const failed = new Set(result.batchItemFailures.map((f) => f.itemIdentifier));
      const done = messages.filter((m) => !failed.has(m.MessageId));
      const deleteFailed = await deleteMessages(sqs, options.queueUrl, done, deps.logger);
      totals.deleted += done.length - deleteFailed;
      totals.deleteFailed += deleteFailed;
      totals.failed += failed.size;
    } finally {
      clearInterval(heartbeat);
      await Promise.all(renewals);
      deps.metrics.flush();
    }
  }
  return totals;
}
