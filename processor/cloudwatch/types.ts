/** One CloudWatch Logs event as the processor carries it: `bytes` is the UTF-8 size of `message`. */
export interface LogEvent {
  timestamp: number;
  message: string;
  bytes: number;
  /** Known to need no JSON escaping (it came from a line without a backslash): written as is. */
  plain?: boolean;
  /**
   * When set, `source[jsonStart, jsonEnd)` is the message exactly as
   * JSON.stringify would write it between the quotes (UTF-8): the request
   * body copies these bytes instead of encoding `message`.
   */
  readonly source?: Buffer | undefined;
  readonly jsonStart?: number;
  readonly jsonEnd?: number;
}

/** One PutLogEvents request's worth of events, sorted by timestamp. */
export interface LogBatch {
  readonly events: LogEvent[];
  /** UTF-8 bytes of all messages + 26 per event: what the limit counts. */
  readonly payloadBytes: number;
}
