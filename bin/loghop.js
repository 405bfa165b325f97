#!/usr/bin/env node
// Runs the CLI from its esbuild bundle, dist/cli/loghop.js (cli/bundle.ts), which starts ~10×
// faster than compiling the TypeScript at every start. The bundle runs only while every file it
// was built from is unchanged (bundle-freshness.js, ~2 ms); otherwise — a clone where `prepare`
// did not run, a pull, an edit — it is rebuilt first (a few seconds, once), and if that fails the
// CLI runs from source through tsx. Old code never runs. LOGHOP_FROM_SOURCE=1 skips the bundle.
"use strict";
const { join } = require("node:path");
const { isBundleCurrent } = require("./bundle-freshness");

const root = join(__dirname, "..");
const bundle = join(root, "dist", "cli", "loghop.js");

async function start() {
  if (process.env.LOGHOP_FROM_SOURCE !== "1") {
    if (isBundleCurrent(root)) return require(bundle);
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
