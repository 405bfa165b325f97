#!/usr/bin/env node
// Runs the CLI from its esbuild bundle, dist/cli/loghop.js (cli/bundle.ts), which starts ~10×
// faster than compiling the TypeScript at every start. The bundle is used only while every file
// it was built from is unchanged (size and mtime in dist/cli/inputs.json, ~2 ms to check);
// otherwise — a fresh clone where `prepare` did not run, a pull, an edit — it is rebuilt first
// (~1 s, once), and if that fails the CLI runs from source through tsx. Old code never runs.
"use strict";
const { readFileSync, statSync } = require("node:fs");
const { join } = require("node:path");

const root = join(__dirname, "..");
const bundle = join(root, "dist", "cli", "loghop.js");

function bundleIsCurrent() {
  let inputs;
  try {
    statSync(bundle);
    inputs = JSON.parse(readFileSync(join(root, "dist", "cli", "inputs.json"), "utf8")).inputs;
  } catch {
    return false;
  }
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

async function start() {
  if (process.env.LOGHOP_FROM_SOURCE !== "1") {
    if (bundleIsCurrent()) return require(bundle);
    require("tsx/cjs");
    try {
      await require("../cli/bundle.ts").buildCliBundle();
      return require(bundle);
    } catch (error) {
      process.stderr.write(
        `loghop: could not rebuild dist/cli (${String(error).split("\n")[0]}); running from source\n`,
      );
    }
  } else {
    require("tsx/cjs");
  }
  return require("../cli/main.ts");
}

void start();
