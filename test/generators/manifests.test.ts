import { createHash } from "node:crypto";
import { parse } from "yaml";
import { ConfigMap } from "kubernetes-models/v1/ConfigMap";
import { Namespace } from "kubernetes-models/v1/Namespace";
import { Service } from "kubernetes-models/v1/Service";
import { ServiceAccount } from "kubernetes-models/v1/ServiceAccount";
import { DaemonSet } from "kubernetes-models/apps/v1/DaemonSet";
import { Deployment } from "kubernetes-models/apps/v1/Deployment";
import { PodDisruptionBudget } from "kubernetes-models/policy/v1/PodDisruptionBudget";
import { ClusterRole } from "kubernetes-models/rbac.authorization.k8s.io/v1/ClusterRole";
import { ClusterRoleBinding } from "kubernetes-models/rbac.authorization.k8s.io/v1/ClusterRoleBinding";
import { NetworkPolicy } from "kubernetes-models/networking.k8s.io/v1/NetworkPolicy";
import { buildClusterManifests } from "../../generators";
import type { KubeObject } from "../../generators/types";
import type { ResolvedVectorSettings } from "../../inventory/resolved";
import { CONTROL_PLANE_NODE_LABELS } from "../../inventory/agent-pod";
import {
  clusterById,
  exampleInventory,
  podMonitorProblems,
  unknownFieldDiagnostics,
  withCluster,
  type Json,
} from "./support";

type Validating = { validate(): void };
const MODELS: Record<string, new (data: never) => Validating> = {
  Namespace,
  ServiceAccount,
  ConfigMap,
  Service,
  ClusterRole,
  ClusterRoleBinding,
  NetworkPolicy,
  DaemonSet,
  Deployment,
  PodDisruptionBudget,
};

const inv = exampleInventory();

/** Kinds kubernetes-models has no model for, checked against loghop's closed types instead. */
const OWN_TYPES = new Set(["SecurityContextConstraints", "PodMonitor"]);

function byKind(objects: readonly KubeObject[], kind: string): KubeObject & Record<string, Json> {
  const found = objects.find((o) => o.kind === kind);
  if (found === undefined) throw new Error(`no ${kind}`);
  return found as KubeObject & Record<string, Json>;
}

describe("buildClusterManifests", () => {
  it.each(inv.clusters.map((c) => c.id))("%s: every object passes the kubernetes-models schema", (id) => {
    // Prepare
    const objects = buildClusterManifests(inv, clusterById(inv, id));
    // Act
    const kubernetesObjects = objects.filter((o) => !OWN_TYPES.has(o.kind));
    // Assess
    for (const object of kubernetesObjects) {
      const Model = MODELS[object.kind];
      expect(Model).toBeDefined();
      expect(() => new Model!(object as never).validate()).not.toThrow();
    }
    for (const monitor of objects.filter((o) => o.kind === "PodMonitor"))
      expect(podMonitorProblems(monitor)).toStrictEqual([]);
  });

  /** Inventory options that change the objects' shape: each variant is checked like the example's clusters. */
  const variants = [
    withCluster(inv, "eks-eu-1", (c) => ({
      ...c,
      kubernetesMinorVersion: 30,
      vector: {
        ...c.vector,
        containerRuntime: "docker",
        containerLogDir: "/var/lib/docker/containers",
        scheduleOnControlPlane: true,
        monitoringNamespace: "observability",
      },
    })),
    withCluster(inv, "rosa-eu-2", (c) => ({
      ...c,
      vector: { ...c.vector, containerRuntime: "docker" as const, containerLogDir: "/var/lib/docker/containers" },
    })),
  ];

  it("objects of the option variants (Docker, no recursive read-only, control plane, own monitoring namespace) pass kubernetes-models and declare no unknown field", () => {
    // Prepare
    const objects = variants.flatMap((variant) => variant.clusters.flatMap((c) => buildClusterManifests(variant, c)));
    // Act
    const diagnostics = unknownFieldDiagnostics(objects);
    // Assess
    for (const object of objects.filter((o) => !OWN_TYPES.has(o.kind))) {
      expect(() => new MODELS[object.kind]!(object as never).validate()).not.toThrow();
    }
    expect(diagnostics).toStrictEqual([]);
  });

  it("no object of any cluster carries a field its type does not declare", () => {
    // Prepare
    const objects = inv.clusters.flatMap((c) => buildClusterManifests(inv, c));
    // Act
    const diagnostics = unknownFieldDiagnostics(objects);
    // Assess
    expect(diagnostics).toStrictEqual([]);
  });

  it("the unknown-field check does catch a misspelt nested field", () => {
    // Prepare
    const daemonSet = byKind(buildClusterManifests(inv, clusterById(inv, "eks-eu-1")), "DaemonSet");
    const broken = JSON.parse(JSON.stringify(daemonSet));
    broken.spec.template.spec.containers[0].securityContext.readOnlyRootFileSystem = true;
    // Act
    const diagnostics = unknownFieldDiagnostics([broken]);
    // Assess
    expect(diagnostics.join("\n")).toMatch(/readOnlyRootFileSystem/);
  });

  it("lists the objects in apply order, the SCC only on OpenShift", () => {
    expect(buildClusterManifests(inv, clusterById(inv, "eks-eu-1")).map((o) => o.kind)).toStrictEqual([
      "Namespace",
      "ServiceAccount",
      "ClusterRole",
      "ClusterRoleBinding",
      "ConfigMap",
      "Service",
      "NetworkPolicy",
      "DaemonSet",
      "PodMonitor",
    ]);
    expect(buildClusterManifests(inv, clusterById(inv, "rosa-eu-2")).map((o) => o.kind)).toContain(
      "SecurityContextConstraints",
    );
    // The PodMonitor only where the inventory enables it: its kind exists only with the operator's CRDs.
    expect(buildClusterManifests(inv, clusterById(inv, "eks-us-1")).map((o) => o.kind)).not.toContain("PodMonitor");
  });

  it("annotates the service account with the cluster's IRSA role", () => {
    const sa = byKind(buildClusterManifests(inv, clusterById(inv, "eks-eu-1")), "ServiceAccount");
    expect(sa.metadata.annotations?.["eks.amazonaws.com/role-arn"]).toBe(
      "arn:aws:iam::555555555555:role/lh-prod-eks-eu-1-vector",
    );
  });

  it("grants only list/watch on namespaces, nodes and pods", () => {
    const role = byKind(buildClusterManifests(inv, clusterById(inv, "eks-eu-1")), "ClusterRole");
    expect(role.rules).toStrictEqual([
      { apiGroups: [""], resources: ["namespaces", "nodes", "pods"], verbs: ["list", "watch"] },
    ]);
  });

  describe("DaemonSet", () => {
    const objects = buildClusterManifests(inv, clusterById(inv, "rosa-eu-2"));
    const daemonSet = byKind(objects, "DaemonSet");
    const pod = daemonSet.spec.template.spec;
    const container = pod.containers[0];

    it("rolls when the config changes: checksum/config is the sha256 of vector.yaml", () => {
      const configMap = byKind(objects, "ConfigMap");
      const expected = createHash("sha256").update(configMap.data["vector.yaml"]).digest("hex");
      expect(daemonSet.spec.template.metadata.annotations["checksum/config"]).toBe(expected);
    });

    it("runs with a read-only root, no escalation, no capabilities, not privileged", () => {
      expect(container.securityContext).toMatchObject({
        privileged: false,
        allowPrivilegeEscalation: false,
        readOnlyRootFilesystem: true,
        capabilities: { drop: ["ALL"] },
      });
      expect(container.securityContext.capabilities.add).toBeUndefined();
      expect(pod.hostNetwork).toBeUndefined();
      expect(pod.hostPID).toBeUndefined();
    });

    it("uses spc_t on OpenShift only", () => {
      expect(container.securityContext.seLinuxOptions).toStrictEqual({ type: "spc_t" });
      const eks = byKind(buildClusterManifests(inv, clusterById(inv, "eks-eu-1")), "DaemonSet");
      expect(eks.spec.template.spec.containers[0].securityContext.seLinuxOptions).toBeUndefined();
    });

    it("mounts only /var/log/pods read-only from the host, besides its own data dir", () => {
      const mounts = Object.fromEntries(
        container.volumeMounts.map((m: { name: string; mountPath: string; readOnly?: boolean }) => [
          m.mountPath,
          m.readOnly === true,
        ]),
      );
      expect(mounts).toStrictEqual({
        "/vector-data-dir": false,
        "/etc/vector/": true,
        "/var/log/pods": true,
        "/var/run/secrets/eks.amazonaws.com/serviceaccount": true,
      });
      const data = pod.volumes.find((v: { name: string }) => v.name === "data");
      expect(data.hostPath).toStrictEqual({ path: "/var/lib/vector", type: "DirectoryOrCreate" });
    });

    it("sets the Helm chart's env and the web identity credentials", () => {
      const env = Object.fromEntries(
        container.env.map((e: { name: string; value?: string; valueFrom?: { fieldRef: { fieldPath: string } } }) => [
          e.name,
          e.value ?? e.valueFrom?.fieldRef.fieldPath,
        ]),
      );
      expect(env).toStrictEqual({
        VECTOR_SELF_NODE_NAME: "spec.nodeName",
        VECTOR_SELF_POD_NAME: "metadata.name",
        VECTOR_SELF_POD_NAMESPACE: "metadata.namespace",
        AWS_ROLE_ARN: "arn:aws:iam::666666666666:role/lh-prod-rosa-eu-2-vector",
        AWS_WEB_IDENTITY_TOKEN_FILE: "/var/run/secrets/eks.amazonaws.com/serviceaccount/token",
        AWS_REGION: "eu-west-1",
        AWS_STS_REGIONAL_ENDPOINTS: "regional",
      });
      const token = pod.volumes.find((v: { name: string }) => v.name === "aws-iam-token");
      expect(token.projected.sources[0].serviceAccountToken.audience).toBe("sts.amazonaws.com");
      expect(JSON.stringify(daemonSet)).not.toMatch(/AWS_ACCESS_KEY_ID|AWS_SECRET_ACCESS_KEY/);
    });

    it("probes the metrics exporter (the API is loopback-only), takes tolerations and limits from the inventory, waits 60 s on stop", () => {
      expect(container.livenessProbe.httpGet).toStrictEqual({ path: "/metrics", port: "prom-exporter" });
      expect(container.readinessProbe.httpGet).toStrictEqual({ path: "/metrics", port: "prom-exporter" });
      expect(container.ports.map((port: { containerPort: number }) => port.containerPort)).toStrictEqual([9598]);
      expect(pod.tolerations).toStrictEqual([
        { key: "node-role.kubernetes.io/infra", operator: "Exists", effect: "NoSchedule" },
      ]);
      expect(container.resources).toStrictEqual({
        requests: { cpu: "100m", memory: "256Mi" },
        limits: { cpu: "2", memory: "2Gi" },
      });
      expect(pod.terminationGracePeriodSeconds).toBe(60);
      expect(container.ports).toContainEqual({ name: "prom-exporter", containerPort: 9598, protocol: "TCP" });
    });
  });

  describe("tuning options", () => {
    const WORKER_TERMS = [
      {
        matchExpressions: [{ key: "node.kubernetes.io/instance-type", operator: "In" as const, values: ["m7g.large"] }],
      },
      { matchExpressions: [{ key: "example.com/pool", operator: "Exists" as const }] },
    ];
    const EXCLUSION = CONTROL_PLANE_NODE_LABELS.map((key) => ({ key, operator: "DoesNotExist" }));
    /** eks-us-1 with every tuning option set; `change` adjusts the agent settings further. */
    const tuned = (change: (v: ResolvedVectorSettings) => Partial<ResolvedVectorSettings> = () => ({})) =>
      withCluster(inv, "eks-us-1", (c) => {
        const vector: ResolvedVectorSettings = {
          ...c.vector,
          priorityClassName: "system-node-critical",
          nodeSelector: { "kubernetes.io/os": "linux", "kubernetes.io/arch": "arm64" },
          affinity: {
            nodeAffinity: {
              requiredDuringSchedulingIgnoredDuringExecution: { nodeSelectorTerms: WORKER_TERMS },
              preferredDuringSchedulingIgnoredDuringExecution: [
                {
                  weight: 20,
                  preference: { matchExpressions: [{ key: "spot", operator: "NotIn", values: ["true"] }] },
                },
              ],
            },
          },
          updateStrategy: { type: "RollingUpdate", rollingUpdate: { maxUnavailable: "25%" } },
          imagePullSecrets: ["mirror-pull", "backup-pull"],
          podLabels: { team: "platform" },
          podAnnotations: { "cluster-autoscaler.kubernetes.io/safe-to-evict": "true" },
          tolerations: [
            { operator: "Exists", effect: "NoSchedule" },
            { key: "node.kubernetes.io/not-ready", operator: "Exists", effect: "NoExecute", tolerationSeconds: 300 },
          ],
          podMonitor: { intervalSeconds: 30, scrapeTimeoutSeconds: 10, labels: { release: "kube-prometheus-stack" } },
        };
        return { ...c, vector: { ...vector, ...change(vector) } };
      });
    const objectsOf = (variant: ReturnType<typeof tuned>) =>
      buildClusterManifests(variant, clusterById(variant, "eks-us-1"));
    const objects = objectsOf(tuned());
    const daemonSet = byKind(objects, "DaemonSet");
    const pod = daemonSet.spec.template.spec;

    it("pass kubernetes-models, the PodMonitor CRD's requirements, and declare no unknown field", () => {
      for (const object of objects.filter((o) => !OWN_TYPES.has(o.kind))) {
        expect(() => new MODELS[object.kind]!(object as never).validate()).not.toThrow();
      }
      expect(podMonitorProblems(byKind(objects, "PodMonitor"))).toStrictEqual([]);
      expect(unknownFieldDiagnostics(objects)).toStrictEqual([]);
    });

    it("set priority class, node selector, update strategy, pull secrets and NoExecute tolerations on the pod", () => {
      expect(pod.priorityClassName).toBe("system-node-critical");
      expect(pod.nodeSelector).toStrictEqual({ "kubernetes.io/arch": "arm64", "kubernetes.io/os": "linux" });
      expect(daemonSet.spec.updateStrategy).toStrictEqual({
        type: "RollingUpdate",
        rollingUpdate: { maxUnavailable: "25%" },
      });
      expect(pod.imagePullSecrets).toStrictEqual([{ name: "mirror-pull" }, { name: "backup-pull" }]);
      expect(pod.tolerations).toContainEqual({
        key: "node.kubernetes.io/not-ready",
        operator: "Exists",
        effect: "NoExecute",
        tolerationSeconds: 300,
      });
    });

    it("add the control-plane exclusion to every required affinity term, so no term admits a control-plane node", () => {
      expect(pod.affinity.nodeAffinity.requiredDuringSchedulingIgnoredDuringExecution.nodeSelectorTerms).toStrictEqual([
        { matchExpressions: [...WORKER_TERMS[0]!.matchExpressions, ...EXCLUSION] },
        { matchExpressions: [...WORKER_TERMS[1]!.matchExpressions, ...EXCLUSION] },
      ]);
      expect(pod.affinity.nodeAffinity.preferredDuringSchedulingIgnoredDuringExecution).toStrictEqual([
        { weight: 20, preference: { matchExpressions: [{ key: "spot", operator: "NotIn", values: ["true"] }] } },
      ]);
    });

    it("keep the user's affinity terms as given where scheduleOnControlPlane lets the agent on control planes", () => {
      const onControlPlane = byKind(objectsOf(tuned(() => ({ scheduleOnControlPlane: true }))), "DaemonSet");
      expect(
        onControlPlane.spec.template.spec.affinity.nodeAffinity.requiredDuringSchedulingIgnoredDuringExecution,
      ).toStrictEqual({
        nodeSelectorTerms: WORKER_TERMS,
      });
    });

    it("keep the exclusion alone when the inventory gives only preferences", () => {
      const preferOnly = byKind(
        objectsOf(
          tuned((v) => ({
            affinity: {
              nodeAffinity: {
                preferredDuringSchedulingIgnoredDuringExecution:
                  v.affinity!.nodeAffinity.preferredDuringSchedulingIgnoredDuringExecution!,
              },
            },
          })),
        ),
        "DaemonSet",
      );
      expect(
        preferOnly.spec.template.spec.affinity.nodeAffinity.requiredDuringSchedulingIgnoredDuringExecution,
      ).toStrictEqual({
        nodeSelectorTerms: [{ matchExpressions: EXCLUSION }],
      });
    });

    it("add pod labels and annotations beside loghop's, which win even over a colliding value that bypassed validation", () => {
      // Prepare: keys rule agent-pod-metadata refuses, as if it had been bypassed.
      const colliding = tuned(() => ({
        podLabels: { team: "platform", "app.kubernetes.io/name": "evil", "loghop.io/cluster": "other" },
        podAnnotations: { "checksum/config": "0" },
      }));
      // Act
      const template = byKind(objectsOf(colliding), "DaemonSet").spec.template;
      // Assess: the selector (and so the NetworkPolicy, Service and PodMonitor) still matches the pods.
      expect(template.metadata.labels).toMatchObject({
        ...daemonSet.spec.selector.matchLabels,
        team: "platform",
        "loghop.io/cluster": "eks-us-1",
      });
      expect(template.metadata.annotations["checksum/config"]).toBe(
        daemonSet.spec.template.metadata.annotations["checksum/config"],
      );
      expect(template.metadata.annotations["checksum/config"]).toMatch(/^[0-9a-f]{64}$/);
      expect(daemonSet.spec.template.metadata.annotations["cluster-autoscaler.kubernetes.io/safe-to-evict"]).toBe(
        "true",
      );
    });

    it("point the PodMonitor at the agent's own pods and exporter port, in its namespace, with the user's labels", () => {
      const monitor = byKind(objects, "PodMonitor");
      const ports = pod.containers[0].ports.map((port: { name: string }) => port.name);
      expect(monitor.metadata).toMatchObject({
        name: "vector",
        namespace: "loghop",
        labels: { release: "kube-prometheus-stack" },
      });
      expect(monitor.spec).toStrictEqual({
        selector: { matchLabels: daemonSet.spec.selector.matchLabels },
        namespaceSelector: { matchNames: ["loghop"] },
        podMetricsEndpoints: [
          { port: "prom-exporter", path: "/metrics", scheme: "http", interval: "30s", scrapeTimeout: "10s" },
        ],
      });
      expect(ports).toContain(monitor.spec.podMetricsEndpoints[0].port);
      // The scrape is admitted only from the monitoring namespace, the PodMonitor does not widen that.
      expect(byKind(objects, "NetworkPolicy").spec.ingress).toStrictEqual(
        byKind(buildClusterManifests(inv, clusterById(inv, "eks-us-1")), "NetworkPolicy").spec.ingress,
      );
    });

    it("leave the pod spec as before when no option is set", () => {
      const plain = byKind(buildClusterManifests(inv, clusterById(inv, "eks-us-1")), "DaemonSet");
      for (const field of ["priorityClassName", "nodeSelector", "imagePullSecrets"]) {
        expect(plain.spec.template.spec).not.toHaveProperty(field);
      }
      expect(plain.spec).not.toHaveProperty("updateStrategy");
      expect(Object.keys(plain.spec.template.metadata.annotations)).toStrictEqual(["checksum/config"]);
    });
  });

  describe("SecurityContextConstraints", () => {
    const scc = byKind(buildClusterManifests(inv, clusterById(inv, "rosa-eu-2")), "SecurityContextConstraints");

    it("is bound to the agent's service account only", () => {
      expect(scc.users).toStrictEqual(["system:serviceaccount:loghop:vector"]);
      expect(scc.groups).toStrictEqual([]);
    });

    it("allows host directories but nothing privileged, no capability and no sysctl", () => {
      expect(scc).toMatchObject({
        allowHostDirVolumePlugin: true,
        allowPrivilegedContainer: false,
        allowPrivilegeEscalation: false,
        allowHostNetwork: false,
        allowHostPID: false,
        allowHostIPC: false,
        allowHostPorts: false,
        readOnlyRootFilesystem: true,
        allowedCapabilities: [],
        requiredDropCapabilities: ["ALL"],
        forbiddenSysctls: ["*"],
        runAsUser: { type: "MustRunAs", uid: 0 },
      });
      expect(scc.allowedUnsafeSysctls).toBeUndefined();
      expect(scc.volumes).toStrictEqual(["configMap", "hostPath", "projected"]);
    });

    it("admits the pod the DaemonSet defines: its volumes and security context fit the SCC", () => {
      const pod = byKind(buildClusterManifests(inv, clusterById(inv, "rosa-eu-2")), "DaemonSet").spec.template.spec;
      const volumeKinds = new Set(
        pod.volumes.map((v: Record<string, unknown>) => Object.keys(v).find((k) => k !== "name")),
      );
      expect([...volumeKinds].every((kind) => scc.volumes.includes(kind as string))).toBe(true);
      expect(pod.containers[0].securityContext.runAsUser).toBe(scc.runAsUser.uid);
    });
  });

  it("writes vector.yaml that parses back to the Vector config", () => {
    const configMap = byKind(buildClusterManifests(inv, clusterById(inv, "eks-eu-1")), "ConfigMap");
    const parsed = parse(configMap.data["vector.yaml"]);
    expect(parsed.sinks.loghop_staging.type).toBe("aws_s3");
  });
});
