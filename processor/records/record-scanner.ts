/**
 * A byte-level fast path for the record shape agents write on every line:
 * one JSON object with a string `message` and a string `timestamp`. It
 * validates the whole line as JSON while finding the two members, so the
 * message can be copied into the request as the bytes it already is,
 * without JSON.parse building an object, a string, and the serializer
 * encoding that string again.
 *
 * It answers "handled" only when the result is certain to equal the full
 * path's (JSON.parse → extractRecord → JSON.stringify on the way out):
 * anything unusual — a message that is not a string, a missing or
 * repeated member, another timestamp field (their precedence is the full
 * path's job), an escape JSON.stringify would not have written, nesting
 * deeper than MAX_DEPTH, anything that might be invalid JSON — answers
 * "not handled" and the caller takes the full path, which also does the
 * malformed-line counting. The input must be valid UTF-8 (the splitter
 * checked it), so every non-ASCII byte is part of a valid character.
 */

/** Where a line's message and timestamp are; reused for every line (no allocation per line). */
export interface ScannedRecord {
  /** Message bytes between the quotes, still JSON-escaped (canonically: as JSON.stringify writes them). */
  messageStart: number;
  messageEnd: number;
  /** UTF-8 bytes of the decoded message: what the PutLogEvents limits count. */
  messageBytes: number;
  /** The timestamp string's bytes between the quotes (no escapes), or -1 when there is none. */
  timestampStart: number;
  timestampEnd: number;
}

/** The DataView scanRecord wants for `buf`. */
export function wordsOf(buf: Buffer): DataView {
  return new DataView(buf.buffer, buf.byteOffset, buf.byteLength);
}

export function emptyScannedRecord(): ScannedRecord {
  return { messageStart: -1, messageEnd: -1, messageBytes: 0, timestampStart: -1, timestampEnd: -1 };
}

const QUOTE = 0x22;
const LF = 0x0a;
const BACKSLASH = 0x5c;
const COLON = 0x3a;
const COMMA = 0x2c;
const OPEN_BRACE = 0x7b;
const CLOSE_BRACE = 0x7d;
const OPEN_BRACKET = 0x5b;
const CLOSE_BRACKET = 0x5d;
const MINUS = 0x2d;
const PLUS = 0x2b;
const DOT = 0x2e;
const ZERO = 0x30;
const NINE = 0x39;
const MAX_DEPTH = 32;
/** Returned by the value scanners when the line is not handled. */
const FAIL = -1;

/** The DataView of the buffer being scanned (set by scanRecord; scanning is synchronous). */
let words: DataView = new DataView(new ArrayBuffer(0));

/** Member names the scan must recognise: the message, the timestamp, and the other timestamp fields. */
const enum Key {
  Other,
  Message,
  Timestamp,
  OtherTimestampField,
}

function isSpace(byte: number): boolean {
  // JSON whitespace; LF never occurs inside a line.
  return byte === 0x20 || byte === 0x09 || byte === 0x0d;
}

function skipSpace(buf: Buffer, at: number, end: number): number {
  while (at < end && isSpace(buf[at]!)) at++;
  return at;
}

function isDigit(byte: number): boolean {
  return byte >= ZERO && byte <= NINE;
}

function isHex(byte: number): boolean {
  return isDigit(byte) || (byte >= 0x61 && byte <= 0x66) || (byte >= 0x41 && byte <= 0x46);
}

function equalsAscii(buf: Buffer, start: number, end: number, text: string): boolean {
  if (end - start !== text.length) return false;
  for (let i = 0; i < text.length; i++) if (buf[start + i] !== text.charCodeAt(i)) return false;
  return true;
}

function keyKind(buf: Buffer, start: number, end: number): Key {
  const length = end - start;
  if (length === 7 && equalsAscii(buf, start, end, "message")) return Key.Message;
  if (length === 9 && equalsAscii(buf, start, end, "timestamp")) return Key.Timestamp;
  if (
    (length === 10 && equalsAscii(buf, start, end, "@timestamp")) ||
    (length === 4 && equalsAscii(buf, start, end, "time")) ||
    (length === 2 && equalsAscii(buf, start, end, "ts"))
  )
    return Key.OtherTimestampField;
  return Key.Other;
}

/** A string without any backslash (keys, the timestamp): `at` is after the opening quote; returns the closing quote's index. */
function scanPlainString(buf: Buffer, at: number, end: number): number {
  for (at = skipOrdinaryWords(at, end); at < end; at++) {
    const byte = buf[at]!;
    if (byte === QUOTE) return at;
    if (byte === BACKSLASH || byte < 0x20) return FAIL;
  }
  return FAIL;
}

/** Any valid JSON string: `at` is after the opening quote; returns the index after the closing quote. */
function skipString(buf: Buffer, at: number, end: number): number {
  while (at < end) {
    at = skipOrdinaryWords(at, end);
    if (at >= end) break;
    const byte = buf[at++]!;
    if (byte === QUOTE) return at;
    if (byte < 0x20) return FAIL;
    if (byte !== BACKSLASH) continue;
    if (at >= end) return FAIL;
    const escape = buf[at++]!;
    if (escape === 0x75 /* u */) {
      if (at + 4 > end || !isHex(buf[at]!) || !isHex(buf[at + 1]!) || !isHex(buf[at + 2]!) || !isHex(buf[at + 3]!))
        return FAIL;
      at += 4;
    } else if (
      escape !== QUOTE &&
      escape !== BACKSLASH &&
      escape !== 0x2f /* / */ &&
      escape !== 0x62 /* b */ &&
      escape !== 0x66 /* f */ &&
      escape !== 0x6e /* n */ &&
      escape !== 0x72 /* r */ &&
      escape !== 0x74 /* t */
    )
      return FAIL;
  }
  return FAIL;
}

function lowerHexValue(byte: number): number {
  if (isDigit(byte)) return byte - ZERO;
  if (byte >= 0x61 && byte <= 0x66) return byte - 0x61 + 10;
  return FAIL;
}

/**
 * The message string: `at` is after the opening quote. Accepts exactly
 * the escapes JSON.stringify writes (`\"` `\\` `\b` `\f` `\n` `\r` `\t`
 * and `\u00xx` in lowercase hex for the other control characters), so
 * the bytes can go into a request unchanged. Records the decoded size.
 */
function scanMessage(buf: Buffer, at: number, end: number, out: ScannedRecord): number {
  const start = at;
  let saved = 0;
  while (at < end) {
    at = skipOrdinaryWords(at, end);
    if (at >= end) break;
    const byte = buf[at]!;
    if (byte === QUOTE) {
      out.messageStart = start;
      out.messageEnd = at;
      out.messageBytes = at - start - saved;
      return at + 1;
    }
    if (byte < 0x20) return FAIL;
    if (byte !== BACKSLASH) {
      at++;
      continue;
    }
    if (at + 1 >= end) return FAIL;
    const escape = buf[at + 1]!;
    if (
      escape === QUOTE ||
      escape === BACKSLASH ||
      escape === 0x62 ||
      escape === 0x66 ||
      escape === 0x6e ||
      escape === 0x72 ||
      escape === 0x74
    ) {
      // Two bytes in the line, one in the message.
      saved += 1;
      at += 2;
      continue;
    }
    if (escape !== 0x75 || at + 6 > end || buf[at + 2] !== ZERO || buf[at + 3] !== ZERO) return FAIL;
    const high = lowerHexValue(buf[at + 4]!);
    const low = lowerHexValue(buf[at + 5]!);
    if (high < 0 || high > 1 || low < 0) return FAIL;
    const code = high * 16 + low;
    // These have short escapes: JSON.stringify never writes them as \u00xx.
    if (code === 0x08 || code === 0x09 || code === 0x0a || code === 0x0c || code === 0x0d) return FAIL;
    // Six bytes in the line, one in the message.
    saved += 5;
    at += 6;
  }
  return FAIL;
}

/**
 * Skips whole 4-byte words holding no quote, no backslash and no control
 * byte (the bulk of a message), testing four bytes at once with the usual
 * SWAR tricks; the caller looks at the byte it stops at one by one.
 */
function skipOrdinaryWords(at: number, end: number): number {
  while (at + 4 <= end) {
    const word = words.getUint32(at, true);
    const quotes = word ^ 0x22222222;
    const backslashes = word ^ 0x5c5c5c5c;
    // A byte < 0x20, a zero byte after XOR (a quote or a backslash): the high bit of some byte lane is set.
    const special =
      ((word - 0x20202020) & ~word) | ((quotes - 0x01010101) & ~quotes) | ((backslashes - 0x01010101) & ~backslashes);
    if ((special & 0x80808080) !== 0) return at;
    at += 4;
  }
  return at;
}

/** A JSON number, strictly by the grammar: returns the index after it. */
function skipNumber(buf: Buffer, at: number, end: number): number {
  if (buf[at] === MINUS) at++;
  if (at >= end) return FAIL;
  if (buf[at] === ZERO) at++;
  else if (isDigit(buf[at]!)) while (at < end && isDigit(buf[at]!)) at++;
  else return FAIL;
  if (at < end && buf[at] === DOT) {
    at++;
    if (at >= end || !isDigit(buf[at]!)) return FAIL;
    while (at < end && isDigit(buf[at]!)) at++;
  }
  if (at < end && (buf[at] === 0x65 || buf[at] === 0x45) /* e E */) {
    at++;
    if (at < end && (buf[at] === PLUS || buf[at] === MINUS)) at++;
    if (at >= end || !isDigit(buf[at]!)) return FAIL;
    while (at < end && isDigit(buf[at]!)) at++;
  }
  return at;
}

/** Any JSON value starting at `at` (no leading space): returns the index after it. */
function skipValue(buf: Buffer, at: number, end: number, depth: number): number {
  if (at >= end) return FAIL;
  const byte = buf[at]!;
  if (byte === QUOTE) return skipString(buf, at + 1, end);
  if (byte === OPEN_BRACE || byte === OPEN_BRACKET) {
    if (depth >= MAX_DEPTH) return FAIL;
    return skipContainer(buf, at, end, depth + 1);
  }
  if (byte === MINUS || isDigit(byte)) return skipNumber(buf, at, end);
  if (equalsAscii(buf, at, Math.min(end, at + 4), "true")) return at + 4;
  if (equalsAscii(buf, at, Math.min(end, at + 5), "false")) return at + 5;
  if (equalsAscii(buf, at, Math.min(end, at + 4), "null")) return at + 4;
  return FAIL;
}

/** A nested object or array starting at its opening bracket: returns the index after the closing one. */
function skipContainer(buf: Buffer, at: number, end: number, depth: number): number {
  const isObject = buf[at] === OPEN_BRACE;
  const close = isObject ? CLOSE_BRACE : CLOSE_BRACKET;
  at = skipSpace(buf, at + 1, end);
  if (at < end && buf[at] === close) return at + 1;
  for (;;) {
    if (isObject) {
      if (at >= end || buf[at] !== QUOTE) return FAIL;
      at = skipString(buf, at + 1, end);
      if (at === FAIL) return FAIL;
      at = skipSpace(buf, at, end);
      if (at >= end || buf[at] !== COLON) return FAIL;
      at = skipSpace(buf, at + 1, end);
    }
    at = skipValue(buf, at, end, depth);
    if (at === FAIL) return FAIL;
    at = skipSpace(buf, at, end);
    if (at >= end) return FAIL;
    if (buf[at] === close) return at + 1;
    if (buf[at] !== COMMA) return FAIL;
    at = skipSpace(buf, at + 1, end);
  }
}

/**
 * Scans the line starting at `start` (a line of `buf` ends at an LF or at
 * `limit`). Returns the index of the line's end when it is a record the
 * fast path handles, with `out` filled in; -1 otherwise. The scan never
 * goes past an LF (a raw LF is neither JSON whitespace nor allowed in a
 * string), so the caller need not find the line's end first. `view` is
 * wordsOf(buf), made once per buffer.
 */
export function scanRecord(buf: Buffer, view: DataView, start: number, limit: number, out: ScannedRecord): number {
  const end = limit;
  if (start >= end || buf[start] !== OPEN_BRACE) return FAIL;
  words = view;
  out.messageStart = -1;
  out.timestampStart = -1;
  out.timestampEnd = -1;
  let at = skipSpace(buf, start + 1, end);
  for (;;) {
    if (at >= end || buf[at] !== QUOTE) return FAIL;
    const keyStart = at + 1;
    const keyEnd = scanPlainString(buf, keyStart, end);
    if (keyEnd === FAIL) return FAIL;
    at = skipSpace(buf, keyEnd + 1, end);
    if (at >= end || buf[at] !== COLON) return FAIL;
    at = skipSpace(buf, at + 1, end);
    if (at >= end) return FAIL;
    const key = keyKind(buf, keyStart, keyEnd);
    if (key === Key.Message) {
      if (out.messageStart !== -1 || buf[at] !== QUOTE) return FAIL;
      at = scanMessage(buf, at + 1, end, out);
    } else if (key === Key.Timestamp) {
      if (out.timestampStart !== -1 || buf[at] !== QUOTE) return FAIL;
      const close = scanPlainString(buf, at + 1, end);
      if (close === FAIL) return FAIL;
      out.timestampStart = at + 1;
      out.timestampEnd = close;
      at = close + 1;
    } else if (key === Key.OtherTimestampField) {
      return FAIL;
    } else {
      at = skipValue(buf, at, end, 1);
    }
    if (at === FAIL) return FAIL;
    at = skipSpace(buf, at, end);
    if (at >= end) return FAIL;
    if (buf[at] === CLOSE_BRACE) break;
    if (buf[at] !== COMMA) return FAIL;
    at = skipSpace(buf, at + 1, end);
  }
  if (out.messageStart === -1) return FAIL;
  at = skipSpace(buf, at + 1, end);
  return at === end || buf[at] === LF ? at : FAIL;
}
