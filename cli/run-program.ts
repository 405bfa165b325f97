/**
 * Runs a program and returns its exit code: input problems (LoghopError) print their message
 * and give 1, a bug gives 2 with its stack only under LOGHOP_DEBUG. Shared by `loghop` and the
 * worker image's entry point (cli/worker-main.ts).
 */
import { CommanderError, type Command } from "commander";
import { LoghopError } from "../inventory/errors";

export async function runProgram(program: Command, argv: readonly string[]): Promise<number> {
  try {
    await program.parseAsync([...argv]);
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
