/** Bring the output directory in line with the rendered files, touching only what differs. */
import { existsSync, mkdirSync, readdirSync, rmdirSync, rmSync, writeFileSync } from "node:fs";
import { dirname, join } from "node:path";
import type { GeneratedFile } from "../types";
import { checkGeneratedFiles } from "./check";
import type { RenderScope } from "./files";

export interface WriteResult {
  /** Files created or changed. */
  readonly written: readonly string[];
  /** Files already byte-identical (left untouched, mtime included). */
  readonly unchanged: readonly string[];
  /** Generated files no longer produced (a removed cluster or tenant), deleted. */
  readonly removed: readonly string[];
}

function removeEmptyParents(outDir: string, path: string): void {
  let dir = dirname(join(outDir, path));
  while (dir.startsWith(outDir) && dir !== outDir && existsSync(dir) && readdirSync(dir).length === 0) {
    rmdirSync(dir);
    dir = dirname(dir);
  }
}

export function writeGeneratedFiles(
  outDir: string,
  files: readonly GeneratedFile[],
  scope: RenderScope = {},
): WriteResult {
  const plan = checkGeneratedFiles(outDir, files, scope);
  const toWrite = new Set([...plan.missing, ...plan.stale]);
  for (const file of files.filter((f) => toWrite.has(f.path))) {
    const target = join(outDir, file.path);
    mkdirSync(dirname(target), { recursive: true });
    writeFileSync(target, file.contents, "utf8");
  }
  for (const path of plan.extra) {
    rmSync(join(outDir, path));
    removeEmptyParents(outDir, path);
  }
  return { written: [...toWrite].sort(), unchanged: plan.unchanged, removed: plan.extra };
}
