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
 * interfaces, and loghop's closed SCC type (no OpenShift models are published).
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
  SecurityContextConstraints: {
    module: join(REPO_ROOT, "generators", "kubernetes", "scc").split("\\").join("/"),
    type: "SecurityContextConstraints",
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
