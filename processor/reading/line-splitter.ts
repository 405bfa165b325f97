import { isUtf8 } from "node:buffer";

/** A line too long to parse: its first `head` bytes are kept, the rest only counted. */
export interface OversizedLine {
  readonly kind: "oversized";
  /** The first bytes of the line, decoded (invalid sequences become U+FFFD). */
  readonly head: string;
  readonly totalBytes: number;
}

/** A line that is not valid UTF-8: skipped and counted. */
export interface InvalidUtf8Line {
  readonly kind: "invalid-utf8";
  readonly bytes: number;
}

/**
 * Complete lines left as bytes (valid UTF-8, LF-separated, no trailing
 * LF), for a consumer that reads records straight from bytes. `lineAt`
 * gives any of them the treatment a string line gets.
 */
export interface LineRegion {
  readonly kind: "region";
  readonly bytes: Buffer;
  readonly maxLineBytes: number;
  readonly headLimit: number;
}

export type Line = string | OversizedLine | InvalidUtf8Line | LineRegion;

export interface LineSplitterOptions {
  /** Lines up to this many bytes are returned whole. */
  readonly maxLineBytes: number;
  /** Bytes kept of a longer line (the event cap); never more than maxLineBytes. */
  readonly oversizedHeadBytes: number;
  /** Yield valid runs of complete lines as LineRegion bytes instead of decoding them (default false). */
  readonly regions?: boolean;
}

const LF = 0x0a;
const BOM = 0xfeff;

function clean(line: string): string {
  let end = line.length;
  if (end > 0 && line.charCodeAt(end - 1) === 13) end--;
  const start = end > 0 && line.charCodeAt(0) === BOM ? 1 : 0;
  const text = start === 0 && end === line.length ? line : line.slice(start, end);
  // Whitespace-only lines are blank, not malformed (checked only when the line starts with whitespace: rare).
  return text.length > 0 && text.charCodeAt(0) <= 32 && text.trim() === "" ? "" : text;
}

/**
 * Splits a byte stream into lines with bounded memory: at most
 * `maxLineBytes` of one unfinished line are held. A longer line keeps only
 * its head and is reported as oversized (a 2 GiB line without a newline
 * costs `maxLineBytes`, not 2 GiB). Yields arrays of lines, one per input
 * chunk, because a callback per line would dominate the cost.
 *
 * Fast path: the complete lines of a chunk are validated with one
 * `isUtf8` call and decoded with one `toString`; only a chunk that fails
 * validation is checked line by line.
 */
export async function* splitLines(source: AsyncIterable<Buffer>, options: LineSplitterOptions): AsyncGenerator<Line[]> {
  const headLimit = Math.min(options.oversizedHeadBytes, options.maxLineBytes);
  let pending: Buffer[] = [];
  let pendingBytes = 0;
  /** Set while the current line is over the limit: its head and the bytes seen so far. */
  let oversized: { head: Buffer; totalBytes: number } | undefined;

  const finishPending = (tail: Buffer, out: Line[]): void => {
    if (oversized !== undefined) {
      oversized.totalBytes += tail.length;
      out.push(overflowLine(oversized.head, oversized.totalBytes));
      oversized = undefined;
    } else if (pendingBytes + tail.length > options.maxLineBytes) {
      const whole = Buffer.concat([...pending, tail]);
      out.push(overflowLine(whole.subarray(0, headLimit), whole.length));
    } else {
      const whole = pending.length === 0 ? tail : Buffer.concat([...pending, tail]);
      pushDecoded(whole, out);
    }
    pending = [];
    pendingBytes = 0;
  };

  const hold = (part: Buffer): void => {
    if (part.length === 0) return;
    if (oversized !== undefined) {
      oversized.totalBytes += part.length;
      return;
    }
    if (pendingBytes + part.length > options.maxLineBytes) {
      const whole = Buffer.concat([...pending, part]);
      // Copy the head so the large chunk it came from can be released.
      oversized = { head: Buffer.from(whole.subarray(0, headLimit)), totalBytes: whole.length };
      pending = [];
      pendingBytes = 0;
      return;
    }
    pending.push(part);
    pendingBytes += part.length;
  };

  for await (const chunk of source) {
    const firstLf = chunk.indexOf(LF);
    if (firstLf === -1) {
      hold(chunk);
      continue;
    }
    const out: Line[] = [];
    finishPending(chunk.subarray(0, firstLf), out);
    const lastLf = chunk.lastIndexOf(LF);
    if (lastLf > firstLf) {
      const region = chunk.subarray(firstLf + 1, lastLf);
      if (options.regions === true && isUtf8(region))
        out.push({ kind: "region", bytes: region, maxLineBytes: options.maxLineBytes, headLimit });
      else splitComplete(region, out, options.maxLineBytes, headLimit);
    }
    // The remainder is copied: holding a subarray would pin the whole chunk.
    if (lastLf + 1 < chunk.length) hold(Buffer.from(chunk.subarray(lastLf + 1)));
    if (out.length > 0) yield out;
  }
  if (oversized !== undefined || pendingBytes > 0) {
    const out: Line[] = [];
    finishPending(Buffer.alloc(0), out);
    if (out.length > 0) yield out;
  }
}

function overflowLine(head: Buffer, totalBytes: number): OversizedLine {
  return { kind: "oversized", head: cutAtCharBoundary(head).toString("utf8"), totalBytes };
}

/** Drops a trailing partial UTF-8 sequence so a cut never splits a character. */
function cutAtCharBoundary(bytes: Buffer): Buffer {
  let end = bytes.length;
  let back = 0;
  while (end > 0 && back < 4 && (bytes[end - 1]! & 0xc0) === 0x80) {
    end--;
    back++;
  }
  if (end > 0) {
    const lead = bytes[end - 1]!;
    const needed = lead >= 0xf0 ? 4 : lead >= 0xe0 ? 3 : lead >= 0xc0 ? 2 : 1;
    if (needed > 1 && needed !== back + 1) return bytes.subarray(0, end - 1);
  }
  return bytes;
}

function pushDecoded(line: Buffer, out: Line[]): void {
  if (line.length === 0) return;
  if (!isUtf8(line)) {
    out.push({ kind: "invalid-utf8", bytes: line.length });
    return;
  }
  const text = clean(line.toString("utf8"));
  if (text.length > 0) out.push(text);
}

/**
 * The line `region[start, end)` of a LineRegion as splitLines would have
 * yielded it: over the limit → oversized, otherwise cleaned text, or
 * undefined for a blank line.
 */
export function lineAt(region: LineRegion, start: number, end: number): Line | undefined {
  if (end - start > region.maxLineBytes)
    return overflowLine(region.bytes.subarray(start, start + region.headLimit), end - start);
  const text = clean(region.bytes.toString("utf8", start, end));
  return text.length > 0 ? text : undefined;
}

/** `region` holds only complete lines (no trailing LF). */
function splitComplete(region: Buffer, out: Line[], maxLineBytes: number, headLimit: number): void {
  if (isUtf8(region)) {
    const lines = region.toString("utf8").split("\n");
    for (const raw of lines) {
      if (raw.length === 0) continue;
      // A UTF-16 unit is at most 3 UTF-8 bytes: only long strings need measuring.
      if (raw.length * 3 > maxLineBytes && Buffer.byteLength(raw, "utf8") > maxLineBytes) {
        const bytes = Buffer.from(raw, "utf8");
        out.push(overflowLine(bytes.subarray(0, headLimit), bytes.length));
        continue;
      }
      const text = clean(raw);
      if (text.length > 0) out.push(text);
    }
    return;
  }
  let start = 0;
  while (start <= region.length) {
    let end = region.indexOf(LF, start);
    if (end === -1) end = region.length;
    const line = region.subarray(start, end);
    if (line.length > maxLineBytes) out.push(overflowLine(line.subarray(0, headLimit), line.length));
    else pushDecoded(line, out);
    start = end + 1;
  }
}
