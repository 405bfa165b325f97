import { decodeS3EventKey } from "./object-key";
import type { MessageContent, StagedObjectRef } from "./types";

interface S3EventRecordShape {
  readonly eventSource?: unknown;
  readonly eventName?: unknown;
  readonly eventTime?: unknown;
  readonly s3?: {
    readonly bucket?: { readonly name?: unknown };
    readonly object?: {
      readonly key?: unknown;
      readonly size?: unknown;
      readonly eTag?: unknown;
      readonly versionId?: unknown;
      readonly sequencer?: unknown;
    };
  };
}

function isObject(value: unknown): value is Record<string, unknown> {
  return value !== null && typeof value === "object" && !Array.isArray(value);
}

function optionalString(value: unknown): string | undefined {
  return typeof value === "string" && value !== "" ? value : undefined;
}

/**
 * Reads an S3 event notification document (`{"Records": [...]}` or S3's
 * `s3:TestEvent`). Only `ObjectCreated:*` records become objects; others
 * are counted as ignored.
 */
export function parseS3EventDocument(document: unknown): MessageContent {
  if (!isObject(document)) return { kind: "malformed", reason: "S3 event is not a JSON object" };
  if (document.Event === "s3:TestEvent") return { kind: "test-event" };
  if (!Array.isArray(document.Records)) return { kind: "malformed", reason: "S3 event has no Records array" };
  const objects: StagedObjectRef[] = [];
  let ignoredEvents = 0;
  for (const [index, raw] of (document.Records as unknown[]).entries()) {
    const record = raw as S3EventRecordShape;
    if (!isObject(raw) || record.eventSource !== "aws:s3") {
      return { kind: "malformed", reason: `Records/${index} is not an aws:s3 event record` };
    }
    if (typeof record.eventName !== "string" || !record.eventName.startsWith("ObjectCreated:")) {
      ignoredEvents++;
      continue;
    }
    const bucket = optionalString(record.s3?.bucket?.name);
    const encodedKey = optionalString(record.s3?.object?.key);
    if (bucket === undefined || encodedKey === undefined) {
      return { kind: "malformed", reason: `Records/${index} has no s3.bucket.name or s3.object.key` };
    }
    let key: string;
    try {
      key = decodeS3EventKey(encodedKey);
    } catch {
      return {
        kind: "malformed",
        reason: `Records/${index} key is not valid URL encoding: ${JSON.stringify(encodedKey)}`,
      };
    }
    const object = record.s3?.object;
    const eTag = optionalString(object?.eTag)?.replace(/"/g, "");
    const size = typeof object?.size === "number" ? object.size : undefined;
    objects.push({
      bucket,
      key,
      ...(optionalString(object?.versionId) !== undefined ? { versionId: optionalString(object?.versionId) } : {}),
      ...(eTag !== undefined ? { eTag } : {}),
      ...(size !== undefined ? { size } : {}),
      ...(optionalString(record.eventTime) !== undefined ? { eventTime: optionalString(record.eventTime) } : {}),
      ...(optionalString(object?.sequencer) !== undefined ? { sequencer: optionalString(object?.sequencer) } : {}),
    });
  }
  return { kind: "objects", objects, ignoredEvents };
}
