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

/** Headers the sink uploads with: its `content_type` default, and `content_encoding` from `compression: gzip`. */
export const STAGED_OBJECT_CONTENT_TYPE = "text/x-log";
export const STAGED_OBJECT_CONTENT_ENCODING = "gzip";

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

/** Lines are handed to zlib in chunks of about this size: one write per event is slow. */
const CHUNK_BYTES = 256 * 1024;

/**
 * One object body being written, event by event (for callers that fill
 * several objects at once). Events are encoded with `JSON.stringify` in their
 * own key order — Vector's encoder writes keys sorted, which is the order
 * loghop's event types and VRL's output already have.
 */
export class StagedObjectWriter {
  private readonly gzip;
  private readonly done: Promise<void>;
  private pending: string[] = [];
  private pendingBytes = 0;
  private compressed = 0;
  events = 0;
  uncompressedBytes = 0;

  constructor(destination: Writable, options: Pick<StagedObjectOptions, "gzipLevel"> = {}) {
    this.gzip = createGzip({ level: options.gzipLevel ?? 6 });
    this.gzip.on("data", (chunk: Buffer) => (this.compressed += chunk.length));
    this.done = pipeline(this.gzip, destination);
  }

  /** Adds one event; resolves at once unless zlib or the destination pushes back. */
  async write(event: object): Promise<void> {
    const line = `${JSON.stringify(event)}\n`;
    const bytes = Buffer.byteLength(line);
    this.pending.push(line);
    this.pendingBytes += bytes;
    this.uncompressedBytes += bytes;
    this.events++;
    if (this.pendingBytes >= CHUNK_BYTES) await this.flush();
  }

  /** Finishes the body; resolves once the destination has finished. */
  async end(): Promise<StagedObjectStats> {
    await this.flush();
    this.gzip.end();
    await this.done;
    return { events: this.events, uncompressedBytes: this.uncompressedBytes, compressedBytes: this.compressed };
  }

  private async flush(): Promise<void> {
    if (this.pending.length === 0) return;
    const chunk = this.pending.join("");
    this.pending = [];
    this.pendingBytes = 0;
    if (!this.gzip.write(chunk)) await Promise.race([once(this.gzip, "drain"), this.done]);
  }
}

/**
 * `writeStagedObject(events, destination, options?)`: writes the events as one
 * gzipped NDJSON body to `destination` (a file, an upload body, a socket) and
 * resolves once the destination has finished.
 */
export async function writeStagedObject(
  events: Iterable<object> | AsyncIterable<object>,
  destination: Writable,
  options: StagedObjectOptions = {},
): Promise<StagedObjectStats> {
  const writer = new StagedObjectWriter(destination, options);
  const limit = options.maxUncompressedBytes ?? Infinity;
  for await (const event of events) {
    await writer.write(event);
    if (writer.uncompressedBytes >= limit) break;
  }
  return writer.end();
}
