/**
 * `loghop plan (--base <git ref> | --base-out <cdktf.out>) [--inventory path] [--json]`: which
 * stacks an inventory change touches, in deploy order, who applies each and why, the commands,
 * and the onboarding documents (pages, CloudFormation templates) to send again. Both sides are synthesized in this process.
 */
import type { Command } from "commander";
import { existsSync, mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { loadInventory, selectedInventoryPath } from "../../inventory/load";
import { inventoryAtRef } from "../../planning/base-inventory";
import { planChange } from "../../planning/change-plan";
import { PlanError } from "../../planning/errors";
import { readInventoryRecord } from "../../planning/inventory-record";
import { renderPlanJson, renderPlanText } from "../../planning/render-plan";
import type * as PlanningSynth from "../../planning/synth";
import type * as StacksApp from "../../stacks/app";
import { INVENTORY_OPTION_HELP } from "../option-parsers";
import { consoleOutput, type CommandOutput } from "./validate";

/** Synthesis loads cdktf and every stack: only when a plan runs, so other commands start without them (cli/bundle.ts). */
function loadSynthesis(): Pick<typeof PlanningSynth, "synthesizeInventory"> &
  Pick<typeof StacksApp, "selectedProcessorBundleDir"> {
  /* eslint-disable @typescript-eslint/no-require-imports -- loaded on use, see above */
  const { synthesizeInventory } = require("../../planning/synth") as typeof PlanningSynth;
  const { selectedProcessorBundleDir } = require("../../stacks/app") as typeof StacksApp;
  /* eslint-enable @typescript-eslint/no-require-imports */
  return { synthesizeInventory, selectedProcessorBundleDir };
}

export interface PlanOptions {
  readonly inventory: string;
  /** A git ref whose version of the inventory file is the base. */
  readonly base?: string;
  /** A previous synth output directory (e.g. the base branch's `cdktf.out`) as the base. */
  readonly baseOut?: string;
  readonly json: boolean;
  /** Default: `$LOGHOP_PROCESSOR_BUNDLE_DIR` or `dist/processor`. */
  readonly processorBundleDir?: string;
}

/** Run the command; returns the exit code. Input errors throw LoghopError. */
export function runPlan(options: PlanOptions, output: CommandOutput = consoleOutput): number {
  if ((options.base === undefined) === (options.baseOut === undefined)) {
    throw new PlanError("loghop plan needs exactly one of --base <git ref> and --base-out <synth output directory>");
  }
  const { synthesizeInventory, selectedProcessorBundleDir } = loadSynthesis();
  const bundleDir = options.processorBundleDir ?? selectedProcessorBundleDir();
  const head = loadInventory(options.inventory);
  const scratch = mkdtempSync(join(tmpdir(), "loghop-plan-"));
  try {
    let base: { outdir: string; inventory: ReturnType<typeof readInventoryRecord> };
    let baseLabel: string;
    if (options.base !== undefined) {
      const atRef = inventoryAtRef(options.base, options.inventory);
      const synth = synthesizeInventory(atRef.raw, atRef.inventory, join(scratch, "base"), bundleDir);
      base = { outdir: synth.outdir, inventory: synth.inventory };
      baseLabel = atRef.label;
    } else {
      const outdir = options.baseOut!;
      if (!existsSync(join(outdir, "stacks"))) {
        throw new PlanError(
          `${outdir} is not a synth output directory (it has no stacks/): run cdktf synth there first`,
        );
      }
      base = { outdir, inventory: readInventoryRecord(outdir) };
      baseLabel = outdir;
    }
    const synthesized = synthesizeInventory(head.raw, head.inventory, join(scratch, "head"), bundleDir);
    const plan = planChange({ base, head: synthesized, inventoryPath: options.inventory });
    if (options.json) output.out(renderPlanJson(plan, baseLabel));
    else renderPlanText(plan, baseLabel).forEach((line) => output.out(line));
    return 0;
  } finally {
    rmSync(scratch, { recursive: true, force: true });
  }
}

export function registerPlanCommand(program: Command): void {
  program
    .command("plan")
    .summary("list the stacks an inventory change touches, in deploy order, and who applies each")
    .description(
      "list the stacks an inventory change touches, in deploy order, who applies each and why, and the deploy commands",
    )
    .option("--inventory <path>", INVENTORY_OPTION_HELP)
    .option("--base <ref>", "compare with the inventory file at this git ref (synthesized with this checkout's code)")
    .option("--base-out <dir>", "compare with a previous synth output directory (e.g. the base branch's cdktf.out)")
    .option("--json", "print the plan as JSON")
    .action((opts: { inventory?: string; base?: string; baseOut?: string; json?: boolean }) => {
      process.exitCode = runPlan({
        inventory: opts.inventory ?? selectedInventoryPath(),
        json: opts.json === true,
        ...(opts.base !== undefined ? { base: opts.base } : {}),
        ...(opts.baseOut !== undefined ? { baseOut: opts.baseOut } : {}),
      });
    });
}
