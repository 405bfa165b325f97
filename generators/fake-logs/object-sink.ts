/**
 * Staged events to many objects at once, streamed: one open body per key
 * prefix (per pod, with loghop's key template), closed when it reaches the
 * sink's `batch.max_bytes` and at the end — the aws_s3 sink's partitioning
 * without holding objects in memory. Where the bodies go (files, an upload)
 * is the caller's `open`.
 */
import type { Writable } from "node:stream";
import { renderKeyPrefix, stagedObjectKey } from "./object-keys";
import type { Random } from "./random";
import { StagedObjectWriter, type StagedObjectStats } from "./staged-object";

export interface ObjectTarget {
  /** Where the body is written. */
  readonly destination: Writable;
  /** Called once the body is complete (e.g. to upload a finished file). */
  readonly finish?: () => Promise<void>;
}

export interface ObjectSinkOptions {
  readonly keyPrefixTemplate: string;
  readonly maxBytes: number;
  /** The `%s` part of every key (epoch ms). */
  readonly flushedAtMs: number;
  readonly random: Random;
  readonly extension?: string;
  readonly gzipLevel?: number;
  /** Opens the body of the object `key`. */
  readonly open: (key: string) => ObjectTarget;
}

export interface WrittenObject extends StagedObjectStats {
  readonly key: string;
}

/** `new StagedObjectSink(options)`: `add(event)` each staged event, then `close()` for the objects written. */
export class StagedObjectSink {
  private readonly open = new Map<string, { key: string; writer: StagedObjectWriter; target: ObjectTarget }>();
  private readonly written: WrittenObject[] = [];
  /** Events whose key prefix did not render (Vector drops them). */
  unrendered = 0;

  constructor(private readonly options: ObjectSinkOptions) {}

  async add(event: object): Promise<void> {
    const prefix = renderKeyPrefix(this.options.keyPrefixTemplate, event as Record<string, unknown>);
    if (prefix === undefined) {
      this.unrendered++;
      return;
    }
    let batch = this.open.get(prefix);
    if (batch === undefined) {
      const o = this.options;
      const key = stagedObjectKey(prefix, o.flushedAtMs, o.random, o.extension);
      const target = o.open(key);
      const writer = new StagedObjectWriter(
        target.destination,
        o.gzipLevel !== undefined ? { gzipLevel: o.gzipLevel } : {},
      );
      batch = { key, writer, target };
      this.open.set(prefix, batch);
    }
    await batch.writer.write(event);
    if (batch.writer.uncompressedBytes >= this.options.maxBytes) {
      this.open.delete(prefix);
      await this.finish(batch);
    }
  }

  /** Closes every open object; resolves to every object written, in the order they were completed. */
  async close(): Promise<WrittenObject[]> {
    for (const batch of this.open.values()) await this.finish(batch);
    this.open.clear();
    return this.written;
  }

  private async finish(batch: { key: string; writer: StagedObjectWriter; target: ObjectTarget }): Promise<void> {
    const stats = await batch.writer.end();
    await batch.target.finish?.();
    this.written.push({ key: batch.key, ...stats });
  }
}
