/**
 * Labels and annotations of the agent's pods that loghop itself relies on. The generators
 * set them and the inventory rules refuse user options that would override them, so both
 * read them from here.
 */

/** The immutable DaemonSet selector (also the NetworkPolicy's, the Service's and the PodMonitor's). */
export const SELECTOR_LABEL_KEYS = { name: "app.kubernetes.io/name", instance: "app.kubernetes.io/instance" } as const;

/** Recommended labels every agent object carries besides the selector's. */
export const COMMON_LABEL_KEYS = {
  component: "app.kubernetes.io/component",
  partOf: "app.kubernetes.io/part-of",
  managedBy: "app.kubernetes.io/managed-by",
  cluster: "loghop.io/cluster",
} as const;

/** loghop's own label and annotation prefix: no user option may set a key under it. */
export const LOGHOP_KEY_PREFIX = "loghop.io/";

/** Pod template annotation whose change rolls the DaemonSet when vector.yaml changes. */
export const CONFIG_CHECKSUM_ANNOTATION = "checksum/config";

/**
 * Pod annotations that choose a security profile or SCC, so setting one could loosen the
 * agent's confinement: AppArmor (`…/<container>: unconfined`), the legacy seccomp keys and
 * OpenShift's SCC request. Keys equal to or under these are refused.
 */
export const SECURITY_ANNOTATION_PREFIXES = [
  "container.apparmor.security.beta.kubernetes.io/",
  "seccomp.security.alpha.kubernetes.io/",
  "openshift.io/required-scc",
  "openshift.io/scc",
] as const;

/**
 * Labels control-plane nodes carry (kubeadm and OpenShift set both on masters). Only node
 * updates can set them, and the NodeRestriction admission plugin keeps kubelets from
 * setting node-role labels on their own node.
 */
export const CONTROL_PLANE_NODE_LABELS = ["node-role.kubernetes.io/control-plane", "node-role.kubernetes.io/master"];

/**
 * The agents' dropped-events counter labels every tenant a cluster does not carry `other`; a tenant
 * of that id would have its drops mixed with refused lines, so no tenant may take it.
 */
export const OTHER_TENANT = "other";
