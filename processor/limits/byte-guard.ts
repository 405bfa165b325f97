import { ObjectOverLimitError } from "../failures/errors";
import { byteAllowance, type ObjectLimits } from "./object-limits";

const LF = 0x0a;

/**
 * Passes decompressed chunks through until the object's byte allowance (see
 * `byteAllowance`) would be exceeded or its `maxEvents`-th line has ended, then
 * yields the crossing chunk only up to its last newline inside the limits and
 * throws `ObjectOverLimitError` on the next pull. Throwing closes the
 * decompressor upstream, so an object that would inflate to 1 GiB costs about
 * the allowance plus one decompressed chunk (1 MiB), never the whole inflation.
 *
 * Lines are capped here, not only events further on: a line that is not JSON
 * yields no event but costs a failed parse (measured: 64 MiB of `x` lines took
 * 164 s of CPU), so every line, valid or not, counts against `maxEvents`.
 *
 * What the consumer has seen then is exactly the complete lines within the
 * limits — the part that is delivered. A partial last line is never handed on:
 * the throw keeps the line splitter from flushing it as a final line.
 */
export async function* limitBytes(
  source: AsyncIterable<Buffer>,
  limits: ObjectLimits,
  storedBytes: number | undefined,
): AsyncGenerator<Buffer> {
  const allowance = byteAllowance(limits, storedBytes);
  let seen = 0;
  let lines = 0;
  for await (const chunk of source) {
    if (chunk.length === 0) continue;
    if (lines === limits.maxEvents) throw tooManyLines(limits);
    const left = allowance.bytes - seen;
    const within = chunk.length <= left ? chunk.length : left;
    // The end of the maxEvents-th line, if it falls inside this chunk's allowed part.
    let end = -1;
    for (let at = chunk.indexOf(LF); at !== -1 && at < within; at = chunk.indexOf(LF, at + 1)) {
      if (++lines === limits.maxEvents) {
        end = at + 1;
        break;
      }
    }
    if (end !== -1) {
      yield chunk.subarray(0, end);
      if (end < chunk.length) throw tooManyLines(limits);
      seen += end;
      continue;
    }
    if (chunk.length <= left) {
      seen += chunk.length;
      yield chunk;
      continue;
    }
    const cut = left > 0 ? chunk.lastIndexOf(LF, left - 1) : -1;
    if (cut !== -1) yield chunk.subarray(0, cut + 1);
    const more = `more than ${allowance.bytes} bytes decompressed`;
    throw allowance.limit === "compression-ratio"
      ? new ObjectOverLimitError(
          "compression-ratio",
          limits.maxCompressionRatio,
          `${more} from ${storedBytes} stored bytes`,
        )
      : new ObjectOverLimitError("uncompressed-bytes", limits.maxUncompressedBytes, more);
  }
}

function tooManyLines(limits: ObjectLimits): ObjectOverLimitError {
  return new ObjectOverLimitError("events", limits.maxEvents, `more than ${limits.maxEvents} lines`);
}

/**
 * Before reading: a stored object larger than the decompressed-byte limit is over
 * it whatever it holds (gzip never shrinks below its input by more than a few
 * bytes of framing, plain objects are their own size). This is the only check an
 * S3 destination needs, because it copies the stored bytes without inflating them.
 */
export function checkStoredSize(limits: ObjectLimits, storedBytes: number | undefined): void {
  if (storedBytes !== undefined && storedBytes > limits.maxUncompressedBytes) {
    throw new ObjectOverLimitError(
      "uncompressed-bytes",
      limits.maxUncompressedBytes,
      `stored size ${storedBytes} bytes`,
    );
  }
}
