/**
 * Where the agent's pods run and how they roll: node selection (the control-plane exclusion
 * combined with the inventory's node selector and affinity), tolerations, priority, pull
 * secrets and the DaemonSet's update strategy.
 */
import { CONTROL_PLANE_NODE_LABELS } from "../../inventory/agent-pod";
import type { ResolvedCluster } from "../../inventory/resolved";
import type { NodeSelectorRequirement, Toleration } from "../../inventory/types";
import { sortedRecord } from "../sort";

/** Inventory requirements with their keys in a fixed order (`values` only where given). */
function requirement(r: NodeSelectorRequirement): object {
  return { key: r.key, operator: r.operator, ...(r.values === undefined ? {} : { values: [...r.values] }) };
}

const CONTROL_PLANE_EXCLUSION: readonly object[] = CONTROL_PLANE_NODE_LABELS.map((key) => ({
  key,
  operator: "DoesNotExist",
}));

/**
 * Tolerations say which taints the agent accepts, not which nodes it avoids: the default
 * (every NoSchedule taint) also tolerates the control-plane taint. Required node affinity keeps
 * it off control-plane nodes, whose host holds etcd and the cluster's keys, whatever the
 * tolerations. The inventory's node affinity is combined with that exclusion, never instead
 * of it: terms are ORed and a term's expressions ANDed, so the exclusion joins every term
 * ((A ∨ B) ∧ X = (A ∧ X) ∨ (B ∧ X)); a term without it would admit control-plane nodes.
 */
function affinity(cluster: ResolvedCluster): object | undefined {
  const exclusion = cluster.vector.scheduleOnControlPlane ? [] : CONTROL_PLANE_EXCLUSION;
  const user = cluster.vector.affinity?.nodeAffinity;
  const userTerms = user?.requiredDuringSchedulingIgnoredDuringExecution?.nodeSelectorTerms ?? [];
  const terms =
    userTerms.length > 0
      ? userTerms.map((term) => ({ matchExpressions: [...term.matchExpressions.map(requirement), ...exclusion] }))
      : exclusion.length > 0
        ? [{ matchExpressions: [...exclusion] }]
        : [];
  const preferred = (user?.preferredDuringSchedulingIgnoredDuringExecution ?? []).map((p) => ({
    weight: p.weight,
    preference: { matchExpressions: p.preference.matchExpressions.map(requirement) },
  }));
  if (terms.length === 0 && preferred.length === 0) return undefined;
  return {
    nodeAffinity: {
      ...(terms.length === 0 ? {} : { requiredDuringSchedulingIgnoredDuringExecution: { nodeSelectorTerms: terms } }),
      ...(preferred.length === 0 ? {} : { preferredDuringSchedulingIgnoredDuringExecution: preferred }),
    },
  };
}

/** The DaemonSet's update strategy with a fixed key order; undefined = Kubernetes' default. */
export function updateStrategy(cluster: ResolvedCluster): object | undefined {
  const strategy = cluster.vector.updateStrategy;
  if (strategy === undefined) return undefined;
  return {
    type: strategy.type,
    ...(strategy.rollingUpdate === undefined
      ? {}
      : { rollingUpdate: { maxUnavailable: strategy.rollingUpdate.maxUnavailable } }),
  };
}

/** Scheduling fields of the agent's pod spec; each optional one is set only when the inventory sets it. */
export function schedulingOptions(cluster: ResolvedCluster): object {
  const v = cluster.vector;
  const podAffinity = affinity(cluster);
  return {
    ...(v.priorityClassName === undefined ? {} : { priorityClassName: v.priorityClassName }),
    ...(Object.keys(v.nodeSelector).length === 0 ? {} : { nodeSelector: sortedRecord(v.nodeSelector) }),
    ...(podAffinity === undefined ? {} : { affinity: podAffinity }),
    tolerations: tolerations(v.tolerations),
    ...(v.imagePullSecrets.length === 0 ? {} : { imagePullSecrets: v.imagePullSecrets.map((name) => ({ name })) }),
  };
}

/** Inventory tolerations with their keys in a fixed order and unset fields left out. */
function tolerations(list: readonly Toleration[]): object[] {
  return list.map((t) =>
    Object.fromEntries(
      (["key", "operator", "value", "effect", "tolerationSeconds"] as const)
        .filter((field) => t[field] !== undefined)
        .map((field) => [field, t[field]]),
    ),
  );
}
