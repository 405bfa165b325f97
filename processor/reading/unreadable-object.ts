import { ProcessorError } from "../failures/errors";
import type { StagedObjectRef } from "../events/types";

interface S3ErrorShape {
  readonly name?: string;
  readonly message?: string;
}

/**
 * GetObject failures that no retry can fix, each as a permanent failure
 * saying what happened and what the operator does. Anything else is
 * returned unchanged for the usual classification (throttling, 5xx, network
 * are transient; a changed ETag is `superseded`).
 */
export function explainGetObjectError(error: unknown, ref: StagedObjectRef): unknown {
  const { name = "", message = "" } = (error ?? {}) as S3ErrorShape;
  const where = `s3://${ref.bucket}/${ref.key}`;
  const unreadable = (what: string) =>
    new ProcessorError(`${where}: ${what} (${name}: ${message})`, "permanent", "object-unreadable", { cause: error });
  if (name === "InvalidObjectState") {
    return unreadable(
      "the object is in an archive storage class (Glacier, Deep Archive or an Intelligent-Tiering archive tier): restore it, fix the lifecycle rule that archived it, then redrive",
    );
  }
  if (name === "InvalidRequest" && /server side encryption|customer.?provided|SSE-C/i.test(message)) {
    return unreadable(
      "the object is encrypted with a customer-provided key (SSE-C), which the processor never has: stage objects with SSE-S3 or SSE-KMS, then re-upload",
    );
  }
  if (name.startsWith("KMS.") || (name === "AccessDenied" && /kms|ciphertext|customer master key/i.test(message))) {
    return unreadable(
      "the object's KMS key cannot be used by the processor role (wrong, disabled or deleted key, or no kms:Decrypt): stage with the bucket's key or grant the role kms:Decrypt, then redrive",
    );
  }
  if (name === "NoSuchKey") {
    return new ProcessorError(
      `${where}: deleted before it was read (a lifecycle expiry shorter than the queue's backlog, or a manual delete): nothing left to deliver; discard the message`,
      "permanent",
      "object-missing",
      { cause: error },
    );
  }
  return error;
}
