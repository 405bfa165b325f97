/**
 * Which object each staged event lands in, as the `aws_s3` sink decides it:
 * the rendered `key_prefix` template partitions events, `batch.max_bytes`
 * closes an object, and the object's name is `<prefix><unix seconds>-<uuid>.<ext>`
 * (Vector's defaults `filename_time_format: "%s"`, `filename_append_uuid: true`).
 */
import type { Random } from "./random";

/** `{{ field }}` and `{{ a.b }}`: the only template syntax loghop's key prefixes use. */
const FIELD = /\{\{\s*([^{}\s]+)\s*\}\}/g;

function field(event: Readonly<Record<string, unknown>>, path: string): unknown {
  let value: unknown = event;
  for (const part of path.split(".")) {
    if (value === null || typeof value !== "object") return undefined;
    value = (value as Record<string, unknown>)[part];
  }
  return value;
}

/**
 * `renderKeyPrefix(template, event)`: the template with each `{{ field }}`
 * replaced by the event's value, or undefined when a field is missing or not a
 * scalar — Vector then drops the event ("Failed to render template").
 */
export function renderKeyPrefix(template: string, event: Readonly<Record<string, unknown>>): string | undefined {
  // Vector would also expand strftime specifiers; failing loudly beats staging under the wrong key.
  if (template.includes("%")) throw new Error(`key prefix ${template}: strftime specifiers are not supported here`);
  let missing = false;
  const rendered = template.replace(FIELD, (_match, path: string) => {
    const value = field(event, path);
    if (typeof value === "string" || typeof value === "number" || typeof value === "boolean") return String(value);
    missing = true;
    return "";
  });
  return missing ? undefined : rendered;
}

/** `stagedObjectKey(prefix, atMs, random, extension)`: the key Vector gives an object flushed at `atMs`. */
export function stagedObjectKey(prefix: string, atMs: number, random: Random, extension = "json.gz"): string {
  return `${prefix}${Math.floor(atMs / 1000)}-${random.uuid()}.${extension}`;
}

export interface SinkObject<E> {
  readonly key: string;
  readonly events: readonly E[];
}

export interface SinkBatchOptions {
  /** The sink's `key_prefix`. */
  readonly keyPrefixTemplate: string;
  /** The sink's `batch.max_bytes` (compared with encoded NDJSON bytes). */
  readonly maxBytes: number;
  /** Flush time of every object (epoch ms): the `%s` part of its name. */
  readonly flushedAtMs: number;
  /** Draws the keys' UUIDs. */
  readonly random: Random;
  /** Default `json.gz`. */
  readonly extension?: string;
}

/**
 * `sinkObjects(events, options)`: the objects the sink would write for these
 * events (held in memory: for demo-sized input), in first-seen prefix order,
 * and the events it would drop because their prefix does not render.
 */
export function sinkObjects<E extends object>(
  events: Iterable<E>,
  options: SinkBatchOptions,
): { objects: SinkObject<E>[]; unrendered: E[] } {
  const open = new Map<string, { events: E[]; bytes: number }>();
  const objects: SinkObject<E>[] = [];
  const unrendered: E[] = [];
  const close = (prefix: string, batch: { events: E[] }): void => {
    objects.push({
      key: stagedObjectKey(prefix, options.flushedAtMs, options.random, options.extension),
      events: batch.events,
    });
  };
  for (const event of events) {
    const prefix = renderKeyPrefix(options.keyPrefixTemplate, event as Record<string, unknown>);
    if (prefix === undefined) {
      unrendered.push(event);
      continue;
    }
    const batch = open.get(prefix) ?? { events: [], bytes: 0 };
    open.set(prefix, batch);
    batch.events.push(event);
    batch.bytes += Buffer.byteLength(JSON.stringify(event)) + 1;
    if (batch.bytes >= options.maxBytes) {
      close(prefix, batch);
      open.delete(prefix);
    }
  }
  for (const [prefix, batch] of open) close(prefix, batch);
  return { objects, unrendered };
}
