import type { LogEvent } from "../cloudwatch/types";

/** Drops a trailing partial UTF-8 sequence so a cut never splits a character. */
export function utf8Prefix(bytes: Buffer, maxBytes: number): Buffer {
  if (bytes.length <= maxBytes) return bytes;
  let end = maxBytes;
  // Step back over continuation bytes (10xxxxxx) to the start of the cut character.
  while (end > 0 && (bytes[end]! & 0xc0) === 0x80) end--;
  return bytes.subarray(0, end);
}

export function truncatedMarker(totalBytes: number): string {
  return ` [loghop: truncated, ${totalBytes} bytes in total]`;
}

export function partMarker(part: number, parts: number): string {
  return ` [loghop: part ${part}/${parts}]`;
}

/** Longest marker text, reserved in every part. */
const MARKER_ROOM = 64;

/**
 * A message over `capBytes` becomes consecutive parts, each ending in a
 * visible ` [loghop: part i/n]` marker, all with the record's timestamp so
 * a stable sort keeps them in order. Nothing is dropped.
 */
export function splitMessage(message: string, bytes: number, timestamp: number, capBytes: number): LogEvent[] {
  if (bytes <= capBytes) return [{ timestamp, message, bytes }];
  const encoded = Buffer.from(message, "utf8");
  const pieceBytes = capBytes - MARKER_ROOM;
  const pieces: Buffer[] = [];
  for (let offset = 0; offset < encoded.length;) {
    const piece = utf8Prefix(encoded.subarray(offset), pieceBytes);
    pieces.push(piece);
    offset += piece.length;
  }
  return pieces.map((piece, index) => {
    const text = piece.toString("utf8") + partMarker(index + 1, pieces.length);
    return { timestamp, message: text, bytes: Buffer.byteLength(text, "utf8") };
  });
}

/** A line over the line limit: its head (already ≤ cap) with a truncation marker. */
export function truncatedEvent(head: string, totalBytes: number, timestamp: number, capBytes: number): LogEvent {
  const cut = utf8Prefix(Buffer.from(head, "utf8"), capBytes - MARKER_ROOM).toString("utf8");
  const message = cut + truncatedMarker(totalBytes);
  return { timestamp, message, bytes: Buffer.byteLength(message, "utf8") };
}
