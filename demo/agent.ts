/**
 * A cluster's agent, minus Vector itself: the cluster's generated Vector
 * config is read for its classify and dropped-reason programs and its
 * `aws_s3` sink settings, the programs run on each event with the VRL engine
 * the tests use (@bpinternal/verel), and the staged events are cut into
 * objects the way the sink cuts them.
 */
import * as vrl from "@bpinternal/verel";
import { buildVectorConfig } from "../generators";
import { sinkObjects, type Random, type SinkObject } from "../generators/fake-logs";
import { COMPONENTS } from "../generators/vector/config";
import type { ResolvedCluster, ResolvedInventory } from "../inventory/resolved";

/** The parts of a cluster's Vector config the simulated agent runs. */
export interface AgentProgram {
  readonly classify: string;
  readonly droppedReason: string;
  readonly bucket: string;
  readonly keyPrefixTemplate: string;
  readonly batchMaxBytes: number;
  readonly filenameExtension: string;
}

function requireString(value: unknown, what: string): string {
  if (typeof value !== "string") throw new Error(`generated Vector config: ${what} is not a string`);
  return value;
}

/** Reads the programs and sink settings out of the config `loghop generate` writes into the ConfigMap. */
export function agentProgram(inv: ResolvedInventory, cluster: ResolvedCluster): AgentProgram {
  const config = buildVectorConfig(inv, cluster) as {
    transforms?: Record<string, { source?: unknown }>;
    sinks?: Record<
      string,
      { bucket?: unknown; key_prefix?: unknown; filename_extension?: unknown; batch?: { max_bytes?: unknown } }
    >;
  };
  const sink = config.sinks?.[COMPONENTS.staging];
  const maxBytes = sink?.batch?.max_bytes;
  if (typeof maxBytes !== "number") throw new Error("generated Vector config: the staging sink has no batch.max_bytes");
  return {
    classify: requireString(config.transforms?.[COMPONENTS.classify]?.source, `${COMPONENTS.classify}.source`),
    droppedReason: requireString(
      config.transforms?.[COMPONENTS.droppedReason]?.source,
      `${COMPONENTS.droppedReason}.source`,
    ),
    bucket: requireString(sink?.bucket, "the staging sink's bucket"),
    keyPrefixTemplate: requireString(sink?.key_prefix, "the staging sink's key_prefix"),
    batchMaxBytes: maxBytes,
    filenameExtension: requireString(sink?.filename_extension, "the staging sink's filename_extension"),
  };
}

/** One refused event, as the dropped-reason program records it for the dropped-events counter. */
export interface DroppedEvent {
  readonly reason: string;
  readonly tenantId: string;
}

export interface AgentRun {
  readonly clusterId: string;
  readonly bucket: string;
  readonly events: number;
  readonly objects: readonly SinkObject<Record<string, unknown>>[];
  readonly dropped: readonly DroppedEvent[];
}

/**
 * `runAgent(program, clusterId, events, options)`: classifies every event; an
 * aborted (or failed) event goes through the dropped-reason program, as
 * `reroute_dropped` sends it; kept events become the sink's objects.
 */
export async function runAgent(
  program: AgentProgram,
  clusterId: string,
  events: Iterable<object>,
  options: {
    readonly flushedAtMs: number;
    readonly random: Random;
    readonly onEvent?: () => void;
    readonly signal?: AbortSignal;
  },
): Promise<AgentRun> {
  const staged: Record<string, unknown>[] = [];
  const dropped: DroppedEvent[] = [];
  let count = 0;
  for (const event of events) {
    count++;
    try {
      staged.push(vrl.execute(program.classify, event).event as Record<string, unknown>);
    } catch {
      const record = vrl.execute(program.droppedReason, event).event as { reason?: unknown; tenant_id?: unknown };
      dropped.push({ reason: String(record.reason), tenantId: String(record.tenant_id) });
    }
    options.onEvent?.();
    // Each event costs tens of milliseconds (verel compiles the program per call): let signals and output through.
    if (count % 10 === 0) {
      await new Promise((resolve) => setImmediate(resolve));
      options.signal?.throwIfAborted();
    }
  }
  const { objects, unrendered } = sinkObjects(staged, {
    keyPrefixTemplate: program.keyPrefixTemplate,
    maxBytes: program.batchMaxBytes,
    flushedAtMs: options.flushedAtMs,
    random: options.random,
    extension: program.filenameExtension,
  });
  // The classify program always sets the key fields; Vector would drop these with "Failed to render template".
  for (const _ of unrendered) dropped.push({ reason: "key_template_unrendered", tenantId: "unknown" });
  return { clusterId, bucket: program.bucket, events: count, objects, dropped };
}
