/** `loghop validate [path]`: schema + semantic rules; says what it checked, or lists every problem. */
import { type Command, InvalidArgumentError } from "commander";
import type { InventoryProblem } from "../../inventory/errors";
import { selectedInventoryPath } from "../../inventory/load";
import type { Inventory } from "../../inventory/types";
import { validateInventoryFile } from "../../inventory/validate-file";

/** Where command output goes: the console in the CLI, arrays in tests. */
export interface CommandOutput {
  out(line: string): void;
  err(line: string): void;
}

export const consoleOutput: CommandOutput = {
  out: (line) => process.stdout.write(`${line}\n`),
  err: (line) => process.stderr.write(`${line}\n`),
};

function plural(count: number, singular: string, pluralForm = `${singular}s`): string {
  return `${count} ${count === 1 ? singular : pluralForm}`;
}

/** "2 kubernetes, 1 openshift": counts per value, in first-seen order. */
function breakdown(values: readonly string[]): string {
  const counts = new Map<string, number>();
  for (const value of values) counts.set(value, (counts.get(value) ?? 0) + 1);
  return [...counts].map(([value, count]) => `${count} ${value}`).join(", ");
}

/** What a valid inventory contains, e.g. `3 tenants, 4 deliveries (3 cloudwatch, 1 s3), …`. */
function describeInventory(inventory: Inventory): string {
  const deliveries = inventory.tenants.flatMap((tenant) => tenant.deliveries.map((delivery) => delivery.type));
  const platforms = inventory.clusters.map((cluster) => cluster.platform);
  return [
    plural(inventory.tenants.length, "tenant"),
    `${plural(deliveries.length, "delivery", "deliveries")} (${breakdown(deliveries)})`,
    `${plural(inventory.clusters.length, "cluster")} (${breakdown(platforms)})`,
    plural(inventory.central.regions.length, "region"),
  ].join(", ");
}

/** `<file>: <pointer>: <message>`, the one-line form of every problem ("/" for the whole document). */
function formatProblem(file: string, problem: InventoryProblem): string {
  return `${file}: ${problem.path || "/"}: ${problem.message}`;
}

export interface ValidateOptions {
  /** Print at most this many problems per file (0 = all); the count line always says how many there are. */
  readonly maxProblems: number;
  /** One JSON document on stdout (every problem, --max-problems ignored) instead of lines. Default false. */
  readonly json?: boolean;
}

/** One file's outcome in `validate --json`. */
export interface ValidateFileReport {
  readonly file: string;
  readonly valid: boolean;
  readonly problems: readonly InventoryProblem[];
  readonly warnings: readonly { readonly id: string; readonly path: string; readonly message: string }[];
  /** Ids of the semantic rules that passed (valid) or could not run because of schema problems (invalid). */
  readonly rulesPassed: readonly string[];
  readonly rulesSkipped: readonly string[];
  /** What a valid inventory contains, as the line form says it. */
  readonly summary?: string;
}

/** Validate `file` without printing: the `--json` form of its outcome. */
export function validateReport(file: string): ValidateFileReport {
  const result = validateInventoryFile(file);
  const warnings = result.warnings.map(({ id, path, message }) => ({ id, path, message }));
  return result.ok
    ? {
        file,
        valid: true,
        problems: [],
        warnings,
        rulesPassed: result.rulesPassed,
        rulesSkipped: [],
        summary: describeInventory(result.inventory),
      }
    : { file, valid: false, problems: result.problems, warnings, rulesPassed: [], rulesSkipped: result.rulesSkipped };
}

/** Enough for any real mistake (renaming a field in 300 tenants is 600 problems), and a terminal survives garbage. */
const DEFAULT_MAX_PROBLEMS = 1000;

/** Validate `file`, print the outcome; returns the exit code (0 valid, 1 problems). */
export function runValidate(
  file: string,
  output: CommandOutput = consoleOutput,
  options: ValidateOptions = { maxProblems: DEFAULT_MAX_PROBLEMS },
): number {
  const result = validateInventoryFile(file);
  const problems = result.ok ? [] : result.problems;
  const shown = options.maxProblems > 0 ? problems.slice(0, options.maxProblems) : problems;
  for (const problem of shown) output.err(formatProblem(file, problem));
  if (shown.length < problems.length) {
    output.err(`${file}: … ${problems.length - shown.length} more problems not shown (--max-problems 0 shows all)`);
  }
  for (const warning of result.warnings) output.err(`${formatProblem(file, warning)} [warning ${warning.id}]`);
  if (result.ok) {
    const rules = plural(result.rulesPassed.length, "semantic rule");
    output.out(`${file}: valid — ${describeInventory(result.inventory)}; schema and ${rules} passed`);
    return 0;
  }
  const skipped = result.rulesSkipped.length;
  const note =
    skipped > 0 ? ` (${plural(skipped, "semantic rule")} not run: they need the parts with schema problems)` : "";
  output.err(`${file}: ${plural(problems.length, "problem")} found${note}`);
  return 1;
}

/** Validate each file in turn (every problem of every file); exit code 1 if any is invalid. */
export function runValidateAll(
  files: readonly string[],
  output: CommandOutput = consoleOutput,
  options?: ValidateOptions,
): number {
  if (options?.json) {
    const reports = files.map(validateReport);
    const valid = reports.every((report) => report.valid);
    output.out(JSON.stringify({ command: "validate", valid, files: reports }, null, 2));
    return valid ? 0 : 1;
  }
  return files.map((file) => runValidate(file, output, options)).reduce((worst, code) => Math.max(worst, code), 0);
}

function nonNegativeInteger(value: string): number {
  if (!/^\d+$/.test(value)) throw new InvalidArgumentError("expected a whole number (0 = no limit)");
  return Number(value);
}

export function registerValidateCommand(program: Command): void {
  program
    .command("validate")
    .description("check inventories against the schema and the semantic rules; list every problem")
    .argument("[paths...]", "inventory files (default: $LOGHOP_INVENTORY, else examples/inventory.json)")
    .option(
      "--max-problems <n>",
      "print at most n problems per file; 0 = all",
      nonNegativeInteger,
      DEFAULT_MAX_PROBLEMS,
    )
    .option("--json", "print one JSON document: each file's problems, warnings and the rules that ran")
    .action((paths: string[], options: ValidateOptions) => {
      process.exitCode = runValidateAll(paths.length > 0 ? paths : [selectedInventoryPath()], consoleOutput, options);
    });
}
