/**
 * OpenShift: the SecurityContextConstraints the agent's pods run under. It
 * admits exactly what the DaemonSet asks for and nothing more, and only for
 * the agent's service account.
 */
import type { ResolvedCluster } from "../../inventory/resolved";
import type { KubeObject } from "../types";
import { clusterScopedName, commonLabels, serviceAccountUser } from "./labels";

interface StrategyOptions {
  readonly type: string;
  readonly uid?: number;
}

type SccFlag =
  | "allowPrivilegedContainer"
  | "allowPrivilegeEscalation"
  | "defaultAllowPrivilegeEscalation"
  | "allowHostDirVolumePlugin"
  | "allowHostIPC"
  | "allowHostNetwork"
  | "allowHostPID"
  | "allowHostPorts"
  | "readOnlyRootFilesystem";

type SccList =
  | "allowedCapabilities"
  | "defaultAddCapabilities"
  | "requiredDropCapabilities"
  | "forbiddenSysctls"
  | "seccompProfiles"
  | "volumes"
  | "users"
  | "groups";

type SccStrategy = "runAsUser" | "seLinuxContext" | "fsGroup" | "supplementalGroups";

/**
 * security.openshift.io/v1 SecurityContextConstraints, the fields loghop sets.
 * `@kubernetes-models/openshift` is not on the npm registry, so the shape is
 * written here from the OpenShift API reference. A type alias, not an
 * interface: it stays closed (tests type-check generated objects against it
 * to reject unknown fields) yet is assignable to KubeObject.
 */
export type SecurityContextConstraints = Readonly<Record<SccFlag, boolean>> &
  Readonly<Record<SccList, readonly string[]>> &
  Readonly<Record<SccStrategy, StrategyOptions>> & {
    readonly apiVersion: "security.openshift.io/v1";
    readonly kind: "SecurityContextConstraints";
    readonly metadata: KubeObject["metadata"];
    readonly priority: number;
  };

export function buildSecurityContextConstraints(cluster: ResolvedCluster): SecurityContextConstraints & KubeObject {
  return {
    apiVersion: "security.openshift.io/v1",
    kind: "SecurityContextConstraints",
    metadata: { name: clusterScopedName(cluster), labels: commonLabels(cluster) },
    // Same as the built-in SCCs: chosen by restrictiveness, and granted to one service account only.
    priority: 0,
    // Not privileged: reading host log files needs the spc_t SELinux type
    // (see seLinuxContext), not a privileged container.
    allowPrivilegedContainer: false,
    allowPrivilegeEscalation: false,
    defaultAllowPrivilegeEscalation: false,
    // The only host access: hostPath volumes. An SCC cannot list allowed host paths (PSP's
    // allowedHostPaths has no SCC equivalent), so what is mounted is fixed by the DaemonSet:
    // /var/log/pods and (Docker) the runtime's log directory read-only, the data dir writable.
    allowHostDirVolumePlugin: true,
    allowHostIPC: false,
    allowHostNetwork: false,
    allowHostPID: false,
    allowHostPorts: false,
    readOnlyRootFilesystem: true,
    allowedCapabilities: [],
    defaultAddCapabilities: [],
    requiredDropCapabilities: ["ALL"],
    // No sysctl at all, safe or unsafe.
    forbiddenSysctls: ["*"],
    seccompProfiles: ["runtime/default"],
    // Exactly root (the owner of the host files), never an arbitrary uid.
    runAsUser: { type: "MustRunAs", uid: 0 },
    // RunAsAny so the pod may ask for spc_t, as OpenShift Logging's collector
    // SCC does; MustRunAs would pin the namespace's MCS level as well and
    // reject the type-only option the DaemonSet sets.
    seLinuxContext: { type: "RunAsAny" },
    // The agent sets no fsGroup or supplemental groups and owns no volumes that would need one.
    fsGroup: { type: "RunAsAny" },
    supplementalGroups: { type: "RunAsAny" },
    // projected: the API token and the web identity token.
    volumes: ["configMap", "hostPath", "projected"],
    users: [serviceAccountUser(cluster)],
    groups: [],
  };
}
