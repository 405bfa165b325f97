import { randomUUID } from "node:crypto";
import { processQueueMessages, type QueueMessage } from "../batch/sqs-batch";
import type { ProcessorDeps } from "../delivery/types";
import { ProcessorCliError } from "../failures/errors";
import { deadlineAt } from "../runtime/deadline";
import { summarize, type RunSummary } from "./summary";

/** The event on stdin is not one the manual mode reads: the user's input, reported without a stack. */
export class ManualInputError extends ProcessorCliError {
  override readonly name = "ManualInputError";
}

/**
 * The event JSON given to `process --mode manual` → queue messages: a
 * Lambda SQS event (bodies as they are), an SNS event (each Sns.Message is
 * an S3 event), or an S3 event notification itself.
 */
export function messagesFromEvent(text: string): QueueMessage[] {
  let document: unknown;
  try {
    document = JSON.parse(text);
  } catch (error) {
    throw new ManualInputError(`stdin: not JSON: ${(error as Error).message}`);
  }
  const records = (document as { Records?: unknown }).Records;
  if (!Array.isArray(records) || records.length === 0) {
    throw new ManualInputError("stdin: expected an SQS, SNS or S3 event with a non-empty Records array");
  }
  const first = records[0] as Record<string, unknown>;
  if (first.eventSource === "aws:sqs") {
    return records.map((r: { messageId?: string; body?: string }, i) => ({
      messageId: r.messageId ?? `record-${i}`,
      body: r.body ?? "",
    }));
  }
  if (first.EventSource === "aws:sns") {
    return records.map((r: { Sns?: { MessageId?: string; Message?: string } }, i) => ({
      messageId: r.Sns?.MessageId ?? `record-${i}`,
      body: JSON.stringify({ Type: "Notification", Message: r.Sns?.Message ?? "" }),
    }));
  }
  if (first.eventSource === "aws:s3" || (document as { Event?: unknown }).Event === "s3:TestEvent") {
    return [{ messageId: "stdin", body: text }];
  }
  throw new ManualInputError(
    "stdin: Records[0] is neither an SQS (eventSource aws:sqs), SNS (EventSource aws:sns) nor S3 (eventSource aws:s3) record",
  );
}

/** Processes one event document and returns the summary (the CLI prints it and exits non-zero unless ok). */
export async function runManual(deps: ProcessorDeps, eventText: string, timeoutSeconds: number): Promise<RunSummary> {
  const messages = messagesFromEvent(eventText);
  const result = await processQueueMessages(
    deps,
    { deadline: deadlineAt(deps.now() + timeoutSeconds * 1000, deps.now), owner: `manual:${randomUUID()}` },
    messages,
  );
  return summarize(
    result.messages.flatMap((m) => m.objects),
    result.messages,
  );
}
