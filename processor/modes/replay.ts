import { randomUUID } from "node:crypto";
import { ListObjectsV2Command } from "@aws-sdk/client-s3";
import { processObjects } from "../batch/sqs-batch";
import type { ProcessorDeps } from "../delivery/types";
import type { StagedObjectRef } from "../events/types";
import { deadlineAt } from "../runtime/deadline";
import { atBoundary } from "./aws-boundary";
import { summarize, type RunSummary } from "./summary";

export interface ReplayOptions {
  readonly bucket: string;
  readonly prefix: string;
  /** Only objects last modified at or after this time. */
  readonly since?: Date;
  readonly timeoutSeconds: number;
}

/**
 * Every staged object under the prefix (optionally since a time), in key
 * order. Throws `AwsOperationError` when the bucket cannot be listed.
 */
export async function listStagedObjects(deps: ProcessorDeps, options: ReplayOptions): Promise<StagedObjectRef[]> {
  const refs: StagedObjectRef[] = [];
  let token: string | undefined;
  do {
    const page = await atBoundary(
      { operation: "ListObjectsV2", target: `s3://${options.bucket}/${options.prefix}`, client: deps.stagingS3 },
      () =>
        deps.stagingS3.send(
          new ListObjectsV2Command({ Bucket: options.bucket, Prefix: options.prefix, ContinuationToken: token }),
        ),
    );
    for (const object of page.Contents ?? []) {
      if (object.Key === undefined || object.Key.endsWith("/")) continue;
      if (options.since !== undefined && (object.LastModified?.getTime() ?? 0) < options.since.getTime()) continue;
      refs.push({
        bucket: options.bucket,
        key: object.Key,
        ...(object.ETag !== undefined ? { eTag: object.ETag.replace(/"/g, "") } : {}),
        ...(object.Size !== undefined ? { size: object.Size } : {}),
      });
    }
    token = page.IsTruncated ? page.NextContinuationToken : undefined;
  } while (token !== undefined);
  return refs;
}

/**
 * Re-delivers staged objects, e.g. after fixing a tenant. Objects go
 * through the same pipeline and checkpoints as queue messages: what was
 * already delivered completely is a no-op, a partial delivery resumes.
 */
export async function runReplay(deps: ProcessorDeps, options: ReplayOptions): Promise<RunSummary> {
  const refs = await listStagedObjects(deps, options);
  const ctx = {
    deadline: deadlineAt(deps.now() + options.timeoutSeconds * 1000, deps.now),
    owner: `replay:${randomUUID()}`,
  };
  return summarize(
    await processObjects(
      deps,
      ctx,
      refs.map((ref) => ({ ref })),
    ),
  );
}
