/**
 * The processor, run as an operator runs it outside Lambda: `loghop process
 * --mode sqs` in a child process, with the region stack's Lambda environment
 * and the processor role's credentials. It long-polls the queue for the
 * notifications S3 → SNS → SQS actually produced; its JSON log lines (stderr)
 * say what became of each object. Once every staged object has a final
 * outcome it is stopped with SIGTERM, as a deployment would stop it.
 */
import { spawn } from "node:child_process";
import { join } from "node:path";
import { createInterface } from "node:readline";
import type { ObjectOutcome } from "../processor/delivery/types";
import type { WorkerTotals } from "../processor/modes/sqs-worker";

const CLI = join(__dirname, "..", "bin", "loghop.js");

export interface ProcessorWorkerOptions {
  /** The processor's whole AWS/loghop environment (RegionResources.processorEnvironment). */
  readonly environment: Readonly<Record<string, string>>;
  readonly queueUrl: string;
  /** Keys of the staged objects the worker must settle. */
  readonly expectedKeys: ReadonlySet<string>;
  /** Stop waiting after this long. */
  readonly timeoutMs: number;
  /** JavaScript file taking `process --mode sqs …` (default `bin/loghop.js`; the worker image runs its own bundle). */
  readonly program?: string;
  readonly onOutcome?: (outcome: ObjectOutcome, settled: number) => void;
  /** Aborting stops the worker (the demo's Ctrl-C). */
  readonly signal?: AbortSignal;
}

export interface ProcessorWorkerRun {
  /** The last outcome logged for each object key. */
  readonly outcomes: ReadonlyMap<string, ObjectOutcome>;
  /** The worker's own totals (its `worker stopped` line), when it printed them. */
  readonly totals: WorkerTotals | undefined;
  readonly timedOut: boolean;
  readonly exitCode: number | null;
  /** The end of stderr that was not a log line (startup errors). */
  readonly otherOutput: string;
}

/** The processor gets only its own environment: nothing of the caller's AWS or loghop settings leaks in. */
function childEnvironment(environment: Readonly<Record<string, string>>): NodeJS.ProcessEnv {
  const inherited = Object.entries(process.env).filter(([name]) => !/^(AWS_|LOGHOP_)/.test(name));
  return { ...Object.fromEntries(inherited), ...environment, NODE_NO_WARNINGS: "1" };
}

function isObjectOutcome(entry: Record<string, unknown>): boolean {
  return (
    typeof entry["key"] === "string" && typeof entry["status"] === "string" && Array.isArray(entry["destinations"])
  );
}

/** `runProcessorWorker(options)`: runs `loghop process --mode sqs` until every expected object settled (or the timeout). */
export function runProcessorWorker(options: ProcessorWorkerOptions): Promise<ProcessorWorkerRun> {
  const child = spawn(
    process.execPath,
    [
      options.program ?? CLI,
      "process",
      "--mode",
      "sqs",
      "--queue-url",
      options.queueUrl,
      "--visibility-timeout",
      "30",
      "--timeout",
      "60",
    ],
    { env: childEnvironment(options.environment), stdio: ["ignore", "ignore", "pipe"] },
  );
  const outcomes = new Map<string, ObjectOutcome>();
  let totals: WorkerTotals | undefined;
  let otherOutput = "";
  let timedOut = false;
  const stop = (): void => void child.kill("SIGTERM");
  options.signal?.addEventListener("abort", stop, { once: true });
  const timer = setTimeout(() => {
    timedOut = true;
    stop();
  }, options.timeoutMs);
  const settled = (): number =>
    [...options.expectedKeys].filter(
      (k) => outcomes.get(k)?.status !== undefined && outcomes.get(k)?.status !== "failed",
    ).length;
  createInterface({ input: child.stderr }).on("line", (line) => {
    let entry: Record<string, unknown>;
    try {
      entry = JSON.parse(line) as Record<string, unknown>;
    } catch {
      otherOutput = `${otherOutput}${line}\n`.slice(-4000);
      return;
    }
    if (entry["message"] === "worker stopped") totals = entry as unknown as WorkerTotals;
    if (!isObjectOutcome(entry)) return;
    const outcome = entry as unknown as ObjectOutcome;
    outcomes.set(outcome.key, outcome);
    const done = settled();
    options.onOutcome?.(outcome, done);
    if (done === options.expectedKeys.size) stop();
  });
  return new Promise((resolve) => {
    child.on("close", (exitCode) => {
      clearTimeout(timer);
      options.signal?.removeEventListener("abort", stop);
      resolve({ outcomes, totals, timedOut, exitCode, otherOutput });
    });
  });
}
