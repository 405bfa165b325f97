import { ageWindow, applyAgeRule } from "../cloudwatch/age-rule";
import { BatchBuilder } from "../cloudwatch/batch-builder";
import { logGroupName, logStreamName } from "../cloudwatch/names";
import { putBatch, type StreamTarget } from "../cloudwatch/sender";
import type { LogBatch } from "../cloudwatch/types";
import type { Readable } from "node:stream";
import type { CloudWatchLogsClient } from "@aws-sdk/client-cloudwatch-logs";
import type { Checkpoint } from "../checkpoints/checkpoint-store";
import { ProgressSchedule } from "../checkpoints/progress-schedule";
import type { StagedKey, StagedObjectRef } from "../events/types";
import { classifyError } from "../failures/classify";
import { CorruptObjectError, DeadlineReachedError, ObjectOverLimitError } from "../failures/errors";
import { checkStoredSize } from "../limits/byte-guard";
import { METRIC } from "../observability/metric-names";
import { openStagedObject } from "../reading/staged-object";
import { emptyReadCounters, type ReadCounters } from "../records/counters";
import { callBudgetMs, startCallTimer, type CallTimer } from "../runtime/call-budget";
import type { TenantDeliveryItem } from "../tenant-config/types";
import { claimCheckpoint, deliveryWindows, zeroOutcome, type DeliveryWindows } from "./outcome";
import { stagedObjectEvents } from "./staged-events";
import type { DestinationOutcome, InvocationContext, ProcessorDeps } from "./types";

/** Batches built ahead of the request in flight: bounded memory (each ≤ 1 MiB of messages). */
const BATCHES_AHEAD = 3;

export interface CloudWatchDeliveryInput {
  readonly ref: StagedObjectRef;
  readonly key: StagedKey;
  readonly objectId: string;
  readonly item: TenantDeliveryItem;
  /**
   * The message announcing the object was never received before (SQS ApproximateReceiveCount 1).
   * Then an object whose events fit one request is sent without claiming a lease first: GetObject,
   * PutLogEvents and one checkpoint write. Default false: claim first.
   */
  readonly firstReceive?: boolean;
  /** Set by the caller once the object's LastModified is known. */
  readonly onOpened?: (lastModified: Date) => void;
}

interface Delivery {
  readonly deps: ProcessorDeps;
  readonly ctx: InvocationContext;
  readonly input: CloudWatchDeliveryInput;
  readonly target: StreamTarget;
  readonly client: CloudWatchLogsClient;
  readonly windows: DeliveryWindows;
  readonly base: Pick<DestinationOutcome, "deliveryId" | "type" | "logGroupName" | "logStreamName">;
}

/** A lease claimed mid-read found earlier progress: the object is read again from that checkpoint. */
class RestartFrom {
  constructor(readonly checkpoint: Checkpoint) {}
}

/**
 * One object → one CloudWatch destination, resumable. Reads the object
 * in its deterministic order, skips the events a previous run delivered,
 * batches the rest and sends them one request at a time (order within the
 * stream) while the next batch is being built, saving progress on the
 * ProgressSchedule. Throws on failure (the caller classifies).
 *
 * The lease is claimed before anything is sent: up front, or — on a first
 * receive — when the first request closes (the object needs several) or
 * the object turns out corrupt. A first-receive object that fits one
 * request is sent unleased and recorded by one conditional write.
 */
export async function deliverToCloudWatch(
  deps: ProcessorDeps,
  ctx: InvocationContext,
  input: CloudWatchDeliveryInput,
): Promise<DestinationOutcome> {
  const { item, objectId } = input;
  const target: StreamTarget = {
    logGroupName: logGroupName(item, input.key),
    logStreamName: logStreamName(input.key),
    mayCreateGroup: item.logGroupName === undefined,
    ...(item.retentionDays !== undefined ? { retentionDays: item.retentionDays } : {}),
    ...(item.kmsKeyArn !== undefined ? { kmsKeyArn: item.kmsKeyArn } : {}),
  };
  const base = {
    deliveryId: item.deliveryId,
    type: "cloudwatch" as const,
    logGroupName: target.logGroupName,
    logStreamName: target.logStreamName,
  };
  const windows = deliveryWindows(deps, ctx);
  let checkpoint = input.firstReceive === true ? undefined : await claimCheckpoint(deps, ctx, objectId, item);
  if (checkpoint?.complete)
    return zeroOutcome({ ...base, status: "already-complete", resumedFrom: checkpoint.acceptedEvents });
  const leasedUpFront = checkpoint !== undefined;
  await deps.clients.ready(item, windows.work).catch(async (error: unknown) => {
    if (leasedUpFront)
      await deps.checkpoints.release(objectId, item.deliveryId, ctx.owner, undefined, windows.save).catch(() => {});
    throw error;
  });
  const delivery: Delivery = { deps, ctx, input, target, client: deps.clients.cloudWatchLogs(item), windows, base };
  for (;;) {
    const result = await readAndSend(delivery, checkpoint);
    if (!(result instanceof RestartFrom)) return result;
    checkpoint = result.checkpoint;
    if (checkpoint.complete) {
      await deps.checkpoints.release(objectId, item.deliveryId, ctx.owner, undefined, windows.save).catch(() => {});
      return zeroOutcome({ ...base, status: "already-complete", resumedFrom: checkpoint.acceptedEvents });
    }
  }
}

/** Whether a failed request may still be processed by CloudWatch: then the lease is left to expire, not released. */
function mayBeInFlight(error: unknown): boolean {
  return (
    (error instanceof DeadlineReachedError && error.cause !== undefined) || classifyError(error).reason === "network"
  );
}

/** One read of the object from `claimed` (undefined: not leased yet, first receive). */
async function readAndSend(d: Delivery, claimed: Checkpoint | undefined): Promise<DestinationOutcome | RestartFrom> {
  const { deps, ctx, input, windows } = d;
  const { objectId, item } = input;
  const read: ReadCounters = emptyReadCounters();
  const skip = claimed?.acceptedEvents ?? 0;
  const schedule = new ProgressSchedule(deps.config.checkpointEveryRequests, skip);
  let leased = claimed !== undefined;
  let events = 0;
  let bytes = 0;
  let rejected = 0;
  let retimed = 0;
  let retries = 0;
  let requests = 0;
  const counters = () => ({ events, bytes, rejected, retimed, retries, requests, resumedFrom: skip, read });

  const claimNow = async (): Promise<void> => {
    const checkpoint = await claimCheckpoint(deps, ctx, objectId, item);
    leased = true;
    if (checkpoint.complete || checkpoint.acceptedEvents > 0) throw new RestartFrom(checkpoint);
  };
  const send = async (batch: LogBatch, lastRequest: boolean): Promise<void> => {
    const result = await putBatch(d.client, d.target, batch, {
      deadline: ctx.deadline,
      reserveMs: windows.work.reserveMs,
      ...(deps.backoff !== undefined ? { backoff: deps.backoff } : {}),
    });
    requests++;
    retries += result.retries;
    rejected += result.rejected;
    events += batch.events.length - result.rejected;
    bytes += batch.payloadBytes;
    if (schedule.accepted(schedule.acceptedEvents + batch.events.length, lastRequest) && leased) {
      await deps.checkpoints.advance(objectId, item.deliveryId, ctx.owner, schedule.acceptedEvents, windows.save);
      schedule.saved();
    }
  };
  // Requests to one stream go one at a time, in order; reading runs ahead by up to
  // BATCHES_AHEAD batches so parsing overlaps the round trips instead of idling.
  let chain: Promise<void> = Promise.resolve();
  const ahead: Promise<void>[] = [];
  const submit = async (batch: LogBatch, lastRequest: boolean): Promise<void> => {
    if (!leased) await claimNow();
    chain = chain.then(() => {
      callBudgetMs(windows.work);
      return send(batch, lastRequest);
    });
    // Handled here so a failure surfaces at the next await instead of crashing the process as unhandled.
    chain.catch(() => undefined);
    ahead.push(chain);
    if (ahead.length > BATCHES_AHEAD) await ahead.shift();
  };

  let timer: CallTimer | undefined;
  let body: Readable | undefined;
  try {
    // One timer for GetObject and its body: a body that stops arriving is cut off with the work budget.
    timer = startCallTimer(windows.work);
    const opened = await openStagedObject(deps.stagingS3, input.ref, timer.signal);
    body = opened.body;
    input.onOpened?.(opened.lastModified);
    const { limits } = deps.config;
    try {
      checkStoredSize(limits, opened.contentLength);
    } catch (error) {
      opened.body.destroy();
      throw error;
    }
    const stream = stagedObjectEvents(
      opened.body,
      {
        maxLineBytes: deps.config.maxLineBytes,
        fallbackTimestampMs: opened.lastModified.getTime(),
        ...(opened.contentLength !== undefined ? { compressedBytes: opened.contentLength } : {}),
        limits,
      },
      read,
    );
    const builder = new BatchBuilder();
    let position = 0;
    // Corrupt, or over a per-object limit: what was read before is still delivered and saved (a prefix
    // of the object's event order), then the object fails permanently (README "Failure semantics").
    let stopped: CorruptObjectError | ObjectOverLimitError | undefined;
    try {
      for await (const chunk of stream) {
        // Judged again for every chunk: a delivery can outlast the rule's 10-minute safety margin
        // (Lambda runs up to 15 min, the worker and replay longer), and reading runs only a few
        // requests ahead of sending.
        const window = ageWindow(deps.now(), item.retentionDays);
        for (const event of chunk) {
          if (position === limits.maxEvents) {
            throw new ObjectOverLimitError("events", limits.maxEvents, `more than ${limits.maxEvents} events`);
          }
          if (position++ < skip) continue;
          if (applyAgeRule(event, window)) retimed++;
          const closed = builder.add(event);
          if (closed !== undefined) await submit(closed, false);
        }
      }
    } catch (error) {
      if (!(error instanceof CorruptObjectError) && !(error instanceof ObjectOverLimitError)) throw error;
      stopped = error;
    }
    timer.stop();
    const last = builder.flush();
    if (!leased && stopped !== undefined) await claimNow();
    if (!leased) return await sendUnleased(d, last, send, counters);
    if (last !== undefined) await submit(last, stopped === undefined);
    await chain;
    // Stopped: what was read is delivered and saved (below), and the object fails permanently.
    if (stopped !== undefined) throw stopped;
    if (position < skip) {
      // The object yields fewer events than were checkpointed: it is not the version that was counted.
      throw new Error(`object has ${position} events but the checkpoint says ${skip} were delivered`);
    }
    await deps.checkpoints.complete(objectId, item.deliveryId, ctx.owner, schedule.acceptedEvents, windows.save);
    return { ...d.base, status: "delivered", ...counters() };
  } catch (caught) {
    timer?.stop();
    if (caught instanceof RestartFrom) return caught;
    await chain.catch(() => undefined);
    const error = timer?.explain(caught) ?? caught;
    if (leased) {
      const progress = schedule.unsaved ? schedule.acceptedEvents : undefined;
      // A request cut off in flight may still be accepted: keep the lease (it expires LEASE_GRACE_MS after
      // the deadline) so no other worker sends meanwhile. Otherwise give it back so a redelivery resumes at once.
      const save = mayBeInFlight(error)
        ? progress !== undefined
          ? deps.checkpoints.advance(objectId, item.deliveryId, ctx.owner, progress, windows.save)
          : Promise.resolve()
        : deps.checkpoints.release(objectId, item.deliveryId, ctx.owner, progress, windows.save);
      await save.catch((saveError: unknown) =>
        deps.logger.log("warn", "progress not saved: the redelivery re-sends what this run sent since the last save", {
          objectId,
          deliveryId: item.deliveryId,
          error: String(saveError),
        }),
      );
    }
    throw Object.assign(error instanceof Error ? error : new Error(String(error)), { partial: counters() });
  } finally {
    body?.destroy();
  }
}

/**
 * A first receive whose events fit one request: send it, then record the completion with one
 * conditional write. If that write finds another delivery of the object (a duplicate S3 or SNS
 * notification handled meanwhile), this request duplicated it: logged and counted, never lost.
 */
async function sendUnleased(
  d: Delivery,
  last: LogBatch | undefined,
  send: (batch: LogBatch, lastRequest: boolean) => Promise<void>,
  counters: () => Omit<DestinationOutcome, "deliveryId" | "type" | "status">,
): Promise<DestinationOutcome> {
  const { deps, input } = d;
  if (last === undefined) return { ...d.base, status: "delivered", ...counters() };
  await send(last, true);
  const recorded = await deps.checkpoints.completeUnleased(
    input.objectId,
    input.item.deliveryId,
    last.events.length,
    d.windows.save,
  );
  if (!recorded) {
    deps.metrics.count(METRIC.requestsDuplicated, 1);
    deps.logger.log(
      "warn",
      "object sent twice: another delivery of the same object version exists (duplicate notification)",
      {
        outcome: "duplicate-request",
        objectId: input.objectId,
        deliveryId: input.item.deliveryId,
      },
    );
  }
  return { ...d.base, status: "delivered", ...counters(), ...(recorded ? {} : { duplicatedRequests: 1 }) };
}
