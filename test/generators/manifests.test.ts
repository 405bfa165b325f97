import { createHash } from "node:crypto";
import { parse } from "yaml";
import { ConfigMap } from "kubernetes-models/v1/ConfigMap";
import { Namespace } from "kubernetes-models/v1/Namespace";
import { Service } from "kubernetes-models/v1/Service";
import { ServiceAccount } from "kubernetes-models/v1/ServiceAccount";
import { DaemonSet } from "kubernetes-models/apps/v1/DaemonSet";
import { ClusterRole } from "kubernetes-models/rbac.authorization.k8s.io/v1/ClusterRole";
import { ClusterRoleBinding } from "kubernetes-models/rbac.authorization.k8s.io/v1/ClusterRoleBinding";
import { NetworkPolicy } from "kubernetes-models/networking.k8s.io/v1/NetworkPolicy";
import { buildClusterManifests } from "../../generators";
import type { KubeObject } from "../../generators/types";
import { clusterById, exampleInventory, unknownFieldDiagnostics, withCluster, type Json } from "./support";

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
};

const inv = exampleInventory();

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
    const kubernetesObjects = objects.filter((o) => o.kind !== "SecurityContextConstraints");
    // Assess
    for (const object of kubernetesObjects) {
      const Model = MODELS[object.kind];
      expect(Model).toBeDefined();
      expect(() => new Model!(object as never).validate()).not.toThrow();
    }
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
    for (const object of objects.filter((o) => o.kind !== "SecurityContextConstraints")) {
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
    ]);
    expect(buildClusterManifests(inv, clusterById(inv, "rosa-eu-2")).map((o) => o.kind)).toContain(
      "SecurityContextConstraints",
    );
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
