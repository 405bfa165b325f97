/**
 * A real moto server (AWS API emulator, PyPI `moto[server]`) for `loghop demo`
 * and the end-to-end tests. The project-local virtualenv `.venv` is created and
 * moto installed into it when missing — CI starts from a machine with only
 * python3, so the install step always runs there and is cached on a
 * developer's machine. The server listens on a free loopback port and is
 * stopped by `stop()` (and killed if the process exits without calling it).
 */
import { spawn, type ChildProcess } from "node:child_process";
import { createServer } from "node:net";
import { ensureVenvTool, ROOT } from "./python-venv";

/** Pinned so every machine runs the same emulator. */
export const MOTO_REQUIREMENT = "moto[server]==5.2.5";

export interface MotoServer {
  /** `http://127.0.0.1:<port>` — what AWS_ENDPOINT_URL is set to. */
  readonly endpoint: string;
  readonly port: number;
  stop(): Promise<void>;
}

/**
 * Creates `.venv` with moto unless present (see `python-venv.ts`).
 * `onInstall` is called once before a (slow, first-run) install starts.
 */
export function ensureMotoInstalled(onInstall?: () => void): Promise<string> {
  return ensureVenvTool("moto_server", MOTO_REQUIREMENT, onInstall);
}

export function freePort(): Promise<number> {
  return new Promise((resolvePort, reject) => {
    const server = createServer();
    server.once("error", reject);
    server.listen(0, "127.0.0.1", () => {
      const address = server.address();
      const port = typeof address === "object" && address !== null ? address.port : 0;
      server.close(() => resolvePort(port));
    });
  });
}

async function waitReady(endpoint: string, child: ChildProcess, timeoutMs: number): Promise<void> {
  const started = Date.now();
  while (Date.now() - started < timeoutMs) {
    if (child.exitCode !== null) throw new Error(`moto_server exited with ${child.exitCode} before it was ready`);
    try {
      const response = await fetch(`${endpoint}/moto-api/`);
      if (response.ok) return;
    } catch {
      // Not listening yet.
    }
    await new Promise((r) => setTimeout(r, 200));
  }
  throw new Error(`moto_server at ${endpoint} not ready after ${timeoutMs} ms`);
}

export interface StartMotoOptions {
  /** Called before moto is installed into `.venv` (first run only; takes tens of seconds). */
  readonly onInstall?: () => void;
}

export async function startMoto(options: StartMotoOptions = {}): Promise<MotoServer> {
  const binary = await ensureMotoInstalled(options.onInstall);
  const port = await freePort();
  const endpoint = `http://127.0.0.1:${port}`;
  const child = spawn(binary, ["-H", "127.0.0.1", "-p", String(port)], {
    cwd: ROOT,
    stdio: ["ignore", "ignore", "pipe"],
  });
  // If the test process dies without calling stop(), do not leave the server behind.
  const killOnExit = (): void => void child.kill("SIGKILL");
  process.once("exit", killOnExit);
  child.once("exit", () => process.off("exit", killOnExit));
  let stderr = "";
  child.stderr?.on("data", (chunk: Buffer) => {
    stderr = (stderr + chunk.toString()).slice(-4000);
  });
  try {
    await waitReady(endpoint, child, 60_000);
  } catch (error) {
    child.kill("SIGKILL");
    throw new Error(`${(error as Error).message}\n${stderr}`, { cause: error });
  }
  return {
    endpoint,
    port,
    stop: () =>
      new Promise<void>((done) => {
        if (child.exitCode !== null) return done();
        child.once("exit", () => done());
        child.kill("SIGTERM");
        setTimeout(() => child.kill("SIGKILL"), 5000).unref();
      }),
  };
}
