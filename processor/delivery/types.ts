import type { S3Client } from "@aws-sdk/client-s3";
import type { CheckpointPort } from "../checkpoints/checkpoint-store";
import type { ProcessorConfig } from "../config/environment";
import type { TenantClientPool } from "../credentials/client-pool";
import type { FailureKind, FailureReason } from "../failures/errors";
import type { ObjectLimitName } from "../limits/object-limits";
import type { StructuredLogger } from "../observability/logger";
import type { MetricsRecorder } from "../observability/metrics";
import type { ReadCounters } from "../records/counters";
import type { Deadline } from "../runtime/deadline";
import type { BackoffOptions } from "../runtime/backoff";
import type { TenantDirectory } from "../tenant-config/tenant-table";

/** Everything the pipeline needs, built once per process (see `createProcessorDeps`). */
export interface ProcessorDeps {
  readonly config: ProcessorConfig;
  /** Reads the staging bucket with the processor's own credentials. */
  readonly stagingS3: S3Client;
  readonly tenants: TenantDirectory;
  readonly checkpoints: CheckpointPort;
  readonly clients: TenantClientPool;
  readonly logger: StructuredLogger;
  readonly metrics: MetricsRecorder;
  readonly now: () => number;
  /** Overrides of the retry timing (tests make it instant). */
  readonly backoff?: Omit<BackoffOptions, "reserveMs" | "onRetry">;
}

/** One invocation (or one polled batch): its deadline and its checkpoint lease owner id. */
export interface InvocationContext {
  readonly deadline: Deadline;
  readonly owner: string;
}

export type DestinationStatus = "delivered" | "already-complete" | "skipped" | "failed";

export interface DestinationOutcome {
  readonly deliveryId: string;
  readonly type: "cloudwatch" | "s3";
  readonly status: DestinationStatus;
  /** Why skipped, or the failure reason. */
  readonly reason?: string;
  readonly failureKind?: FailureKind;
  readonly error?: string;
  /** The per-object limit this destination's reading crossed (reason `over-limit`). */
  readonly limit?: ObjectLimitName;
  /** Events (cloudwatch) accepted by this run; bytes are message bytes (cloudwatch) or object bytes (s3). */
  readonly events: number;
  readonly bytes: number;
  /** Events skipped because a previous run had delivered them. */
  readonly resumedFrom: number;
  readonly rejected: number;
  readonly retimed: number;
  readonly retries: number;
  readonly requests: number;
  /** Requests sent unleased that another delivery of the same object had also sent (1 at most). */
  readonly duplicatedRequests?: number;
  readonly read?: ReadCounters;
  readonly logGroupName?: string;
  readonly logStreamName?: string;
  readonly s3Key?: string;
}

/** `heartbeat`: an agent heartbeat, counted per cluster and acknowledged, never delivered. */
export type ObjectStatus = "delivered" | "skipped" | "refused" | "superseded" | "failed" | "heartbeat";

export interface ObjectOutcome {
  readonly objectId: string;
  readonly bucket: string;
  readonly key: string;
  readonly status: ObjectStatus;
  readonly reason?: string;
  readonly failureKind?: FailureKind;
  readonly failureReason?: FailureReason;
  /** Set with failureReason `over-limit`: which limit. */
  readonly limit?: ObjectLimitName;
  readonly tenant?: string;
  readonly cluster?: string;
  readonly application?: string;
  readonly destinations: readonly DestinationOutcome[];
  readonly durationMs: number;
  /** now − S3 LastModified when the object was read. */
  readonly lagMs?: number;
}
