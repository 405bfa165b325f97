/**
 * What `loghop process` and `replay` share: the `--env-file` option, and the processor's
 * modules loaded only when one of them runs — they pull in the AWS SDK, which the CLI
 * bundle leaves in node_modules so that every other command starts without it.
 */
import type { Command } from "commander";
import type * as CliRuntime from "../../processor/modes/cli-runtime";
import type * as ManualMode from "../../processor/modes/manual";
import type * as ReplayMode from "../../processor/modes/replay";
import type * as SqsWorkerMode from "../../processor/modes/sqs-worker";
import type * as ClientConfig from "../../processor/aws/client-config";
import type * as SqsClient from "@aws-sdk/client-sqs";

export interface EnvFileOption {
  /** Variables to set before the processor reads its environment. */
  envFile?: string;
}

export function addEnvFileOption(command: Command): Command {
  return command.option(
    "--env-file <file>",
    "set the processor's variables from this file first (JSON object, e.g. k8s-out/_processor/environment-<region>.json, or NAME=value lines); its values win over the shell's",
  );
}

/* eslint-disable @typescript-eslint/no-require-imports -- loaded on use, see above */
export function loadProcessorRuntime(): typeof CliRuntime &
  typeof ManualMode &
  typeof ReplayMode &
  typeof SqsWorkerMode &
  Pick<typeof ClientConfig, "processorRegion" | "sqsWorkerClientConfig"> &
  Pick<typeof SqsClient, "SQSClient"> {
  return {
    ...(require("../../processor/modes/cli-runtime") as typeof CliRuntime),
    ...(require("../../processor/modes/manual") as typeof ManualMode),
    ...(require("../../processor/modes/replay") as typeof ReplayMode),
    ...(require("../../processor/modes/sqs-worker") as typeof SqsWorkerMode),
    ...(require("../../processor/aws/client-config") as typeof ClientConfig),
    SQSClient: (require("@aws-sdk/client-sqs") as typeof SqsClient).SQSClient,
  };
}
/* eslint-enable @typescript-eslint/no-require-imports */
