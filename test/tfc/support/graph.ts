/** The run-trigger graph read back from synthesized bootstrap JSON, and the checks it must pass. */
import { resources, type TerraformJson } from "./inventories";

export interface TriggerEdge {
  readonly source: string;
  readonly target: string;
}

/** `${tfe_workspace.<id>.id}` → the workspace name that resource creates. */
function workspaceNamesByReference(json: TerraformJson): Map<string, string> {
  const names = new Map<string, string>();
  for (const [id, workspace] of Object.entries(resources(json, "tfe_workspace"))) {
    names.set(`\${tfe_workspace.${id}.id}`, workspace["name"] as string);
  }
  return names;
}

/** Run triggers as workspace-name edges. Throws if a trigger points at no workspace. */
export function triggerEdges(json: TerraformJson): TriggerEdge[] {
  const names = workspaceNamesByReference(json);
  const nameOf = (reference: string): string => {
    const name = names.get(reference);
    if (name === undefined) throw new Error(`run trigger references ${reference}, which is no workspace`);
    return name;
  };
  return Object.values(resources(json, "tfe_run_trigger")).map((trigger) => ({
    source: nameOf(trigger["sourceable_id"] as string),
    target: nameOf(trigger["workspace_id"] as string),
  }));
}

/** Kahn's algorithm: the workspaces in an order every edge respects, or undefined if there is a cycle. */
export function topologicalOrder(nodes: readonly string[], edges: readonly TriggerEdge[]): string[] | undefined {
  const incoming = new Map(nodes.map((node) => [node, 0]));
  for (const edge of edges) incoming.set(edge.target, (incoming.get(edge.target) ?? 0) + 1);
  const ready = nodes.filter((node) => incoming.get(node) === 0);
  const order: string[] = [];
  while (ready.length > 0) {
    const node = ready.shift() as string;
    order.push(node);
    for (const edge of edges.filter((e) => e.source === node)) {
      const left = (incoming.get(edge.target) ?? 0) - 1;
      incoming.set(edge.target, left);
      if (left === 0) ready.push(edge.target);
    }
  }
  return order.length === nodes.length ? order : undefined;
}

/** Every node reachable from `roots` along the edges. */
export function reachableFrom(roots: readonly string[], edges: readonly TriggerEdge[]): Set<string> {
  const seen = new Set(roots);
  const queue = [...roots];
  while (queue.length > 0) {
    const node = queue.shift() as string;
    for (const edge of edges) {
      if (edge.source === node && !seen.has(edge.target)) {
        seen.add(edge.target);
        queue.push(edge.target);
      }
    }
  }
  return seen;
}
