/**
 * Synthesize one inventory in this process (through stacks/app.ts, as `cdktf synth` does via
 * main.ts) into a directory of its own: no `cdktf` child process, no shared `cdktf.out`.
 */
import type { ResolvedInventory } from "../inventory/resolved";
import type { Inventory } from "../inventory/types";
import { buildApp, type DeployStep } from "../stacks/app";
import { synthesizeApp } from "../stacks/common/app";
import { writeInventoryRecord } from "./inventory-record";

export interface SynthesizedInventory {
  readonly outdir: string;
  readonly inventory: ResolvedInventory;
  /** Every stack of the synth, in deploy order. */
  readonly steps: readonly DeployStep[];
}

export function synthesizeInventory(
  raw: Inventory,
  inventory: ResolvedInventory,
  outdir: string,
  processorBundleDir: string,
): SynthesizedInventory {
  const { built: steps } = synthesizeApp({ outdir }, (app) => buildApp(app, inventory, { processorBundleDir }));
  writeInventoryRecord(outdir, raw);
  return { outdir, inventory, steps };
}
