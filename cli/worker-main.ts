/**
 * Entry point of the worker image (Containerfile): `loghop process` and nothing else, so the
 * image carries no generator, stack or CI code. Arguments as for `loghop process`
 * (the generated Deployment passes `process --mode sqs …`).
 */
import { Command } from "commander";
import { version } from "../package.json";
import { registerProcessCommand } from "./commands/process";
import { runProgram } from "./run-program";

const program = new Command("loghop-worker")
  .description("The loghop processor as a long-running SQS worker")
  .version(version)
  .exitOverride();
registerProcessCommand(program);

void runProgram(program, process.argv).then((code) => {
  process.exitCode = code;
});
