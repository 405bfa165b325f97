/**
 * Rules on the agent's scheduling and pod metadata options: each option may tune the pod,
 * none may undo what loghop relies on (its selector and tenant labels, the config checksum,
 * the security profile, the control-plane exclusion), and each is checked the way the API
 * server would check it, so a bad value fails at `validate`, not at apply.
 */
import {
  COMMON_LABEL_KEYS,
  CONFIG_CHECKSUM_ANNOTATION,
  CONTROL_PLANE_NODE_LABELS,
  LOGHOP_KEY_PREFIX,
  SECURITY_ANNOTATION_PREFIXES,
  SELECTOR_LABEL_KEYS,
} from "../agent-pod";
import type { InventoryProblem } from "../errors";
import type { Cluster, NodeSelectorRequirement, NodeSelectorTerm } from "../types";
import { pointer } from "../validate-pointer";
import type { InventoryRule } from "./types";

const LOGHOP_LABEL_KEYS: ReadonlySet<string> = new Set([
  ...Object.values(SELECTOR_LABEL_KEYS),
  ...Object.values(COMMON_LABEL_KEYS),
]);

/** Why loghop needs a label key of any agent object for itself; undefined = the user may set it. */
function reservedObjectLabel(key: string): string | undefined {
  if (LOGHOP_LABEL_KEYS.has(key)) {
    return "loghop sets it on every agent object (the DaemonSet, Service, NetworkPolicy and PodMonitor select pods by app.kubernetes.io/name and instance)";
  }
  return key.startsWith(LOGHOP_KEY_PREFIX) ? `keys under ${LOGHOP_KEY_PREFIX} are loghop's own` : undefined;
}

/** Why a pod label is refused: loghop's own, or one the tenant rule reads from pods. */
function reservedPodLabel(key: string, cluster: Cluster): string | undefined {
  const own = reservedObjectLabel(key);
  if (own !== undefined) return own;
  const source = cluster.tenantSource;
  if (source.from === "podLabel" && key === source.key) {
    return `it is the cluster's tenant pod label (tenantSource.key): on the agent's own pods it would name a tenant for the agent's logs (includeOwnNamespace)`;
  }
  return undefined;
}

/** Why an annotation key is refused; undefined = the user may set it. */
function reservedAnnotation(key: string): string | undefined {
  if (key === CONFIG_CHECKSUM_ANNOTATION)
    return "loghop sets it to vector.yaml's sha256 so a config change rolls the pods";
  if (key.startsWith(LOGHOP_KEY_PREFIX)) return `keys under ${LOGHOP_KEY_PREFIX} are loghop's own`;
  const security = SECURITY_ANNOTATION_PREFIXES.find((prefix) => key === prefix || key.startsWith(prefix));
  return security === undefined
    ? undefined
    : "it chooses the pod's AppArmor, seccomp or SCC profile, which loghop fixes (RuntimeDefault seccomp, its own SCC)";
}

function keyProblems(
  map: Readonly<Record<string, string>> | undefined,
  at: (key: string) => string,
  reason: (key: string) => string | undefined,
  what: string,
): InventoryProblem[] {
  return Object.keys(map ?? {}).flatMap((key) => {
    const why = reason(key);
    return why === undefined
      ? []
      : [{ path: at(key), message: `${what} "${key}" is refused: ${why}; use another key` }];
  });
}

const agentPodMetadata: InventoryRule = {
  id: "loghop:inventory:agent-pod-metadata",
  description:
    "Extra pod labels, pod annotations and PodMonitor labels never override a label or annotation loghop sets or relies on.",
  severity: "error",
  reads: [
    "/clusters/*/vector/podLabels",
    "/clusters/*/vector/podAnnotations",
    "/clusters/*/vector/podMonitor",
    "/clusters/*/tenantSource",
  ],
  check: (inventory) =>
    inventory.clusters.flatMap((cluster, c) => {
      const at =
        (...field: string[]) =>
        (key: string) =>
          pointer("clusters", c, "vector", ...field, key);
      const podLabel = (key: string) => reservedPodLabel(key, cluster);
      return [
        ...keyProblems(cluster.vector?.podLabels, at("podLabels"), podLabel, "pod label"),
        ...keyProblems(cluster.vector?.podAnnotations, at("podAnnotations"), reservedAnnotation, "pod annotation"),
        ...keyProblems(
          cluster.vector?.podMonitor?.labels,
          at("podMonitor", "labels"),
          reservedObjectLabel,
          "PodMonitor label",
        ),
      ];
    }),
};

/** What the API server requires of a requirement's values; undefined = valid. */
function requirementProblem(requirement: NodeSelectorRequirement): string | undefined {
  const values = requirement.values ?? [];
  switch (requirement.operator) {
    case "In":
    case "NotIn":
      return values.length > 0 ? undefined : `operator ${requirement.operator} needs at least one value`;
    case "Exists":
    case "DoesNotExist":
      return values.length === 0 ? undefined : `operator ${requirement.operator} takes no values; remove them`;
    case "Gt":
    case "Lt":
      return values.length === 1 && /^-?[0-9]+$/.test(values[0] ?? "")
        ? undefined
        : `operator ${requirement.operator} needs exactly one integer value, got ${JSON.stringify(values)}`;
  }
}

/** A requirement only control-plane nodes meet (which the agent's affinity then contradicts). */
function selectsControlPlane(requirement: NodeSelectorRequirement): boolean {
  return (
    CONTROL_PLANE_NODE_LABELS.includes(requirement.key) &&
    requirement.operator !== "DoesNotExist" &&
    requirement.operator !== "NotIn"
  );
}

function termProblems(term: NodeSelectorTerm, at: string, excludesControlPlane: boolean): InventoryProblem[] {
  return term.matchExpressions.flatMap((requirement, r) => {
    const path = `${at}/matchExpressions/${r}`;
    const problem = requirementProblem(requirement);
    const problems: InventoryProblem[] = problem === undefined ? [] : [{ path, message: problem }];
    if (excludesControlPlane && selectsControlPlane(requirement)) {
      problems.push({
        path,
        message: `"${requirement.key}" selects control-plane nodes, which the agent is kept off (no node could match this term); set "scheduleOnControlPlane": true or remove it`,
      });
    }
    return problems;
  });
}

const agentNodeAffinity: InventoryRule = {
  id: "loghop:inventory:agent-node-affinity",
  description:
    "Node selector and affinity requirements are ones Kubernetes accepts, and none selects control-plane nodes unless scheduleOnControlPlane.",
  severity: "error",
  reads: [
    "/clusters/*/vector/affinity",
    "/clusters/*/vector/nodeSelector",
    "/clusters/*/vector/scheduleOnControlPlane",
  ],
  check: (inventory) =>
    inventory.clusters.flatMap((cluster, c) => {
      const excludes = cluster.vector?.scheduleOnControlPlane !== true;
      const base = pointer("clusters", c, "vector");
      const nodeAffinity = cluster.vector?.affinity?.nodeAffinity;
      const required = nodeAffinity?.requiredDuringSchedulingIgnoredDuringExecution?.nodeSelectorTerms ?? [];
      const preferred = nodeAffinity?.preferredDuringSchedulingIgnoredDuringExecution ?? [];
      const selector = Object.keys(cluster.vector?.nodeSelector ?? {}).filter(
        (key) => excludes && CONTROL_PLANE_NODE_LABELS.includes(key),
      );
      return [
        ...required.flatMap((term, t) =>
          termProblems(
            term,
            `${base}/affinity/nodeAffinity/requiredDuringSchedulingIgnoredDuringExecution/nodeSelectorTerms/${t}`,
            excludes,
          ),
        ),
        // A preference for control-plane nodes is harmless (it cannot be met), so only values are checked.
        ...preferred.flatMap((item, p) =>
          termProblems(
            item.preference,
            `${base}/affinity/nodeAffinity/preferredDuringSchedulingIgnoredDuringExecution/${p}/preference`,
            false,
          ),
        ),
        ...selector.map((key) => ({
          path: pointer("clusters", c, "vector", "nodeSelector", key),
          message: `"${key}" selects control-plane nodes, which the agent is kept off (no node could run it); set "scheduleOnControlPlane": true or remove it`,
        })),
      ];
    }),
};

const agentUpdateStrategy: InventoryRule = {
  id: "loghop:inventory:agent-update-strategy",
  description: "rollingUpdate is set only with the RollingUpdate strategy.",
  severity: "error",
  reads: ["/clusters/*/vector/updateStrategy"],
  check: (inventory) =>
    inventory.clusters.flatMap((cluster, c) => {
      const strategy = cluster.vector?.updateStrategy;
      if (strategy === undefined || strategy.type === "RollingUpdate" || strategy.rollingUpdate === undefined)
        return [];
      return [
        {
          path: pointer("clusters", c, "vector", "updateStrategy", "rollingUpdate"),
          message: `only allowed with "type": "RollingUpdate" (Kubernetes refuses it with ${strategy.type}); remove it`,
        },
      ];
    }),
};

const agentPodMonitor: InventoryRule = {
  id: "loghop:inventory:agent-pod-monitor",
  description: "The PodMonitor's scrape timeout is at most its interval.",
  severity: "error",
  reads: ["/clusters/*/vector/podMonitor"],
  check: (inventory) =>
    inventory.clusters.flatMap((cluster, c) => {
      const monitor = cluster.vector?.podMonitor;
      const interval = monitor?.intervalSeconds;
      const timeout = monitor?.scrapeTimeoutSeconds;
      if (interval === undefined || timeout === undefined || timeout <= interval) return [];
      return [
        {
          path: pointer("clusters", c, "vector", "podMonitor", "scrapeTimeoutSeconds"),
          message: `must be at most intervalSeconds (${interval}); got ${timeout} (Prometheus refuses a timeout longer than the interval)`,
        },
      ];
    }),
};

const agentTolerations: InventoryRule = {
  id: "loghop:inventory:agent-tolerations",
  description:
    "Tolerations are ones Kubernetes accepts: tolerationSeconds only with NoExecute, no value with Exists, no key only with Exists.",
  severity: "error",
  reads: ["/clusters/*/vector/tolerations"],
  check: (inventory) =>
    inventory.clusters.flatMap((cluster, c) =>
      (cluster.vector?.tolerations ?? []).flatMap((toleration, t) => {
        const at = (field: string) => pointer("clusters", c, "vector", "tolerations", t, field);
        const operator = toleration.operator ?? "Equal";
        const problems: InventoryProblem[] = [];
        if (toleration.tolerationSeconds !== undefined && toleration.effect !== "NoExecute") {
          problems.push({
            path: at("tolerationSeconds"),
            message: `only allowed with "effect": "NoExecute" (it says how long the pod stays on a node after such a taint appears); got effect ${toleration.effect ?? "(any)"}`,
          });
        }
        if (operator === "Exists" && toleration.value !== undefined && toleration.value !== "") {
          problems.push({ path: at("value"), message: `must be absent with "operator": "Exists"` });
        }
        if (toleration.key === undefined && operator !== "Exists") {
          problems.push({ path: at("operator"), message: `a toleration without a key must use "operator": "Exists"` });
        }
        return problems;
      }),
    ),
};

export const agentPodRules: readonly InventoryRule[] = [
  agentPodMetadata,
  agentNodeAffinity,
  agentUpdateStrategy,
  agentPodMonitor,
  agentTolerations,
];
