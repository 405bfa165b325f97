/**
 * How a failed delivery is reported. Transient failures (throttling, 5xx,
 * network, a deadline) resolve themselves on redelivery; permanent ones are
 * misconfiguration an operator must fix before redriving the DLQ.
 */

export type FailureKind = "transient" | "permanent";

/** A stable, low-cardinality reason code, used in logs and as a metric name suffix. */
export type FailureReason =
  | "throttled"
  | "server-error"
  | "network"
  | "deadline"
  | "checkpoint-lease-held"
  | "assume-role-denied"
  | "access-denied"
  | "log-group-missing"
  | "tenant-missing"
  | "object-missing"
  | "malformed-message"
  | "invalid-request"
  | "unknown";

export class ProcessorError extends Error {
  override readonly name: string = "ProcessorError";
  constructor(
    message: string,
    readonly kind: FailureKind,
    readonly reason: FailureReason,
    options?: { cause?: unknown },
  ) {
    super(message, options);
  }
}

/** Work stopped before the invocation deadline; progress is saved and SQS redelivers the message. */
export class DeadlineReachedError extends ProcessorError {
  override readonly name = "DeadlineReachedError";
  constructor(readonly remainingMs: number) {
    super(`stopped ${remainingMs} ms before the deadline, progress saved`, "transient", "deadline");
  }
}

/** Another worker holds the checkpoint lease of this object and destination. */
export class LeaseHeldError extends ProcessorError {
  override readonly name = "LeaseHeldError";
  constructor(
    readonly objectId: string,
    readonly deliveryId: string,
  ) {
    super(
      `checkpoint ${objectId} / ${deliveryId} is being delivered by another worker`,
      "transient",
      "checkpoint-lease-held",
    );
  }
}
