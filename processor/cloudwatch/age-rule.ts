import { MAX_EVENT_AGE_MS, MAX_EVENT_FUTURE_MS } from "./limits";
import type { LogEvent } from "./types";

/**
 * The age rule. CloudWatch silently rejects events older than 14 days (or
 * than the group's retention) and more than 2 h in the future. Rather than
 * lose them, loghop delivers such an event at the time of processing, its
 * message prefixed with `[loghop: original timestamp <RFC 3339>] `, and
 * counts it as retimed. A safety margin keeps events just inside the window
 * from being rejected by the time the request lands.
 */
export const AGE_SAFETY_MARGIN_MS = 10 * 60_000;

export interface AgeWindow {
  /** Oldest accepted timestamp (inclusive). */
  readonly oldestMs: number;
  /** Newest accepted timestamp (inclusive). */
  readonly newestMs: number;
  /** The timestamp retimed events get. */
  readonly nowMs: number;
}

export function ageWindow(nowMs: number, retentionDays: number | undefined): AgeWindow {
  const maxAge = Math.min(
    MAX_EVENT_AGE_MS,
    retentionDays !== undefined ? retentionDays * 24 * 3600_000 : MAX_EVENT_AGE_MS,
  );
  return {
    oldestMs: nowMs - maxAge + AGE_SAFETY_MARGIN_MS,
    newestMs: nowMs + MAX_EVENT_FUTURE_MS - AGE_SAFETY_MARGIN_MS,
    nowMs,
  };
}

export function retimeMarker(originalMs: number): string {
  const original =
    Number.isFinite(originalMs) && Math.abs(originalMs) < 8.64e15
      ? new Date(originalMs).toISOString()
      : String(originalMs);
  return `[loghop: original timestamp ${original}] `;
}

/** Applies the rule in place; returns whether the event was retimed. */
export function applyAgeRule(event: LogEvent, window: AgeWindow): boolean {
  if (event.timestamp >= window.oldestMs && event.timestamp <= window.newestMs) return false;
  const marker = retimeMarker(event.timestamp);
  event.message = marker + event.message;
  // The marker is ASCII, and every event keeps MARKER_RESERVE_BYTES free for it.
  event.bytes += marker.length;
  event.timestamp = window.nowMs;
  return true;
}
