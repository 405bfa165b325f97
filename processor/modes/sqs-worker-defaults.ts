/**
 * The SQS worker's timing defaults, apart from the worker itself so the generators (in the CLI
 * bundle, which loads the AWS SDK only on use) can derive the Deployment's probes and grace
 * period from them without importing the SDK.
 */
export const SQS_WORKER_DEFAULTS = {
  /** Visibility taken on receive and renewed every third of it while working. */
  visibilityTimeoutSeconds: 120,
  /** Longest time one batch may take before work stops with progress saved. */
  batchTimeoutSeconds: 840,
  /** Long-poll wait (the SQS maximum). */
  waitTimeSeconds: 20,
} as const;
