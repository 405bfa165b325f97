/**
 * Timestamps of records: RFC 3339 strings, or epoch numbers (or numeric
 * strings) whose magnitude tells the unit. Anything else is "unknown" and
 * the caller falls back to the object's S3 LastModified.
 *
 * Epoch magnitude rule (absolute value): < 1e11 seconds (until year 5138),
 * < 1e14 milliseconds, < 1e17 microseconds, else nanoseconds.
 */

const RFC3339 = /^(\d{4})-(\d{2})-(\d{2})[Tt ](\d{2}):(\d{2}):(\d{2})(?:\.(\d+))?(?:([Zz])|([+-])(\d{2}):?(\d{2}))$/;

function digits(text: string, start: number, count: number): number {
  let value = 0;
  for (let i = start; i < start + count; i++) {
    const d = text.charCodeAt(i) - 48;
    if (d < 0 || d > 9) return -1;
    value = value * 10 + d;
  }
  return value;
}

/**
 * The agents' form's date and time fields (each -1 when it held a non-digit)
 * → epoch milliseconds, or undefined when one is out of range. Shared by the
 * string and byte fast paths so both accept exactly the same text.
 */
function utcSecondMs(
  year: number,
  month: number,
  day: number,
  hour: number,
  minute: number,
  second: number,
): number | undefined {
  if (year < 0 || month < 1 || month > 12 || day < 1 || day > 31 || hour < 0 || hour > 23) return undefined;
  if (minute < 0 || minute > 59 || second < 0 || second > 60) return undefined;
  return Date.UTC(year, month - 1, day, hour, minute, second, 0);
}

/** The first 1–3 fraction digits' value → milliseconds. */
function fractionMillis(value: number, digitCount: number): number {
  return digitCount === 3 ? value : digitCount === 2 ? value * 10 : value * 100;
}

/** The last whole second parsed: consecutive records of one object mostly share it. */
let cachedSecondText = "";
let cachedSecondMs = 0;

/** Fast path for the form agents write: `YYYY-MM-DDTHH:MM:SS[.fraction]Z`. */
function parseUtcFast(text: string): number | undefined {
  const n = text.length;
  if (n < 20 || text.charCodeAt(n - 1) !== 90 /* Z */) return undefined;
  let secondMs: number;
  if (cachedSecondText !== "" && text.startsWith(cachedSecondText)) {
    secondMs = cachedSecondMs;
  } else {
    if (text.charCodeAt(10) !== 84 /* T */) return undefined;
    if (
      text.charCodeAt(4) !== 45 ||
      text.charCodeAt(7) !== 45 ||
      text.charCodeAt(13) !== 58 ||
      text.charCodeAt(16) !== 58
    ) {
      return undefined;
    }
    const fields = utcSecondMs(
      digits(text, 0, 4),
      digits(text, 5, 2),
      digits(text, 8, 2),
      digits(text, 11, 2),
      digits(text, 14, 2),
      digits(text, 17, 2),
    );
    if (fields === undefined) return undefined;
    secondMs = fields;
    cachedSecondText = text.slice(0, 19);
    cachedSecondMs = secondMs;
  }
  let millis = 0;
  if (n > 20) {
    if (text.charCodeAt(19) !== 46 /* . */ || n === 21) return undefined;
    const fraction = Math.min(3, n - 21);
    const value = digits(text, 20, fraction);
    if (value < 0 || digits(text, 20, n - 21) < 0) return undefined;
    millis = fractionMillis(value, fraction);
  }
  return secondMs + millis;
}

export function parseRfc3339(text: string): number | undefined {
  const fast = parseUtcFast(text);
  if (fast !== undefined) return fast;
  const m = RFC3339.exec(text);
  if (m === null) return undefined;
  const [, y, mo, d, h, mi, s, fraction, zulu, sign, oh, om] = m;
  if (
    Number(mo) < 1 ||
    Number(mo) > 12 ||
    Number(d) < 1 ||
    Number(d) > 31 ||
    Number(h) > 23 ||
    Number(mi) > 59 ||
    Number(s) > 60
  ) {
    return undefined;
  }
  const millis = fraction === undefined ? 0 : Number(fraction.slice(0, 3).padEnd(3, "0"));
  let value = Date.UTC(Number(y), Number(mo) - 1, Number(d), Number(h), Number(mi), Number(s), millis);
  if (zulu === undefined) value -= (sign === "-" ? -1 : 1) * (Number(oh) * 60 + Number(om)) * 60_000;
  return Number.isFinite(value) ? value : undefined;
}

export function epochToMillis(value: number): number | undefined {
  if (!Number.isFinite(value)) return undefined;
  const magnitude = Math.abs(value);
  const ms = magnitude < 1e11 ? value * 1000 : magnitude < 1e14 ? value : magnitude < 1e17 ? value / 1e3 : value / 1e6;
  return Math.floor(ms);
}

/** Milliseconds since the epoch, or undefined when the value is not a timestamp. */
export function parseTimestamp(value: unknown): number | undefined {
  if (typeof value === "number") return epochToMillis(value);
  if (typeof value !== "string" || value.length === 0) return undefined;
  const first = value.charCodeAt(0);
  if (value.length >= 20 && first >= 48 && first <= 57 && value.charCodeAt(4) === 45) return parseRfc3339(value);
  if (/^-?\d+(\.\d+)?$/.test(value)) return epochToMillis(Number(value));
  return parseRfc3339(value);
}

function byteDigits(bytes: Buffer, start: number, count: number): number {
  let value = 0;
  for (let i = start; i < start + count; i++) {
    const d = bytes[i]! - 48;
    if (d < 0 || d > 9) return -1;
    value = value * 10 + d;
  }
  return value;
}

/** parseUtcFast's second cache, for bytes: the last whole second's 19 bytes and its value. */
const cachedSecondBytes = new Uint8Array(19);
let cachedSecondBytesValid = false;
let cachedSecondBytesMs = 0;

/**
 * parseTimestamp of the string `bytes[start, end)` (UTF-8) without
 * decoding it when it has the agents' `YYYY-MM-DDTHH:MM:SS[.fraction]Z`
 * form — the same checks and result as parseUtcFast — and by decoding
 * and parseTimestamp otherwise.
 */
export function parseTimestampBytes(bytes: Buffer, start: number, end: number): number | undefined {
  const n = end - start;
  if (n >= 20 && bytes[end - 1] === 90 /* Z */) {
    let secondMs = -1;
    if (cachedSecondBytesValid) {
      let same = true;
      for (let i = 0; i < 19 && same; i++) same = bytes[start + i] === cachedSecondBytes[i];
      if (same) secondMs = cachedSecondBytesMs;
    }
    if (
      secondMs < 0 &&
      bytes[start + 10] === 84 /* T */ &&
      bytes[start + 4] === 45 &&
      bytes[start + 7] === 45 &&
      bytes[start + 13] === 58 &&
      bytes[start + 16] === 58
    ) {
      const fields = utcSecondMs(
        byteDigits(bytes, start, 4),
        byteDigits(bytes, start + 5, 2),
        byteDigits(bytes, start + 8, 2),
        byteDigits(bytes, start + 11, 2),
        byteDigits(bytes, start + 14, 2),
        byteDigits(bytes, start + 17, 2),
      );
      if (fields !== undefined) {
        secondMs = fields;
        cachedSecondBytes.set(bytes.subarray(start, start + 19));
        cachedSecondBytesMs = secondMs;
        cachedSecondBytesValid = true;
      }
    }
    if (secondMs >= 0) {
      if (n === 20) return secondMs;
      if (bytes[start + 19] === 46 /* . */ && n !== 21) {
        const fraction = Math.min(3, n - 21);
        const value = byteDigits(bytes, start + 20, fraction);
        if (value >= 0 && byteDigits(bytes, start + 20, n - 21) >= 0) return secondMs + fractionMillis(value, fraction);
      }
    }
  }
  return parseTimestamp(bytes.toString("utf8", start, end));
}
