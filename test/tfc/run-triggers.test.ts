/** The run triggers of the synthesized bootstrap encode the deploy order, and nothing else. */
import { DEPLOY_LAYERS } from "../../stacks/tfc-bootstrap";
import { reachableFrom, topologicalOrder, triggerEdges, type TriggerEdge } from "./support/graph";
import {
  largeCloudInventory,
  resolvedCloudExample,
  synthBootstrap,
  synthRawBootstrap,
  workspacesByName,
  type TerraformJson,
} from "./support/inventories";

/** Workspace name → its deploy layer, read from the workspace's `loghop-layer` tag. */
function layersOf(json: TerraformJson): Map<string, string> {
  return new Map([...workspacesByName(json)].map(([name, ws]) => [name, ws["tags"]["loghop-layer"] as string]));
}

/** Assert the graph is the documented order: layered, acyclic, all reachable, ≤ 20 sources each. */
function expectLayeredOrder(json: TerraformJson): TriggerEdge[] {
  const layers = layersOf(json);
  const edges = triggerEdges(json);
  const nodes = [...layers.keys()];
  const present = DEPLOY_LAYERS.filter((layer) => [...layers.values()].includes(layer));
  const rank = (name: string): number => present.indexOf(layers.get(name) as (typeof present)[number]);
  const firstLayer = nodes.filter((name) => rank(name) === 0);

  // Sourced only from the layer right before the target's — except central, which is triggered by
  // the regions (whose processor roles it trusts) and not by every lane stack: with 16 lane groups a
  // region, that would pass TFC's 20 sources; CI deploys the lanes layer before central's anyway.
  for (const edge of edges) {
    const expected = layers.get(edge.target) === "central" && layers.get(edge.source) === "region" ? 2 : 1;
    expect([edge.source, rank(edge.target) - rank(edge.source)]).toStrictEqual([edge.source, expected]);
  }
  // No cycles, and the first layer waits for nothing.
  expect(topologicalOrder(nodes, edges)).toBeDefined();
  expect(edges.filter((edge) => firstLayer.includes(edge.target))).toStrictEqual([]);
  // Every workspace is reached from the first layer: nothing is left out of the cascade.
  expect([...reachableFrom(firstLayer, edges)].sort()).toStrictEqual([...nodes].sort());
  // TFC's limit of 20 source workspaces per workspace, and no duplicate trigger.
  const sources = new Map<string, number>();
  for (const edge of edges) sources.set(edge.target, (sources.get(edge.target) ?? 0) + 1);
  expect(Math.max(...sources.values())).toBeLessThanOrEqual(20);
  expect(new Set(edges.map((e) => `${e.source}>${e.target}`)).size).toBe(edges.length);
  return edges;
}

describe("tfc-bootstrap run triggers", () => {
  it("orders the example regions → lanes and central → customers → clusters with the fewest triggers", () => {
    // Act
    const edges = expectLayeredOrder(synthBootstrap(resolvedCloudExample()));
    const byTarget = (a: TriggerEdge, b: TriggerEdge): number =>
      `${a.target}<${a.source}`.localeCompare(`${b.target}<${b.source}`);

    // Assess: each lane stack and central wait for their region; each customer for central; each cluster for one
    // customer it carries (eks-us-1 only carries self-applied initech, so the first customer).
    const ws = (stack: string): string => `lh-prod-${stack}`;
    expect(edges.sort(byTarget)).toStrictEqual([
      { source: ws("region-eu-west-1"), target: ws("central") },
      { source: ws("region-us-east-1"), target: ws("central") },
      { source: ws("customer-globex"), target: ws("cluster-eks-eu-1") },
      { source: ws("customer-globex"), target: ws("cluster-eks-us-1") },
      { source: ws("customer-globex"), target: ws("cluster-rosa-eu-2") },
      { source: ws("central"), target: ws("customer-globex") },
      { source: ws("central"), target: ws("customer-umbrella") },
      { source: ws("region-eu-west-1"), target: ws("lanes-eu-west-1-0") },
      { source: ws("region-eu-west-1"), target: ws("lanes-eu-west-1-b") },
      { source: ws("region-us-east-1"), target: ws("lanes-us-east-1-8") },
    ]);
  });

  it("keeps the order in a large estate, one trigger into every customer and cluster", () => {
    const json = synthRawBootstrap(largeCloudInventory(90, 30, ["eu-west-1", "us-east-1", "eu-central-1"]));

    const edges = expectLayeredOrder(json);

    // 3 regions → central, 60 deployed customers ← central, 30 clusters ← a customer, and each
    // lane stack ← its region (one per non-empty lane group).
    const laneStacks = [...layersOf(json).values()].filter((layer) => layer === "lanes").length;
    expect(laneStacks).toBeGreaterThan(3);
    expect(edges).toHaveLength(3 + 60 + 30 + laneStacks);
  });

  it("hangs clusters off central when no tenant has a workspace", () => {
    // Prepare: every tenant applies its own customer stack.
    const raw = largeCloudInventory(6, 4, ["eu-west-1"]);
    const selfApplied = { ...raw, tenants: raw.tenants.map(({ deployRoleArn: _drop, ...tenant }) => tenant) };

    // Act
    const json = synthRawBootstrap(selfApplied);

    // Assess
    const edges = expectLayeredOrder(json);
    expect(edges.filter((e) => e.target.includes("-cluster-")).map((e) => e.source)).toStrictEqual(
      Array(4).fill("lh-prod-central"),
    );
  });

  it("detects a cycle and an unreachable workspace (the checks can fail)", () => {
    const nodes = ["a", "b", "c"];

    expect(
      topologicalOrder(nodes, [
        { source: "a", target: "b" },
        { source: "b", target: "a" },
      ]),
    ).toBeUndefined();
    expect([...reachableFrom(["a"], [{ source: "a", target: "b" }])].sort()).toStrictEqual(["a", "b"]);
  });
});
