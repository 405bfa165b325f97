/** Rules on the processor's Lambda settings that span fields (Lambda/SQS API constraints). */
import { DEFAULTS } from "../defaults";
import type { InventoryProblem } from "../errors";
import type { InventoryRule } from "./types";

const processorBatching: InventoryRule = {
  id: "loghop:inventory:processor-batching",
  description:
    "Processor settings the Lambda API would reject or throttle: batchSize > 10 needs batchWindowSeconds ≥ 1; reservedConcurrency ≥ maxConcurrency.",
  severity: "error",
  reads: ["/central/processor"],
  check: (inventory) => {
    const settings = inventory.central.processor ?? {};
    const batchSize = settings.batchSize ?? DEFAULTS.processor.batchSize;
    const window = settings.batchWindowSeconds ?? DEFAULTS.processor.batchWindowSeconds;
    const maxConcurrency = settings.maxConcurrency ?? DEFAULTS.processor.maxConcurrency;
    const problems: InventoryProblem[] = [];
    // Lambda CreateEventSourceMapping: with a standard queue, BatchSize above 10 requires a batching window.
    if (batchSize > 10 && window < 1) {
      problems.push({
        path: "/central/processor/batchWindowSeconds",
        message: `is ${window} but batchSize is ${batchSize}; above 10 messages Lambda requires a batching window of at least 1 second`,
      });
    }
    // Reserved concurrency below the mapping's maximum throttles the poller: messages bounce back to the queue.
    const reserved = settings.reservedConcurrency;
    if (reserved !== undefined && reserved < maxConcurrency) {
      problems.push({
        path: "/central/processor/reservedConcurrency",
        message: `is ${reserved} but maxConcurrency is ${maxConcurrency}; reserve at least maxConcurrency or the function is throttled`,
      });
    }
    return problems;
  },
};

export const processorRules: readonly InventoryRule[] = [processorBatching];
