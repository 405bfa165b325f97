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

/**
 * Host paths the agent must never see: pod secrets and service-account tokens (kubelet), etcd
 * and cluster keys, host configuration, kernel interfaces, its own writable data dir.
 */
const HOST_SECRETS = [
  "/var/lib/kubelet",
  "/var/lib/etcd",
  "/etc",
  "/root",
  "/home",
  "/proc",
  "/sys",
  "/dev",
  "/run",
  "/var/run",
  "/var/lib/vector",
];

/** The secret path a directory would expose (it is one, lies inside one, or contains one). */
function exposedSecret(dir: string): string | undefined {
  return HOST_SECRETS.find((secret) => dir === secret || dir.startsWith(`${secret}/`) || secret.startsWith(`${dir}/`));
}

/** The runtime's log directory is an extra read-only host mount: only for Docker, and never a broad one. */
const containerLogDir: InventoryRule = {
  id: "loghop:inventory:container-log-dir",
  description: "containerLogDir is set only for the docker runtime and exposes no kubelet, etcd or host secrets.",
  severity: "error",
  reads: ["/clusters/*/vector/containerLogDir", "/clusters/*/vector/containerRuntime", "/clusters/*/platform"],
  check: (inventory) =>
    inventory.clusters.flatMap((cluster, c) => {
      const dir = cluster.vector?.containerLogDir;
      if (dir === undefined) return [];
      const at = pointer("clusters", c, "vector", "containerLogDir");
      const runtime = cluster.vector?.containerRuntime ?? DEFAULTS.vector.containerRuntime[cluster.platform];
      if (runtime !== "docker") {
        return [
          {
            path: at,
            message: `only used with containerRuntime "docker"; ${runtime} writes pod logs under /var/log/pods, which the agent already mounts: remove it`,
          },
        ];
      }
      const secret = exposedSecret(dir);
      return secret === undefined
        ? []
        : [
            {
              path: at,
              message: `"${dir}" would mount ${secret} into the agent; give the runtime's container log directory only, e.g. ${DEFAULTS.vector.dockerLogDir}`,
            },
          ];
    }),
};

export const vectorRules: readonly InventoryRule[] = [vectorResources, containerLogDir];
