// Whether dist/cli/loghop.js may run: every file it was built from (dist/cli/inputs.json, written
// by cli/bundle.ts) still has the size and modification time it had when esbuild read it.
// Plain JavaScript so bin/loghop.js can ask before anything is compiled.
"use strict";
const { readFileSync, statSync } = require("node:fs");
const { join } = require("node:path");

/** `root` is the checkout; the bundle and its inputs list live in `<root>/dist/cli/`. */
function isBundleCurrent(root) {
  let inputs;
  try {
    statSync(join(root, "dist", "cli", "loghop.js"));
    inputs = JSON.parse(readFileSync(join(root, "dist", "cli", "inputs.json"), "utf8")).inputs;
  } catch {
    return false;
  }
  if (!Array.isArray(inputs) || inputs.length === 0) return false;
  for (const [path, size, mtimeMs] of inputs) {
    let stat;
    try {
      stat = statSync(join(root, path));
    } catch {
      return false;
    }
    if (stat.size !== size || stat.mtimeMs !== mtimeMs) return false;
  }
  return true;
}

module.exports = { isBundleCurrent };
