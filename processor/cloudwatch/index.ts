export { BatchBuilder, sortByTimestamp, PUT_LOG_EVENTS_LIMITS, type BatchLimits } from "./batch-builder";
export { ageWindow, applyAgeRule, retimeMarker, AGE_SAFETY_MARGIN_MS, type AgeWindow } from "./age-rule";
export { logGroupName, logStreamName } from "./names";
export { putBatch, ensureStream, countRejected, type PutResult, type SenderOptions, type StreamTarget } from "./sender";
export { useFastPutLogEventsSerializer, putLogEventsBody } from "./fast-serializer";
export type { LogBatch, LogEvent } from "./types";
export {
  MAX_BATCH_BYTES,
  EVENT_OVERHEAD_BYTES,
  MAX_BATCH_EVENTS,
  MAX_EVENT_MESSAGE_BYTES,
  EVENT_CUT_BYTES,
  MAX_BATCH_SPAN_MS,
  MAX_EVENT_AGE_MS,
  MAX_EVENT_FUTURE_MS,
} from "./limits";
