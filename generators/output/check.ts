/** Compare the output directory with the rendered files, without writing: `--check`, and the plan `write` follows. */
import { existsSync, readFileSync } from "node:fs";
import { join } from "node:path";
import type { GeneratedFile } from "../types";
import type { RenderScope } from "./files";
import { listGeneratedFiles } from "./tree";

export interface CheckResult {
  /** Would be written but do not exist. */
  readonly missing: readonly string[];
  /** Exist with other contents. */
  readonly stale: readonly string[];
  /** Exist byte-identical. */
  readonly unchanged: readonly string[];
  /** Generated files (found by their notice) that are no longer produced. */
  readonly extra: readonly string[];
}

export function checkGeneratedFiles(
  outDir: string,
  files: readonly GeneratedFile[],
  scope: RenderScope = {},
): CheckResult {
  const missing: string[] = [];
  const stale: string[] = [];
  const unchanged: string[] = [];
  for (const file of files) {
    const target = join(outDir, file.path);
    if (!existsSync(target)) missing.push(file.path);
    else if (readFileSync(target, "utf8") !== file.contents) stale.push(file.path);
    else unchanged.push(file.path);
  }
  const wanted = new Set(files.map((file) => file.path));
  const extra = listGeneratedFiles(outDir, scope).filter((path) => !wanted.has(path));
  return { missing, stale, unchanged, extra };
}

export function isUpToDate(result: CheckResult): boolean {
  return result.missing.length === 0 && result.stale.length === 0 && result.extra.length === 0;
}
