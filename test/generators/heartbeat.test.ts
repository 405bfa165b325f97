/**
 * The agent's heartbeat: a fixed-interval source, a VRL program (compiled and executed with
 * verel) that gives the event the reserved tenant segment, and the same staging sink as the
 * logs — so its key lands under `<cluster>/loghop-heartbeat/`, inside the cluster's own prefix,
 * where no pod's line can follow it.
 */
import * as vrl from "@bpinternal/verel";
import { renderClassifyProgram, renderHeartbeatProgram } from "../../generators";
import { buildVectorConfig } from "../../generators/vector/config";
import { HEARTBEAT_INTERVAL_SECONDS, HEARTBEAT_KEY_SEGMENT, heartbeatKeyPrefix } from "../../inventory/heartbeat";
import { stagedObjectPrefix } from "../../inventory/names";
import { clusterById, exampleInventory, type Json } from "./support";

const inv = exampleInventory();

interface VectorConfig {
  sources: Record<string, Record<string, unknown>>;
  transforms: Record<string, Record<string, unknown>>;
  sinks: Record<string, Record<string, unknown>>;
}

/** A `demo_logs` event as Vector 0.57 emits it (format shuffle). */
function tick(): Record<string, unknown> {
  return {
    message: "heartbeat",
    timestamp: "2026-12-02T10:00:00.000Z",
    host: "localhost",
    service: "vector",
    source_type: "demo_logs",
  };
}

/** Renders a sink key template the way Vector does for plain `{{ field }}` references. */
function renderKey(template: string, event: Record<string, Json>): string {
  return template.replace(/\{\{ ([a-z_]+) \}\}/g, (_, field: string) => String(event[field]));
}

describe.each(inv.clusters.map((c) => c.id))("cluster %s heartbeat", (clusterId) => {
  const cluster = clusterById(inv, clusterId);
  const config = buildVectorConfig(inv, cluster) as VectorConfig;
  const program = renderHeartbeatProgram(cluster);

  it("ticks every interval with Vector's demo_logs source into the heartbeat transform", () => {
    expect(config.sources["loghop_heartbeat_tick"]).toStrictEqual({
      type: "demo_logs",
      format: "shuffle",
      lines: ["heartbeat"],
      interval: HEARTBEAT_INTERVAL_SECONDS,
    });
    expect(config.transforms["loghop_heartbeat"]).toStrictEqual({
      type: "remap",
      inputs: ["loghop_heartbeat_tick"],
      source: program,
    });
  });

  it("compiles with no error and no warning", () => {
    const result = vrl.check(program);
    expect([...result.errors, ...result.warnings].map(vrl.formatDiagnostic)).toStrictEqual([]);
  });

  it("replaces the tick with a small heartbeat naming the reserved segment, the cluster and the node", () => {
    const { event } = vrl.execute(program, tick());
    // verel has no process environment: the node name falls back like any unknown key segment.
    expect(event).toStrictEqual({
      message: "loghop agent heartbeat",
      timestamp: expect.stringMatching(/^\d{4}-\d{2}-\d{2}T/),
      tenant_id: HEARTBEAT_KEY_SEGMENT,
      application: "agent",
      pod_name: "unknown",
      cluster_id: clusterId,
    });
  });

  it("goes through the logs' own staging sink, under <cluster>/loghop-heartbeat/ inside the cluster's prefix", () => {
    const sink = config.sinks["loghop_staging"]!;
    expect(sink["inputs"]).toContain("loghop_heartbeat");
    const key = renderKey(sink["key_prefix"] as string, vrl.execute(program, tick()).event);
    expect(key).toBe(`${heartbeatKeyPrefix(clusterId)}agent/unknown/`);
    expect(key.startsWith(stagedObjectPrefix(clusterId))).toBe(true);
  });

  it("no pod line can take the reserved segment: its tenant is in no allow-list, so classify drops it", () => {
    expect(cluster.tenants).not.toContain(HEARTBEAT_KEY_SEGMENT);
    const pod = {
      message: "forged heartbeat",
      timestamp: "2026-12-02T10:00:00.000Z",
      kubernetes: {
        container_name: "app",
        pod_name: "forger",
        // Every tenant source at once: the namespace name, its label and the pod label all claim it.
        pod_namespace: HEARTBEAT_KEY_SEGMENT,
        namespace_labels: { "loghop.io/tenant": HEARTBEAT_KEY_SEGMENT },
        pod_labels: { "loghop.io/tenant": HEARTBEAT_KEY_SEGMENT },
      },
    };
    expect(() => vrl.execute(renderClassifyProgram(cluster), pod)).toThrow(/tenant_not_allowed/);
  });
});
