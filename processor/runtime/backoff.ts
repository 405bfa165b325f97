import { DeadlineReachedError } from "../failures/errors";
import { isRetryable } from "../failures/classify";
import { sleep, type Deadline } from "./deadline";

export interface BackoffOptions {
  /** First delay cap. Default 100 ms. */
  readonly baseDelayMs?: number;
  /** Largest delay cap. Default 20 s. */
  readonly maxDelayMs?: number;
  /** Keep this much time unused: work must stop before the deadline. Default 0. */
  readonly reserveMs?: number;
  /** Source of randomness in [0, 1). Default Math.random. */
  readonly random?: () => number;
  readonly sleep?: (ms: number) => Promise<void>;
  /** Called before each wait, e.g. to count retries. */
  readonly onRetry?: (error: unknown, attempt: number, delayMs: number) => void;
}

/** Exponential backoff with full jitter: delay = random(0, min(max, base × 2^attempt)). */
export function fullJitterDelay(attempt: number, options: BackoffOptions = {}): number {
  const base = options.baseDelayMs ?? 100;
  const cap = Math.min(options.maxDelayMs ?? 20_000, base * 2 ** attempt);
  return Math.floor((options.random ?? Math.random)() * cap);
}

/**
 * Runs `operation` until it succeeds, retrying retryable errors while the
 * deadline allows the next wait plus the reserve; then the last error (or a
 * DeadlineReachedError when there was no time for even one try) propagates.
 */
export async function withRetries<T>(
  operation: () => Promise<T>,
  deadline: Deadline,
  options: BackoffOptions = {},
): Promise<T> {
  const reserve = options.reserveMs ?? 0;
  const wait = options.sleep ?? sleep;
  for (let attempt = 0; ; attempt++) {
    const remaining = deadline.remainingMs() - reserve;
    if (remaining <= 0) throw new DeadlineReachedError(deadline.remainingMs());
    try {
      return await operation();
    } catch (error) {
      if (!isRetryable(error)) throw error;
      const delay = fullJitterDelay(attempt, options);
      if (deadline.remainingMs() - reserve - delay <= 0) throw error;
      options.onRetry?.(error, attempt + 1, delay);
      await wait(delay);
    }
  }
}
