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

/**
 * An audit.k8s.io/v1 Event as a hosted control plane's kube-apiserver writes it (one JSON line
 * per stage), with overrides.
 */
function auditEvent(overrides: Record<string, unknown> = {}): string {
  return JSON.stringify({
    kind: "Event",
    apiVersion: "audit.k8s.io/v1",
    level: "Metadata",
    auditID: "6f1a3f4e-2b7c-4d8e-9a0b-1c2d3e4f5a6b",
    stage: "ResponseComplete",
    requestURI: "/api/v1/namespaces/shop/pods?limit=500",
    verb: "list",
    user: {
      username: "system:serviceaccount:kube-system:replicaset-controller",
      uid: "0b4c7a36-5f0e-4d0c-8f3b-2a1e9d8c7b6a",
      groups: ["system:serviceaccounts", "system:serviceaccounts:kube-system", "system:authenticated"],
    },
    sourceIPs: ["10.0.12.7"],
    userAgent: "kube-controller-manager/v1.31.2 (linux/amd64) kubernetes/5864a46",
    objectRef: { resource: "pods", namespace: "shop", apiVersion: "v1" },
    responseStatus: { metadata: {}, code: 200 },
    requestReceivedTimestamp: "2025-01-01T00:00:03.120385Z",
    stageTimestamp: "2025-01-01T00:00:03.125722Z",
    annotations: { "authorization.k8s.io/decision": "allow", "authorization.k8s.io/reason": "RBAC: allowed" },
    ...overrides,
  });
}

describe("classify program: Kubernetes audit events and logfmt lines keep their own times", () => {
  const program = renderClassifyProgram(clusterById(inv, "eks-eu-1"));
  const RUNTIME = "2025-01-01T00:00:10.500Z";
  const timeOf = (message: string): Json => kept(program, logEvent(message))["timestamp"];

  it("takes an audit event's stageTimestamp (when the stage was logged), keeping microseconds", () => {
    expect(timeOf(auditEvent())).toBe("2025-01-01T00:00:03.125722Z");
  });

  it("takes the stage's time for each stage of one request", () => {
    // A long watch: received hours before its ResponseComplete stage.
    const received = auditEvent({
      stage: "RequestReceived",
      stageTimestamp: "2024-12-31T21:00:00.000001Z",
      requestReceivedTimestamp: "2024-12-31T21:00:00.000001Z",
    });
    const completed = auditEvent({
      stage: "ResponseComplete",
      verb: "watch",
      requestReceivedTimestamp: "2024-12-31T21:00:00.000001Z",
    });
    expect([timeOf(received), timeOf(completed)]).toStrictEqual([
      "2024-12-31T21:00:00.000001Z",
      "2025-01-01T00:00:03.125722Z",
    ]);
  });

  it.each([
    ["absent", undefined],
    ["null", null],
    ["an impossible date", "2025-13-45T99:99:99Z"],
    ["text", "yesterday"],
    ["an object", { seconds: 1735689603 }],
    ["an array", ["2025-01-01T00:00:03Z"]],
    ["a boolean", true],
    ["a number too small to be a time", 5],
    ["a float too large for any clock", 1e300],
    ["full-width digits", "\uff12\uff10\uff12\uff15-01-01T00:00:03Z"],
    ["a year beyond the parser's range", "+262143-01-01T00:00:00Z"],
    ["a megabyte of digits", "1".repeat(1_000_000)],
  ])("falls back to requestReceivedTimestamp when stageTimestamp is %s", (_name, value) => {
    expect(timeOf(auditEvent({ stageTimestamp: value }))).toBe("2025-01-01T00:00:03.120385Z");
  });

  it("keeps the runtime's timestamp when neither audit time parses", () => {
    expect(timeOf(auditEvent({ stageTimestamp: "garbage", requestReceivedTimestamp: { $gt: "" } }))).toBe(RUNTIME);
  });

  it("ranks the audit fields after timestamp, time, ts and @timestamp", () => {
    const message = JSON.stringify({
      "@timestamp": "2024-05-05T05:05:05Z",
      stageTimestamp: "2024-06-06T06:06:06Z",
      requestReceivedTimestamp: "2024-07-07T07:07:07Z",
    });
    expect(timeOf(message)).toBe("2024-05-05T05:05:05Z");
  });

  it("passes over an earlier field that does not parse, for the existing fields too", () => {
    expect(timeOf('{"timestamp":"soon","time":{"s":1},"ts":"2024-03-04T05:06:07Z"}')).toBe("2024-03-04T05:06:07Z");
  });

  it.each([
    ['logrus time="…"', 'time="2024-03-04T05:06:07Z" level=info msg="started"', "2024-03-04T05:06:07Z"],
    ["logrus with an offset", 'time="2024-03-04T05:06:07+02:00" level=warning msg="slow"', "2024-03-04T03:06:07Z"],
    [
      "go-kit ts=…",
      "level=info ts=2024-03-04T05:06:07.123456789Z caller=main.go:10 msg=ready",
      "2024-03-04T05:06:07.123456789Z",
    ],
    ["ts= as epoch seconds", "ts=1700000000.123 level=debug", "2023-11-14T22:13:20.123Z"],
    ["a quoted value with a space", 'level=info time="2024-03-04 05:06:07.5+0000" msg=x', "2024-03-04T05:06:07.500Z"],
    [
      "timestamp= before time= before ts=",
      'ts=2020-01-01T00:00:00Z time="2021-01-01T00:00:00Z" timestamp=2022-01-01T00:00:00Z',
      "2022-01-01T00:00:00Z",
    ],
    ["time= before ts=", "ts=2020-01-01T00:00:00Z time=2021-01-01T00:00:00Z", "2021-01-01T00:00:00Z"],
    [
      "the line's start before its pairs",
      "2024-03-04T05:06:07Z level=info time=2020-01-01T00:00:00Z",
      "2024-03-04T05:06:07Z",
    ],
    [
      "klog's header before its pairs",
      'I0101 00:00:05.000001 1 main.go:10] "ready" time="2020-01-01T00:00:00Z"',
      "2025-01-01T00:00:05.000001Z",
    ],
    [
      "a later key when an earlier one does not parse",
      'time="not a time" ts=2024-03-04T05:06:07Z',
      "2024-03-04T05:06:07Z",
    ],
  ])("takes a logfmt line's time: %s", (_name, message, expected) => {
    expect(timeOf(message)).toBe(expected);
  });

  it.each([
    ["a key that only ends in time", 'runtime="2020-01-01T00:00:00Z" uptime=1700000000 msg=x'],
    ["an unclosed quote", 'time="2024-01-01T00:00:00Z msg=x'],
    ["an empty value", 'time="" ts= msg=x'],
    ["an epoch too long for any unit", "ts=99999999999999999999999"],
    ["full-width digits", 'time="\uff12\uff10\uff12\uff14-01-01T00:00:00Z"'],
    ["a value that is a program", 'time="{{ tenant_id }}" ts=$(reboot)'],
    ["a megabyte line of pairs", `${"time= ".repeat(150_000)}ts=x`],
  ])("keeps the runtime's timestamp for logfmt with %s", (_name, message) => {
    expect(timeOf(message)).toBe(RUNTIME);
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
