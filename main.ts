/**
 * The CDKTF app (`cdktf synth`, `npm run synth`): every stack of the inventory
 * named by LOGHOP_INVENTORY (default examples/inventory.json).
 */
import { LoghopError } from "./inventory/errors";
import { loadInventory } from "./inventory/load";
import { writeInventoryRecord } from "./planning/inventory-record";
import { synthesizeApp } from "./stacks/common/app";
import { buildApp, selectedProcessorBundleDir } from "./stacks/index";

function synthesize(): void {
  const { raw, inventory } = loadInventory();
  // With Terraform Cloud state, buildApp adds the stack that creates the workspaces (applied first).
  const { app } = synthesizeApp({}, (app) =>
    buildApp(app, inventory, { processorBundleDir: selectedProcessorBundleDir() }),
  );
  // Beside the stacks: lets `loghop plan --base-out` explain a later change against this synth.
  writeInventoryRecord(app.outdir, raw);
}

try {
  synthesize();
} catch (error) {
  // `cdktf synth/diff/deploy` run this file directly: bad input must read like `loghop validate`,
  // not like a crash. Anything else is a bug and keeps its stack.
  if (!(error instanceof LoghopError)) throw error;
  process.stderr.write(`${error.message}\n`);
  process.exit(1);
}
