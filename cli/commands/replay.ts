/** `loghop replay`: re-deliver staged objects, e.g. after fixing a tenant. */
import { InvalidArgumentError, type Command } from "commander";
import { positiveInteger } from "../option-parsers";
import { addEnvFileOption, loadProcessorRuntime, type EnvFileOption } from "./processor-runtime";

function instant(value: string): Date {
  const date = new Date(value);
  if (Number.isNaN(date.getTime())) throw new InvalidArgumentError(`must be an ISO 8601 time, got ${value}`);
  return date;
}

interface ReplayCliOptions extends EnvFileOption {
  bucket?: string;
  prefix: string;
  since?: Date;
  timeout: number;
}

export function registerReplayCommand(program: Command): void {
  const command = program
    .command("replay")
    .summary("re-deliver staged objects through the processor, e.g. after fixing a tenant")
    .description(
      "re-deliver objects from the staging bucket through the processor (completed deliveries are no-ops, partial ones resume); prints a JSON summary, exit 1 if anything failed",
    )
    .option("--bucket <bucket>", "staging bucket (default: $LOGHOP_STAGING_BUCKET)")
    .requiredOption("--prefix <prefix>", "key prefix, e.g. <cluster>/<tenant>/")
    .option("--since <time>", "only objects last modified at or after this ISO 8601 time", instant)
    .option("--timeout <seconds>", "stop with progress saved after this long", positiveInteger, 3600)
    .action(async (options: ReplayCliOptions) => {
      const { applyEnvFile, cliProcessorDeps, runReplay } = loadProcessorRuntime();
      if (options.envFile !== undefined) applyEnvFile(options.envFile);
      const deps = cliProcessorDeps("memory");
      const summary = await runReplay(deps, {
        bucket: options.bucket ?? deps.config.stagingBucket,
        prefix: options.prefix,
        ...(options.since !== undefined ? { since: options.since } : {}),
        timeoutSeconds: options.timeout,
      });
      process.stdout.write(`${JSON.stringify(summary, null, 2)}\n`);
      process.exitCode = summary.ok ? 0 : 1;
    });
  addEnvFileOption(command);
}
