import type { Context, SQSBatchResponse, SQSEvent } from "aws-lambda";
import { readProcessorConfig } from "./config/environment";
import type { ProcessorDeps } from "./delivery/types";
import { runLambdaBatch } from "./modes/lambda-batch";
import { PowertoolsLogger } from "./observability/logger";
import { createProcessorDeps } from "./runtime/dependencies";

/** One per container: Powertools marks the first invocation it sees `cold_start: true`. */
const logger = new PowertoolsLogger();
let deps: ProcessorDeps | undefined;

/**
 * The Lambda entry point (SQS event source with ReportBatchItemFailures).
 * Configuration is read and clients are built on the first invocation of
 * a container, then reused. A missing variable throws here — the one case
 * where the whole batch fails, because nothing could be judged.
 */
export async function handler(event: SQSEvent, context: Context): Promise<SQSBatchResponse> {
  logger.addContext(context);
  deps ??= createProcessorDeps(readProcessorConfig(process.env), { logger });
  return runLambdaBatch(deps, event, context);
}
