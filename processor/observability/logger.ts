/**
 * Structured JSON logs: one object per line, stable field names, so
 * CloudWatch Logs Insights can filter on `outcome`, `reason`, `tenant`.
 */
export type LogLevel = "debug" | "info" | "warn" | "error";

export interface StructuredLogger {
  log(level: LogLevel, message: string, fields?: Readonly<Record<string, unknown>>): void;
}

export function jsonLogger(
  write: (line: string) => void = (line) => process.stdout.write(line),
  now: () => Date = () => new Date(),
): StructuredLogger {
  return {
    log(level, message, fields = {}) {
      write(`${JSON.stringify({ level, time: now().toISOString(), message, ...fields })}\n`);
    },
  };
}

/** Keeps log entries in memory (tests, and the manual mode's summary). */
export class MemoryLogger implements StructuredLogger {
  readonly entries: { level: LogLevel; message: string; fields: Readonly<Record<string, unknown>> }[] = [];
  log(level: LogLevel, message: string, fields: Readonly<Record<string, unknown>> = {}): void {
    this.entries.push({ level, message, fields });
  }
}
