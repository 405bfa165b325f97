import { ageWindow, applyAgeRule } from "../cloudwatch/age-rule";
import { BatchBuilder } from "../cloudwatch/batch-builder";
import { logGroupName, logStreamName } from "../cloudwatch/names";
import { putBatch, type StreamTarget } from "../cloudwatch/sender";
import type { LogBatch } from "../cloudwatch/types";
import type { StagedKey, StagedObjectRef } from "../events/types";
import { DeadlineReachedError, ObjectOverLimitError } from "../failures/errors";
import { checkStoredSize } from "../limits/byte-guard";
import { openStagedObject } from "../reading/staged-object";
import { emptyReadCounters } from "../records/counters";
import type { TenantDeliveryItem } from "../tenant-config/types";
import { claimCheckpoint, zeroOutcome } from "./outcome";
import { stagedObjectEvents } from "./staged-events";
import type { DestinationOutcome, InvocationContext, ProcessorDeps } from "./types";

/** Batches built ahead of the request in flight: bounded memory (each ≤ 1 MiB of messages). */
const BATCHES_AHEAD = 3;

export interface CloudWatchDeliveryInput {
  readonly ref: StagedObjectRef;
  readonly key: StagedKey;
  readonly objectId: string;
  readonly item: TenantDeliveryItem;
  /** Set by the caller once the object's LastModified is known. */
  readonly onOpened?: (lastModified: Date) => void;
}

/**
 * One object → one CloudWatch destination, resumable. Reads the object
 * in its deterministic order, skips the events a previous run delivered,
 * batches the rest and sends them one request at a time (order within the
 * stream) while the next batch is being built, advancing the checkpoint
 * after each accepted request. Throws on failure (the caller classifies).
 */
export async function deliverToCloudWatch(
  deps: ProcessorDeps,
  ctx: InvocationContext,
  input: CloudWatchDeliveryInput,
): Promise<DestinationOutcome> {
  const { item, objectId } = input;
  const marginMs = deps.config.stopMarginSeconds * 1000;
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
  const checkpoint = await claimCheckpoint(deps, ctx, objectId, item);
  if (checkpoint.complete)
    return zeroOutcome({ ...base, status: "already-complete", resumedFrom: checkpoint.acceptedEvents });
  await deps.clients.ready(item).catch(async (error: unknown) => {
    await deps.checkpoints.release(objectId, item.deliveryId, ctx.owner).catch(() => undefined);
    throw error;
  });
  const client = deps.clients.cloudWatchLogs(item);
  const read = emptyReadCounters();
  let accepted = checkpoint.acceptedEvents;
  let events = 0;
  let bytes = 0;
  let rejected = 0;
  let retimed = 0;
  let retries = 0;
  let requests = 0;

  const send = async (batch: LogBatch): Promise<void> => {
    const result = await putBatch(client, target, batch, {
      deadline: ctx.deadline,
      reserveMs: marginMs,
      ...(deps.backoff !== undefined ? { backoff: deps.backoff } : {}),
    });
    requests++;
    retries += result.retries;
    rejected += result.rejected;
    events += batch.events.length - result.rejected;
    bytes += batch.payloadBytes;
    accepted += batch.events.length;
    await deps.checkpoints.advance(objectId, item.deliveryId, ctx.owner, accepted);
  };
  // Requests to one stream go one at a time, in order; reading runs ahead by up to
  // BATCHES_AHEAD batches so parsing overlaps the round trips instead of idling.
  let chain: Promise<void> = Promise.resolve();
  const ahead: Promise<void>[] = [];
  const submit = async (batch: LogBatch): Promise<void> => {
    chain = chain.then(() => {
      const remaining = ctx.deadline.remainingMs();
      if (remaining <= marginMs) throw new DeadlineReachedError(remaining);
      return send(batch);
    });
    // Handled here so a failure surfaces at the next await instead of crashing the process as unhandled.
    chain.catch(() => undefined);
    ahead.push(chain);
    if (ahead.length > BATCHES_AHEAD) await ahead.shift();
  };

  try {
    const opened = await openStagedObject(deps.stagingS3, input.ref);
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
        limits,
        storedBytes: opened.contentLength,
      },
      read,
    );
    const builder = new BatchBuilder();
    const skip = checkpoint.acceptedEvents;
    let position = 0;
    // Over a limit, what was read inside it is still delivered and checkpointed (a prefix of the
    // object's event order), then the error is reported: see README "limits, fairness …".
    let overLimit: ObjectOverLimitError | undefined;
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
          if (closed !== undefined) await submit(closed);
        }
      }
    } catch (error) {
      if (!(error instanceof ObjectOverLimitError)) throw error;
      overLimit = error;
    }
    const last = builder.flush();
    if (last !== undefined) await submit(last);
    await chain;
    if (overLimit !== undefined) throw overLimit;
    if (position < skip) {
      // The object yields fewer events than were checkpointed: it is not the version that was counted.
      throw new Error(`object has ${position} events but the checkpoint says ${skip} were delivered`);
    }
    await deps.checkpoints.complete(objectId, item.deliveryId, ctx.owner, accepted);
    return {
      ...base,
      status: "delivered",
      events,
      bytes,
      resumedFrom: skip,
      rejected,
      retimed,
      retries,
      requests,
      read,
    };
  } catch (error) {
    await chain.catch(() => undefined);
    // Give the lease back so the redelivery resumes at once; progress is already saved.
    await deps.checkpoints.release(objectId, item.deliveryId, ctx.owner).catch(() => undefined);
    throw Object.assign(error instanceof Error ? error : new Error(String(error)), {
      partial: { events, bytes, rejected, retimed, retries, requests, resumedFrom: checkpoint.acceptedEvents, read },
    });
  }
}
