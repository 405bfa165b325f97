/**
 * The Lambda's `source_code_hash`: a SHA-256 of the bundle's file names and
 * contents, computed at synth. The zip (processor-archive.ts) has fixed times and
 * order, but its deflated bytes still depend on the zlib inside the synthesizing
 * Node, so `filebase64sha256(archive.zip)` could change between machines for an
 * identical bundle and make a plan update the function; this hash changes only
 * when the code does. (The provider treats the value as a user-defined trigger; it
 * need not equal Lambda's CodeSha256.)
 */
import { createHash } from "node:crypto";
import { readdirSync, readFileSync, statSync } from "node:fs";
import { join, posix } from "node:path";

/** Every file under `root`, as sorted `/`-separated paths relative to it. */
export function bundleFiles(root: string, relative = ""): string[] {
  return readdirSync(join(root, relative))
    .sort()
    .flatMap((name) => {
      const child = relative === "" ? name : posix.join(relative, name);
      return statSync(join(root, child)).isDirectory() ? bundleFiles(root, child) : [child];
    });
}

export function bundleContentHash(bundleDir: string): string {
  const hash = createHash("sha256");
  for (const file of bundleFiles(bundleDir)) {
    hash.update(`${file}\0`);
    hash.update(readFileSync(join(bundleDir, file)));
    hash.update("\0");
  }
  return hash.digest("base64");
}
