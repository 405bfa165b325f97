/**
 * The per-object limits the processor enforces, and the smallest values that
 * still accept every object the inventory lets an agent write: a limit below
 * what a cluster's Vector legitimately stages would refuse real logs.
 */
import { DEFAULTS } from "./defaults";
import type { ResolvedObjectLimits } from "./resolved";
import type { Cluster, ObjectLimitSettings } from "./types";

/**
 * Vector's `batch.max_bytes` counts its in-memory estimate of the events, not the
 * JSON it writes, and one event beyond the batch still goes into the object: twice
 * the setting leaves room for both.
 */
export const AGENT_OBJECT_HEADROOM = 2;
/**
 * Fewest encoded bytes of one agent event: the agent's JSON always carries the
 * `kubernetes` metadata, `timestamp`, `stream` and `source_type` (≥ ~300 bytes in
 * practice), so 100 is a conservative floor for the event count an object can hold.
 */
export const MIN_AGENT_EVENT_BYTES = 100;

/** The largest object (uncompressed bytes) and event count the inventory's agents may write. */
export function agentObjectBounds(clusters: readonly Pick<Cluster, "vector">[]): { bytes: number; events: number } {
  const batch = Math.max(0, ...clusters.map((c) => c.vector?.batchMaxBytes ?? DEFAULTS.vector.batchMaxBytes));
  const bytes = AGENT_OBJECT_HEADROOM * batch;
  return { bytes, events: Math.ceil(bytes / MIN_AGENT_EVENT_BYTES) };
}

/** Explicit settings, else the default floor raised to what the agents may write. */
export function resolveObjectLimits(
  settings: ObjectLimitSettings | undefined,
  clusters: readonly Pick<Cluster, "vector">[],
): ResolvedObjectLimits {
  const floor = DEFAULTS.processor.limits;
  const agents = agentObjectBounds(clusters);
  return {
    maxUncompressedBytes: settings?.maxUncompressedBytes ?? Math.max(floor.maxUncompressedBytes, agents.bytes),
    maxEvents: settings?.maxEvents ?? Math.max(floor.maxEvents, agents.events),
    maxCompressionRatio: settings?.maxCompressionRatio ?? floor.maxCompressionRatio,
  };
}
