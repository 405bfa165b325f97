/**
 * Tenant attribution under attack, in every tenant mode: the generated classify and dropped
 * programs are executed (VRL WebAssembly) on events a workload owner shapes — pods labelled
 * with another tenant, namespace labels that lie, missing labels, unknown tenants. The
 * property: a line lands only in the tenant the trusted source proves (the namespace name,
 * the namespace label, or the cluster's only tenant), never in one a pod label chose.
 */
import * as vrl from "@bpinternal/verel";
import { renderClassifyProgram, renderDroppedProgram } from "../../generators";
import type { ResolvedCluster } from "../../inventory/resolved";
import type { TenantSource } from "../../inventory/types";
import { clusterById, exampleInventory, type Json } from "./support";

const inv = exampleInventory();
const KEY = "loghop.io/tenant";

/** The example's clusters, plus the modes the example does not use, on the same allow-lists. */
function variant(base: string, id: string, tenantSource: TenantSource): ResolvedCluster {
  return { ...clusterById(inv, base), id, tenantSource };
}

interface Mode {
  readonly name: string;
  readonly cluster: ResolvedCluster;
  /** The tenant the trusted source proves for an event, before the allow-list; undefined = none. */
  readonly proven: (event: Hostile) => string | undefined;
}

/** What a hostile event is made of: the namespace (name, label) and the pod's own label. */
interface Hostile {
  readonly namespace: string;
  readonly namespaceLabel: string | undefined;
  readonly podLabel: string | undefined;
}

const normalized = (value: string | undefined): string | undefined => {
  const v = value?.trim().toLowerCase();
  return v === undefined || v === "" ? undefined : v;
};

const MODES: readonly Mode[] = [
  {
    name: "namespace, single tenant (eks-us-1)",
    cluster: clusterById(inv, "eks-us-1"),
    proven: (e) => normalized(e.namespace),
  },
  {
    name: "namespace, shared Kubernetes cluster",
    cluster: variant("eks-eu-1", "eks-shared-ns", { from: "namespace" }),
    proven: (e) => normalized(e.namespace),
  },
  {
    name: "namespaceLabel (eks-eu-1)",
    cluster: clusterById(inv, "eks-eu-1"),
    proven: (e) => normalized(e.namespaceLabel),
  },
  {
    name: "podLabel, single tenant",
    cluster: variant("eks-us-1", "eks-us-1-pods", { from: "podLabel", key: KEY }),
    // The only tenant the cluster carries; a pod label may only opt in to it.
    proven: (e) => (normalized(e.podLabel) === "initech" ? "initech" : undefined),
  },
  {
    name: "podLabel proven by the namespace label (rosa-eu-2)",
    cluster: clusterById(inv, "rosa-eu-2"),
    proven: (e) => (normalized(e.podLabel) === normalized(e.namespaceLabel) ? normalized(e.namespaceLabel) : undefined),
  },
];

function logEvent(e: Hostile): Record<string, unknown> {
  return {
    message: "line",
    timestamp: "2025-01-01T00:00:00Z",
    source_type: "kubernetes_logs",
    kubernetes: {
      container_name: "app",
      pod_name: "web-0",
      pod_namespace: e.namespace,
      namespace_labels: e.namespaceLabel === undefined ? {} : { [KEY]: e.namespaceLabel },
      pod_labels: { "app.kubernetes.io/name": "web", ...(e.podLabel === undefined ? {} : { [KEY]: e.podLabel }) },
    },
  };
}

type Outcome = { kept: true; tenant: string } | { kept: false; reason: string };

function classify(program: string, event: Record<string, unknown>): Outcome {
  try {
    return { kept: true, tenant: vrl.execute(program, event).event["tenant_id"] as string };
  } catch (error) {
    return { kept: false, reason: String(error) };
  }
}

function counted(program: string, event: Record<string, unknown>): { reason: string; tenant_id: string } {
  return vrl.execute(program, event).event as { reason: string; tenant_id: string };
}

/** Values a workload owner or a sloppy label could put anywhere: every tenant, case and space games, unknowns, nothing. */
const VALUES = [
  undefined,
  "",
  "globex",
  "initech",
  "umbrella",
  " Globex ",
  "UMBRELLA",
  "evil-corp",
  "glo/bex",
  "_missing",
];
const NAMESPACES = ["globex", "initech", "umbrella", "shop", "evil-corp"];
const GRID: readonly Hostile[] = NAMESPACES.flatMap((namespace) =>
  VALUES.flatMap((namespaceLabel) => VALUES.map((podLabel) => ({ namespace, namespaceLabel, podLabel }))),
);

/**
 * The classify program up to the line that sets `.tenant_id`: everything that decides the
 * tenant, as generated. The full program compiles in ~0.2 s per execution (its timestamp
 * parsing), too slow for a grid of hundreds; the test below proves the rest never touches
 * the tenant, and the named cases further down run the full program.
 */
const TENANT_SET = ".tenant_id = tenant_id";
function tenantDecision(program: string): string {
  return program.slice(0, program.indexOf(TENANT_SET) + TENANT_SET.length);
}

describe.each(MODES.map((mode) => [mode.name, mode] as const))("tenant mode %s", (_name, mode) => {
  const fullProgram = renderClassifyProgram(mode.cluster);
  const classifyProgram = tenantDecision(fullProgram);
  const droppedProgram = renderDroppedProgram(mode.cluster);
  const allowed = new Set(mode.cluster.tenants);

  it("decides the tenant in one place: after `.tenant_id` is set, nothing reads or writes tenant_id again", () => {
    const rest = fullProgram.slice(classifyProgram.length);
    expect(fullProgram.split(TENANT_SET)).toHaveLength(2);
    expect(rest).not.toMatch(/tenant_id|tenant_raw|proven_tenant|abort/);
  });

  it(`keeps a line only under the tenant its trusted source proves (${GRID.length} hostile events)`, () => {
    // Act
    const wrong = GRID.flatMap((event) => {
      const outcome = classify(classifyProgram, logEvent(event));
      const proven = mode.proven(event);
      const expected = proven !== undefined && allowed.has(proven) ? proven : undefined;
      const got = outcome.kept ? outcome.tenant : undefined;
      return got === expected ? [] : [{ event, expected, got }];
    });
    // Assess
    expect(wrong).toStrictEqual([]);
  });

  it("counts every refused line under a tenant the cluster carries or `other`, never a claimed value", () => {
    // Act
    const labels = new Set(
      GRID.filter((event) => !classify(classifyProgram, logEvent(event)).kept).map(
        (event) => counted(droppedProgram, logEvent(event)).tenant_id,
      ),
    );
    // Assess: bounded cardinality — at most the cluster's tenants plus one.
    expect([...labels].filter((label) => label !== "other" && !allowed.has(label))).toStrictEqual([]);
    expect(labels.size).toBeLessThanOrEqual(allowed.size + 1);
    expect(labels.has("other")).toBe(true);
  });
});

describe("hostile events, named", () => {
  const rosa = clusterById(inv, "rosa-eu-2");
  const proofClassify = renderClassifyProgram(rosa);
  const proofDropped = renderDroppedProgram(rosa);

  it("podLabel with proof: a pod labelled with another tenant in globex's namespace is dropped as tenant_mismatch, counted under globex", () => {
    // Prepare
    const event = logEvent({ namespace: "shop", namespaceLabel: "globex", podLabel: "initech" });
    // Act
    const outcome = classify(proofClassify, event);
    // Assess
    expect(outcome.kept).toBe(false);
    expect(!outcome.kept && outcome.reason).toMatch(/tenant_mismatch/);
    expect(counted(proofDropped, event)).toStrictEqual({ reason: "tenant_mismatch", tenant_id: "globex" });
  });

  it("podLabel with proof: a pod repeating its namespace's tenant is kept under it", () => {
    const event = logEvent({ namespace: "shop", namespaceLabel: "globex", podLabel: " GLOBEX" });
    expect(classify(proofClassify, event)).toStrictEqual({ kept: true, tenant: "globex" });
  });

  it("podLabel with proof: a namespace without the proving label keeps nothing (tenant_missing)", () => {
    const event = logEvent({ namespace: "shop", namespaceLabel: undefined, podLabel: "globex" });
    expect(classify(proofClassify, event).kept).toBe(false);
    // Counted under the tenant the pod claimed only because it is one the cluster carries.
    expect(counted(proofDropped, event)).toStrictEqual({ reason: "tenant_missing", tenant_id: "globex" });
  });

  it("namespace mode: a pod label or namespace label naming another tenant changes nothing", () => {
    const program = renderClassifyProgram(variant("eks-eu-1", "eks-shared-ns", { from: "namespace" }));
    const event = logEvent({ namespace: "globex", namespaceLabel: "umbrella", podLabel: "umbrella" });
    expect(classify(program, event)).toStrictEqual({ kept: true, tenant: "globex" });
  });

  it("namespaceLabel mode: a pod label naming another tenant changes nothing", () => {
    const program = renderClassifyProgram(clusterById(inv, "eks-eu-1"));
    const event = logEvent({ namespace: "shop", namespaceLabel: "globex", podLabel: "umbrella" });
    expect(classify(program, event)).toStrictEqual({ kept: true, tenant: "globex" });
  });

  it("namespaceLabel mode: a namespace label naming a tenant the cluster does not carry is dropped, counted as other", () => {
    const cluster = clusterById(inv, "eks-eu-1");
    const event = logEvent({ namespace: "shop", namespaceLabel: "initech", podLabel: undefined });
    expect(classify(renderClassifyProgram(cluster), event).kept).toBe(false);
    expect(counted(renderDroppedProgram(cluster), event)).toStrictEqual({
      reason: "tenant_not_allowed",
      tenant_id: "other",
    });
  });

  it("every mode: an unknown tenant is dropped as tenant_not_allowed", () => {
    for (const mode of MODES) {
      const event = logEvent({ namespace: "evil-corp", namespaceLabel: "evil-corp", podLabel: "evil-corp" });
      const outcome = classify(renderClassifyProgram(mode.cluster), event);
      expect({ mode: mode.name, kept: outcome.kept }).toStrictEqual({ mode: mode.name, kept: false });
      expect(counted(renderDroppedProgram(mode.cluster), event)).toStrictEqual({
        reason: "tenant_not_allowed",
        tenant_id: "other",
      } satisfies Json);
    }
  });
});
