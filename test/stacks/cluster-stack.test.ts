/** Cluster stacks: the Vector IRSA role (trust, prefix-confined writes, KMS via S3) and the agent's objects. */
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { parse } from "yaml";
import { buildClusterManifests } from "../../generators";
import type { KubeObject } from "../../generators/types";
import { ClusterStack } from "../../stacks/cluster/cluster-stack";
import { renderFiles } from "../../generators/output/files";
import { resolveInventory } from "../../inventory/resolve";
import { exampleInventory, exampleRawInventory, withProcessorWorker } from "./support/inventories";
import { asArray, policyOf, statementBySid, synthApp, type SynthResult } from "./support/synth";

const inventory = exampleInventory();
const EU_ISSUER = "oidc.eks.eu-west-1.amazonaws.com/id/5C7F2A9B1E3D4F6A8B0C2D4E6F8A0B1C";

/** The generators' own objects: the stack is tested on exactly what it deploys. */
function manifestsFor(clusterId: string): KubeObject[] {
  const cluster = inventory.clusters.find((c) => c.id === clusterId)!;
  return buildClusterManifests(inventory, cluster);
}

let synth: SynthResult;
beforeAll(() => {
  synth = synthApp((app) =>
    inventory.clusters.forEach(
      (cluster) => new ClusterStack(app, { inventory, cluster, manifests: manifestsFor(cluster.id) }),
    ),
  );
});
afterAll(() => synth.cleanup());

describe("IRSA role", () => {
  test("trusts only the cluster's OIDC provider, for exactly the agent's service account and the STS audience", () => {
    const role = synth.only("cluster-eks-eu-1", "aws_iam_role");
    expect(role["name"]).toBe("lh-prod-eks-eu-1-vector");
    expect(policyOf(role, "assume_role_policy").Statement).toStrictEqual([
      {
        Effect: "Allow",
        Principal: { Federated: `arn:aws:iam::555555555555:oidc-provider/${EU_ISSUER}` },
        Action: "sts:AssumeRoleWithWebIdentity",
        Condition: {
          StringEquals: {
            [`${EU_ISSUER}:sub`]: "system:serviceaccount:loghop:vector",
            [`${EU_ISSUER}:aud`]: "sts.amazonaws.com",
          },
        },
      },
    ]);
  });

  test("is trusted for web identity only: its trust allows no session tags; its tag is the upgrade's only", () => {
    for (const cluster of inventory.clusters) {
      const role = synth.only(`cluster-${cluster.id}`, "aws_iam_role");
      // Kept for installations upgrading from the tag-based bucket policy; no policy reads it now.
      expect(role["tags"]).toStrictEqual({ "loghop-cluster": cluster.id });
      const actions = policyOf(role, "assume_role_policy").Statement.flatMap((s) => asArray(s.Action));
      expect(actions).toStrictEqual(["sts:AssumeRoleWithWebIdentity"]);
    }
  });

  test("writes staged objects only under its own cluster prefix, through its own access point", () => {
    const policy = policyOf(synth.only("cluster-eks-eu-1", "aws_iam_role_policy"));
    const s3 = policy.Statement.filter((s) => asArray(s.Action).some((a) => a.startsWith("s3:")));
    expect(s3.map((s) => [s.Action, s.Resource])).toStrictEqual([
      ["s3:PutObject", "arn:aws:s3:eu-west-1:111111111111:accesspoint/lh-prod--eks-eu-1/object/eks-eu-1/*"],
    ]);
    const us = policyOf(synth.only("cluster-eks-us-1", "aws_iam_role_policy"));
    expect(statementBySid(us, "StageUnderOwnClusterPrefix").Resource).toBe(
      "arn:aws:s3:us-east-1:111111111111:accesspoint/lh-prod--eks-us-1/object/eks-us-1/*",
    );
  });

  test("may generate data keys only via S3, for the staging bucket, on the key carrying the pipeline alias", () => {
    const statement = statementBySid(
      policyOf(synth.only("cluster-eks-eu-1", "aws_iam_role_policy")),
      "EncryptStagedObjectsViaS3",
    );
    expect(statement.Action).toBe("kms:GenerateDataKey");
    expect(statement.Resource).toBe("arn:aws:kms:eu-west-1:111111111111:key/*");
    expect(statement.Condition).toStrictEqual({
      StringEquals: {
        "kms:ViaService": "s3.eu-west-1.amazonaws.com",
        "kms:EncryptionContext:aws:s3:arn": "arn:aws:s3:::lh-prod-staging-111111111111-eu-west-1",
      },
      "ForAnyValue:StringEquals": { "kms:ResourceAliases": "alias/lh-prod-pipeline" },
    });
  });
});

describe("providers", () => {
  test("AWS: the cluster's deploy role in its region and account, tagged with the cluster", () => {
    expect(synth.stack("cluster-eks-eu-1").provider?.["aws"]?.[0]).toMatchObject({
      region: "eu-west-1",
      allowed_account_ids: ["555555555555"],
      assume_role: [{ role_arn: "arn:aws:iam::555555555555:role/loghop-deployer" }],
      default_tags: [{ tags: { ManagedBy: "loghop", Cluster: "eks-eu-1" } }],
    });
    expect(synth.stack("cluster-rosa-eu-2").provider?.["aws"]?.[0]).not.toHaveProperty("assume_role");
  });

  test("Kubernetes: the kubeconfig path and context from the inventory (no machine path baked in)", () => {
    expect(synth.stack("cluster-rosa-eu-2").provider?.["kubernetes"]).toStrictEqual([
      { config_path: "~/.kube/config", config_context: "rosa-eu-2" },
    ]);
  });
});

describe("Kubernetes objects", () => {
  test("one kubernetes_manifest per object, carrying the object unchanged", () => {
    const manifests = Object.values(synth.resources("cluster-eks-eu-1", "kubernetes_manifest")).map(
      (m) => m["manifest"],
    );
    // Terraform JSON orders resources by logical id, not by apply order.
    expect(manifests).toHaveLength(manifestsFor("eks-eu-1").length);
    expect(manifests).toEqual(expect.arrayContaining(manifestsFor("eks-eu-1")));
  });

  test.each(["eks-eu-1", "eks-us-1", "rosa-eu-2"])(
    "%s: the applied objects are the files of k8s-out/<cluster-id>/, field for field",
    (clusterId) => {
      // Prepare
      const dir = join("k8s-out", clusterId);
      const kustomization = parse(readFileSync(join(dir, "kustomization.yaml"), "utf8")) as { resources: string[] };
      const committed = kustomization.resources.map((file) => parse(readFileSync(join(dir, file), "utf8")) as unknown);
      // Act
      const applied = Object.values(synth.resources(`cluster-${clusterId}`, "kubernetes_manifest")).map(
        (m) => m["manifest"],
      );
      // Assess
      expect(applied).toHaveLength(committed.length);
      expect(applied).toEqual(expect.arrayContaining(committed));
    },
  );

  test("deploys the inventory's tuning options (eks-eu-1): the PodMonitor, and the DaemonSet's priority class, update strategy and NoExecute toleration", () => {
    // Prepare
    const deployed = Object.values(synth.resources("cluster-eks-eu-1", "kubernetes_manifest")).map(
      (m) => m["manifest"] as KubeObject & { spec: Record<string, unknown> },
    );
    const daemonSet = deployed.find((o) => o.kind === "DaemonSet") as KubeObject & {
      spec: { updateStrategy: unknown; template: { spec: { priorityClassName: string; tolerations: unknown[] } } };
    };
    // Act
    const monitor = deployed.find((o) => o.kind === "PodMonitor");
    // Assess
    expect(monitor).toMatchObject({
      apiVersion: "monitoring.coreos.com/v1",
      metadata: { namespace: "loghop", labels: { release: "kube-prometheus-stack" } },
      spec: { podMetricsEndpoints: [{ port: "prom-exporter", interval: "30s" }] },
    });
    expect(daemonSet.spec.template.spec.priorityClassName).toBe("system-node-critical");
    expect(daemonSet.spec.updateStrategy).toStrictEqual({
      type: "RollingUpdate",
      rollingUpdate: { maxUnavailable: "10%" },
    });
    expect(daemonSet.spec.template.spec.tolerations).toContainEqual({
      key: "node.kubernetes.io/unreachable",
      operator: "Exists",
      effect: "NoExecute",
      tolerationSeconds: 300,
    });
    // Only where enabled: eks-us-1 has no PodMonitor to fail on a cluster without the operator.
    const usKinds = Object.values(synth.resources("cluster-eks-us-1", "kubernetes_manifest")).map(
      (m) => (m["manifest"] as KubeObject).kind,
    );
    expect(usKinds).not.toContain("PodMonitor");
  });

  test("the deployed DaemonSet mounts only /var/log/pods (read-only) and its data dir from the host", () => {
    const daemonSet = Object.values(synth.resources("cluster-rosa-eu-2", "kubernetes_manifest"))
      .map(
        (m) =>
          m["manifest"] as KubeObject & {
            spec: { template: { spec: { volumes: { hostPath?: { path: string } }[] } } };
          },
      )
      .find((o) => o.kind === "DaemonSet");
    const hostPaths = daemonSet?.spec.template.spec.volumes.flatMap((v) => (v.hostPath ? [v.hostPath.path] : []));
    expect(hostPaths?.sort()).toStrictEqual(["/var/lib/vector", "/var/log/pods"]);
  });

  test("the deployed NetworkPolicy restricts egress and leaves the metadata service out", () => {
    const policy = Object.values(synth.resources("cluster-eks-eu-1", "kubernetes_manifest"))
      .map((m) => m["manifest"] as KubeObject & { spec: { policyTypes: string[]; egress: unknown[] } })
      .find((o) => o.kind === "NetworkPolicy");
    expect(policy?.spec.policyTypes).toStrictEqual(["Ingress", "Egress"]);
    expect(JSON.stringify(policy?.spec.egress)).toContain('"except":["169.254.0.0/16"]');
  });

  test("namespaced objects wait for the namespace and the role policy", () => {
    const resources = synth.resources("cluster-eks-eu-1", "kubernetes_manifest");
    expect(resources["k8s-namespace-cluster-loghop"]).not.toHaveProperty("depends_on");
    expect(resources["k8s-daemonset-loghop-vector"]?.["depends_on"]).toStrictEqual([
      "kubernetes_manifest.k8s-namespace-cluster-loghop",
      "aws_iam_role_policy.vector-role-policy",
    ]);
  });

  test("the service account is annotated with the very role this stack creates", () => {
    const account = Object.values(synth.resources("cluster-eks-eu-1", "kubernetes_manifest"))
      .map((m) => m["manifest"] as KubeObject)
      .find((o) => o.kind === "ServiceAccount" && o.metadata.name === "vector");
    expect(account?.metadata.annotations?.["eks.amazonaws.com/role-arn"]).toBe(
      synth.stack("cluster-eks-eu-1").output?.["vector_role_arn"]?.value,
    );
  });
});

describe("a cluster running the processor worker", () => {
  const withWorker = resolveInventory(withProcessorWorker(exampleRawInventory()));
  const cluster = withWorker.clusters.find((c) => c.id === "eks-eu-1")!;
  let result: SynthResult;
  beforeAll(() => {
    result = synthApp(
      (app) =>
        new ClusterStack(app, {
          inventory: withWorker,
          cluster,
          manifests: buildClusterManifests(withWorker, cluster),
        }),
    );
  });
  afterAll(() => result.cleanup());

  test("applies exactly the objects `loghop generate` writes for it, the worker's under processor/ included", () => {
    // Prepare
    const files = renderFiles(withWorker, { clusterId: "eks-eu-1" });
    const kustomization = parse(files.find((f) => f.path === "eks-eu-1/kustomization.yaml")!.contents) as {
      resources: string[];
    };
    const written = kustomization.resources.map(
      (name) => parse(files.find((f) => f.path === `eks-eu-1/${name}`)!.contents) as unknown,
    );
    // Act
    const applied = Object.values(result.resources("cluster-eks-eu-1", "kubernetes_manifest")).map(
      (m) => m["manifest"],
    );
    // Assess
    expect(kustomization.resources.filter((name) => name.startsWith("processor/"))).toHaveLength(6);
    expect(applied).toHaveLength(written.length);
    expect(applied).toEqual(expect.arrayContaining(written));
  });

  test("the worker's objects wait for their own namespace, the agent's for theirs", () => {
    const resources = result.resources("cluster-eks-eu-1", "kubernetes_manifest");
    expect(resources["k8s-deployment-loghop-processor-processor-worker-rosa-eu-2"]?.["depends_on"]).toStrictEqual([
      "kubernetes_manifest.k8s-namespace-cluster-loghop-processor",
      "aws_iam_role_policy.vector-role-policy",
    ]);
    expect(resources["k8s-daemonset-loghop-vector"]?.["depends_on"]).toStrictEqual([
      "kubernetes_manifest.k8s-namespace-cluster-loghop",
      "aws_iam_role_policy.vector-role-policy",
    ]);
  });
});
