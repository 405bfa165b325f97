/** Rules that keep the agents' heartbeat apart from tenants and its alarm from firing on healthy agents. */
import { OTHER_TENANT } from "../agent-pod";
import { DEFAULTS } from "../defaults";
import { HEARTBEAT_KEY_SEGMENT, heartbeatKeyPrefix, minimumHeartbeatMissingMinutes } from "../heartbeat";
import { pointer } from "../validate-pointer";
import type { InventoryRule } from "./types";

/**
 * Heartbeats are staged under `<cluster>/loghop-heartbeat/`, where a tenant's logs would be: a
 * tenant of that id would have its logs taken for heartbeats (never delivered), and a pod of it
 * could fake a cluster's heartbeat.
 */
const reservedTenantId: InventoryRule = {
  id: "loghop:inventory:reserved-tenant-id",
  description: `No tenant id is "${HEARTBEAT_KEY_SEGMENT}" (the key segment of the agents' heartbeats) or "${OTHER_TENANT}" (the agents' drop-counter label for tenants a cluster does not carry).`,
  severity: "error",
  reads: ["/tenants/*/id"],
  check: (inventory) =>
    inventory.tenants.flatMap((tenant, t) => {
      const path = pointer("tenants", t, "id");
      if (tenant.id === HEARTBEAT_KEY_SEGMENT) {
        return [
          {
            path,
            message: `"${HEARTBEAT_KEY_SEGMENT}" is reserved: the agents stage their heartbeats under ${heartbeatKeyPrefix("<cluster>")}, and the processor never delivers them; choose another tenant id`,
          },
        ];
      }
      if (tenant.id === OTHER_TENANT) {
        return [
          {
            path,
            message: `"${OTHER_TENANT}" is reserved: the agents' dropped-events counter labels every tenant a cluster does not carry "${OTHER_TENANT}", so this tenant's drops would be mixed with refused lines; choose another tenant id`,
          },
        ];
      }
      return [];
    }),
};

/** A window shorter than one heartbeat's way through the pipeline would fire on every healthy cluster. */
const heartbeatWindow: InventoryRule = {
  id: "loghop:inventory:heartbeat-window",
  description:
    "heartbeatMissingMinutes is at least the heartbeat interval plus each cluster's batchTimeoutSeconds, in minutes, plus 2.",
  severity: "error",
  reads: ["/central/alarms", "/clusters/*/vector/batchTimeoutSeconds"],
  check: (inventory) => {
    const explicit = inventory.central.alarms?.heartbeatMissingMinutes;
    const minutes = explicit ?? DEFAULTS.alarms.heartbeatMissingMinutes;
    return inventory.clusters.flatMap((cluster, c) => {
      const timeout = cluster.vector?.batchTimeoutSeconds ?? DEFAULTS.vector.batchTimeoutSeconds;
      const minimum = minimumHeartbeatMissingMinutes(timeout);
      if (minutes >= minimum) return [];
      return [
        {
          path:
            explicit !== undefined
              ? "/central/alarms/heartbeatMissingMinutes"
              : pointer("clusters", c, "vector", "batchTimeoutSeconds"),
          message: `heartbeatMissingMinutes is ${minutes} but cluster ${cluster.id} flushes its batches every ${timeout} s: its heartbeat can take ${minimum} minutes to arrive; set central.alarms.heartbeatMissingMinutes to at least ${minimum} or lower batchTimeoutSeconds`,
        },
      ];
    });
  },
};

export const monitoringRules: readonly InventoryRule[] = [reservedTenantId, heartbeatWindow];
