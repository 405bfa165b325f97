import * as vrl from "@bpinternal/verel";
import { renderClassifyProgram, renderDroppedProgram } from "../../generators";
import { AGENT_METADATA_FIELDS } from "../../processor/records/record";
import type { ResolvedCluster } from "../../inventory/resolved";
import { clusterById, exampleInventory, withCluster, type Json } from "./support";

const inv = exampleInventory();

/** Every rule variant, so each tenant path the template can emit is compiled. */
const variants: ResolvedCluster[] = [
  ...inv.clusters,
  clusterById(
    withCluster(inv, "eks-eu-1", (c) => ({
      ...c,
      id: "eks-eu-1-pods",
      tenantSource: { from: "podLabel", key: "team" },
    })),
    "eks-eu-1-pods",
  ),
];

/** A kubernetes_logs event (legacy namespace layout), with overrides. */
function logEvent(message: string, kubernetes: Record<string, unknown> = {}): Record<string, unknown> {
  return {
    message,
    timestamp: "2025-01-01T00:00:10.500Z",
    file: "/var/log/pods/shop_checkout-7d9f_1/app/0.log",
    source_type: "kubernetes_logs",
    stream: "stdout",
    kubernetes: {
      container_name: "app",
      pod_name: "checkout-7d9f-abcde",
      pod_namespace: "shop",
      namespace_labels: { "loghop.io/tenant": "globex" },
      pod_labels: { "app.kubernetes.io/name": "checkout" },
      pod_annotations: { "kubectl.kubernetes.io/last-applied-configuration": "{}" },
      node_labels: { "kubernetes.io/hostname": "ip-10-0-0-1" },
      ...kubernetes,
    },
  };
}

type Outcome = { kind: "kept"; event: Record<string, Json> } | { kind: "aborted"; reason: string };

function run(program: string, event: Record<string, unknown>): Outcome {
  try {
    return { kind: "kept", event: vrl.execute(program, event).event };
  } catch (error) {
    return { kind: "aborted", reason: String(error) };
  }
}

function kept(program: string, event: Record<string, unknown>): Record<string, Json> {
  const outcome = run(program, event);
  if (outcome.kind !== "kept") throw new Error(`event was aborted: ${outcome.reason}`);
  return outcome.event;
}

describe("emitted VRL", () => {
  it.each(
    variants.flatMap((c) => [
      [`${c.id} classify`, renderClassifyProgram(c)],
      [`${c.id} dropped`, renderDroppedProgram(c)],
    ]),
  )("%s compiles with no error and no warning", (_name, program) => {
    // Act
    const result = vrl.check(program);
    // Assess
    expect([...result.errors, ...result.warnings].map(vrl.formatDiagnostic)).toStrictEqual([]);
  });
});

describe("classify program (eks-eu-1: namespace label loghop.io/tenant, allowed globex and umbrella)", () => {
  const program = renderClassifyProgram(clusterById(inv, "eks-eu-1"));

  it("sets tenant_id, application, pod_name and cluster_id, keeps message, drops cluster internals", () => {
    // Act
    const event = kept(program, logEvent("hello"));
    // Assess
    expect(event).toMatchObject({
      tenant_id: "globex",
      application: "checkout",
      pod_name: "checkout-7d9f-abcde",
      cluster_id: "eks-eu-1",
      message: "hello",
    });
    expect(event["file"]).toBeUndefined();
    expect(event["kubernetes"].pod_annotations).toBeUndefined();
    expect(event["kubernetes"].node_labels).toBeUndefined();
  });

  it("matches the tenant case-insensitively", () => {
    const event = kept(program, logEvent("x", { namespace_labels: { "loghop.io/tenant": " Umbrella " } }));
    expect(event["tenant_id"]).toBe("umbrella");
  });

  it("drops a third tenant's event on a cluster allowed two", () => {
    const outcome = run(program, logEvent("x", { namespace_labels: { "loghop.io/tenant": "initech" } }));
    expect(outcome.kind).toBe("aborted");
  });

  it("drops an event without a tenant", () => {
    expect(run(program, logEvent("x", { namespace_labels: {} })).kind).toBe("aborted");
  });

  it("does not accept a near-miss tenant value", () => {
    expect(run(program, logEvent("x", { namespace_labels: { "loghop.io/tenant": "glo/bex" } })).kind).toBe("aborted");
  });

  it.each([
    ["the app label", { pod_labels: { app: "Payments" } }, "payments"],
    ["the container name", { pod_labels: {} }, "app"],
    ["unknown when nothing names it", { pod_labels: {}, container_name: null }, "unknown"],
    ["key-safe characters only", { pod_labels: { "app.kubernetes.io/name": "Web Shop/API:v2" } }, "web-shop-api-v2"],
    ["no dot segments", { pod_labels: { "app.kubernetes.io/name": ".." } }, "unknown"],
    ["at most 63 characters", { pod_labels: { "app.kubernetes.io/name": "a".repeat(100) } }, "a".repeat(63)],
  ])("application falls back to %s", (_name, kubernetes, expected) => {
    expect(kept(program, logEvent("x", kubernetes))["application"]).toBe(expected);
  });

  it("pod_name falls back to unknown", () => {
    expect(kept(program, logEvent("x", { pod_name: null }))["pod_name"]).toBe("unknown");
  });

  it("reads a JSON message's timestamp but stores no parsed copy (it would double every staged line)", () => {
    const message = '{"level":"info","msg":"paid","order":42,"time":"2024-05-06T07:08:09.5Z"}';
    const event = kept(program, logEvent(message));
    expect(event["json"]).toBeUndefined();
    expect(event["message"]).toBe(message);
    expect(event["timestamp"]).toBe("2024-05-06T07:08:09.500Z");
    expect(Object.keys(event).sort()).toStrictEqual([
      "application",
      "cluster_id",
      "kubernetes",
      "message",
      "pod_name",
      "source_type",
      "stream",
      "tenant_id",
      "timestamp",
    ]);
  });

  it("adds only fields the processor strips as agent metadata from a record without message", () => {
    const event = kept(program, logEvent('{"level":"info","time":"2024-05-06T07:08:09.5Z"}'));
    const added = Object.keys(event).filter((field) => field !== "message");
    expect(added.filter((field) => !AGENT_METADATA_FIELDS.has(field))).toStrictEqual([]);
  });

  it("leaves a message that only looks like JSON alone", () => {
    const event = kept(program, logEvent("{not json"));
    expect(event["json"]).toBeUndefined();
  });

  it.each([
    ["RFC 3339 with nanoseconds", "2024-03-04T05:06:07.987654321Z started", "2024-03-04T05:06:07.987654321Z"],
    ["RFC 3339 with an offset", "2024-03-04T05:06:07.5+02:00 x", "2024-03-04T03:06:07.500Z"],
    ["RFC 3339 with a space and +hhmm", "2024-03-04 05:06:07.25+0130 x", "2024-03-04T03:36:07.250Z"],
    ["klog", "I0101 00:00:05.123456    1 main.go:10] ready", "2025-01-01T00:00:05.123456Z"],
    ["klog a few hours ahead (clock skew)", "W0101 05:00:00.5 1 main.go:10] skew", "2025-01-01T05:00:00.500Z"],
    ["klog across new year", "E1231 23:59:59.000001 1 x.go:1] late", "2024-12-31T23:59:59.000001Z"],
    ["Go log", "2024/01/02 15:04:05 listening", "2024-01-02T15:04:05Z"],
    ["Go log with microseconds", "2024/01/02 15:04:05.123456 listening", "2024-01-02T15:04:05.123456Z"],
    ["JSON epoch seconds", '{"ts":1700000000}', "2023-11-14T22:13:20Z"],
    ["JSON epoch float seconds", '{"ts":1700000000.123456}', "2023-11-14T22:13:20.123456Z"],
    ["JSON epoch milliseconds", '{"timestamp":1700000000123}', "2023-11-14T22:13:20.123Z"],
    ["JSON epoch float milliseconds", '{"time":1700000000123.5}', "2023-11-14T22:13:20.123500Z"],
    ["JSON epoch nanoseconds as text", '{"ts":"1700000000123456789"}', "2023-11-14T22:13:20.123456789Z"],
    ["JSON RFC 3339 text", '{"@timestamp":"2024-03-04T05:06:07.123456Z"}', "2024-03-04T05:06:07.123456Z"],
  ])("takes the event's time from %s", (_name, message, expected) => {
    expect(kept(program, logEvent(message))["timestamp"]).toBe(expected);
  });

  it.each([
    ["plain text", "hello world"],
    ["a small number that is not a time", '{"ts":5}'],
    ["a date without a zone", "2024-03-04 05:06:07,123 INFO"],
  ])("keeps the runtime's timestamp for %s", (_name, message) => {
    expect(kept(program, logEvent(message))["timestamp"]).toBe("2025-01-01T00:00:10.500Z");
  });
});

describe("classify program, other tenant rules", () => {
  it("namespace rule (eks-us-1) takes the namespace name", () => {
    const program = renderClassifyProgram(clusterById(inv, "eks-us-1"));
    expect(kept(program, logEvent("x", { pod_namespace: "initech" }))["tenant_id"]).toBe("initech");
    expect(run(program, logEvent("x", { pod_namespace: "globex" })).kind).toBe("aborted");
  });

  it("pod label rule (rosa-eu-2) keeps a pod label only where it repeats the namespace's (test/generators/tenant-attribution.test.ts has the rest)", () => {
    const program = renderClassifyProgram(clusterById(inv, "rosa-eu-2"));
    const event = (podTenant: string) =>
      logEvent("x", {
        namespace_labels: { "loghop.io/tenant": "initech" },
        pod_labels: { "loghop.io/tenant": podTenant },
      });
    expect(kept(program, event("initech"))["tenant_id"]).toBe("initech");
    expect(run(program, event("globex")).kind).toBe("aborted");
  });
});

describe("dropped program", () => {
  const program = renderDroppedProgram(clusterById(inv, "eks-eu-1"));

  it.each([
    // A tenant the cluster does not carry is counted as `other`: the label's values stay bounded.
    ["tenant_not_allowed", { namespace_labels: { "loghop.io/tenant": "Initech" } }, "other"],
    ["tenant_missing", { namespace_labels: {} }, "other"],
    ["remap_error", { namespace_labels: { "loghop.io/tenant": "globex" } }, "globex"],
  ])("reduces a refused event to {reason: %s, tenant_id}", (reason, kubernetes, tenant) => {
    expect(kept(program, logEvent("secret payload", kubernetes))).toStrictEqual({ reason, tenant_id: tenant });
  });
});

describe("the staging key always renders", () => {
  const cluster = clusterById(inv, "rosa-eu-2");
  const program = renderClassifyProgram(cluster);
  const hostile = [
    "",
    " ",
    ".",
    "..",
    "../../etc",
    "a/b/c",
    "{{ tenant_id }}",
    "Ünïcödé-名前",
    "-leading-and-trailing-",
    "x".repeat(300),
    "UPPER_case.Mixed-1",
  ];

  it.each([...hostile.map((app) => [app, "web-0"]), ...hostile.map((pod) => ["web", pod])])(
    "application %j and pod %j give three safe key segments",
    (app, pod) => {
      // Prepare
      const event = logEvent("x", {
        pod_labels: { "loghop.io/tenant": "globex", "app.kubernetes.io/name": app },
        pod_name: pod,
      });
      // Act
      const out = kept(program, event);
      const key = `${cluster.id}/${out["tenant_id"]}/${out["application"]}/${out["pod_name"]}/`;
      // Assess
      for (const segment of key.split("/").slice(0, -1)) {
        expect(segment).toMatch(/^[a-z0-9._-]{1,63}$/);
        expect(segment).not.toMatch(/^\.+$/);
      }
      expect(key.startsWith(`${cluster.id}/globex/`)).toBe(true);
    },
  );
});
