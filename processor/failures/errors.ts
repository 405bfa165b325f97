import { LoghopError } from "../../inventory/errors";
import type { ObjectLimitName } from "../limits/object-limits";

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
  | "checkpoint-order-changed"
  | "quota-exceeded"
  | "assume-role-denied"
  | "access-denied"
  | "log-group-missing"
  | "tenant-missing"
  | "object-missing"
  | "object-unreadable"
  | "corrupt-object"
  | "malformed-message"
  | "invalid-request"
  | "unknown"
  | "over-limit";

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
  /** `cause` is set when a request was cut off in flight: its outcome is unknown. */
  constructor(
    readonly remainingMs: number,
    options?: { cause?: unknown },
  ) {
    super(`stopped ${remainingMs} ms before the deadline, progress saved`, "transient", "deadline", options);
  }
}

/**
 * The object's bytes cannot be decoded (a truncated or damaged gzip stream). Permanent: a
 * redelivery reads the same bytes. The events decoded before the damage are delivered first.
 */
export class CorruptObjectError extends ProcessorError {
  override readonly name = "CorruptObjectError";
  constructor(
    /** Compressed bytes zlib had consumed when decoding failed (for a truncated object: its length). */
    readonly compressedOffset: number,
    /** Uncompressed bytes decoded before it. */
    readonly decodedBytes: number,
    detail: string,
    options?: { cause?: unknown },
  ) {
    super(
      `object corrupt: gzip decoding failed at compressed byte ${compressedOffset} (after ${decodedBytes} uncompressed bytes): ${detail}; ` +
        "the events before it were delivered, the rest cannot be read: re-upload the object under a new key or discard the message",
      "permanent",
      "corrupt-object",
      options,
    );
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

/**
 * The base of the processor's errors the CLI reports as a message (exit 1, no
 * stack): bad configuration or input, and AWS or network failures outside the
 * pipeline (which reports its own failures as outcomes, never by throwing).
 */
export class ProcessorCliError extends LoghopError {
  override readonly name: string = "ProcessorCliError";
}

/** What an `AwsOperationError` says about the call that failed. */
export interface AwsOperationFailure {
  /** The API call, e.g. `ListObjectsV2`. */
  readonly operation: string;
  /** What it was called on, e.g. `s3://bucket/prefix` or a queue URL. */
  readonly target: string;
  /** Where the request went: the endpoint override, or `AWS <region>`. */
  readonly endpoint: string;
  /** The AWS error name, or the socket error code (`ECONNREFUSED`) when the name is the generic `Error`. */
  readonly errorName: string;
  readonly errorMessage: string;
  /** How many attempts the SDK made (its retries included), when it says. */
  readonly attempts?: number;
}

/**
 * An AWS call at a CLI mode's boundary (listing the staging bucket, polling
 * or acknowledging the queue) failed: an unreachable endpoint, denied access,
 * a missing bucket. Operational, not a bug: the operator can act on the message.
 */
export class AwsOperationError extends ProcessorCliError {
  override readonly name = "AwsOperationError";
  constructor(
    readonly failure: AwsOperationFailure,
    options?: { cause?: unknown },
  ) {
    const attempts = failure.attempts !== undefined ? ` after ${failure.attempts} attempt(s)` : "";
    super(
      `${failure.operation} on ${failure.target} failed${attempts} (endpoint ${failure.endpoint}): ${failure.errorName}: ${failure.errorMessage}`,
      options,
    );
  }
}

/**
 * A partly delivered object's checkpoint was saved under other line/event settings: resuming
 * would skip the wrong prefix (duplicates or loss). Permanent: the operator decides (see README).
 */
export class CheckpointOrderChangedError extends ProcessorError {
  override readonly name = "CheckpointOrderChangedError";
  constructor(
    readonly objectId: string,
    readonly deliveryId: string,
    readonly savedOrder: string,
    readonly currentOrder: string,
  ) {
    super(
      `checkpoint ${objectId} / ${deliveryId} counts events under "${savedOrder}" but this worker uses "${currentOrder}": ` +
        "resuming could duplicate or skip events; restore the old settings and redrive, or delete the checkpoint item to re-send the object whole",
      "permanent",
      "checkpoint-order-changed",
    );
  }
}

/**
 * A staged object crossed a per-object limit (processor/limits): it is not delivered further.
 * Permanent — reading it again crosses the same limit — and acknowledged, not dead-lettered
 * (README "The processor: limits, fairness and staging-bucket rules").
 */
export class ObjectOverLimitError extends ProcessorError {
  override readonly name = "ObjectOverLimitError";
  constructor(
    /** The limit crossed. */
    readonly limit: ObjectLimitName,
    /** The limit's value: bytes, events, or the ratio. */
    readonly limitValue: number,
    /** What was seen when reading stopped (at least the limit, or the stored size for the size check). */
    readonly observed: string,
  ) {
    super(`object over the ${limit} limit (${limitValue}): ${observed}`, "permanent", "over-limit");
  }
}
