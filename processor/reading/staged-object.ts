import { GetObjectCommand, type S3Client } from "@aws-sdk/client-s3";
import type { Readable } from "node:stream";
import type { StagedObjectRef } from "../events/types";
import { explainGetObjectError } from "./unreadable-object";

export interface OpenedObject {
  readonly body: Readable;
  /** Fallback timestamp of records without a usable one; also the origin of the lag metric. */
  readonly lastModified: Date;
  readonly contentLength: number | undefined;
  readonly contentType: string | undefined;
  readonly contentEncoding: string | undefined;
}

/**
 * GetObject pinned to the announced version (versionId, else IfMatch on the
 * ETag), so a resumed delivery reads exactly the bytes its checkpoint counted.
 * `signal` (the call's deadline) also cuts off a body that stops arriving.
 */
export async function openStagedObject(
  s3: S3Client,
  ref: StagedObjectRef,
  signal?: AbortSignal,
): Promise<OpenedObject> {
  let response;
  try {
    response = await s3.send(
      new GetObjectCommand({
        Bucket: ref.bucket,
        Key: ref.key,
        ...(ref.versionId !== undefined ? { VersionId: ref.versionId } : {}),
        ...(ref.versionId === undefined && ref.eTag !== undefined ? { IfMatch: `"${ref.eTag}"` } : {}),
      }),
      signal !== undefined ? { abortSignal: signal } : {},
    );
  } catch (error) {
    throw explainGetObjectError(error, ref);
  }
  if (response.Body === undefined) throw new Error(`GetObject s3://${ref.bucket}/${ref.key} returned no body`);
  return {
    body: response.Body as Readable,
    lastModified: response.LastModified ?? new Date(),
    contentLength: response.ContentLength,
    contentType: response.ContentType,
    contentEncoding: response.ContentEncoding,
  };
}
