/** `loghop replay`: re-deliver staged objects, e.g. after fixing a tenant. */
import { InvalidArgumentError, type Command } from "commander";
import { cliProcessorDeps } from "../../processor/modes/cli-runtime";
import { runReplay } from "../../processor/modes/replay";

function instant(value: string): Date {
  const date = new Date(value);
  if (Number.isNaN(date.getTime())) throw new InvalidArgumentError(`must be an ISO 8601 time, got ${value}`);
  return date;
}

interface ReplayCliOptions {
  bucket?: string;
  prefix: string;
  since?: Date;
  timeout: string;
}

export function registerReplayCommand(program: Command): void {
  program
    .command("replay")
    .description(
      "re-deliver objects from the staging bucket through the processor (completed deliveries are no-ops, partial ones resume); prints a JSON summary, exit 1 if anything failed",
    )
    .option("--bucket <bucket>", "staging bucket (default $LOGHOP_STAGING_BUCKET)")
    .requiredOption("--prefix <prefix>", "key prefix, e.g. <cluster>/<tenant>/")
    .option("--since <time>", "only objects last modified at or after this ISO 8601 time", instant)
    .option("--timeout <seconds>", "stop with progress saved after this long", "3600")
    .action(async (options: ReplayCliOptions) => {
      const deps = cliProcessorDeps("memory");
      const summary = await runReplay(deps, {
        bucket: options.bucket ?? deps.config.stagingBucket,
        prefix: options.prefix,
        ...(options.since !== undefined ? { since: options.since } : {}),
        timeoutSeconds: Number(options.timeout),
      });
      process.stdout.write(`${JSON.stringify(summary, null, 2)}\n`);
      process.exitCode = summary.ok ? 0 : 1;
    });
}
