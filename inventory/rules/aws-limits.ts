/**
 * AWS size and count limits: the documents the stacks would deploy, measured before synth. The
 * measuring lives beside the stacks' own policy builders (stacks/limits), which it calls, so what
 * is measured is exactly what is deployed.
 */
import { limitProblems } from "../../stacks/limits/predict-limits";
import { resolveInventory } from "../resolve";
import type { InventoryRule } from "./types";

export const awsLimitRules: InventoryRule[] = [
  {
    id: "loghop:inventory:aws-limits",
    description: "every policy, environment and item loghop deploys fits AWS's size and count limits",
    severity: "error",
    // The documents are built from nearly the whole inventory.
    reads: ["/prefix", "/central", "/tenants", "/clusters"],
    check(inventory) {
      return limitProblems(resolveInventory(inventory));
    },
  },
];
