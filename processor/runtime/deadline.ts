/** The time an invocation has left, read from a clock so tests can drive it. */
export interface Deadline {
  /** Milliseconds until the hard stop (Lambda timeout or the worker's visibility budget). */
  remainingMs(): number;
}

export function deadlineFromRemaining(remainingMs: () => number): Deadline {
  return { remainingMs };
}

export function deadlineAt(epochMs: number, now: () => number = Date.now): Deadline {
  return { remainingMs: () => epochMs - now() };
}

export function sleep(ms: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, ms));
}
