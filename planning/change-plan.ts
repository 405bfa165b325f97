/**
 * `loghop plan`'s answer: the stacks whose Terraform JSON a change touches, in deploy order, who
 * applies each, why (the inventory changes that can explain it, and the resources that differ),
 * the commands to apply them, and the onboarding documents (pages, CloudFormation templates) to send again.
 */
import type { ResolvedInventory } from "../inventory/resolved";
import type { BackendConfig } from "../inventory/types";
import type { DeployStep } from "../stacks/app";
import { compareSynthOutputs, synthesizedStack } from "../ci/changed-stacks";
import { deployCommands, type DeployCommand } from "./deploy-commands";
import { diffInventories, explains, type InventoryChange } from "./inventory-diff";
import { onboardingChanges, type DocumentChange } from "./onboarding-diff";
import { resourceChanges, summarizeResourceChanges, type ResourceChanges } from "./resource-diff";
import type { SynthesizedInventory } from "./synth";

export interface PlannedStack extends DeployStep {
  /** `added`: the base has no such stack. */
  readonly status: "added" | "changed";
  /** One line: the inventory changes that explain it, then the resources that differ. */
  readonly reason: string;
  readonly resources: ResourceChanges;
}

export interface ChangePlan {
  readonly backend: BackendConfig["type"];
  /** Undefined when the base's inventory is unknown (a synth output without `loghop-inventory.json`). */
  readonly inventoryChanges: readonly string[] | undefined;
  /** Changed stacks in deploy order. */
  readonly stacks: readonly PlannedStack[];
  /** Stacks the base had and head no longer synthesizes: `cdktf deploy` leaves their resources in place. */
  readonly removedStacks: readonly string[];
  /** Undefined when the base's inventory is unknown. */
  readonly onboarding: readonly DocumentChange[] | undefined;
  readonly commands: readonly DeployCommand[];
}

export interface PlanInputs {
  /** The base's synth output and, when known, the inventory it was built from. */
  readonly base: { readonly outdir: string; readonly inventory: ResolvedInventory | undefined };
  readonly head: SynthesizedInventory;
  /** Inventory file as the user named it: the commands set `LOGHOP_INVENTORY` to it. */
  readonly inventoryPath: string;
}

function reasonFor(
  step: DeployStep,
  changes: readonly InventoryChange[] | undefined,
  resources: ResourceChanges,
): string {
  const evidence = summarizeResourceChanges(resources);
  if (changes === undefined) return evidence;
  const explaining = changes.filter((change) => explains(change, step)).map((change) => change.summary);
  if (explaining.length === 0) return `no inventory change explains it (code or dependencies differ): ${evidence}`;
  return `${explaining.join("; ")}: ${evidence}`;
}

export function planChange(inputs: PlanInputs): ChangePlan {
  const { base, head } = inputs;
  const comparison = compareSynthOutputs(
    base.outdir,
    head.outdir,
    head.steps.map((step) => step.stackName),
  );
  const changes = base.inventory === undefined ? undefined : diffInventories(base.inventory, head.inventory);
  const added = new Set(comparison.added);
  const stacks = head.steps
    .filter((step) => comparison.changed.includes(step.stackName))
    .map((step): PlannedStack => {
      const resources = resourceChanges(
        synthesizedStack(base.outdir, step.stackName),
        synthesizedStack(head.outdir, step.stackName)!,
      );
      return {
        ...step,
        status: added.has(step.stackName) ? "added" : "changed",
        reason: reasonFor(step, changes, resources),
        resources,
      };
    });
  const backend = head.inventory.central.backend.type;
  return {
    backend,
    inventoryChanges: changes?.map((change) => change.summary),
    stacks,
    removedStacks: comparison.removed,
    onboarding: base.inventory === undefined ? undefined : onboardingChanges(base.inventory, head.inventory),
    commands: deployCommands(stacks, head.inventory, inputs.inventoryPath),
  };
}
