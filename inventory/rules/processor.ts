/** Rules on the processor's Lambda settings that span fields (Lambda/SQS API constraints). */
import { DEFAULTS } from "../defaults";
import type { InventoryProblem } from "../errors";
import { AGENT_OBJECT_HEADROOM, agentObjectBounds } from "../object-limits";
import type { InventoryRule } from "./types";

const processorBatching: InventoryRule = {
  id: "loghop:inventory:processor-batching",
  description:
    "Processor settings the Lambda API would reject or throttle: batchSize > 10 needs batchWindowSeconds ≥ 1; reservedConcurrency ≥ maxConcurrency × the clusters of the busiest region.",
  severity: "error",
  reads: ["/central/processor", "/central/regions", "/clusters/*/region"],
  check: (inventory) => {
    const settings = inventory.central.processor ?? {};
    const batchSize = settings.batchSize ?? DEFAULTS.processor.batchSize;
    const window = settings.batchWindowSeconds ?? DEFAULTS.processor.batchWindowSeconds;
    const maxConcurrency = settings.maxConcurrency ?? DEFAULTS.processor.maxConcurrency;
    const problems: InventoryProblem[] = [];
    // Lambda CreateEventSourceMapping: with a standard queue, BatchSize above 10 requires a batching window.
    if (batchSize > 10 && window < 1) {
      problems.push({
        path: "/central/processor/batchWindowSeconds",
        message: `is ${window} but batchSize is ${batchSize}; above 10 messages Lambda requires a batching window of at least 1 second`,
      });
    }
    // Every cluster has its own queue and mapping (its lane), each up to maxConcurrency: reserved concurrency
    // below their sum lets one flooding lane take invocations another lane needs (and throttles the pollers).
    const reserved = settings.reservedConcurrency;
    const lanes = Math.max(
      1,
      ...inventory.central.regions.map((r) => inventory.clusters.filter((c) => c.region === r).length),
    );
    if (reserved !== undefined && reserved < maxConcurrency * lanes) {
      problems.push({
        path: "/central/processor/reservedConcurrency",
        message: `is ${reserved} but maxConcurrency is ${maxConcurrency} per cluster queue and a region has ${lanes} clusters; reserve at least ${maxConcurrency * lanes} (maxConcurrency × clusters) or one cluster's backlog can throttle the others`,
      });
    }
    return problems;
  },
};

/**
 * An explicit limit below what an agent may legitimately stage would refuse real
 * logs as over-limit: each must cover the largest cluster's object (the defaults do).
 */
const processorLimits: InventoryRule = {
  id: "loghop:inventory:processor-limits",
  description: `Per-object limits accept every object an agent may write: maxUncompressedBytes ≥ ${AGENT_OBJECT_HEADROOM} × each cluster's batchMaxBytes, maxEvents ≥ that / 100.`,
  severity: "error",
  reads: ["/central/processor", "/clusters/*/id", "/clusters/*/vector/batchMaxBytes"],
  check: (inventory) => {
    const limits = inventory.central.processor?.limits;
    if (limits === undefined || inventory.clusters.length === 0) return [];
    const largest = inventory.clusters.reduce((a, b) =>
      (b.vector?.batchMaxBytes ?? DEFAULTS.vector.batchMaxBytes) >
      (a.vector?.batchMaxBytes ?? DEFAULTS.vector.batchMaxBytes)
        ? b
        : a,
    );
    const batch = largest.vector?.batchMaxBytes ?? DEFAULTS.vector.batchMaxBytes;
    const needed = agentObjectBounds([largest]);
    const problems: InventoryProblem[] = [];
    if (limits.maxUncompressedBytes !== undefined && limits.maxUncompressedBytes < needed.bytes) {
      problems.push({
        path: "/central/processor/limits/maxUncompressedBytes",
        message: `is ${limits.maxUncompressedBytes} but cluster "${largest.id}" stages objects of up to ${needed.bytes} bytes (${AGENT_OBJECT_HEADROOM} × batchMaxBytes ${batch}); must be at least ${needed.bytes}, or lower that batchMaxBytes`,
      });
    }
    if (limits.maxEvents !== undefined && limits.maxEvents < needed.events) {
      problems.push({
        path: "/central/processor/limits/maxEvents",
        message: `is ${limits.maxEvents} but cluster "${largest.id}" may stage ${needed.events} events per object (${needed.bytes} bytes of events of ≥ 100 bytes); must be at least ${needed.events}`,
      });
    }
    return problems;
  },
};

export const processorRules: readonly InventoryRule[] = [processorBatching, processorLimits];
