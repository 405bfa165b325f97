import { isUtf8 } from "node:buffer";
import type { Line } from "./line-splitter";

const OPEN_BRACE = 0x7b;
const CLOSE_BRACE = 0x7d;
const OPEN_BRACKET = 0x5b;
const CLOSE_BRACKET = 0x5d;
const QUOTE = 0x22;
const BACKSLASH = 0x5c;
const COMMA = 0x2c;

function isSpace(byte: number): boolean {
  return (
    byte === 0x20 || byte === 0x0a || byte === 0x0d || byte === 0x09 || byte === 0xef || byte === 0xbb || byte === 0xbf
  );
}

/**
 * Vector's JSON codec without newline framing writes each object as ONE
 * JSON array (`[{...},{...}]`), which may be far larger than any line
 * limit. This scanner walks the bytes once, tracking strings and nesting,
 * and yields each top-level element as its own "line" — so memory stays
 * bounded by one element, never the whole array. An element over
 * `maxLineBytes` keeps its head and is reported oversized like a long line.
 */
export async function* splitJsonArrays(
  source: AsyncIterable<Buffer>,
  options: { readonly maxLineBytes: number; readonly oversizedHeadBytes: number },
): AsyncGenerator<Line[]> {
  const headLimit = Math.min(options.oversizedHeadBytes, options.maxLineBytes);
  let arrayDepth = 0; // 1 while inside the outer array
  let depth = 0; // nesting inside the current element
  let inString = false;
  let escaped = false;
  let inElement = false;
  let parts: Buffer[] = [];
  let partBytes = 0;
  let totalBytes = 0;
  let overflowHead: Buffer | undefined;

  const keep = (piece: Buffer): void => {
    totalBytes += piece.length;
    if (overflowHead !== undefined) return;
    if (partBytes + piece.length > options.maxLineBytes) {
      overflowHead = Buffer.from(Buffer.concat([...parts, piece]).subarray(0, headLimit));
      parts = [];
      partBytes = 0;
      return;
    }
    parts.push(piece);
    partBytes += piece.length;
  };

  const finish = (out: Line[]): void => {
    if (overflowHead !== undefined) {
      out.push({ kind: "oversized", head: overflowHead.toString("utf8"), totalBytes });
    } else {
      const bytes = parts.length === 1 ? parts[0]! : Buffer.concat(parts);
      out.push(isUtf8(bytes) ? bytes.toString("utf8") : { kind: "invalid-utf8", bytes: bytes.length });
    }
    parts = [];
    partBytes = 0;
    totalBytes = 0;
    overflowHead = undefined;
    inElement = false;
  };

  for await (const chunk of source) {
    const out: Line[] = [];
    let start = -1;
    if (inElement) start = 0;
    for (let i = 0; i < chunk.length; i++) {
      const byte = chunk[i]!;
      if (inElement) {
        if (inString) {
          if (escaped) escaped = false;
          else if (byte === BACKSLASH) escaped = true;
          else if (byte === QUOTE) inString = false;
          continue;
        }
        if (byte === QUOTE) inString = true;
        else if (byte === OPEN_BRACE || byte === OPEN_BRACKET) depth++;
        else if (byte === CLOSE_BRACE || byte === CLOSE_BRACKET) {
          if (depth === 0) {
            // `]` closing the outer array right after a scalar element.
            keep(Buffer.from(chunk.subarray(start, i)));
            finish(out);
            arrayDepth = 0;
            continue;
          }
          depth--;
          if (depth === 0) {
            keep(Buffer.from(chunk.subarray(start, i + 1)));
            finish(out);
          }
        } else if (byte === COMMA && depth === 0) {
          keep(Buffer.from(chunk.subarray(start, i)));
          finish(out);
        }
        continue;
      }
      if (isSpace(byte) || byte === COMMA) continue;
      if (arrayDepth === 0) {
        if (byte === OPEN_BRACKET) arrayDepth = 1;
        // A stray byte outside any array: surfaces as a malformed line.
        else out.push(String.fromCharCode(byte));
        continue;
      }
      if (byte === CLOSE_BRACKET) {
        arrayDepth = 0;
        continue;
      }
      inElement = true;
      start = i;
      depth = byte === OPEN_BRACE || byte === OPEN_BRACKET ? 1 : 0;
      inString = byte === QUOTE;
      escaped = false;
    }
    if (inElement && start >= 0 && start < chunk.length) keep(Buffer.from(chunk.subarray(start)));
    if (out.length > 0) yield out;
  }
  if (inElement) {
    const out: Line[] = [];
    finish(out);
    yield out;
  }
}
