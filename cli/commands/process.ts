/** `loghop process --mode sqs|manual`: the processor outside Lambda. */
import { InvalidArgumentError, type Command } from "commander";
import { ProcessorCliError } from "../../processor/failures/errors";
import { positiveInteger } from "../option-parsers";
import { addEnvFileOption, loadProcessorRuntime, type EnvFileOption } from "./processor-runtime";

interface ProcessOptions extends EnvFileOption {
  mode: string;
  queueUrl?: string;
  visibilityTimeout: number;
  timeout: number;
  maxReceives?: number;
  healthFile?: string;
}

async function runProcess(options: ProcessOptions): Promise<number> {
  const runtime = loadProcessorRuntime();
  const { cliProcessorDeps, processorRegion, readStdin, runManual, runSqsWorker, SQSClient } = runtime;
  if (options.envFile !== undefined) runtime.applyEnvFile(options.envFile);
  if (options.mode === "manual") {
    const deps = cliProcessorDeps("memory");
    const summary = await runManual(deps, await readStdin(), options.timeout);
    process.stdout.write(`${JSON.stringify(summary, null, 2)}\n`);
    return summary.ok ? 0 : 1;
  }
  const deps = cliProcessorDeps("emf");
  const queueUrl = options.queueUrl ?? deps.config.queueUrl;
  if (queueUrl === undefined)
    throw new ProcessorCliError("--queue-url or environment variable LOGHOP_QUEUE_URL is required for --mode sqs");
  const abort = new AbortController();
  const stop = (): void => abort.abort();
  process.once("SIGINT", stop);
  process.once("SIGTERM", stop);
  try {
    const totals = await runSqsWorker(deps, new SQSClient(runtime.sqsWorkerClientConfig(processorRegion())), {
      queueUrl,
      visibilityTimeoutSeconds: options.visibilityTimeout,
      batchTimeoutSeconds: options.timeout,
      signal: abort.signal,
      ...(options.maxReceives !== undefined ? { maxReceives: options.maxReceives } : {}),
      ...(options.healthFile !== undefined ? { healthFile: options.healthFile } : {}),
    });
    deps.logger.log("info", "worker stopped", { ...totals });
    return 0;
  } finally {
    process.off("SIGINT", stop);
    process.off("SIGTERM", stop);
  }
}

export function registerProcessCommand(program: Command): void {
  const command = program
    .command("process")
    .summary("run the log processor outside Lambda: poll the queue, or process one event from stdin")
    .description(
      "run the log processor outside Lambda: --mode sqs long-polls the queue; --mode manual reads an SQS, SNS or S3 event JSON on stdin and prints a JSON summary (exit 1 if anything failed)",
    )
    .requiredOption("--mode <mode>", "sqs | manual", (value) => {
      if (value !== "sqs" && value !== "manual") throw new InvalidArgumentError(`must be sqs or manual, got ${value}`);
      return value;
    })
    .option("--queue-url <url>", "queue to poll (sqs mode; default: $LOGHOP_QUEUE_URL)")
    .option(
      "--visibility-timeout <seconds>",
      "visibility taken and renewed while working (sqs mode)",
      positiveInteger,
      120,
    )
    .option(
      "--timeout <seconds>",
      "longest time for one batch before stopping with progress saved",
      positiveInteger,
      840,
    )
    .option(
      "--max-receives <n>",
      "stop after this many receives (sqs mode; default: until SIGINT/SIGTERM)",
      positiveInteger,
    )
    .option(
      "--health-file <path>",
      "rewrite this file before every receive and visibility renewal (sqs mode; a liveness probe reads its age)",
    )
    .action(async (options: ProcessOptions) => {
      process.exitCode = await runProcess(options);
    });
  addEnvFileOption(command);
}
