/**
 * The `loghop` command line. Each command lives in cli/commands/<name>.ts and is added
 * here with one import and one register call. Input problems (LoghopError) print their
 * message and exit 1, never a stack trace.
 */
import { Command } from "commander";
import { version } from "../package.json";
import { registerCiCommand } from "./commands/ci";
import { registerDemoCommand } from "./commands/demo";
import { registerExternalIdCommand } from "./commands/external-id";
import { registerFakeLogsCommand } from "./commands/fake-logs";
import { registerGenerateCommand } from "./commands/generate";
import { registerPlanCommand } from "./commands/plan";
import { registerProcessCommand } from "./commands/process";
import { registerReplayCommand } from "./commands/replay";
import { registerValidateCommand } from "./commands/validate";
import { runProgram } from "./run-program";

function buildProgram(): Command {
  const program = new Command("loghop")
    .description("Deploy and run a multi-tenant Kubernetes log pipeline on AWS from one JSON inventory")
    .version(version)
    .showHelpAfterError("(run `loghop --help` for usage)")
    // Throw instead of exiting inside commander, so one place decides exit codes. Set before
    // adding commands: subcommands inherit it.
    .exitOverride();
  registerValidateCommand(program);
  registerExternalIdCommand(program);
  registerGenerateCommand(program);
  registerPlanCommand(program);
  registerProcessCommand(program);
  registerReplayCommand(program);
  registerCiCommand(program);
  registerDemoCommand(program);
  registerFakeLogsCommand(program);
  return program;
}

void runProgram(buildProgram(), process.argv).then((code) => {
  process.exitCode = code;
});
