import { processorRegion, retrySettings } from "../aws/client-config";
import { EnvFileError, readEnvFile } from "../config/env-file";
import { ProcessorConfigError, readProcessorConfig } from "../config/environment";
import type { ProcessorDeps } from "../delivery/types";
import { PowertoolsLogger } from "../observability/logger";
import { EmfMetrics, MemoryMetrics } from "../observability/metrics";
import { createProcessorDeps } from "../runtime/dependencies";
import { ProcessorCliError } from "../failures/errors";

/**
 * Sets the variables of `--env-file` in this process's environment, where the SDK reads its own
 * (AWS_REGION, AWS_ENDPOINT_URL_*, credentials) too. The file wins over the shell: it is the
 * explicit choice of one region's configuration, and a value left in the shell from another
 * region would otherwise mix two pipelines.
 */
export function applyEnvFile(file: string, env: NodeJS.ProcessEnv = process.env): void {
  try {
    Object.assign(env, readEnvFile(file));
  } catch (error) {
    if (error instanceof EnvFileError) throw new ProcessorCliError(error.message);
    throw error;
  }
}

/** Every problem of the processor environment, the region included, or none. */
function environmentProblems(env: NodeJS.ProcessEnv): string[] {
  const problems: string[] = [];
  for (const check of [() => readProcessorConfig(env), () => processorRegion(env), () => retrySettings(env)]) {
    try {
      check();
    } catch (error) {
      if (!(error instanceof ProcessorConfigError)) throw error;
      problems.push(...error.problems);
    }
  }
  return problems;
}

/**
 * Dependencies for the CLI modes: the same environment as the Lambda, every missing or bad
 * variable reported at once; JSON logs on stderr so stdout carries only the summary (manual,
 * replay) or EMF metrics (the sqs worker, for a CloudWatch agent to pick up).
 */
export function cliProcessorDeps(metrics: "emf" | "memory", env: NodeJS.ProcessEnv = process.env): ProcessorDeps {
  const problems = environmentProblems(env);
  if (problems.length > 0) {
    throw new ProcessorCliError(
      `the processor environment has ${problems.length === 1 ? "a problem" : `${problems.length} problems`}` +
        ` (--env-file k8s-out/_processor/environment-<region>.json sets the LOGHOP_* variables):\n  ${problems.join("\n  ")}`,
    );
  }
  const config = readProcessorConfig(env);
  return createProcessorDeps(config, {
    logger: new PowertoolsLogger({ write: (line) => process.stderr.write(line) }),
    metrics: metrics === "emf" ? new EmfMetrics(config.metricsNamespace) : new MemoryMetrics(),
  });
}

export async function readStdin(): Promise<string> {
  const chunks: Buffer[] = [];
  for await (const chunk of process.stdin) chunks.push(chunk as Buffer);
  return Buffer.concat(chunks).toString("utf8");
}
