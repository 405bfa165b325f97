/**
 * Limits on one staged object. A compromised cluster can stage any content under
 * its prefix; without them a 2 MB object inflating to 1 GiB of tiny lines held a
 * processor for minutes and every tenant of the region waited behind it.
 */

export interface ObjectLimits {
  /** Decompressed bytes per object. */
  readonly maxUncompressedBytes: number;
  /** Events per object, in the object's deterministic event order. */
  readonly maxEvents: number;
  /** Decompressed ÷ stored bytes. */
  readonly maxCompressionRatio: number;
}

/** Which limit an object crossed: the `limit` dimension of `ObjectsOverLimit` (low cardinality by construction). */
export type ObjectLimitName = "uncompressed-bytes" | "events" | "compression-ratio";

export const OBJECT_LIMIT_NAMES: readonly ObjectLimitName[] = ["uncompressed-bytes", "events", "compression-ratio"];

/**
 * The compression-ratio limit applies beyond this many decompressed bytes only:
 * below it an object costs well under a second whatever its ratio, and small,
 * repetitive objects (a crash loop's identical lines, one long line of one
 * character) legitimately compress far better than any sensible ratio limit.
 */
export const RATIO_EXEMPT_BYTES = 16 * 1024 * 1024;

/** How many decompressed bytes an object may yield, and which limit sets that number. */
export interface ByteAllowance {
  readonly bytes: number;
  readonly limit: ObjectLimitName;
}

/**
 * Both byte limits are fixed once the stored size is known: the ratio limit is a
 * budget of `maxCompressionRatio × stored bytes` (at least `RATIO_EXEMPT_BYTES`). Reading stops at the smaller of
 * the two, so crossing either is detected exactly and as early as possible.
 */
export function byteAllowance(limits: ObjectLimits, storedBytes: number | undefined): ByteAllowance {
  const ratioBytes =
    storedBytes === undefined ? Infinity : Math.max(RATIO_EXEMPT_BYTES, limits.maxCompressionRatio * storedBytes);
  return ratioBytes < limits.maxUncompressedBytes
    ? { bytes: ratioBytes, limit: "compression-ratio" }
    : { bytes: limits.maxUncompressedBytes, limit: "uncompressed-bytes" };
}
