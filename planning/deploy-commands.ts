/**
 * The exact commands that apply a plan's stacks, one per applier, in deploy order. `cdktf deploy`
 * orders the stacks it is given by their dependencies; `--ignore-missing-stack-dependencies` lets
 * it deploy a changed stack whose unchanged dependencies are already applied.
 */
import { synthesizedStackDirectory } from "../inventory/names";
import type { ResolvedInventory } from "../inventory/resolved";
import type { DeployStep, StackApplier } from "../stacks/app";

export interface DeployCommand {
  readonly appliedBy: StackApplier;
  readonly stacks: readonly string[];
  /** A shell command, run from the project directory (the customer's: from the directory we send). */
  readonly command: string;
  /** With whose credentials, where, and when. */
  readonly note: string;
}

/** Quotes a shell word unless it is plainly safe. */
function shellWord(word: string): string {
  return /^[A-Za-z0-9_./:=@%+-]+$/.test(word) ? word : `'${word.replace(/'/g, `'\\''`)}'`;
}

function cdktfDeploy(inventoryPath: string, stacks: readonly string[]): string {
  return [
    "CHECKPOINT_DISABLE=1",
    `LOGHOP_INVENTORY=${shellWord(inventoryPath)}`,
    "npx cdktf deploy",
    ...stacks.map(shellWord),
    "--ignore-missing-stack-dependencies",
  ].join(" ");
}

export function deployCommands(
  steps: readonly DeployStep[],
  inventory: ResolvedInventory,
  inventoryPath: string,
): DeployCommand[] {
  const cloud = inventory.central.backend.type === "cloud";
  const names = (filter: (step: DeployStep) => boolean): string[] => steps.filter(filter).map((s) => s.stackName);
  const commands: DeployCommand[] = [];

  const bootstrap = names((step) => step.kind === "tfc-bootstrap");
  if (bootstrap.length > 0) {
    commands.push({
      appliedBy: "us",
      stacks: bootstrap,
      command: cdktfDeploy(inventoryPath, bootstrap),
      note: "before merging, from a workstation with the deploy roles and a TFC token that manages workspaces",
    });
  }
  const ours = names((step) => step.appliedBy === "us" && step.kind !== "tfc-bootstrap");
  if (ours.length > 0) {
    commands.push({
      appliedBy: "us",
      stacks: ours,
      command: cdktfDeploy(inventoryPath, ours),
      note: cloud
        ? "run in Terraform Cloud by the main-branch workflow after merge (the same command it runs)"
        : "with credentials that can assume the deploy roles",
    });
  }
  const tenants = new Map(inventory.tenants.map((tenant) => [tenant.id, tenant]));
  for (const step of steps.filter((s) => s.appliedBy === "customer")) {
    const accountId = tenants.get(step.entity ?? "")?.accountId ?? "their account";
    commands.push({
      appliedBy: "customer",
      stacks: [step.stackName],
      command: `cd ${synthesizedStackDirectory(step.stackName)} && terraform init && terraform apply`,
      note: `by the customer in account ${accountId}, after the stacks above: send them the directory and their onboarding page`,
    });
  }
  const clusters = names((step) => step.appliedBy === "cluster");
  if (clusters.length > 0) {
    commands.push({
      appliedBy: "cluster",
      stacks: clusters,
      command: cdktfDeploy(inventoryPath, clusters),
      note: cloud
        ? "run on each cluster's TFC agent pool by the main-branch workflow after merge"
        : "with each cluster's kubeconfig context (kube.context) and the cluster deploy roles",
    });
  }
  return commands;
}
