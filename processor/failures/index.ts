export {
  ProcessorError,
  DeadlineReachedError,
  CorruptObjectError,
  LeaseHeldError,
  CheckpointOrderChangedError,
  ObjectOverLimitError,
  ProcessorCliError,
  AwsOperationError,
  type AwsOperationFailure,
  type FailureKind,
  type FailureReason,
} from "./errors";
export { classifyError, isRetryable, isServiceOrNetworkError, errorMessage, type Classification } from "./classify";
