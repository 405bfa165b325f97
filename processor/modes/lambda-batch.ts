import type { Context, SQSBatchResponse, SQSEvent } from "aws-lambda";
import { processQueueMessages, receiveCount } from "../batch/sqs-batch";
import type { ProcessorDeps } from "../delivery/types";
import { deadlineFromRemaining } from "../runtime/deadline";

/** One Lambda invocation: the batch against the function's own remaining time; metrics flushed every time. */
export async function runLambdaBatch(
  deps: ProcessorDeps,
  event: SQSEvent,
  context: Pick<Context, "awsRequestId" | "getRemainingTimeInMillis">,
): Promise<SQSBatchResponse> {
  try {
    const result = await processQueueMessages(
      deps,
      {
        deadline: deadlineFromRemaining(() => context.getRemainingTimeInMillis()),
        owner: `lambda:${context.awsRequestId}`,
      },
      event.Records.map((record) => ({
        messageId: record.messageId,
        body: record.body,
        ...receiveCount(record.attributes?.ApproximateReceiveCount),
      })),
    );
    return { batchItemFailures: result.batchItemFailures };
  } finally {
    deps.metrics.flush();
  }
}
