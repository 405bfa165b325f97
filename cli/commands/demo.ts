/** `loghop demo`: the whole pipeline of one region on a local AWS emulator, checked end to end. */
import type { Command } from "commander";
import { LoghopError } from "../../inventory/errors";
import { selectedInventoryPath } from "../../inventory/load";
import { INVENTORY_OPTION_HELP, positiveInteger } from "../option-parsers";
import type * as DemoReportModule from "../../demo/report";
import type * as DemoRunModule from "../../demo/run";

/**
 * The demo runs VRL with @bpinternal/verel and creates roles and topics with the IAM and SNS
 * clients — development dependencies, present in a checkout after `npm ci`. Loaded only when the
 * demo runs, so every other command works in an install without them.
 */
function loadDemo(): {
  runDemo: typeof DemoRunModule.runDemo;
  terminalProgress: typeof DemoReportModule.terminalProgress;
} {
  try {
    /* eslint-disable @typescript-eslint/no-require-imports -- loaded on use, see above */
    const { runDemo } = require("../../demo/run") as typeof DemoRunModule;
    const { terminalProgress } = require("../../demo/report") as typeof DemoReportModule;
    /* eslint-enable @typescript-eslint/no-require-imports */
    return { runDemo, terminalProgress };
  } catch (error) {
    if ((error as { code?: unknown }).code !== "MODULE_NOT_FOUND") throw error;
    throw new DemoDependenciesError((error as Error).message);
  }
}

class DemoDependenciesError extends LoghopError {
  constructor(detail: string) {
    super(
      `loghop demo needs the development dependencies: run it from a checkout after \`npm ci\` (${detail.split("\n")[0]})`,
    );
  }
}

interface DemoCliOptions {
  inventory?: string;
  region?: string;
  seed: number;
  lines: number;
  timeout: number;
  workerProgram?: string;
}

export function registerDemoCommand(program: Command): void {
  program
    .command("demo")
    .summary("run one region's whole pipeline on a local AWS emulator and check every event arrived once")
    .description(
      "run one region's pipeline on a local AWS emulator (moto, installed into .venv on first use): fake kubernetes_logs events → each cluster's generated VRL → staged objects → S3 → SNS → SQS → loghop process --mode sqs → the tenants' accounts; prints what arrived (read back as each tenant), what the agents dropped and what the processor refused; exit 0 only if every expected event arrived exactly once",
    )
    .option("--inventory <path>", INVENTORY_OPTION_HELP)
    .option("--region <region>", "region whose pipeline runs (default: the inventory's first central region)")
    .option("--seed <n>", "seed of the fake logs", positiveInteger, 1)
    .option("--lines <n>", "log lines per cluster (each runs through VRL, ~30 ms per line)", positiveInteger, 120)
    .option("--timeout <seconds>", "longest wait for the processor to settle every object", positiveInteger, 120)
    .option(
      "--worker-program <file>",
      "run this JavaScript file as the processor instead of bin/loghop.js, with the same `process --mode sqs …` arguments (e.g. dist/worker/loghop-worker.js, the worker image's program)",
    )
    .action(async (options: DemoCliOptions) => {
      const { runDemo, terminalProgress } = loadDemo();
      const abort = new AbortController();
      const stop = (): void => abort.abort();
      process.once("SIGINT", stop);
      process.once("SIGTERM", stop);
      try {
        process.exitCode = await runDemo(
          {
            inventoryPath: options.inventory ?? selectedInventoryPath(),
            seed: options.seed,
            linesPerCluster: options.lines,
            processorTimeoutSeconds: options.timeout,
            signal: abort.signal,
            ...(options.region !== undefined ? { region: options.region } : {}),
            ...(options.workerProgram !== undefined ? { workerProgram: options.workerProgram } : {}),
          },
          terminalProgress(),
        );
      } catch (error) {
        if (!abort.signal.aborted) throw error;
        process.stderr.write("loghop demo: interrupted; the emulator was stopped\n");
        process.exitCode = 130;
      } finally {
        process.off("SIGINT", stop);
        process.off("SIGTERM", stop);
      }
    });
}
