/** The processor's logs through Powertools Logger: level from the environment, request id and cold start in Lambda. */
import type { Context } from "aws-lambda";
import { PowertoolsLogger } from "../../processor/observability/logger";

const LEVEL_VARIABLES = [
  "AWS_LAMBDA_LOG_LEVEL",
  "POWERTOOLS_LOG_LEVEL",
  "LOG_LEVEL",
  "POWERTOOLS_DEV",
  "AWS_LAMBDA_INITIALIZATION_TYPE",
] as const;
const saved = Object.fromEntries(LEVEL_VARIABLES.map((name) => [name, process.env[name]]));

afterEach(() => {
  for (const name of LEVEL_VARIABLES) {
    if (saved[name] === undefined) delete process.env[name];
    else process.env[name] = saved[name];
  }
});

/** A logger built with `env` set (Powertools reads the level when it is constructed), and the lines it wrote. */
function loggerWith(env: Partial<Record<(typeof LEVEL_VARIABLES)[number], string>>): {
  logger: PowertoolsLogger;
  lines: Record<string, unknown>[];
} {
  for (const name of LEVEL_VARIABLES) delete process.env[name];
  Object.assign(process.env, env);
  const lines: Record<string, unknown>[] = [];
  const logger = new PowertoolsLogger({ write: (line) => lines.push(JSON.parse(line) as Record<string, unknown>) });
  return { logger, lines };
}

function everyLevel(logger: PowertoolsLogger): void {
  for (const level of ["debug", "info", "warn", "error"] as const) logger.log(level, `${level} line`);
}

function context(requestId: string): Context {
  return {
    awsRequestId: requestId,
    functionName: "lh-prod-processor-eu-west-1",
    functionVersion: "$LATEST",
    invokedFunctionArn: "arn:aws:lambda:eu-west-1:111111111111:function:lh-prod-processor-eu-west-1",
    memoryLimitInMB: "1769",
    logGroupName: "/aws/lambda/lh-prod-processor-eu-west-1",
    logStreamName: "stream",
    callbackWaitsForEmptyEventLoop: true,
    getRemainingTimeInMillis: () => 60_000,
    done: () => undefined,
    fail: () => undefined,
    succeed: () => undefined,
  };
}

describe("PowertoolsLogger", () => {
  it("writes one JSON object per line with the fields merged at the top level", () => {
    const { logger, lines } = loggerWith({});
    logger.log("warn", "delivery failed", { outcome: "failed", tenant: "globex", attempts: 3 });
    expect(lines).toHaveLength(1);
    expect(lines[0]).toMatchObject({
      level: "WARN",
      message: "delivery failed",
      service: "loghop-processor",
      outcome: "failed",
      tenant: "globex",
      attempts: 3,
    });
    expect(Date.parse(String(lines[0]!["timestamp"]))).not.toBeNaN();
  });

  it("logs INFO and above by default", () => {
    const { logger, lines } = loggerWith({});
    everyLevel(logger);
    expect(lines.map((line) => line["level"])).toStrictEqual(["INFO", "WARN", "ERROR"]);
  });

  it("lets the function's own application log level (AWS_LAMBDA_LOG_LEVEL, JSON log format) win", () => {
    const { logger, lines } = loggerWith({ AWS_LAMBDA_LOG_LEVEL: "ERROR", POWERTOOLS_LOG_LEVEL: "DEBUG" });
    everyLevel(logger);
    expect(lines.map((line) => line["level"])).toStrictEqual(["ERROR"]);
  });

  it("takes the level from POWERTOOLS_LOG_LEVEL, else LOG_LEVEL", () => {
    const debug = loggerWith({ LOG_LEVEL: "DEBUG" });
    everyLevel(debug.logger);
    expect(debug.lines.map((line) => line["level"])).toStrictEqual(["DEBUG", "INFO", "WARN", "ERROR"]);

    const warn = loggerWith({ POWERTOOLS_LOG_LEVEL: "WARN", LOG_LEVEL: "DEBUG" });
    everyLevel(warn.logger);
    expect(warn.lines.map((line) => line["level"])).toStrictEqual(["WARN", "ERROR"]);
  });

  it("adds each invocation's request id, and cold_start only on the first of an on-demand container", () => {
    // Lambda sets the initialization type; Powertools reports no cold start without it (or under provisioned concurrency).
    const { logger, lines } = loggerWith({ AWS_LAMBDA_INITIALIZATION_TYPE: "on-demand" });
    logger.addContext(context("req-1"));
    logger.log("info", "batch done");
    logger.addContext(context("req-2"));
    logger.log("info", "batch done");
    expect(lines.map((line) => [line["function_request_id"], line["cold_start"]])).toStrictEqual([
      ["req-1", true],
      ["req-2", false],
    ]);
    expect(lines[0]).toMatchObject({
      function_name: "lh-prod-processor-eu-west-1",
      function_arn: "arn:aws:lambda:eu-west-1:111111111111:function:lh-prod-processor-eu-west-1",
    });
  });
});
