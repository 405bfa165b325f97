/** The real `bin/loghop.js`, spawned asynchronously (servers the test runs in this process keep serving). */
import { spawn } from "node:child_process";
import { join } from "node:path";

export interface CliResult {
  readonly status: number | null;
  readonly stdout: string;
  readonly stderr: string;
}

export const LOGHOP_BIN = join(__dirname, "../../bin/loghop.js");

export async function runLoghop(
  args: readonly string[],
  options: { readonly env?: NodeJS.ProcessEnv; readonly stdin?: string } = {},
): Promise<CliResult> {
  const child = spawn(process.execPath, [LOGHOP_BIN, ...args], { env: options.env ?? process.env });
  let stdout = "";
  let stderr = "";
  child.stdout.on("data", (chunk: Buffer) => (stdout += chunk.toString()));
  child.stderr.on("data", (chunk: Buffer) => (stderr += chunk.toString()));
  child.stdin.end(options.stdin ?? "");
  const status = await new Promise<number | null>((done) => child.on("close", (code) => done(code)));
  return { status, stdout, stderr };
}
