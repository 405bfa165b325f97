/** The generated files already on disk: found by their notice, so hand-written files are never touched. */
import { existsSync, readdirSync, readFileSync } from "node:fs";
import { join, relative, sep } from "node:path";
import { GENERATED_NOTICE } from "../constants";
import type { RenderScope } from "./files";
import { PROCESSOR_DIR } from "./files";

function walk(dir: string): string[] {
  if (!existsSync(dir)) return [];
  return readdirSync(dir, { withFileTypes: true }).flatMap((entry) => {
    const path = join(dir, entry.name);
    if (entry.isDirectory()) return walk(path);
    return entry.isFile() ? [path] : [];
  });
}

/** `/`-separated path relative to the output dir, whatever the platform. */
function relativePath(outDir: string, file: string): string {
  return relative(outDir, file).split(sep).join("/");
}

/**
 * A file loghop wrote: YAML and Markdown carry the notice near the top; JSON
 * cannot, so JSON counts only inside `_processor/`.
 */
function isGenerated(path: string, absolute: string): boolean {
  if (path.endsWith(".json")) return path.startsWith(`${PROCESSOR_DIR}/`);
  const head = readFileSync(absolute, "utf8").slice(0, 1024);
  return head.includes(GENERATED_NOTICE);
}

/** Relative paths of the generated files present under `outDir` within the scope, sorted. */
export function listGeneratedFiles(outDir: string, scope: RenderScope = {}): string[] {
  const root = scope.clusterId === undefined ? outDir : join(outDir, scope.clusterId);
  return walk(root)
    .map((absolute) => ({ absolute, path: relativePath(outDir, absolute) }))
    .filter(({ path, absolute }) => isGenerated(path, absolute))
    .map(({ path }) => path)
    .sort();
}
