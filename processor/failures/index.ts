export { ProcessorError, DeadlineReachedError, LeaseHeldError, type FailureKind, type FailureReason } from "./errors";
export { classifyError, isRetryable, errorMessage, type Classification } from "./classify";
