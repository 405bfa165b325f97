import type { CloudWatchLogsClient, InputLogEvent } from "@aws-sdk/client-cloudwatch-logs";
import type { LogEvent } from "./types";

/**
 * A faster request body for PutLogEvents. The SDK's schema serializer
 * writes JSON one character at a time in JavaScript; for 1 MiB requests
 * that costs more CPU than gunzip and JSON parsing together (measured in
 * bench/processor.bench.ts). This middleware pair hands the SDK an empty
 * event list to serialize, then — still before content length and SigV4
 * signing — replaces the body with the same document built by the native
 * JSON.stringify. Every other command is untouched.
 */

const EVENTS = Symbol("loghop.putLogEvents.events");

interface PutInput {
  readonly logGroupName?: string;
  readonly logStreamName?: string;
  /** `plain` and `bytes` are loghop's LogEvent hints (no escaping needed; UTF-8 size known). */
  readonly logEvents?: readonly (InputLogEvent &
    Pick<LogEvent, "plain" | "source" | "jsonStart" | "jsonEnd"> & { readonly bytes?: number })[];
}

interface MiddlewareContext {
  commandName?: string;
  [EVENTS]?: PutInput;
}

interface HttpRequestLike {
  body?: unknown;
  headers: Record<string, string>;
}

/**
 * Characters JSON requires escaping, plus surrogates (a lone one must be
 * escaped; pairs are simply left to JSON.stringify): messages without any
 * are copied as they are.
 */
// eslint-disable-next-line no-control-regex -- control characters are exactly what JSON must escape
const NEEDS_ESCAPE = /["\\\u0000-\u001f\ud800-\udfff]/;
const QUOTE = 0x22;
const CLOSE_BRACE = 0x7d;
const ZERO = 0x30;
const EVENT_OPEN = Buffer.from('{"timestamp":', "latin1");
const MESSAGE_KEY = Buffer.from(',"message":', "latin1");

function writeAscii(body: Buffer, at: number, bytes: Buffer): number {
  for (let i = 0; i < bytes.length; i++) body[at + i] = bytes[i]!;
  return at + bytes.length;
}

/** Decimal digits of an integer in [0, 1e8), exactly `width` of them (zero-padded) or as many as it has (width 0). */
function writeDigits(body: Buffer, at: number, value: number, width: number): number {
  // Below 1e8 everything fits int32 arithmetic (`| 0` truncates).
  let count = value < 10 ? 1 : value < 100 ? 2 : value < 1000 ? 3 : value < 10_000 ? 4 : value < 100_000 ? 5 : 0;
  if (count === 0) count = value < 1_000_000 ? 6 : value < 10_000_000 ? 7 : 8;
  if (count < width) count = width;
  for (let i = count - 1; i >= 0; i--) {
    const next = (value / 10) | 0;
    body[at + i] = ZERO + value - next * 10;
    value = next;
  }
  return at + count;
}

/**
 * The timestamp as `${Number(timestamp)}` would write it, without making
 * a string per event: safe non-negative integers (all real timestamps) as
 * two int-sized halves, anything else through the string.
 */
function writeTimestamp(body: Buffer, at: number, timestamp: number): number {
  if (!Number.isSafeInteger(timestamp) || timestamp < 0) return at + body.write(String(timestamp), at, "latin1");
  const high = Math.floor(timestamp / 1e8);
  const low = timestamp - high * 1e8;
  if (high === 0) return writeDigits(body, at, low, 0);
  return writeDigits(body, writeDigits(body, at, high, 0), low, 8);
}

/**
 * The PutLogEvents JSON document, written straight into one buffer: most
 * messages need no escaping and are copied with one native write each;
 * the rest go through JSON.stringify. Events still holding their
 * message as escaped bytes of the object (SlicedLogEvent) are copied.
 */
export function putLogEventsBody(input: PutInput): Buffer {
  const events = input.logEvents ?? [];
  const head = `{"logGroupName":${JSON.stringify(input.logGroupName)},"logStreamName":${JSON.stringify(input.logStreamName)},"logEvents":[`;
  const escaped: (string | undefined)[] = new Array(events.length);
  let size = Buffer.byteLength(head) + 2;
  for (let i = 0; i < events.length; i++) {
    const event = events[i]!;
    if (event.source !== undefined) {
      size += event.jsonEnd! - event.jsonStart! + 50;
      continue;
    }
    const message = event.message ?? "";
    if (event.plain !== true && NEEDS_ESCAPE.test(message)) {
      escaped[i] = JSON.stringify(message);
      size += Buffer.byteLength(escaped[i]!);
    } else size += (event.bytes ?? Buffer.byteLength(message)) + 2;
    // `,{"timestamp":` + up to 20 digits + `,"message":` + `}`
    size += 48;
  }
  const body = Buffer.allocUnsafe(size);
  // utf8: a stream name may hold any character a staged key's segments hold.
  let at = body.write(head, 0, "utf8");
  for (let i = 0; i < events.length; i++) {
    const event = events[i]!;
    if (i > 0) body[at++] = 0x2c; /* , */
    at = writeAscii(body, at, EVENT_OPEN);
    at = writeTimestamp(body, at, Number(event.timestamp));
    at = writeAscii(body, at, MESSAGE_KEY);
    const text = escaped[i];
    const source = event.source;
    if (source !== undefined) {
      body[at++] = QUOTE;
      const length = event.jsonEnd! - event.jsonStart!;
      body.set(new Uint8Array(source.buffer, source.byteOffset + event.jsonStart!, length), at);
      at += length;
      body[at++] = QUOTE;
    } else if (text === undefined) {
      body[at++] = QUOTE;
      at += body.write(event.message ?? "", at, "utf8");
      body[at++] = QUOTE;
    } else at += body.write(text, at, "utf8");
    body[at++] = CLOSE_BRACE;
  }
  at += body.write("]}", at, "latin1");
  return body.subarray(0, at);
}

export function useFastPutLogEventsSerializer(client: CloudWatchLogsClient): CloudWatchLogsClient {
  const stack = client.middlewareStack as unknown as {
    add(middleware: unknown, options: { step: string; name: string; priority?: string; override?: boolean }): void;
  };
  stack.add(
    (next: (args: { input: PutInput }) => Promise<unknown>, context: MiddlewareContext) =>
      (args: { input: PutInput }) => {
        if (context.commandName !== "PutLogEventsCommand" || args.input.logEvents === undefined) return next(args);
        context[EVENTS] = args.input;
        return next({ ...args, input: { ...args.input, logEvents: [] } });
      },
    { step: "initialize", name: "loghopDeferPutLogEventsBody", override: true },
  );
  stack.add(
    (next: (args: { request: HttpRequestLike }) => Promise<unknown>, context: MiddlewareContext) =>
      (args: { request: HttpRequestLike }) => {
        const input = context[EVENTS];
        if (input !== undefined) {
          const body = putLogEventsBody(input);
          args.request.body = body;
          args.request.headers["content-length"] = String(body.length);
        }
        return next(args);
      },
    // "high" within the build step: before the SDK's content-length middleware; signing comes later (finalizeRequest).
    { step: "build", name: "loghopWritePutLogEventsBody", priority: "high", override: true },
  );
  return client;
}
