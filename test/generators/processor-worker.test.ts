/** The processor worker's Kubernetes objects: schema-valid, locked down, wired to its lanes and its own role. */
import { execFileSync } from "node:child_process";
import { mkdtempSync, rmSync, utimesSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { Deployment } from "kubernetes-models/apps/v1/Deployment";
import { PodDisruptionBudget } from "kubernetes-models/policy/v1/PodDisruptionBudget";
import { Namespace } from "kubernetes-models/v1/Namespace";
import { ServiceAccount } from "kubernetes-models/v1/ServiceAccount";
import { buildClusterManifests, manifestFileName } from "../../generators/kubernetes/manifests";
import { buildProcessorWorkerManifests, workerTiming } from "../../generators/kubernetes/processor-worker";
import { renderFiles } from "../../generators/output/files";
import type { KubeObject } from "../../generators/types";
import { resolveInventory } from "../../inventory/resolve";
import { healthProbeCommand } from "../../processor/modes/health-file";
import { SQS_WORKER_DEFAULTS } from "../../processor/modes/sqs-worker-defaults";
import { regionNames } from "../../stacks/region/region-names";
import { exampleRawInventory, EXAMPLE_WORKER_IMAGE, withProcessorWorker } from "../stacks/support/inventories";
import { clusterById, unknownFieldDiagnostics, type Json } from "./support";

const inv = resolveInventory(withProcessorWorker(exampleRawInventory()));
const cluster = clusterById(inv, "eks-eu-1");
const objects = buildProcessorWorkerManifests(inv, cluster);
const MODELS: Record<string, new (data: never) => { validate(): void }> = {
  Namespace,
  ServiceAccount,
  Deployment,
  PodDisruptionBudget,
};

function ofKind(kind: string): (KubeObject & Record<string, Json>)[] {
  return objects.filter((o) => o.kind === kind) as (KubeObject & Record<string, Json>)[];
}

describe("processor worker manifests (a worker on eks-eu-1; eu-west-1 has lanes eks-eu-1 and rosa-eu-2)", () => {
  it("pass the kubernetes-models schemas and declare no unknown field", () => {
    expect(objects.map((o) => o.kind)).toStrictEqual([
      "Namespace",
      "ServiceAccount",
      "Deployment",
      "PodDisruptionBudget",
      "Deployment",
      "PodDisruptionBudget",
    ]);
    for (const object of objects) expect(() => new MODELS[object.kind]!(object as never).validate()).not.toThrow();
    expect(unknownFieldDiagnostics(objects)).toStrictEqual([]);
  });

  it("runs one Deployment per lane, each polling exactly its lane's queue, with the inventory's replicas", () => {
    const lanes = regionNames(inv, "eu-west-1").lanes;
    const deployments = ofKind("Deployment");
    expect(deployments.map((d) => d.metadata.name)).toStrictEqual(lanes.map((l) => `processor-worker-${l.clusterId}`));
    deployments.forEach((deployment, i) => {
      const container = deployment.spec.template.spec.containers[0];
      const env = Object.fromEntries(container.env.map((e: { name: string; value: string }) => [e.name, e.value]));
      expect(env["LOGHOP_QUEUE_URL"]).toBe(`https://sqs.eu-west-1.amazonaws.com/111111111111/${lanes[i]!.queue}`);
      expect(env["AWS_ROLE_ARN"]).toBe(
        "arn:aws:iam::111111111111:role/loghop/lh-prod/processor/lh-prod-eks-eu-1-worker",
      );
      expect(env["LOGHOP_STAGING_BUCKET"]).toBe("lh-prod-staging-111111111111-eu-west-1");
      expect(deployment.spec.replicas).toBe(3);
      expect(container.image).toBe(EXAMPLE_WORKER_IMAGE);
      expect(container.args).toStrictEqual([
        "process",
        "--mode",
        "sqs",
        "--timeout",
        "300",
        "--visibility-timeout",
        String(SQS_WORKER_DEFAULTS.visibilityTimeoutSeconds),
        "--health-file",
        "/tmp/health/alive",
      ]);
      // Each lane's budget selects exactly that lane's pods.
      const budget = ofKind("PodDisruptionBudget")[i]!;
      expect(budget.spec).toStrictEqual({ maxUnavailable: 1, selector: deployment.spec.selector });
      expect(deployment.spec.template.metadata.labels).toMatchObject(deployment.spec.selector.matchLabels);
    });
  });

  it("locks every pod down: non-root, read-only root, no capability, no escalation, RuntimeDefault seccomp", () => {
    for (const deployment of ofKind("Deployment")) {
      const pod = deployment.spec.template.spec;
      expect(pod.securityContext).toMatchObject({ runAsNonRoot: true, seccompProfile: { type: "RuntimeDefault" } });
      expect(pod.securityContext.runAsUser).toBeGreaterThan(0);
      expect(pod.automountServiceAccountToken).toBe(false);
      expect(pod.hostNetwork).toBeUndefined();
      expect(pod.containers[0].securityContext).toStrictEqual({
        allowPrivilegeEscalation: false,
        readOnlyRootFilesystem: true,
        privileged: false,
        capabilities: { drop: ["ALL"] },
      });
      // The only writable path is the health file's memory-backed emptyDir; no hostPath.
      expect(pod.volumes.map((v: Json) => Object.keys(v).filter((k) => k !== "name")[0]).sort()).toStrictEqual([
        "emptyDir",
        "projected",
      ]);
    }
    expect(ofKind("Namespace")[0]!.metadata.labels?.["pod-security.kubernetes.io/enforce"]).toBe("restricted");
  });

  it("shuts down gracefully: the grace period outlasts the batch timeout and the visibility renewal", () => {
    const timing = workerTiming(inv);
    for (const deployment of ofKind("Deployment")) {
      const grace = deployment.spec.template.spec.terminationGracePeriodSeconds;
      expect(grace).toBe(330);
      expect(grace).toBeGreaterThan(timing.batchTimeoutSeconds);
      expect(grace).toBeGreaterThan(SQS_WORKER_DEFAULTS.visibilityTimeoutSeconds);
    }
  });

  it("annotates its ServiceAccount with its own role, the subject that role trusts", () => {
    const account = ofKind("ServiceAccount")[0]!;
    expect(account.metadata).toMatchObject({
      name: "processor-worker",
      namespace: "loghop-processor",
      annotations: {
        "eks.amazonaws.com/role-arn": "arn:aws:iam::111111111111:role/loghop/lh-prod/processor/lh-prod-eks-eu-1-worker",
      },
    });
    for (const deployment of ofKind("Deployment"))
      expect(deployment.spec.template.spec.serviceAccountName).toBe("processor-worker");
  });

  it("is part of the cluster's objects (what the cluster stack applies) and written under processor/", () => {
    const all = buildClusterManifests(inv, cluster);
    expect(all.slice(-objects.length)).toStrictEqual(objects);
    const paths = renderFiles(inv, { clusterId: "eks-eu-1" }).map((f) => f.path);
    expect(paths.filter((p) => p.includes("/processor/"))).toStrictEqual([
      "eks-eu-1/processor/deployment-eks-eu-1.yaml",
      "eks-eu-1/processor/deployment-rosa-eu-2.yaml",
      "eks-eu-1/processor/namespace.yaml",
      "eks-eu-1/processor/pod-disruption-budget-eks-eu-1.yaml",
      "eks-eu-1/processor/pod-disruption-budget-rosa-eu-2.yaml",
      "eks-eu-1/processor/service-account.yaml",
    ]);
    expect(new Set(all.map(manifestFileName)).size).toBe(all.length);
    // Clusters without a worker get none.
    expect(buildProcessorWorkerManifests(inv, clusterById(inv, "rosa-eu-2"))).toStrictEqual([]);
  });
});

describe("the health probe the Deployment runs", () => {
  let dir: string;
  beforeAll(() => {
    dir = mkdtempSync(join(tmpdir(), "loghop-health-"));
  });
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  function probe(file: string, maxAgeSeconds: number): number {
    const [command, ...args] = healthProbeCommand(file, maxAgeSeconds);
    try {
      execFileSync(command === "node" ? process.execPath : command!, args, { stdio: "ignore" });
      return 0;
    } catch (error) {
      return (error as { status: number }).status;
    }
  }

  it("passes on a fresh file, fails on a stale or missing one", () => {
    const file = join(dir, "alive");
    writeFileSync(file, "now\n");
    expect(probe(file, 80)).toBe(0);
    const old = new Date(Date.now() - 81_000);
    utimesSync(file, old, old);
    expect(probe(file, 80)).toBe(1);
    expect(probe(join(dir, "missing"), 80)).toBe(1);
  });

  it("is the command the Deployment's probes run, with the bound derived from the worker's timing", () => {
    const deployment = ofKind("Deployment")[0]!;
    const container = deployment.spec.template.spec.containers[0];
    const expected = healthProbeCommand("/tmp/health/alive", workerTiming(inv).livenessMaxAgeSeconds);
    expect(container.livenessProbe.exec.command).toStrictEqual(expected);
    expect(container.readinessProbe.exec.command).toStrictEqual(expected);
    // Two renewal intervals (120 s / 3) without a touch before the probe fails.
    expect(workerTiming(inv).livenessMaxAgeSeconds).toBe(80);
  });
});
