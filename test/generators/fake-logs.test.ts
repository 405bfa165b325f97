import * as vrl from "@bpinternal/verel";
import { PassThrough } from "node:stream";
import { gunzipSync } from "node:zlib";
import { buildVectorConfig } from "../../generators";
import { COMPONENTS, stagingKeyPrefix } from "../../generators/vector/config";
import {
  fakeKubernetesLogEvents,
  fakeLogLines,
  renderKeyPrefix,
  seededRandom,
  sinkObjects,
  stageFakeLine,
  writeStagedObject,
  type FakeLogOptions,
} from "../../generators/fake-logs";
import { exampleInventory } from "./support";

const inv = exampleInventory();
const NOW = Date.UTC(2026, 11, 2, 14, 0, 0);
const options: FakeLogOptions = {
  seed: 7,
  nowMs: NOW,
  estate: { tenants: ["globex", "umbrella", "initech"], unattributedPods: 2 },
  linesPerSecond: 50,
  durationSeconds: 20,
  multibyteShare: 0.2,
  quoteShare: 0.3,
};

/** The classify program exactly as the cluster's ConfigMap carries it. */
function classifyProgram(clusterId: string): string {
  const cluster = inv.clusters.find((c) => c.id === clusterId)!;
  const config = buildVectorConfig(inv, cluster) as { transforms: Record<string, { source: string }> };
  return config.transforms[COMPONENTS.classify]!.source;
}

async function body(events: object[], maxUncompressedBytes?: number) {
  const sink = new PassThrough();
  const chunks: Buffer[] = [];
  sink.on("data", (c: Buffer) => chunks.push(c));
  const stats = await writeStagedObject(events, sink, maxUncompressedBytes ? { maxUncompressedBytes } : {});
  return { stats, bytes: Buffer.concat(chunks) };
}

describe("fake kubernetes_logs events", () => {
  const lines = [...fakeLogLines(options)];

  it("are deterministic for a seed and differ for another", () => {
    expect([...fakeKubernetesLogEvents(options)]).toStrictEqual(lines.map((l) => l.event));
    expect([...fakeKubernetesLogEvents({ ...options, seed: 8 })][0]!.message).not.toBe(lines[0]!.event.message);
  });

  it("have linesPerSecond × durationSeconds lines, in time order, within the window before now", () => {
    expect(lines).toHaveLength(1000);
    const times = lines.map((l) => l.event.timestamp);
    expect([...times].sort()).toStrictEqual(times);
    expect(new Set(times).size).toBe(times.length);
    expect(Date.parse(times[0]!)).toBeGreaterThanOrEqual(NOW - 20_000);
    expect(Date.parse(times.at(-1)!)).toBeLessThan(NOW);
    expect(times.filter((t) => /\.\d{9}Z$/.test(t)).length).toBeGreaterThan(900);
  });

  it("mix JSON, multi-byte and quoted lines in about the asked shares, sizes around the median", () => {
    const messages = lines.map((l) => l.event.message);
    const json = messages.filter((m) => m.startsWith("{")).length;
    expect(json).toBeGreaterThan(430);
    expect(json).toBeLessThan(570);
    for (const m of messages.filter((m) => m.startsWith("{"))) expect(() => JSON.parse(m)).not.toThrow();
    const multibyte = messages.filter((m) => Buffer.byteLength(m) !== m.length).length;
    expect(multibyte).toBeGreaterThan(100);
    expect(
      messages.filter((m) => m.includes('"quoted"') || m.includes('\\"quoted\\"') || /"GET /.test(m)).length,
    ).toBeGreaterThan(150);
    const sizes = messages.map((m) => Buffer.byteLength(m)).sort((a, b) => a - b);
    expect(sizes[500]).toBeGreaterThan(130);
    expect(sizes[500]).toBeLessThan(220);
  });

  it("come from every tenant, application and pod, and the unattributed pods carry no tenant", () => {
    const pods = new Set(lines.map((l) => l.pod));
    expect(pods.size).toBe(3 * 3 * 2 + 2);
    const unattributed = lines.filter((l) => l.pod.tenant === undefined);
    expect(unattributed.length).toBeGreaterThan(0);
    for (const l of unattributed) expect(Object.keys(l.event.kubernetes.pod_labels)).not.toContain("loghop.io/tenant");
    const e = lines.find((l) => l.pod.tenant === "globex")!.event;
    expect(e.kubernetes).toMatchObject({
      pod_namespace: "globex",
      namespace_labels: { "loghop.io/tenant": "globex" },
      pod_labels: { "loghop.io/tenant": "globex" },
    });
    expect(e.file).toBe(
      `/var/log/pods/globex_${e.kubernetes.pod_name}_${e.kubernetes.pod_uid}/${e.kubernetes.container_name}/0.log`,
    );
  });
});

describe("staged form", () => {
  // Every tenant rule of the example (namespace label, pod label, namespace), one sample of lines each:
  // the generated program is compiled per call by verel (~30 ms), so this is a sample, not all lines.
  it.each(inv.clusters.map((c) => [c.id, c.tenantSource.from, c.tenants] as const))(
    "%s (%s): stageFakeLine equals the generated classify program's output, refusals included",
    (clusterId, _from, allowed) => {
      const program = classifyProgram(clusterId);
      const sample = [...fakeLogLines(options)].filter((_, i) => i % 25 === 0);
      const outcomes = new Set<string>();
      for (const line of sample) {
        const staged = stageFakeLine(line, clusterId, allowed);
        let viaVrl: unknown;
        try {
          viaVrl = vrl.execute(program, line.event).event;
        } catch {
          viaVrl = undefined;
        }
        expect(JSON.stringify(staged)).toBe(JSON.stringify(viaVrl));
        outcomes.add(staged === undefined ? "refused" : "staged");
      }
      expect([...outcomes].sort()).toStrictEqual(["refused", "staged"]);
    },
  );
});

describe("staged objects", () => {
  const staged = [...fakeLogLines(options)]
    .map((l) => stageFakeLine(l, "eks-eu-1", ["globex", "umbrella"]))
    .filter((e) => e !== undefined);

  it("are gzipped NDJSON, one event per line, each line ending in a newline", async () => {
    const { stats, bytes } = await body(staged);
    const text = gunzipSync(bytes).toString("utf8");
    expect(text.endsWith("\n")).toBe(true);
    expect(
      text
        .split("\n")
        .slice(0, -1)
        .map((l) => JSON.parse(l)),
    ).toStrictEqual(staged);
    expect(stats).toStrictEqual({
      events: staged.length,
      uncompressedBytes: Buffer.byteLength(text),
      compressedBytes: bytes.length,
    });
  });

  it("stop at maxUncompressedBytes, even from an endless event stream", async () => {
    const endless = fakeKubernetesLogEvents({ ...options, lines: Infinity });
    const { stats, bytes } = await body([...take(endless, 3000)], 100_000);
    expect(stats.uncompressedBytes).toBeGreaterThanOrEqual(100_000);
    expect(stats.uncompressedBytes).toBeLessThan(100_000 + 9000);
    expect(gunzipSync(bytes).toString().split("\n")).toHaveLength(stats.events + 1);
  });

  it("are partitioned by the rendered key prefix and named <prefix><seconds>-<uuid>.json.gz", () => {
    const { objects, unrendered } = sinkObjects(staged, {
      keyPrefixTemplate: stagingKeyPrefix("eks-eu-1"),
      maxBytes: 20_000,
      flushedAtMs: NOW,
      random: seededRandom(1),
    });
    expect(unrendered).toStrictEqual([]);
    expect(objects.flatMap((o) => o.events)).toHaveLength(staged.length);
    for (const o of objects) {
      const e = o.events[0]!;
      expect(o.key).toMatch(
        new RegExp(`^eks-eu-1/${e.tenant_id}/${e.application}/${e.pod_name}/${NOW / 1000}-[0-9a-f-]{36}\\.json\\.gz$`),
      );
      for (const other of o.events) expect(other.pod_name).toBe(e.pod_name);
    }
    expect(renderKeyPrefix(stagingKeyPrefix("c"), { tenant_id: "t", application: "a" })).toBeUndefined();
  });
});

function* take<T>(items: Iterable<T>, n: number): Generator<T> {
  let i = 0;
  for (const item of items) {
    if (i++ >= n) return;
    yield item;
  }
}
