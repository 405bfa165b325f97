/**
 * The parts of a region each `central.processor.mode` deploys: one table, read by the region
 * stack (what to compose), the central stack (whom to trust), the generators (which processor
 * files exist) and the rules (which settings mean something). README "Region shapes".
 */
import type { ProcessorMode } from "./types";

export interface RegionParts {
  /** Staged-objects topic, bucket notification, per-cluster queues and DLQs, tables, alarms, dashboard. */
  readonly queues: boolean;
  /** The processor Lambda, its role, log group and event source mappings, and its alarms and graphs. */
  readonly lambda: boolean;
}

export const REGION_PARTS: Readonly<Record<ProcessorMode, RegionParts>> = {
  lambda: { queues: true, lambda: true },
  queue: { queues: true, lambda: false },
  none: { queues: false, lambda: false },
};

export const PROCESSOR_MODES = Object.keys(REGION_PARTS) as readonly ProcessorMode[];

export function regionParts(mode: ProcessorMode): RegionParts {
  return REGION_PARTS[mode];
}
