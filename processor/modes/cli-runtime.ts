import { ProcessorConfigError, readProcessorConfig } from "../config/environment";
import type { ProcessorDeps } from "../delivery/types";
import { jsonLogger } from "../observability/logger";
import { EmfMetrics, MemoryMetrics } from "../observability/metrics";
import { createProcessorDeps } from "../runtime/dependencies";
import { ProcessorCliError } from "../failures/errors";

/**
 * Dependencies for the CLI modes: the same environment as the Lambda;
 * JSON logs on stderr so stdout carries only the summary (manual, replay)
 * or EMF metrics (the sqs worker, for a CloudWatch agent to pick up).
 */
export function cliProcessorDeps(metrics: "emf" | "memory"): ProcessorDeps {
  try {
    const config = readProcessorConfig(process.env);
    return createProcessorDeps(config, {
      logger: jsonLogger((line) => process.stderr.write(line)),
      metrics: metrics === "emf" ? new EmfMetrics(config.metricsNamespace) : new MemoryMetrics(),
    });
  } catch (error) {
    if (error instanceof ProcessorConfigError || /AWS_REGION/.test(String(error)))
      throw new ProcessorCliError((error as Error).message);
    throw error;
  }
}

export async function readStdin(): Promise<string> {
  const chunks: Buffer[] = [];
  for await (const chunk of process.stdin) chunks.push(chunk as Buffer);
  return Buffer.concat(chunks).toString("utf8");
}
