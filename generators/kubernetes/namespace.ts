/** The agent's namespace. */
import type { ResolvedCluster } from "../../inventory/resolved";
import type { KubeObject } from "../types";
import { commonLabels } from "./labels";

export function buildNamespace(cluster: ResolvedCluster): KubeObject {
  const labels: Record<string, string> = {
    ...commonLabels(cluster),
    // hostPath volumes are outside the baseline and restricted Pod Security
    // levels, so the namespace must admit "privileged" pods. Only the agent
    // runs here, and its own spec stays unprivileged (see daemon-set.ts).
    "pod-security.kubernetes.io/enforce": "privileged",
    "pod-security.kubernetes.io/audit": "privileged",
    "pod-security.kubernetes.io/warn": "privileged",
  };
  if (cluster.platform === "openshift") {
    // Keep OpenShift's label syncer from rewriting the levels above.
    labels["security.openshift.io/scc.podSecurityLabelSync"] = "false";
  }
  return { apiVersion: "v1", kind: "Namespace", metadata: { name: cluster.vector.namespace, labels } };
}
