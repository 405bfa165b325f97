/**
 * The `loghop` command line. Each command lives in cli/commands/<name>.ts and is added
 * here with one import and one register call. Input problems (LoghopError) print their
 * message and exit 1, never a stack trace.
 */
import { Command, CommanderError } from "commander";
import { LoghopError } from "../inventory/errors";
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

async function main(argv: readonly string[]): Promise<number> {
  try {
    await buildProgram().parseAsync([...argv]);
    return typeof process.exitCode === "number" ? process.exitCode : 0;
  } catch (error) {
    // Commander has already printed its usage error or the help text.
    if (error instanceof CommanderError) return error.exitCode;
    if (error instanceof LoghopError) {
      process.stderr.write(`${error.message}\n`);
      return 1;
    }
    // A bug, not bad input: say so; the stack only on request so users never see one by accident.
    const detail = process.env["LOGHOP_DEBUG"] ? String((error as Error).stack) : String((error as Error).message);
    process.stderr.write(`loghop: unexpected error (please report it; LOGHOP_DEBUG=1 shows details): ${detail}\n`);
    return 2;
  }
}

void main(process.argv).then((code) => {
  process.exitCode = code;
});
