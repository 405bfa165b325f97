import { parseS3EventDocument } from "./s3-event";
import type { MessageContent } from "./types";

/**
 * An SQS message body: an SNS envelope (`Type: "Notification"`, the S3
 * event in `Message`) when the queue subscribes to the topic without raw
 * delivery, or the S3 event itself (raw delivery, or S3 → SQS directly).
 */
export function parseSqsBody(body: string): MessageContent {
  let document: unknown;
  try {
    document = JSON.parse(body);
  } catch {
    return { kind: "malformed", reason: "message body is not JSON" };
  }
  if (document !== null && typeof document === "object" && (document as { Type?: unknown }).Type === "Notification") {
    const inner = (document as { Message?: unknown }).Message;
    if (typeof inner !== "string") return { kind: "malformed", reason: "SNS notification has no Message string" };
    try {
      return parseS3EventDocument(JSON.parse(inner));
    } catch {
      return { kind: "malformed", reason: "SNS Message is not JSON" };
    }
  }
  return parseS3EventDocument(document);
}
