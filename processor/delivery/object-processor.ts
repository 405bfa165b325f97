import { checkpointObjectId } from "../checkpoints/object-id";
import { parseStagedKey } from "../events/object-key";
import type { StagedObjectRef } from "../events/types";
import { classifyError, errorMessage } from "../failures/classify";
import { ObjectOverLimitError, type FailureKind, type FailureReason } from "../failures/errors";
import { CLUSTER_DIMENSION, METRIC } from "../observability/metric-names";
import { admitObject } from "../tenant-config/admission";
import type { TenantDeliveryItem } from "../tenant-config/types";
import { deliverToS3 } from "../s3-delivery/s3-copy";
import { deliverToCloudWatch } from "./cloudwatch-delivery";
import { heartbeatOutcome, isHeartbeatKey } from "./heartbeat";
import { deliveryWindows, zeroOutcome } from "./outcome";
import type { DestinationOutcome, InvocationContext, ObjectOutcome, ProcessorDeps } from "./types";

function isPreconditionFailed(error: unknown): boolean {
  const e = error as { name?: string; $metadata?: { httpStatusCode?: number } } | null;
  return e?.name === "PreconditionFailed" || e?.$metadata?.httpStatusCode === 412;
}

/**
 * One staged object, start to finish: refuse what must not be delivered,
 * find the tenant's destinations, deliver to each (concurrently — they are
 * independent accounts or services), and say what happened. Never throws.
 */
export async function processObject(
  deps: ProcessorDeps,
  ctx: InvocationContext,
  ref: StagedObjectRef,
  options: { readonly firstReceive?: boolean } = {},
): Promise<ObjectOutcome> {
  const started = deps.now();
  const objectId = checkpointObjectId(ref);
  let lastModified: Date | undefined;
  const finish = (
    outcome: Omit<ObjectOutcome, "objectId" | "bucket" | "key" | "durationMs" | "lagMs">,
  ): ObjectOutcome => {
    const result: ObjectOutcome = {
      objectId,
      bucket: ref.bucket,
      key: ref.key,
      ...outcome,
      durationMs: deps.now() - started,
      ...(lastModified !== undefined ? { lagMs: started - lastModified.getTime() } : {}),
    };
    report(deps, result);
    return result;
  };

  if (ref.bucket !== deps.config.stagingBucket) {
    return finish({ status: "refused", reason: `bucket ${ref.bucket} is not the staging bucket`, destinations: [] });
  }
  const parsed = parseStagedKey(ref.key);
  if (!parsed.ok) return finish({ status: "refused", reason: parsed.reason, destinations: [] });
  const key = parsed.key;
  // Before any tenant lookup: a heartbeat names no tenant and is never read.
  if (isHeartbeatKey(key)) return finish(heartbeatOutcome(key, deps.config.clusterTenants));
  const where = { tenant: key.tenant, cluster: key.cluster, application: key.application };

  const remaining = ctx.deadline.remainingMs();
  if (remaining <= deps.config.stopMarginSeconds * 1000) {
    return finish({
      ...where,
      status: "failed",
      failureKind: "transient",
      failureReason: "deadline",
      reason: `not started: ${remaining} ms left before the deadline`,
      destinations: [],
    });
  }
  let items: TenantDeliveryItem[];
  try {
    items = await deps.tenants.deliveries(key.tenant, deliveryWindows(deps, ctx).work);
  } catch (error) {
    const { kind, reason } = classifyError(error);
    return finish({
      ...where,
      status: "failed",
      failureKind: kind,
      failureReason: reason,
      reason: errorMessage(error),
      destinations: [],
    });
  }
  const admission = admitObject(key, items, deps.config.clusterTenants);
  if (admission.kind === "refused")
    return finish({ ...where, status: "refused", reason: admission.reason, destinations: [] });
  if (admission.kind === "tenant-missing") {
    return finish({
      ...where,
      status: "failed",
      failureKind: "permanent",
      failureReason: "tenant-missing",
      reason: `tenant ${key.tenant} has no item in the tenant table`,
      destinations: [],
    });
  }
  const skipped: DestinationOutcome[] = admission.skipped.map((s) => {
    const item = items.find((i) => i.deliveryId === s.deliveryId)!;
    return zeroOutcome({ deliveryId: s.deliveryId, type: item.type, status: "skipped", reason: s.reason });
  });
  if (admission.deliveries.length === 0) {
    return finish({
      ...where,
      status: "skipped",
      reason: skipped.map((s) => s.reason).join(", "),
      destinations: skipped,
    });
  }

  let superseded = false;
  const delivered = await Promise.all(
    admission.deliveries.map(async (item): Promise<DestinationOutcome> => {
      const input = {
        ref,
        key,
        objectId,
        item,
        ...(options.firstReceive === true ? { firstReceive: true } : {}),
        onOpened: (date: Date) => (lastModified ??= date),
      };
      try {
        return item.type === "cloudwatch"
          ? await deliverToCloudWatch(deps, ctx, input)
          : await deliverToS3(deps, ctx, input);
      } catch (error) {
        if (isPreconditionFailed(error)) superseded = true;
        const { kind, reason } = classifyError(error);
        const partial = (error as { partial?: Partial<DestinationOutcome> }).partial ?? {};
        return zeroOutcome({
          ...partial,
          deliveryId: item.deliveryId,
          type: item.type,
          status: "failed",
          reason,
          failureKind: kind,
          error: errorMessage(error),
          ...(error instanceof ObjectOverLimitError ? { limit: error.limit } : {}),
        });
      }
    }),
  );
  const destinations = [...delivered, ...skipped].sort((a, b) => (a.deliveryId < b.deliveryId ? -1 : 1));
  if (superseded) {
    // The key was overwritten after this event: the newer version has its own event and is delivered from that one.
    return finish({
      ...where,
      status: "superseded",
      reason: "object changed since the event (ETag mismatch)",
      destinations,
    });
  }
  const allFailures = delivered.filter((d) => d.status === "failed");
  // Another failure wins over a limit: its message must come back (and the limit trips again, bounded).
  const failures = allFailures.filter((d) => d.reason !== "over-limit");
  const overLimit = allFailures.find((d) => d.reason === "over-limit");
  if (failures.length === 0 && overLimit !== undefined) {
    return finish({
      ...where,
      status: "failed",
      failureKind: "permanent",
      failureReason: "over-limit",
      limit: overLimit.limit!,
      reason: overLimit.error ?? "over-limit",
      destinations,
    });
  }
  if (failures.length > 0) {
    const permanent = failures.find((f) => f.failureKind === "permanent");
    const first = permanent ?? failures[0]!;
    return finish({
      ...where,
      status: "failed",
      failureKind: (permanent !== undefined ? "permanent" : "transient") as FailureKind,
      failureReason: first.reason as FailureReason,
      reason: first.error ?? first.reason ?? "failed",
      destinations,
    });
  }
  return finish({ ...where, status: "delivered", destinations });
}

/** Permanent failures of the object itself, not of configuration: the reason says what to do with it. */
const UNREADABLE: ReadonlySet<FailureReason> = new Set(["corrupt-object", "object-unreadable", "object-missing"]);

/** One JSON log line and the metrics of one object outcome. */
function report(deps: ProcessorDeps, outcome: ObjectOutcome): void {
  const m = deps.metrics;
  if (outcome.status === "heartbeat") {
    reportHeartbeat(deps, outcome);
    return;
  }
  const overLimit = outcome.failureReason === "over-limit";
  const statusMetric = {
    delivered: METRIC.objectsDelivered,
    skipped: METRIC.objectsSkipped,
    superseded: METRIC.objectsSkipped,
    refused: METRIC.objectsRefused,
    heartbeat: METRIC.agentHeartbeat,
    failed: overLimit
      ? METRIC.objectsOverLimit
      : outcome.failureKind === "permanent"
        ? METRIC.objectsFailedPermanent
        : METRIC.objectsFailedTransient,
  }[outcome.status];
  m.count(statusMetric, 1);
  // Both dimension values are bounded: an over-limit object passed admission, so its cluster is one
  // the inventory lets carry the tenant, and the limit is one of three names.
  if (overLimit && outcome.cluster !== undefined && outcome.limit !== undefined) {
    m.countBy(METRIC.objectsOverLimit, { [CLUSTER_DIMENSION]: outcome.cluster, limit: outcome.limit }, 1);
  }
  if (outcome.failureReason === "corrupt-object") m.count(METRIC.objectsCorrupt, 1);
  for (const d of outcome.destinations) {
    m.count(METRIC.eventsDelivered, d.events);
    m.count(METRIC.bytesDelivered, d.bytes);
    m.count(METRIC.eventsResumedSkipped, d.resumedFrom);
    m.count(METRIC.eventsRejected, d.rejected);
    m.count(METRIC.eventsRetimed, d.retimed);
    m.count(METRIC.retries, d.retries);
    if (d.read !== undefined) {
      m.count(METRIC.linesMalformed, d.read.malformedLines);
      m.count(METRIC.linesInvalidUtf8, d.read.invalidUtf8Lines);
      m.count(METRIC.eventsTruncated, d.read.truncatedLines);
      m.count(METRIC.eventsSplit, d.read.splitMessages);
      m.count(METRIC.eventsEmpty, d.read.emptyMessages);
    }
  }
  m.sample(METRIC.objectDuration, outcome.durationMs);
  if (outcome.lagMs !== undefined) m.sample(METRIC.objectLag, Math.max(0, outcome.lagMs) / 1000);
  const level = outcome.status === "failed" ? (outcome.failureKind === "permanent" ? "error" : "warn") : "info";
  const message = overLimit
    ? `object over the ${outcome.limit} limit: cluster ${outcome.cluster} tenant ${outcome.tenant} key ${outcome.key}; the rest is not delivered, message acknowledged`
    : outcome.status === "failed" && outcome.failureKind === "permanent"
      ? UNREADABLE.has(outcome.failureReason!)
        ? `object failed: unreadable object (${outcome.failureReason}), see reason; redriving cannot help until the object is replaced or restored`
        : `object failed: misconfiguration (${outcome.failureReason}), fix and redrive`
      : `object ${outcome.status}`;
  deps.logger.log(level, message, { outcome: outcome.status, ...outcome });
}

/**
 * A heartbeat feeds only `AgentHeartbeat` (`{service}` and `{service, cluster}`, which the
 * cluster's alarm reads): kept out of the object durations and counters, which would otherwise
 * read as traffic on a quiet cluster. Logged at debug: one line per agent per interval.
 */
function reportHeartbeat(deps: ProcessorDeps, outcome: ObjectOutcome): void {
  deps.metrics.count(METRIC.agentHeartbeat, 1);
  deps.metrics.countBy(METRIC.agentHeartbeat, { [CLUSTER_DIMENSION]: outcome.cluster! }, 1);
  deps.logger.log("debug", "agent heartbeat", {
    outcome: outcome.status,
    cluster: outcome.cluster,
    key: outcome.key,
    objectId: outcome.objectId,
  });
}
