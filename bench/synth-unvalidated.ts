/**
 * Benchmark only (bench/synth.bench.ts): synthesize an inventory WITHOUT `loghop validate`, so the
 * benchmark can measure synth cost for estates validation refuses today (limits other work raises).
 * The app is built exactly as main.ts builds it (stacks/app.ts through synthesizeApp); only the
 * validation step is left out. Not a user entry point: a refused inventory must never be deployed,
 * and package.json exposes this file nowhere but through the benchmark.
 *   LOGHOP_INVENTORY=<file> LOGHOP_PROCESSOR_BUNDLE_DIR=<dir> CDKTF_OUTDIR=<dir> tsx bench/synth-unvalidated.ts
 */
import { readFileSync } from "node:fs";
import { LoghopError } from "../inventory/errors";
import { selectedInventoryPath } from "../inventory/load";
import { resolveInventory } from "../inventory/resolve";
import type { Inventory } from "../inventory/types";
import { synthesizeApp } from "../stacks/common/app";
import { buildApp, selectedProcessorBundleDir } from "../stacks/index";

try {
  const raw = JSON.parse(readFileSync(selectedInventoryPath(), "utf8")) as Inventory;
  const inventory = resolveInventory(raw);
  synthesizeApp({}, (app) => buildApp(app, inventory, { processorBundleDir: selectedProcessorBundleDir() }));
} catch (error) {
  // A stack that refuses its input (e.g. a policy over a hard limit) ends the run with its reason.
  if (!(error instanceof LoghopError)) throw error;
  process.stderr.write(`${error.message}\n`);
  process.exit(2);
}
