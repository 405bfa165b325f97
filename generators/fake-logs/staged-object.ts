/**
 * Staged object bodies as Vector's `aws_s3` sink writes them with loghop's
 * settings (`encoding.codec: json`, `framing.method: newline_delimited`,
 * `compression: gzip`): one JSON object per line, each line ending in `\n`,
 * gzipped. Streamed: the body is never held in memory, so a 500 MB object
 * costs what zlib's window costs.
 */
import { once } from "node:events";
import type { Writable } from "node:stream";
import { pipeline } from "node:stream/promises";
import { createGzip } from "node:zlib";

export interface StagedObjectStats {
  readonly events: number;
  /** NDJSON bytes before gzip. */
  readonly uncompressedBytes: number;
  /** Bytes written to the destination. */
  readonly compressedBytes: number;
}

export interface StagedObjectOptions {
  /**
   * Stop after the event that brings the uncompressed size to at least this many
   * bytes (the sink's `batch.max_bytes`, which Vector measures on its in-memory
   * size; here it is the encoded size). Default: every event.
   */
  readonly maxUncompressedBytes?: number;
  /** zlib level, 1–9. Default 6, the level Vector's gzip compression uses. */
  readonly gzipLevel?: number;
}

/** Lines are written to zlib in chunks of about this size: one write per event is slow. */
const CHUNK_BYTES = 256 * 1024;

/**
 * `writeStagedObject(events, destination, options?)`: writes the events as one
 * gzipped NDJSON body to `destination` (a file, an upload body, a socket) and
 * resolves once the destination has finished. Events are encoded with
 * `JSON.stringify` in their own key order — Vector's encoder writes keys
 * sorted, which is the order loghop's event types and VRL's output already have.
 */
export async function writeStagedObject(
  events: Iterable<object> | AsyncIterable<object>,
  destination: Writable,
  options: StagedObjectOptions = {},
): Promise<StagedObjectStats> {
  const gzip = createGzip({ level: options.gzipLevel ?? 6 });
  let compressedBytes = 0;
  gzip.on("data", (chunk: Buffer) => (compressedBytes += chunk.length));
  const done = pipeline(gzip, destination);
  const limit = options.maxUncompressedBytes ?? Infinity;
  let count = 0;
  let uncompressedBytes = 0;
  let pending: string[] = [];
  let pendingBytes = 0;
  const flush = async (): Promise<void> => {
    if (pending.length === 0) return;
    const chunk = pending.join("");
    pending = [];
    pendingBytes = 0;
    if (!gzip.write(chunk)) await Promise.race([once(gzip, "drain"), done]);
  };
  for await (const event of events) {
    const line = `${JSON.stringify(event)}\n`;
    const bytes = Buffer.byteLength(line);
    pending.push(line);
    pendingBytes += bytes;
    uncompressedBytes += bytes;
    count++;
    if (pendingBytes >= CHUNK_BYTES) await flush();
    if (uncompressedBytes >= limit) break;
  }
  await flush();
  gzip.end();
  await done;
  return { events: count, uncompressedBytes, compressedBytes };
}
