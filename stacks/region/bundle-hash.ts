/**
 * The Lambda's `source_code_hash`: a SHA-256 of the bundle's file names and
 * contents, computed at synth. The zip cdktf builds carries file times, so
 * `filebase64sha256(archive.zip)` would change on every rebuild of an identical
 * bundle and make every plan update the function; this hash changes only when
 * the code does. (The provider treats the value as a user-defined trigger; it
 * need not equal Lambda's CodeSha256.)
 */
import { createHash } from "node:crypto";
import { readdirSync, readFileSync, statSync } from "node:fs";
import { join, posix } from "node:path";

function files(root: string, relative = ""): string[] {
  return readdirSync(join(root, relative))
    .sort()
    .flatMap((name) => {
      const child = relative === "" ? name : posix.join(relative, name);
      return statSync(join(root, child)).isDirectory() ? files(root, child) : [child];
    });
}

export function bundleContentHash(bundleDir: string): string {
  const hash = createHash("sha256");
  for (const file of files(bundleDir)) {
    hash.update(`${file}\0`);
    hash.update(readFileSync(join(bundleDir, file)));
    hash.update("\0");
  }
  return hash.digest("base64");
}
