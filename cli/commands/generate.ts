/**
 * `loghop generate [--inventory path] [--cluster id] [--out dir] [--check] [--json]`:
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
import { didYouMean } from "../../inventory/validate-suggest";
import { INVENTORY_OPTION_HELP, shellWord } from "../option-parsers";
import { consoleOutput, type CommandOutput } from "./validate";

export interface GenerateOptions {
  readonly inventory: string;
  readonly out: string;
  readonly cluster?: string;
  readonly check: boolean;
  /** One JSON document on stdout instead of lines. Default false. */
  readonly json?: boolean;
}

/** What `--json` prints: paths relative to `out`, each list sorted. */
export type GenerateReport =
  | {
      readonly command: "generate";
      readonly out: string;
      readonly cluster?: string;
      readonly written: readonly string[];
      readonly unchanged: readonly string[];
      readonly removed: readonly string[];
    }
  | {
      readonly command: "generate --check";
      readonly out: string;
      readonly cluster?: string;
      readonly upToDate: boolean;
      readonly missing: readonly string[];
      readonly stale: readonly string[];
      readonly extra: readonly string[];
      readonly unchanged: readonly string[];
      /** The command that brings the directory up to date, when it is not. */
      readonly fix?: string;
    };

/** The `loghop generate` that rewrites exactly what `--check` compared: same inventory, out and cluster. */
function fixCommand(options: GenerateOptions, defaultInventory: string): string {
  const args = ["loghop", "generate"];
  if (options.inventory !== defaultInventory) args.push("--inventory", shellWord(options.inventory));
  if (options.out !== DEFAULT_OUT_DIR) args.push("--out", shellWord(options.out));
  if (options.cluster !== undefined) args.push("--cluster", shellWord(options.cluster));
  return args.join(" ");
}

/** Run the command; returns the exit code (0 done / up to date, 1 stale). Input errors throw LoghopError. */
export function runGenerate(
  options: GenerateOptions,
  output: CommandOutput = consoleOutput,
  defaultInventory: string = selectedInventoryPath(),
): number {
  const { inventory } = loadInventory(options.inventory);
  const known = inventory.clusters.map((c) => c.id);
  if (options.cluster !== undefined && !known.includes(options.cluster)) {
    throw new InventoryError(options.inventory, [
      {
        path: "/clusters",
        message: `no cluster with id ${JSON.stringify(options.cluster)}${didYouMean(options.cluster, known)} known: ${known.join(", ")}`,
      },
    ]);
  }
  const scope: RenderScope = options.cluster === undefined ? {} : { clusterId: options.cluster };
  const files = renderFiles(inventory, scope);
  const where = options.cluster === undefined ? options.out : `${options.out}/${options.cluster}`;
  const cluster = options.cluster === undefined ? {} : { cluster: options.cluster };

  if (options.check) {
    const result = checkGeneratedFiles(options.out, files, scope);
    const upToDate = isUpToDate(result);
    const fix = fixCommand(options, defaultInventory);
    if (options.json) {
      const report: GenerateReport = {
        command: "generate --check",
        out: options.out,
        ...cluster,
        upToDate,
        missing: result.missing,
        stale: result.stale,
        extra: result.extra,
        unchanged: result.unchanged,
        ...(upToDate ? {} : { fix }),
      };
      output.out(JSON.stringify(report, null, 2));
      return upToDate ? 0 : 1;
    }
    if (upToDate) {
      output.out(`${where}: up to date (${files.length} files)`);
      return 0;
    }
    for (const path of result.missing) output.err(`missing: ${options.out}/${path}`);
    for (const path of result.stale) output.err(`stale:   ${options.out}/${path}`);
    for (const path of result.extra) output.err(`extra:   ${options.out}/${path}`);
    output.err(`${where} is out of date with ${options.inventory}: run \`${fix}\` and commit the result`);
    return 1;
  }

  const result = writeGeneratedFiles(options.out, files, scope);
  if (options.json) {
    const report: GenerateReport = { command: "generate", out: options.out, ...cluster, ...result };
    output.out(JSON.stringify(report, null, 2));
    return 0;
  }
  output.out(
    `${where}: ${result.written.length} written, ${result.unchanged.length} unchanged, ${result.removed.length} removed`,
  );
  return 0;
}

export function registerGenerateCommand(program: Command): void {
  program
    .command("generate")
    .description("write each cluster's Vector agent manifests, the processor config and the onboarding pages")
    .option("--inventory <path>", INVENTORY_OPTION_HELP)
    .option("--cluster <id>", "only this cluster's directory")
    .option("--out <dir>", "output directory", DEFAULT_OUT_DIR)
    .option("--check", "write nothing; exit 1 listing missing, stale and extra files")
    .option(
      "--json",
      "print one JSON document: the files written, unchanged and removed (with --check: missing, stale, extra)",
    )
    .action((opts: { inventory?: string; cluster?: string; out: string; check?: boolean; json?: boolean }) => {
      process.exitCode = runGenerate({
        inventory: opts.inventory ?? selectedInventoryPath(),
        out: opts.out,
        check: opts.check === true,
        json: opts.json === true,
        ...(opts.cluster !== undefined ? { cluster: opts.cluster } : {}),
      });
    });
}
