/**
 * `loghop ci`: write the GitHub Actions workflow that validates, tests and plans pull requests
 * and deploys the main branch through Terraform Cloud, plus the `.terraformignore` its
 * CLI-driven runs need. `--check` writes nothing and fails if either file is missing or stale.
 */
import { existsSync, mkdirSync, readFileSync, writeFileSync } from "node:fs";
import { dirname, isAbsolute, relative, sep } from "node:path";
import type { Command } from "commander";
import { renderTerraformIgnore } from "../../ci/terraformignore";
import { loadInventory, selectedInventoryPath } from "../../inventory/load";
import { INVENTORY_OPTION_HELP } from "../option-parsers";
import { consoleOutput, type CommandOutput } from "./validate";

const DEFAULT_WORKFLOW_PATH = ".github/workflows/loghop.yml";
const DEFAULT_TERRAFORMIGNORE_PATH = ".terraformignore";

export interface CiOptions {
  readonly inventory: string;
  readonly out: string;
  readonly terraformignore: string;
  readonly check: boolean;
}

/** The inventory path as the workflow records it: relative, with `/`, the same on every machine. */
function portablePath(file: string): string {
  const path = isAbsolute(file) ? relative(process.cwd(), file) : file;
  return path.split(sep).join("/");
}

/** Render both files; write them, or with `check` compare them. Returns the exit code. */
export function runCi(options: CiOptions, output: CommandOutput = consoleOutput): number {
  // Loaded on use: the workflow's deploy layers come from the TFC stack plan, which loads cdktf.
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  const workflow = require("../../ci/github-workflow") as typeof import("../../ci/github-workflow");
  const { BOOTSTRAP_ROLE_VARIABLE, renderGithubWorkflow, TF_API_TOKEN_SECRET, TF_PLAN_TOKEN_SECRET } = workflow;
  const { inventory } = loadInventory(options.inventory);
  const files: [string, string][] = [
    [options.out, renderGithubWorkflow(inventory, { inventoryPath: portablePath(options.inventory) })],
    [options.terraformignore, renderTerraformIgnore()],
  ];
  if (options.check) {
    const stale = files.filter(([file, text]) => !existsSync(file) || readFileSync(file, "utf8") !== text);
    for (const [file] of stale) output.err(`${file}: missing or out of date: run \`loghop ci\` and commit it`);
    if (stale.length === 0) output.out(`${files.map(([file]) => file).join(", ")}: up to date`);
    return stale.length === 0 ? 0 : 1;
  }
  for (const [file, text] of files) {
    mkdirSync(dirname(file), { recursive: true });
    writeFileSync(file, text);
    output.out(`wrote ${file}`);
  }
  output.out(
    `the workflow reads secret ${TF_PLAN_TOKEN_SECRET} (TFC team token with plan-only access: pull requests) and ` +
      `secret ${TF_API_TOKEN_SECRET} (TFC team token that applies: only in environment "${inventory.environment}", protect it)`,
  );
  if (inventory.tfc?.bootstrapState.type === "s3") {
    output.out(`and repository variable ${BOOTSTRAP_ROLE_VARIABLE} (role the bootstrap job assumes via GitHub OIDC)`);
  }
  return 0;
}

export function registerCiCommand(program: Command): void {
  program
    .command("ci")
    .summary("write the GitHub Actions workflow that plans pull requests and deploys main")
    .description("write the GitHub Actions workflow (plan PRs, deploy main through Terraform Cloud)")
    .option("--inventory <path>", INVENTORY_OPTION_HELP)
    .option("--out <path>", "workflow file to write", DEFAULT_WORKFLOW_PATH)
    .option("--terraformignore <path>", "upload filter of CLI-driven TFC runs", DEFAULT_TERRAFORMIGNORE_PATH)
    .option("--check", "write nothing; exit 1 if the files are missing or out of date")
    .action((opts: { inventory?: string; out: string; terraformignore: string; check?: boolean }) => {
      process.exitCode = runCi({
        ...opts,
        inventory: opts.inventory ?? selectedInventoryPath(),
        check: opts.check === true,
      });
    });
}
