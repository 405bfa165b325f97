/**
 * Log line text: JSON objects and plain lines (access logs, level-prefixed app
 * logs, klog, Go `log`), padded to a drawn size. Any time a line carries is the
 * line's own timestamp at full precision, so the agent's timestamp parsing
 * leaves the event's time as it was.
 */
import type { Random } from "./random";
import { klogTime, rfc3339Nanos, type NanoInstant } from "./timestamps";

const WORDS = [
  "order",
  "user",
  "cart",
  "payment",
  "shipping",
  "checkout",
  "inventory",
  "session",
  "token",
  "retry",
  "cache",
  "miss",
  "hit",
  "latency",
  "upstream",
  "request",
  "response",
  "queue",
  "batch",
  "commit",
];
const MULTIBYTE_WORDS = ["größe", "café", "naïve", "東京", "注文", "заказ", "🚀", "✓", "€42", "ñandú"];
const PATHS = ["/api/v1/orders", "/api/v1/cart", "/healthz", "/api/v1/users", "/static/app.js", "/api/v2/payments"];
const LEVELS = ["info", "info", "info", "debug", "warn", "error"];

export interface MessageStyle {
  readonly json: boolean;
  readonly multibyte: boolean;
  readonly quotes: boolean;
}

function padding(random: Random, style: MessageStyle, bytes: number): string {
  let out = "";
  let length = 0;
  while (length < bytes) {
    const word = style.multibyte && random.chance(0.3) ? random.pick(MULTIBYTE_WORDS) : random.pick(WORDS);
    const piece = ` ${word}=${random.int(100_000)}`;
    out += piece;
    length += Buffer.byteLength(piece);
  }
  return out;
}

function plainHead(random: Random, at: NanoInstant, quotes: boolean): string {
  const level = random.pick(LEVELS);
  switch (random.int(4)) {
    case 0: {
      const request = `GET ${random.pick(PATHS)}/${random.int(10_000)} HTTP/1.1`;
      const text = quotes ? `"${request}"` : request;
      return `10.0.${random.int(255)}.${random.int(255)} - - ${text} ${random.pick([200, 200, 201, 304, 404, 500])} ${random.int(20_000)}`;
    }
    case 1:
      return `${rfc3339Nanos(at)} ${level.toUpperCase()} ${quotes ? 'handler said "done"' : "handler done"}`;
    case 2:
      return `${level[0]!.toUpperCase()}${klogTime(at)} 1 controller.go:${random.int(900)}] reconciled${quotes ? ' "object"' : ""}`;
    default: {
      const iso = rfc3339Nanos(at);
      return `${iso.slice(0, 10).replace(/-/g, "/")} ${iso.slice(11, -1)} worker: ${quotes ? 'job "sync" ok' : "job ok"}`;
    }
  }
}

/** One message of about `targetBytes` UTF-8 bytes (never shorter than its fixed head). */
export function fakeMessage(random: Random, at: NanoInstant, targetBytes: number, style: MessageStyle): string {
  if (style.json) {
    const quoted = style.quotes ? ' with "quoted" text' : "";
    const head = `{"level":"${random.pick(LEVELS)}","ts":"${rfc3339Nanos(at)}","trace_id":"${random.hex(16)}","msg":"request handled${quoted}`;
    const tail = `","duration_ms":${random.int(2000)}}`;
    const fixed = Buffer.byteLength(head) + tail.length;
    // JSON.stringify escapes the quotes the text may hold; the head is already valid JSON text.
    const body = JSON.stringify(padding(random, style, targetBytes - fixed)).slice(1, -1);
    return `${head.replace('"quoted"', '\\"quoted\\"')}${body}${tail}`;
  }
  const head = plainHead(random, at, style.quotes);
  return head + padding(random, style, targetBytes - Buffer.byteLength(head));
}
