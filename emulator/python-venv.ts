/**
 * Python tools loghop runs (moto for `loghop demo` and the tests, cfn-lint for the tests),
 * installed from PyPI into the project-local virtualenv `.venv` on first use. CI starts from a machine with only python3, so the install
 * always runs there and is cached on a developer's machine. A lock directory keeps parallel Jest
 * workers from installing at the same time.
 */
import { spawnSync } from "node:child_process";
import { existsSync, mkdirSync, rmSync, statSync } from "node:fs";
import { join, resolve } from "node:path";

export const ROOT = resolve(__dirname, "..");
const VENV = join(ROOT, ".venv");
const LOCK = join(ROOT, ".venv.lock");
const INSTALL_TIMEOUT_MS = 10 * 60_000;

function run(command: string, args: readonly string[]): void {
  const result = spawnSync(command, args, { cwd: ROOT, encoding: "utf8", timeout: INSTALL_TIMEOUT_MS });
  if (result.status !== 0) {
    throw new Error(
      `${command} ${args.join(" ")} failed (${result.status ?? result.signal}):\n${result.stdout}\n${result.stderr}`,
    );
  }
}

/**
 * The path of `.venv/bin/<executable>`, installing `requirement` (a pinned pip requirement) when
 * the executable is missing. `onInstall` is called once before a (slow, first-run) install starts.
 */
export async function ensureVenvTool(executable: string, requirement: string, onInstall?: () => void): Promise<string> {
  const binary = join(VENV, "bin", executable);
  if (existsSync(binary)) return binary;
  for (;;) {
    try {
      mkdirSync(LOCK);
      break;
    } catch {
      // A lock left by a run killed mid-install would block forever: older than the install timeout means stale.
      const lockedAt = statSync(LOCK, { throwIfNoEntry: false })?.mtimeMs;
      if (lockedAt !== undefined && Date.now() - lockedAt > INSTALL_TIMEOUT_MS)
        rmSync(LOCK, { recursive: true, force: true });
      await new Promise((r) => setTimeout(r, 1000));
      if (existsSync(binary)) return binary;
    }
  }
  try {
    if (!existsSync(binary)) {
      onInstall?.();
      if (!existsSync(join(VENV, "bin", "python"))) run("python3", ["-m", "venv", VENV]);
      run(join(VENV, "bin", "pip"), ["install", "--quiet", "--disable-pip-version-check", requirement]);
    }
  } finally {
    rmSync(LOCK, { recursive: true, force: true });
  }
  return binary;
}
