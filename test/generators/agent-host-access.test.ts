/**
 * What the agent may touch on its node: host paths (only the pod logs, read-only, recursively
 * where the cluster supports it; Docker's log directory only with Docker), which nodes it runs
 * on (never control-plane nodes unless the inventory says so), and the OpenShift SCC admitting
 * exactly that.
 */
import { buildClusterManifests } from "../../generators";
import type { KubeObject } from "../../generators/types";
import type { ResolvedCluster, ResolvedInventory } from "../../inventory/resolved";
import { clusterById, exampleInventory, withCluster, type Json } from "./support";

const inv = exampleInventory();

function podSpec(inventory: ResolvedInventory, id: string): Json {
  const daemonSet = buildClusterManifests(inventory, clusterById(inventory, id)).find((o) => o.kind === "DaemonSet");
  return (daemonSet as KubeObject & { spec: Json }).spec.template.spec;
}

function changed(id: string, change: (cluster: ResolvedCluster) => ResolvedCluster): ResolvedInventory {
  return withCluster(inv, id, change);
}

/** Host paths of the pod: path → how the container mounts it. */
function hostMounts(spec: Json): Record<string, { mountPath: string; readOnly: boolean; recursiveReadOnly?: string }> {
  const mounts = spec.containers[0].volumeMounts as Json[];
  return Object.fromEntries(
    (spec.volumes as Json[])
      .filter((volume) => volume.hostPath !== undefined)
      .map((volume) => {
        const mount = mounts.find((m) => m.name === volume.name);
        return [
          volume.hostPath.path,
          {
            mountPath: mount.mountPath,
            readOnly: mount.readOnly === true,
            ...(mount.recursiveReadOnly === undefined ? {} : { recursiveReadOnly: mount.recursiveReadOnly }),
          },
        ];
      }),
  );
}

describe("host paths", () => {
  it.each(inv.clusters.map((c) => c.id))(
    "%s: nothing of /var/lib (but the data dir), /proc, /sys, /etc or the rest of /var/log",
    (id) => {
      const paths = Object.keys(hostMounts(podSpec(inv, id))).sort();
      expect(paths).toStrictEqual(["/var/lib/vector", "/var/log/pods"]);
      // The data dir is the only writable one, and holds nothing but Vector's own state.
      expect(hostMounts(podSpec(inv, id))["/var/log/pods"]?.readOnly).toBe(true);
      expect(hostMounts(podSpec(inv, id))["/var/lib/vector"]?.readOnly).toBe(false);
    },
  );

  it("makes the log mount recursively read-only from Kubernetes 1.31 (beta, on by default), where the runtime can", () => {
    // eks-eu-1 declares 1.33, rosa-eu-2 1.31; eks-us-1 declares none.
    expect(hostMounts(podSpec(inv, "eks-eu-1"))["/var/log/pods"]?.recursiveReadOnly).toBe("IfPossible");
    expect(hostMounts(podSpec(inv, "rosa-eu-2"))["/var/log/pods"]?.recursiveReadOnly).toBe("IfPossible");
    expect(hostMounts(podSpec(inv, "eks-us-1"))["/var/log/pods"]).toStrictEqual({
      mountPath: "/var/log/pods",
      readOnly: true,
    });
    // 1.30 has the field only behind an alpha gate: not set.
    const old = changed("eks-eu-1", (c) => ({ ...c, kubernetesMinorVersion: 30 }));
    expect(hostMounts(podSpec(old, "eks-eu-1"))["/var/log/pods"]?.recursiveReadOnly).toBeUndefined();
    // Never on the writable data dir (Kubernetes rejects it without readOnly).
    expect(hostMounts(podSpec(inv, "eks-eu-1"))["/var/lib/vector"]?.recursiveReadOnly).toBeUndefined();
  });

  it("with Docker, also mounts its container log directory read-only at the same path, so /var/log/pods links resolve", () => {
    const docker = changed("eks-eu-1", (c) => ({
      ...c,
      vector: { ...c.vector, containerRuntime: "docker", containerLogDir: "/data/docker/containers" },
    }));
    expect(hostMounts(podSpec(docker, "eks-eu-1"))).toStrictEqual({
      "/var/lib/vector": { mountPath: "/vector-data-dir", readOnly: false },
      "/var/log/pods": { mountPath: "/var/log/pods", readOnly: true, recursiveReadOnly: "IfPossible" },
      "/data/docker/containers": {
        mountPath: "/data/docker/containers",
        readOnly: true,
        recursiveReadOnly: "IfPossible",
      },
    });
  });

  it("sets no host_metrics environment (PROCFS_ROOT / SYSFS_ROOT): nothing reads the host's /proc or /sys", () => {
    const names = (podSpec(inv, "rosa-eu-2").containers[0].env as Json[]).map((e) => e.name);
    expect(names.filter((name: string) => /PROCFS|SYSFS/.test(name))).toStrictEqual([]);
  });
});

interface Node {
  readonly name: string;
  readonly labels: Record<string, string>;
  readonly taints: { key: string; value?: string; effect: string }[];
}

const NODES: readonly Node[] = [
  {
    name: "kubeadm control plane",
    labels: { "node-role.kubernetes.io/control-plane": "" },
    taints: [{ key: "node-role.kubernetes.io/control-plane", effect: "NoSchedule" }],
  },
  {
    name: "OpenShift master",
    labels: { "node-role.kubernetes.io/master": "", "node-role.kubernetes.io/control-plane": "" },
    taints: [{ key: "node-role.kubernetes.io/master", effect: "NoSchedule" }],
  },
  { name: "plain worker", labels: { "node-role.kubernetes.io/worker": "" }, taints: [] },
  {
    name: "tainted GPU worker",
    labels: {},
    taints: [{ key: "nvidia.com/gpu", value: "present", effect: "NoSchedule" }],
  },
];

/** The scheduler's two filters a DaemonSet pod meets: required node affinity, and NoSchedule taints. */
function schedulable(spec: Json, node: Node): boolean {
  const terms = (spec.affinity?.nodeAffinity?.requiredDuringSchedulingIgnoredDuringExecution?.nodeSelectorTerms ??
    []) as Json[];
  const matches = (expression: Json): boolean => {
    const has = Object.hasOwn(node.labels, expression.key);
    if (expression.operator === "DoesNotExist") return !has;
    if (expression.operator === "Exists") return has;
    if (expression.operator === "In")
      return has && (expression.values as string[]).includes(node.labels[expression.key]!);
    throw new Error(`operator ${expression.operator} not modelled`);
  };
  const affinityOk = terms.length === 0 || terms.some((term) => (term.matchExpressions as Json[]).every(matches));
  const selectorOk = Object.entries((spec.nodeSelector ?? {}) as Record<string, string>).every(
    ([key, value]) => node.labels[key] === value,
  );
  const tolerations = (spec.tolerations ?? []) as Json[];
  const tolerated = (taint: Node["taints"][number]) =>
    tolerations.some(
      (t) =>
        (t.effect === undefined || t.effect === taint.effect) &&
        (t.key === undefined || t.key === taint.key) &&
        (t.operator === "Exists" || t.value === taint.value),
    );
  return affinityOk && selectorOk && node.taints.filter((t) => t.effect === "NoSchedule").every(tolerated);
}

describe("nodes the agent runs on", () => {
  const eligible = (spec: Json) => NODES.filter((node) => schedulable(spec, node)).map((node) => node.name);

  it("default tolerations (every NoSchedule taint) reach tainted workers but no control-plane node", () => {
    const spec = podSpec(inv, "eks-us-1");
    expect(spec.tolerations).toStrictEqual([{ operator: "Exists", effect: "NoSchedule" }]);
    expect(eligible(spec)).toStrictEqual(["plain worker", "tainted GPU worker"]);
  });

  it("inventory tolerations for the control-plane taint still do not reach control-plane nodes", () => {
    const tolerant = changed("eks-eu-1", (c) => ({
      ...c,
      vector: { ...c.vector, tolerations: [{ key: "node-role.kubernetes.io/control-plane", operator: "Exists" }] },
    }));
    expect(eligible(podSpec(tolerant, "eks-eu-1"))).toStrictEqual(["plain worker"]);
  });

  it("inventory node affinity and node selector pick a worker pool, never a control-plane node that carries the pool's labels", () => {
    // Prepare: a control-plane node labelled like the pool, with its taint tolerated.
    const nodes: Node[] = [
      ...NODES,
      {
        name: "control plane labelled as the pool",
        labels: {
          "node-role.kubernetes.io/control-plane": "",
          "example.com/pool": "logging",
          "kubernetes.io/os": "linux",
        },
        taints: [],
      },
      { name: "pool worker", labels: { "example.com/pool": "logging", "kubernetes.io/os": "linux" }, taints: [] },
      {
        name: "pool worker on windows",
        labels: { "example.com/pool": "logging", "kubernetes.io/os": "windows" },
        taints: [],
      },
    ];
    const pooled = changed("eks-us-1", (c) => ({
      ...c,
      vector: {
        ...c.vector,
        nodeSelector: { "kubernetes.io/os": "linux" },
        affinity: {
          nodeAffinity: {
            requiredDuringSchedulingIgnoredDuringExecution: {
              nodeSelectorTerms: [
                { matchExpressions: [{ key: "example.com/pool", operator: "In", values: ["logging"] }] },
                { matchExpressions: [{ key: "node-role.kubernetes.io/worker", operator: "Exists" }] },
              ],
            },
          },
        },
      },
    }));
    // Act
    const spec = podSpec(pooled, "eks-us-1");
    // Assess
    expect(nodes.filter((node) => schedulable(spec, node)).map((node) => node.name)).toStrictEqual(["pool worker"]);
  });

  it("scheduleOnControlPlane: true lets the tolerations decide", () => {
    const everywhere = changed("eks-eu-1", (c) => ({ ...c, vector: { ...c.vector, scheduleOnControlPlane: true } }));
    expect(podSpec(everywhere, "eks-eu-1").affinity).toBeUndefined();
    expect(eligible(podSpec(everywhere, "eks-eu-1"))).toStrictEqual([
      "kubeadm control plane",
      "OpenShift master",
      "plain worker",
      "tainted GPU worker",
    ]);
  });
});

describe("OpenShift SCC and the new mounts", () => {
  const objects = buildClusterManifests(inv, clusterById(inv, "rosa-eu-2"));
  const scc = objects.find((o) => o.kind === "SecurityContextConstraints") as KubeObject & Record<string, Json>;
  const spec = podSpec(inv, "rosa-eu-2");

  it("admits the pod's volume kinds and nothing more, and no host namespace, capability or privilege", () => {
    const kinds = [
      ...new Set((spec.volumes as Json[]).map((v) => Object.keys(v).find((key) => key !== "name") as string)),
    ];
    expect([...kinds].sort()).toStrictEqual([...scc["volumes"]].sort());
    expect(scc).toMatchObject({
      allowHostDirVolumePlugin: true,
      allowPrivilegedContainer: false,
      allowHostNetwork: false,
      allowHostPID: false,
      allowHostIPC: false,
      allowHostPorts: false,
      allowedCapabilities: [],
      requiredDropCapabilities: ["ALL"],
      readOnlyRootFilesystem: true,
    });
    expect(spec.hostNetwork ?? false).toBe(false);
    expect(spec.containers[0].securityContext.readOnlyRootFilesystem).toBe(true);
  });
});
