/** Factories and checkers shared by the generator tests. */
import { join } from "node:path";
import * as ts from "typescript";
import { loadInventory } from "../../inventory/load";
import type { ResolvedCluster, ResolvedInventory } from "../../inventory/resolved";
import type { KubeObject } from "../../generators/types";

export const REPO_ROOT = join(__dirname, "..", "..");

/** The example inventory, resolved. */
export function exampleInventory(): ResolvedInventory {
  return loadInventory(join(REPO_ROOT, "examples", "inventory.json")).inventory;
}

export function clusterById(inv: ResolvedInventory, id: string): ResolvedCluster {
  const cluster = inv.clusters.find((c) => c.id === id);
  if (cluster === undefined) throw new Error(`no cluster ${id} in the test inventory`);
  return cluster;
}

/** The same inventory with one cluster changed (a factory for rule variants). */
export function withCluster(
  inv: ResolvedInventory,
  id: string,
  change: (cluster: ResolvedCluster) => ResolvedCluster,
): ResolvedInventory {
  return { ...inv, clusters: inv.clusters.map((c) => (c.id === id ? change(c) : c)) };
}

/**
 * The TypeScript type each kind is checked against: kubernetes-models' own
 * interfaces, and loghop's closed SCC and PodMonitor types (no OpenShift or Prometheus
 * Operator models are published).
 */
const TYPE_OF_KIND: Readonly<Record<string, { module: string; type: string }>> = {
  Namespace: { module: "kubernetes-models/v1/Namespace", type: "INamespace" },
  ServiceAccount: { module: "kubernetes-models/v1/ServiceAccount", type: "IServiceAccount" },
  ConfigMap: { module: "kubernetes-models/v1/ConfigMap", type: "IConfigMap" },
  Service: { module: "kubernetes-models/v1/Service", type: "IService" },
  ClusterRole: { module: "kubernetes-models/rbac.authorization.k8s.io/v1/ClusterRole", type: "IClusterRole" },
  ClusterRoleBinding: {
    module: "kubernetes-models/rbac.authorization.k8s.io/v1/ClusterRoleBinding",
    type: "IClusterRoleBinding",
  },
  NetworkPolicy: { module: "kubernetes-models/networking.k8s.io/v1/NetworkPolicy", type: "INetworkPolicy" },
  DaemonSet: { module: "kubernetes-models/apps/v1/DaemonSet", type: "IDaemonSet" },
  Deployment: { module: "kubernetes-models/apps/v1/Deployment", type: "IDeployment" },
  PodDisruptionBudget: { module: "kubernetes-models/policy/v1/PodDisruptionBudget", type: "IPodDisruptionBudget" },
  SecurityContextConstraints: {
    module: join(REPO_ROOT, "generators", "kubernetes", "scc").split("\\").join("/"),
    type: "SecurityContextConstraints",
  },
  PodMonitor: {
    module: join(REPO_ROOT, "generators", "kubernetes", "pod-monitor").split("\\").join("/"),
    type: "PodMonitor",
  },
};

/**
 * Unknown fields, found by the TypeScript compiler: each object becomes an
 * object literal assigned to its kind's type, and TypeScript's excess
 * property check rejects any field the type does not declare, at every depth.
 * (kubernetes-models' validate() checks required fields and types but lets
 * unknown fields through.) Returns the diagnostics, one line each.
 */
export function unknownFieldDiagnostics(objects: readonly KubeObject[]): string[] {
  const imports = new Map<string, string>();
  const lines: string[] = [];
  objects.forEach((object, index) => {
    const target = TYPE_OF_KIND[object.kind];
    if (target === undefined) {
      lines.push(`// no type for kind ${object.kind}`);
      return;
    }
    imports.set(target.type, target.module);
    lines.push(`export const object${index}: ${target.type} = ${JSON.stringify(object, null, 2)};`);
  });
  const source = [
    ...[...imports].map(([type, module]) => `import type { ${type} } from ${JSON.stringify(module)};`),
    ...lines,
  ].join("\n");

  const fileName = join(REPO_ROOT, "test", "generators", "__objects__.ts");
  const options: ts.CompilerOptions = {
    strict: true,
    noEmit: true,
    skipLibCheck: true,
    module: ts.ModuleKind.NodeNext,
    moduleResolution: ts.ModuleResolutionKind.NodeNext,
    target: ts.ScriptTarget.ES2022,
    // Node only: the SCC type module reaches inventory/names.ts, which uses node:crypto.
    types: ["node"],
  };
  const host = ts.createCompilerHost(options);
  const getSourceFile = host.getSourceFile.bind(host);
  host.getSourceFile = (name, language, ...rest) =>
    name === fileName ? ts.createSourceFile(name, source, language) : getSourceFile(name, language, ...rest);
  const fileExists = host.fileExists.bind(host);
  host.fileExists = (name) => name === fileName || fileExists(name);
  const program = ts.createProgram([fileName], options, host);
  const unknownKinds = lines.filter((line) => line.startsWith("// no type")).map((line) => line.slice(3));
  return [
    ...unknownKinds,
    ...ts.getPreEmitDiagnostics(program).map((d) => {
      const where =
        d.file !== undefined && d.start !== undefined
          ? `line ${d.file.getLineAndCharacterOfPosition(d.start).line + 1}: `
          : "";
      return `${where}${ts.flattenDiagnosticMessageText(d.messageText, " ")}`;
    }),
  ];
}

/**
 * Generated objects as the tests read them: plain JSON walked by path. A typed
 * view would restate the Kubernetes and Vector schemas the tests check against.
 */
// eslint-disable-next-line @typescript-eslint/no-explicit-any
export type Json = any;

/** A Prometheus duration as the PodMonitor CRD's pattern allows it (`30s`, `1m30s`). */
const PROMETHEUS_DURATION =
  /^(0|(([0-9]+)y)?(([0-9]+)w)?(([0-9]+)d)?(([0-9]+)h)?(([0-9]+)m)?(([0-9]+)s)?(([0-9]+)ms)?)$/;

/**
 * What the PodMonitor CRD (monitoring.coreos.com/v1) requires beyond the closed type: a
 * selector, at least one endpoint naming a port, durations in Prometheus' syntax, a name
 * and namespace. Returns the problems, one line each.
 */
export function podMonitorProblems(object: KubeObject): string[] {
  const spec = (object as unknown as { spec?: Record<string, unknown> }).spec ?? {};
  const problems: string[] = [];
  if (object.apiVersion !== "monitoring.coreos.com/v1") problems.push(`apiVersion ${object.apiVersion}`);
  if (!object.metadata.name || !object.metadata.namespace) problems.push("metadata.name and namespace are required");
  const selector = spec["selector"] as { matchLabels?: Record<string, string> } | undefined;
  if (selector === undefined || Object.keys(selector.matchLabels ?? {}).length === 0)
    problems.push("spec.selector is required");
  const endpoints = (spec["podMetricsEndpoints"] ?? []) as Record<string, unknown>[];
  if (endpoints.length === 0) problems.push("spec.podMetricsEndpoints is empty");
  for (const [i, endpoint] of endpoints.entries()) {
    if (typeof endpoint["port"] !== "string" || endpoint["port"] === "") problems.push(`endpoint ${i}: no port name`);
    for (const field of ["interval", "scrapeTimeout"]) {
      const value = endpoint[field];
      if (value !== undefined && (typeof value !== "string" || !PROMETHEUS_DURATION.test(value))) {
        problems.push(`endpoint ${i}: ${field} ${JSON.stringify(value)} is not a Prometheus duration`);
      }
    }
  }
  return problems;
}
