/**
 * The agents' heartbeat contract, shared by the generated Vector config, the
 * processor and the region stack's alarms: where heartbeats are staged and how
 * often they are written.
 */

/**
 * The tenant segment of every heartbeat key: `<cluster>/loghop-heartbeat/agent/<node>/<file>`.
 * It has a tenant id's shape so the key parses like any staged key, and the rule
 * `reserved-tenant-id` keeps every tenant from taking it — so no cluster's
 * allow-list holds it, the agent's VRL drops any pod line whose tenant would be
 * it, and the processor can never deliver a heartbeat to a tenant.
 */
export const HEARTBEAT_KEY_SEGMENT = "loghop-heartbeat";

/** The application segment of heartbeat keys. */
export const HEARTBEAT_APPLICATION = "agent";

/** Every agent stages one heartbeat event this often (Vector `demo_logs` `interval`). */
export const HEARTBEAT_INTERVAL_SECONDS = 60;

/** `<cluster-id>/loghop-heartbeat/`: inside the cluster's own `<cluster-id>/` prefix, which IAM confines it to. */
export function heartbeatKeyPrefix(clusterId: string): string {
  return `${clusterId}/${HEARTBEAT_KEY_SEGMENT}/`;
}

/**
 * The shortest missing-heartbeat window that cannot fire on a healthy agent: one
 * interval plus the sink's batch timeout (a heartbeat waits in its batch that long)
 * rounded up to minutes, plus two minutes for S3 → SQS → Lambda and the one-minute
 * metric period.
 */
export function minimumHeartbeatMissingMinutes(batchTimeoutSeconds: number): number {
  return Math.ceil((HEARTBEAT_INTERVAL_SECONDS + batchTimeoutSeconds) / 60) + 2;
}
