/**
 * PutLogEvents limits (CloudWatch Logs API reference and quotas).
 * Sizes count UTF-8 bytes of the message plus a fixed overhead per event.
 */
export const MAX_BATCH_BYTES = 1_048_576;
export const EVENT_OVERHEAD_BYTES = 26;
export const MAX_BATCH_EVENTS = 10_000;
/** One event may be 1 MB, but it must also fit in a batch with its overhead. */
export const MAX_EVENT_MESSAGE_BYTES = MAX_BATCH_BYTES - EVENT_OVERHEAD_BYTES;
/** Room kept in every event for a marker added later (the retime prefix). */
export const MARKER_RESERVE_BYTES = 128;
/** Message bytes an event is cut or split at. */
export const EVENT_CUT_BYTES = MAX_EVENT_MESSAGE_BYTES - MARKER_RESERVE_BYTES;
/** A request may not span 24 h or more between its oldest and newest event. */
export const MAX_BATCH_SPAN_MS = 24 * 3600_000;
/** Events older than this are rejected. */
export const MAX_EVENT_AGE_MS = 14 * 24 * 3600_000;
/** Events further than this in the future are rejected. */
export const MAX_EVENT_FUTURE_MS = 2 * 3600_000;
export const MAX_STREAM_NAME_CHARS = 512;
export const MAX_GROUP_NAME_CHARS = 512;
