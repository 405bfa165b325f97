import { ProcessorError, type FailureKind, type FailureReason } from "./errors";

/** The fields of an AWS SDK v3 service exception (or a network error) classification reads. */
interface ErrorShape {
  readonly name?: string;
  readonly code?: string;
  readonly $fault?: "client" | "server";
  readonly $metadata?: { readonly httpStatusCode?: number; readonly attempts?: number };
  readonly $retryable?: { readonly throttling?: boolean };
}

const THROTTLING = new Set([
  "ThrottlingException",
  "Throttling",
  "ThrottledException",
  "TooManyRequestsException",
  "RequestLimitExceeded",
  "SlowDown",
  "ProvisionedThroughputExceededException",
  "RequestThrottled",
  "RequestThrottledException",
]);

const NETWORK_CODES = new Set([
  "ECONNRESET",
  "ECONNREFUSED",
  "EPIPE",
  "ETIMEDOUT",
  "EAI_AGAIN",
  "ENOTFOUND",
  "ECONNABORTED",
]);

const ACCESS_DENIED = new Set([
  "AccessDenied",
  "AccessDeniedException",
  "UnauthorizedOperation",
  "InvalidClientTokenId",
]);

export interface Classification {
  readonly kind: FailureKind;
  readonly reason: FailureReason;
}

/** Transient (retry, then let SQS redeliver) or permanent (an operator must act). */
export function classifyError(error: unknown): Classification {
  if (error instanceof ProcessorError) return { kind: error.kind, reason: error.reason };
  const shape = (error ?? {}) as ErrorShape;
  const name = shape.name ?? "";
  const status = shape.$metadata?.httpStatusCode;
  if (THROTTLING.has(name) || shape.$retryable?.throttling === true || status === 429) {
    return { kind: "transient", reason: "throttled" };
  }
  if (shape.$fault === "server" || (status !== undefined && status >= 500)) {
    return { kind: "transient", reason: "server-error" };
  }
  if (
    (shape.code !== undefined && NETWORK_CODES.has(shape.code)) ||
    name === "TimeoutError" ||
    name === "AbortError" ||
    name === "RequestTimeout"
  ) {
    return { kind: "transient", reason: "network" };
  }
  // CloudWatch Logs' LimitExceededException is a resource quota (e.g. log groups per account), not
  // throttling: retrying cannot help, an operator must raise the quota or clean up.
  if (name === "LimitExceededException") return { kind: "permanent", reason: "quota-exceeded" };
  if (ACCESS_DENIED.has(name) || status === 403) return { kind: "permanent", reason: "access-denied" };
  if (name === "NoSuchKey" || name === "NoSuchBucket") return { kind: "permanent", reason: "object-missing" };
  if (status !== undefined && status >= 400) return { kind: "permanent", reason: "invalid-request" };
  // No HTTP status and no known name: most likely a socket error without a code. Retrying is the safe side.
  return { kind: "transient", reason: "unknown" };
}

/** Whether an error is worth retrying in-process (throttling, 5xx, network). */
export function isRetryable(error: unknown): boolean {
  const { kind, reason } = classifyError(error);
  // "unknown" (e.g. a TypeError) is not retried in-process: SQS redelivery, bounded by maxReceiveCount, is the retry.
  return kind === "transient" && (reason === "throttled" || reason === "server-error" || reason === "network");
}

/** SDK errors that come from the environment (no credentials, no region), not from a service. */
const SDK_ENVIRONMENT = new Set(["CredentialsProviderError", "TokenProviderError", "TimeoutError", "RequestTimeout"]);

/**
 * Whether an error came from an AWS service, the network under the SDK or
 * the SDK's credential chain: an operational problem, not a bug. Service
 * exceptions carry `$fault`; the SDK's retry layer adds `$metadata` to
 * whatever failed the last attempt (a socket error included).
 */
export function isServiceOrNetworkError(error: unknown): boolean {
  if (!(error instanceof Error)) return false;
  const shape = error as ErrorShape;
  return (
    shape.$metadata !== undefined ||
    shape.$fault !== undefined ||
    (shape.code !== undefined && NETWORK_CODES.has(shape.code)) ||
    SDK_ENVIRONMENT.has(error.name)
  );
}

export function errorMessage(error: unknown): string {
  if (error instanceof Error) return `${error.name}: ${error.message}`;
  return String(error);
}
