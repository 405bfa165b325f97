/**
 * `loghop generate [--inventory path] [--cluster id] [--out dir] [--check]`:
 * write k8s-out/ (agent manifests per cluster, processor config, onboarding
 * pages), or with --check report what is stale and exit 1.
 */
import type { Command } from "commander";
import {
  checkGeneratedFiles,
  DEFAULT_OUT_DIR,
  isUpToDate,
  renderFiles,
  type RenderScope,
  writeGeneratedFiles,
} from "../../generators";
import { InventoryError } from "../../inventory/errors";
import { loadInventory, selectedInventoryPath } from "../../inventory/load";
import { consoleOutput, type CommandOutput } from "./validate";

export interface GenerateOptions {
  readonly inventory: string;
  readonly out: string;
  readonly cluster?: string;
  readonly check: boolean;
}

/** Run the command; returns the exit code (0 done / up to date, 1 stale). Input errors throw LoghopError. */
export function runGenerate(options: GenerateOptions, output: CommandOutput = consoleOutput): number {
  const { inventory } = loadInventory(options.inventory);
  if (options.cluster !== undefined && !inventory.clusters.some((c) => c.id === options.cluster)) {
    const known = inventory.clusters.map((c) => c.id).join(", ");
    throw new InventoryError(options.inventory, [
      { path: "/clusters", message: `no cluster with id ${JSON.stringify(options.cluster)}; known: ${known}` },
    ]);
  }
  const scope: RenderScope = options.cluster === undefined ? {} : { clusterId: options.cluster };
  const files = renderFiles(inventory, scope);
  const where = options.cluster === undefined ? options.out : `${options.out}/${options.cluster}`;

  if (options.check) {
    const result = checkGeneratedFiles(options.out, files, scope);
    if (isUpToDate(result)) {
      output.out(`${where}: up to date (${files.length} files)`);
      return 0;
    }
    for (const path of result.missing) output.err(`missing: ${options.out}/${path}`);
    for (const path of result.stale) output.err(`stale:   ${options.out}/${path}`);
    for (const path of result.extra) output.err(`extra:   ${options.out}/${path}`);
    output.err(`${where} is out of date with ${options.inventory}: run \`loghop generate\` and commit the result`);
    return 1;
  }

  const result = writeGeneratedFiles(options.out, files, scope);
  output.out(
    `${where}: ${result.written.length} written, ${result.unchanged.length} unchanged, ${result.removed.length} removed`,
  );
  return 0;
}

export function registerGenerateCommand(program: Command): void {
  program
    .command("generate")
    .description("Generate each cluster's Vector agent manifests, the processor config and onboarding pages")
    .option("--inventory <path>", "inventory file (default: $LOGHOP_INVENTORY or examples/inventory.json)")
    .option("--cluster <id>", "only this cluster's directory")
    .option("--out <dir>", "output directory", DEFAULT_OUT_DIR)
    .option("--check", "write nothing; exit 1 listing missing, stale and extra files", false)
    .action((opts: { inventory?: string; cluster?: string; out: string; check: boolean }) => {
      process.exitCode = runGenerate({
        inventory: opts.inventory ?? selectedInventoryPath(),
        out: opts.out,
        check: opts.check,
        ...(opts.cluster !== undefined ? { cluster: opts.cluster } : {}),
      });
    });
}
