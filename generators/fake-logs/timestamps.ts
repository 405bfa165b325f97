/**
 * Nanosecond RFC 3339 timestamps as Vector writes them: UTC, `Z`, and only as
 * many fraction digits as needed (chrono's `SecondsFormat::AutoSi`: 0, 3, 6 or
 * 9), so a generated timestamp survives a parse/format round trip through VRL
 * unchanged.
 */

/** An instant as whole milliseconds since the epoch plus nanoseconds within that millisecond. */
export interface NanoInstant {
  readonly ms: number;
  /** 0–999,999. */
  readonly subMsNanos: number;
}

export function rfc3339Nanos(at: NanoInstant): string {
  const iso = new Date(at.ms).toISOString(); // 2026-12-02T14:00:00.123Z
  const seconds = iso.slice(0, 19);
  const fraction = `${iso.slice(20, 23)}${String(at.subMsNanos).padStart(6, "0")}`;
  if (fraction === "000000000") return `${seconds}Z`;
  if (fraction.endsWith("000000")) return `${seconds}.${fraction.slice(0, 3)}Z`;
  if (fraction.endsWith("000")) return `${seconds}.${fraction.slice(0, 6)}Z`;
  return `${seconds}.${fraction}Z`;
}

/** `I1202 14:00:00.123456789`-style klog header time (no year, no zone), same instant. */
export function klogTime(at: NanoInstant): string {
  const iso = new Date(at.ms).toISOString();
  const nanos = `${iso.slice(20, 23)}${String(at.subMsNanos).padStart(6, "0")}`;
  return `${iso.slice(5, 7)}${iso.slice(8, 10)} ${iso.slice(11, 19)}.${nanos}`;
}
