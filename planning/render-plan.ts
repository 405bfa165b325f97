/** The plan as text for people (`loghop plan`) and as JSON for scripts (`loghop plan --json`). */
import { DEFAULT_OUT_DIR } from "../generators/index";
import type { StackApplier } from "../stacks/app";
import type { ChangePlan } from "./change-plan";

const APPLIER_HEADINGS: Readonly<Record<StackApplier, string>> = {
  us: "Applied by us, in our accounts",
  customer: "Applied by the customer, in their account",
  cluster: "Applied against the cluster",
};

const APPLIERS: readonly StackApplier[] = ["us", "customer", "cluster"];

export function renderPlanText(plan: ChangePlan, baseLabel: string): string[] {
  const lines: string[] = [];
  const count = plan.stacks.length;
  lines.push(`${count} stack${count === 1 ? "" : "s"} changed compared with ${baseLabel} (backend ${plan.backend})`);
  if (plan.inventoryChanges === undefined) {
    lines.push("inventory changes: unknown (the base output has no loghop-inventory.json)");
  } else if (plan.inventoryChanges.length === 0) {
    lines.push("inventory changes: none");
  } else {
    lines.push("inventory changes:", ...plan.inventoryChanges.map((change) => `  - ${change}`));
  }
  let position = 0;
  for (const applier of APPLIERS) {
    const stacks = plan.stacks.filter((stack) => stack.appliedBy === applier);
    if (stacks.length === 0) continue;
    lines.push("", `${APPLIER_HEADINGS[applier]}:`);
    for (const stack of stacks) {
      position += 1;
      const status = stack.status === "added" ? " (new)" : "";
      lines.push(`  ${position}. ${stack.stackName}${status}: ${stack.reason}`);
    }
    for (const command of plan.commands.filter((c) => c.appliedBy === applier)) {
      lines.push(`  $ ${command.command}`, `    (${command.note})`);
    }
  }
  if (plan.removedStacks.length > 0) {
    lines.push(
      "",
      "No longer synthesized (deploy does not destroy them; destroy from the base's synth output first):",
      ...plan.removedStacks.map((stack) => `  - ${stack}`),
    );
  }
  if (plan.onboarding !== undefined && plan.onboarding.length > 0) {
    lines.push(
      "",
      "Onboarding documents changed (send them; a self-applying customer re-applies its stack):",
      ...plan.onboarding.map((doc) => `  - ${DEFAULT_OUT_DIR}/${doc.path} (${doc.status})`),
    );
  }
  return lines;
}

export function renderPlanJson(plan: ChangePlan, baseLabel: string): string {
  return JSON.stringify({ base: baseLabel, ...plan }, null, 2);
}
