/**
 * CI helper for the generated workflow (run with `npx tsx ci/tfc-stacks.ts <mode>`):
 *
 * - `changed --base <cdktf.out> [--head <cdktf.out>]`: prints `stacks=<…>` for `$GITHUB_OUTPUT`,
 *   the TFC-deployed stacks the change touches, in deploy order, leaving out (with a notice)
 *   those whose workspace does not exist yet — the bootstrap creates it after merge — and those
 *   that run on an agent pool (see `plannableFromPullRequest`).
 * - `require-workspaces`: fails, naming them, if any workspace is missing, before a deploy would
 *   let `terraform init` create a bare workspace without its run role.
 *
 * The token is read from Terraform's own variable for the host (`TF_TOKEN_app_terraform_io`).
 */
import { parseArgs } from "node:util";
import { tfcTokenEnvName } from "../inventory/names";
import { loadInventory } from "../inventory/load";
import { planTfc, type TfcPlan, type TfcWorkspacePlan } from "../stacks/tfc-bootstrap";
import { changedStacks } from "./changed-stacks";
import { workspaceExists, type Fetch } from "./tfc-api";

export interface TfcStacksIo {
  readonly env: NodeJS.ProcessEnv;
  readonly out: (line: string) => void;
  readonly err: (line: string) => void;
  readonly fetch?: Fetch;
}

async function split(
  plan: TfcPlan,
  workspaces: readonly TfcWorkspacePlan[],
  io: TfcStacksIo,
): Promise<{ existing: TfcWorkspacePlan[]; missing: TfcWorkspacePlan[] }> {
  const tokenVariable = tfcTokenEnvName(plan.settings.hostname);
  const token = io.env[tokenVariable];
  if (token === undefined || token === "") throw new Error(`environment variable ${tokenVariable} is required`);
  const existing: TfcWorkspacePlan[] = [];
  const missing: TfcWorkspacePlan[] = [];
  for (const ws of workspaces) {
    const found = await workspaceExists(plan.settings, ws.workspaceName, token, io.fetch);
    (found ? existing : missing).push(ws);
  }
  return { existing, missing };
}

/**
 * A pull request's speculative plan runs the pull request's configuration, and a `data "external"`
 * in it runs any program on the machine that plans. On TFC's own runners that machine holds only
 * the plan phase's read-only credentials; an agent pool's agents (cluster workspaces) also hold
 * the cluster's kubeconfig, which Kubernetes cannot split into a plan and an apply credential.
 * So pull requests never plan on agents: those stacks are planned by the main-branch deploy.
 */
export function plannableFromPullRequest(ws: TfcWorkspacePlan): boolean {
  return ws.agentPoolId === undefined;
}

/** Runs one mode; returns the exit code. */
export async function runTfcStacks(argv: readonly string[], plan: TfcPlan, io: TfcStacksIo): Promise<number> {
  const { values, positionals } = parseArgs({
    args: [...argv],
    allowPositionals: true,
    options: { base: { type: "string" }, head: { type: "string", default: "cdktf.out" } },
  });
  const mode = positionals[0];
  if (mode === "changed" && values.base !== undefined) {
    const names = changedStacks(
      values.base,
      values.head,
      plan.workspaces.map((ws) => ws.stackName),
    );
    const touched = plan.workspaces.filter((ws) => names.includes(ws.stackName));
    for (const ws of touched.filter((w) => !plannableFromPullRequest(w))) {
      io.err(
        `::notice::${ws.stackName} changed, but its workspace runs on agent pool ${ws.agentPoolId}, which holds the ` +
          "cluster's kubeconfig: not planned from a pull request (the deploy after merge plans and applies it)",
      );
    }
    const { existing, missing } = await split(plan, touched.filter(plannableFromPullRequest), io);
    for (const ws of missing) {
      io.err(`::notice::${ws.stackName} changed, but workspace ${ws.workspaceName} does not exist yet: not planned`);
    }
    io.out(`stacks=${existing.map((ws) => ws.stackName).join(" ")}`);
    return 0;
  }
  if (mode === "require-workspaces") {
    const { missing } = await split(plan, plan.workspaces, io);
    for (const ws of missing) {
      io.err(
        `::error::workspace ${ws.workspaceName} (stack ${ws.stackName}) is missing: apply the tfc-bootstrap stack`,
      );
    }
    return missing.length === 0 ? 0 : 1;
  }
  io.err("usage: tfc-stacks changed --base <base cdktf.out> [--head <cdktf.out>] | tfc-stacks require-workspaces");
  return 2;
}

if (require.main === module) {
  const io: TfcStacksIo = {
    env: process.env,
    out: (line) => process.stdout.write(`${line}\n`),
    err: (line) => process.stderr.write(`${line}\n`),
  };
  void runTfcStacks(process.argv.slice(2), planTfc(loadInventory().inventory), io).then(
    (code) => (process.exitCode = code),
    (error: unknown) => {
      io.err(String(error instanceof Error ? error.message : error));
      process.exitCode = 1;
    },
  );
}
