import { PutObjectCommand } from "@aws-sdk/client-s3";
import type { StagedKey, StagedObjectRef } from "../events/types";
import type { DestinationOutcome, InvocationContext, ProcessorDeps } from "../delivery/types";
import { claimCheckpoint, deliveryWindows, zeroOutcome } from "../delivery/outcome";
import { checkStoredSize } from "../limits/byte-guard";
import { openStagedObject } from "../reading/staged-object";
import { withRetries } from "../runtime/backoff";
import { startCallTimer } from "../runtime/call-budget";
import type { TenantDeliveryItem } from "../tenant-config/types";
import { customerObjectKey } from "./key-layout";

export interface S3DeliveryInput {
  readonly ref: StagedObjectRef;
  readonly key: StagedKey;
  readonly objectId: string;
  readonly item: TenantDeliveryItem;
  readonly onOpened?: (lastModified: Date) => void;
}

/**
 * One object → the tenant's bucket, streamed (never buffered): the staging
 * GetObject body is the PutObject body, with its length, content type and
 * content encoding kept, and `bucket-owner-full-control` so the customer
 * owns what loghop writes. A PUT of the same key is idempotent, so the
 * checkpoint only needs "complete".
 */
export async function deliverToS3(
  deps: ProcessorDeps,
  ctx: InvocationContext,
  input: S3DeliveryInput,
): Promise<DestinationOutcome> {
  const { item, objectId } = input;
  if (item.bucket === undefined) throw new Error(`delivery ${item.tenantId}/${item.deliveryId} has no bucket`);
  const s3Key = customerObjectKey(item.prefix, input.key);
  const base = { deliveryId: item.deliveryId, type: "s3" as const, s3Key };
  const checkpoint = await claimCheckpoint(deps, ctx, objectId, item);
  if (checkpoint.complete) return zeroOutcome({ ...base, status: "already-complete" });
  const windows = deliveryWindows(deps, ctx);
  const client = deps.clients.s3(item);
  let retries = 0;
  let bytes = 0;
  try {
    await deps.clients.ready(item, windows.work);
    await withRetries(
      async () => {
        // GetObject and PutObject stream into each other: one timer cuts both off with the work budget.
        const timer = startCallTimer(windows.work);
        try {
          const opened = await openStagedObject(deps.stagingS3, input.ref, timer.signal);
          input.onOpened?.(opened.lastModified);
          try {
            // The copy never inflates the object, so its stored size is the one limit that applies.
            checkStoredSize(deps.config.limits, opened.contentLength);
            await client.send(
              new PutObjectCommand({
                Bucket: item.bucket,
                Key: s3Key,
                Body: opened.body,
                ContentLength: opened.contentLength,
                ...(opened.contentType !== undefined ? { ContentType: opened.contentType } : {}),
                ...(opened.contentEncoding !== undefined ? { ContentEncoding: opened.contentEncoding } : {}),
                ACL: "bucket-owner-full-control",
              }),
              { abortSignal: timer.signal },
            );
          } finally {
            opened.body.destroy();
          }
          bytes = opened.contentLength ?? 0;
        } catch (error) {
          throw timer.explain(error);
        } finally {
          timer.stop();
        }
      },
      ctx.deadline,
      { ...deps.backoff, reserveMs: windows.work.reserveMs, onRetry: () => retries++ },
    );
    await deps.checkpoints.complete(objectId, item.deliveryId, ctx.owner, 0, windows.save);
  } catch (error) {
    // A PUT of the same key is idempotent: releasing even after a cut-off request cannot duplicate anything.
    await deps.checkpoints.release(objectId, item.deliveryId, ctx.owner, undefined, windows.save).catch(() => {});
    throw error;
  }
  return zeroOutcome({ ...base, status: "delivered", bytes, retries, requests: 1 });
}
