/**
 * The CDKTF app (`cdktf synth`, `npm run synth`): every stack of the inventory
 * named by LOGHOP_INVENTORY (default examples/inventory.json).
 */
import { App } from "cdktf";
import { resolve } from "node:path";
import { LoghopError } from "./inventory/errors";
import { loadInventory } from "./inventory/load";
import { buildStacks } from "./stacks/index";
import { addTfcBootstrap } from "./stacks/tfc-bootstrap/index";

/** Written by `npm run build:processor` (processor/bundle.ts); LOGHOP_PROCESSOR_BUNDLE_DIR overrides it. */
const DEFAULT_PROCESSOR_BUNDLE_DIR = "dist/processor";

function synthesize(): void {
  const { inventory } = loadInventory();
  const app = new App();
  buildStacks(app, inventory, {
    processorBundleDir: resolve(process.env["LOGHOP_PROCESSOR_BUNDLE_DIR"] || DEFAULT_PROCESSOR_BUNDLE_DIR),
  });
  // With Terraform Cloud state, the workspaces themselves come from one more stack, applied first.
  if (inventory.central.backend.type === "cloud") addTfcBootstrap(app, inventory);
  app.synth();
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
