/**
 * Agent heartbeats (`<cluster>/loghop-heartbeat/…`, see inventory/heartbeat.ts): proof that a
 * cluster's agents still stage objects, whatever its applications log. They are counted per
 * cluster and acknowledged; never read, never delivered to any tenant.
 */
import { HEARTBEAT_KEY_SEGMENT } from "../../inventory/heartbeat";
import type { StagedKey } from "../events/types";
import type { ObjectOutcome } from "./types";

export function isHeartbeatKey(key: StagedKey): boolean {
  return key.tenant === HEARTBEAT_KEY_SEGMENT;
}

type HeartbeatOutcome = Pick<ObjectOutcome, "status" | "reason" | "cluster" | "destinations">;

/**
 * A heartbeat of a cluster the processor's cluster map does not list is refused: the metric's
 * `cluster` dimension stays bounded by the inventory's clusters (IAM already confines each
 * cluster's agents to their own `<cluster>/` prefix).
 */
export function heartbeatOutcome(
  key: StagedKey,
  clusterTenants: Readonly<Record<string, readonly string[]>> | undefined,
): HeartbeatOutcome {
  if (clusterTenants !== undefined && !Object.hasOwn(clusterTenants, key.cluster)) {
    return {
      status: "refused",
      reason: `heartbeat of cluster ${key.cluster}, which is not in the processor's cluster map`,
      destinations: [],
    };
  }
  return {
    status: "heartbeat",
    cluster: key.cluster,
    reason: "agent heartbeat: counted, never delivered",
    destinations: [],
  };
}
