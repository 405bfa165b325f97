/**
 * Structured JSON logs through Powertools Logger: one object per line, stable
 * field names (`level`, `message`, `timestamp`, `service`, and in Lambda
 * `function_request_id`, `cold_start`, `xray_trace_id`), so CloudWatch Logs
 * Insights can filter on `outcome`, `reason`, `tenant`. The level comes from
 * AWS_LAMBDA_LOG_LEVEL (the function's JSON log format with an application log
 * level), else POWERTOOLS_LOG_LEVEL, else LOG_LEVEL; default INFO.
 */
import { Logger } from "@aws-lambda-powertools/logger";
import type { LogItem } from "@aws-lambda-powertools/logger";
import type { Context } from "aws-lambda";
import { PROCESSOR_METRICS_SERVICE } from "./metric-names";

export type LogLevel = "debug" | "info" | "warn" | "error";

export interface StructuredLogger {
  log(level: LogLevel, message: string, fields?: Readonly<Record<string, unknown>>): void;
}

/**
 * Powertools Logger writing every line to one stream: the CLI modes keep stdout for their
 * summary (manual, replay) or EMF metrics (the sqs worker), so their logs go to stderr.
 * Overrides the documented extension point `printLog` (Powertools prints WARN and ERROR
 * to stderr and the rest to stdout).
 */
class StreamLogger extends Logger {
  constructor(
    options: ConstructorParameters<typeof Logger>[0],
    private readonly write: (line: string) => void,
  ) {
    super(options);
  }

  protected override printLog(_logLevel: number, log: LogItem): void {
    log.prepareForPrint();
    this.write(`${JSON.stringify(log.getAttributes(), this.getJsonReplacer())}\n`);
  }
}

export interface PowertoolsLoggerOptions {
  /** Where each line goes. Default: Powertools' own choice (stdout; WARN and ERROR on stderr), which Lambda captures. */
  readonly write?: (line: string) => void;
  /** `service` field. Default `loghop-processor`, the metrics' service dimension. */
  readonly serviceName?: string;
}

/** The processor's logger; `addContext` at each Lambda invocation adds its request id and whether it was a cold start. */
export class PowertoolsLogger implements StructuredLogger {
  readonly logger: Logger;

  constructor(options: PowertoolsLoggerOptions = {}) {
    const loggerOptions = { serviceName: options.serviceName ?? PROCESSOR_METRICS_SERVICE };
    this.logger =
      options.write === undefined ? new Logger(loggerOptions) : new StreamLogger(loggerOptions, options.write);
  }

  log(level: LogLevel, message: string, fields: Readonly<Record<string, unknown>> = {}): void {
    this.logger[level](message, { ...fields });
  }

  addContext(context: Context): void {
    this.logger.addContext(context);
  }
}

/** Keeps log entries in memory (tests, and the manual mode's summary). */
export class MemoryLogger implements StructuredLogger {
  readonly entries: { level: LogLevel; message: string; fields: Readonly<Record<string, unknown>> }[] = [];
  log(level: LogLevel, message: string, fields: Readonly<Record<string, unknown>> = {}): void {
    this.entries.push({ level, message, fields });
  }
}
