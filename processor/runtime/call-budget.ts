import { DeadlineReachedError } from "../failures/errors";
import type { Deadline } from "./deadline";

/**
 * Every AWS call the pipeline makes ends by a point derived from the time
 * left: delivery work (tenant lookup, STS, claim, GetObject and its body,
 * PutLogEvents) by `deadline − stop margin`; saving progress (advance,
 * complete, release) may use the margin but ends `saveReserveMs` before the
 * hard deadline. The abort signal covers every attempt the SDK makes for
 * one call, so its own retries cannot run past the budget either.
 */
export interface CallWindow {
  readonly deadline: Deadline;
  /** Time that must stay free after the call. */
  readonly reserveMs: number;
}

/** Saving progress ends this long before the hard deadline (at most a quarter of the stop margin). */
export function saveReserveMs(stopMarginMs: number): number {
  return Math.min(1000, stopMarginMs / 4);
}

/**
 * A checkpoint lease lasts this long past the invocation's deadline. No request of ours runs past
 * the deadline, but one cut off client-side may still be processed by the service a moment later,
 * and workers' clocks differ: the lease must outlive both before another worker may send.
 */
export const LEASE_GRACE_MS = 60_000;

/** The lease a delivery claims: its deadline plus the grace above. */
export function leaseUntilMs(nowMs: number, deadline: Deadline): number {
  return nowMs + Math.max(0, deadline.remainingMs()) + LEASE_GRACE_MS;
}

/** Milliseconds the call may still take; none left → DeadlineReachedError (nothing was sent). */
export function callBudgetMs(window: CallWindow): number {
  const remaining = window.deadline.remainingMs();
  const budget = remaining - window.reserveMs;
  if (budget <= 0) throw new DeadlineReachedError(remaining);
  return budget;
}

/** An abort signal that fires when the window's budget is spent; `stop()` disarms it once the call (and its body) is done. */
export interface CallTimer {
  readonly signal: AbortSignal;
  /** Whether the budget ran out (the call was cut off, its outcome unknown). */
  readonly expired: boolean;
  stop(): void;
  /** The error to report for `error` thrown by the call: DeadlineReachedError when the timer cut it off. */
  explain(error: unknown): unknown;
}

export function startCallTimer(window: CallWindow): CallTimer {
  const budget = callBudgetMs(window);
  const controller = new AbortController();
  const timer = setTimeout(() => controller.abort(), budget);
  // A pending call keeps the process alive by itself; the timer must not.
  timer.unref();
  return {
    signal: controller.signal,
    get expired() {
      return controller.signal.aborted;
    },
    stop: () => clearTimeout(timer),
    explain: (error) =>
      controller.signal.aborted && !(error instanceof DeadlineReachedError)
        ? new DeadlineReachedError(window.deadline.remainingMs(), { cause: error })
        : error,
  };
}

/** Runs one SDK call with the window's abort signal; a call cut off by it throws DeadlineReachedError. */
export async function sendWithin<T>(
  window: CallWindow | undefined,
  send: (options: { abortSignal?: AbortSignal }) => Promise<T>,
): Promise<T> {
  if (window === undefined) return send({});
  const timer = startCallTimer(window);
  try {
    return await send({ abortSignal: timer.signal });
  } catch (error) {
    throw timer.explain(error);
  } finally {
    timer.stop();
  }
}
