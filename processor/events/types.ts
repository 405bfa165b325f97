/** One staged object an S3 event announced, key already URL-decoded. */
export interface StagedObjectRef {
  readonly bucket: string;
  readonly key: string;
  /** Set when the staging bucket is versioned; pins the exact version read. */
  readonly versionId?: string;
  /** ETag without quotes; pins the content when there is no version id. */
  readonly eTag?: string;
  readonly size?: number;
  /** When S3 emitted the event (ISO 8601). */
  readonly eventTime?: string;
  /** S3's per-key ordering token: orders two events of one key. */
  readonly sequencer?: string;
}

/** `<cluster>/<tenant>/<application>/<pod>/<file>` of a staged key. */
export interface StagedKey {
  readonly cluster: string;
  readonly tenant: string;
  readonly application: string;
  readonly pod: string;
  /** Everything after the pod segment (may itself contain `/`). */
  readonly file: string;
}

/** What one SQS message carried. */
export type MessageContent =
  | { readonly kind: "objects"; readonly objects: readonly StagedObjectRef[]; readonly ignoredEvents: number }
  | { readonly kind: "test-event" }
  | { readonly kind: "malformed"; readonly reason: string };
