/** Rules on the Vector agent settings that span fields. */
import { DEFAULTS } from "../defaults";
import { pointer } from "../validate-pointer";
import type { InventoryProblem } from "../errors";
import type { InventoryRule } from "./types";

const MEMORY_UNITS: Record<string, number> = {
  "": 1,
  k: 1e3,
  M: 1e6,
  G: 1e9,
  T: 1e12,
  Ki: 2 ** 10,
  Mi: 2 ** 20,
  Gi: 2 ** 30,
  Ti: 2 ** 40,
};

/** Cores of a CPU quantity as the schema allows it (`100m`, `1`, `1.5`). */
function cpuCores(quantity: string): number {
  return quantity.endsWith("m") ? Number(quantity.slice(0, -1)) / 1000 : Number(quantity);
}

/** Bytes of a memory quantity as the schema allows it (`256Mi`, `1Gi`, `500M`, `1024`). */
function memoryBytes(quantity: string): number {
  const match = /^([0-9.]+)([A-Za-z]*)$/.exec(quantity);
  return match ? Number(match[1]) * (MEMORY_UNITS[match[2] ?? ""] ?? Number.NaN) : Number.NaN;
}

/** Kubernetes rejects a pod whose request exceeds its limit. */
const vectorResources: InventoryRule = {
  id: "loghop:inventory:vector-resources",
  description: "The agent's resource requests do not exceed its limits (defaults applied).",
  severity: "error",
  reads: ["/clusters/*/vector/requests", "/clusters/*/vector/limits"],
  check: (inventory) =>
    inventory.clusters.flatMap((cluster, c) => {
      const requests = { ...DEFAULTS.vector.requests, ...cluster.vector?.requests };
      const limits = { ...DEFAULTS.vector.limits, ...cluster.vector?.limits };
      const problems: InventoryProblem[] = [];
      if (cpuCores(requests.cpu) > cpuCores(limits.cpu)) {
        problems.push({
          path: pointer("clusters", c, "vector", "requests", "cpu"),
          message: `CPU request ${requests.cpu} exceeds the CPU limit ${limits.cpu}; Kubernetes requires request ≤ limit`,
        });
      }
      if (memoryBytes(requests.memory) > memoryBytes(limits.memory)) {
        problems.push({
          path: pointer("clusters", c, "vector", "requests", "memory"),
          message: `memory request ${requests.memory} exceeds the memory limit ${limits.memory}; Kubernetes requires request ≤ limit`,
        });
      }
      return problems;
    }),
};

export const vectorRules: readonly InventoryRule[] = [vectorResources];
