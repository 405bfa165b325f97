import { splitJsonArrays } from "./json-array-splitter";
import { splitLines, type Line, type LineSplitterOptions } from "./line-splitter";

/**
 * Chooses the framing of one decompressed object by its first
 * non-whitespace byte: `[` → Vector's JSON-array form, anything else →
 * newline-delimited. Objects are written whole by one agent sink, so one
 * object never mixes both.
 */
export async function* objectLines(
  source: AsyncIterable<Buffer>,
  options: LineSplitterOptions,
): AsyncGenerator<Line[]> {
  const iterator = source[Symbol.asyncIterator]();
  const seen: Buffer[] = [];
  let framing: "array" | "lines" | undefined;
  while (framing === undefined) {
    const next = await iterator.next();
    if (next.done) break;
    seen.push(next.value);
    for (let i = 0; i < next.value.length && framing === undefined; i++) {
      const byte = next.value[i]!;
      // Whitespace and a UTF-8 BOM (EF BB BF) do not decide.
      if (
        byte === 0x20 ||
        byte === 0x0a ||
        byte === 0x0d ||
        byte === 0x09 ||
        byte === 0xef ||
        byte === 0xbb ||
        byte === 0xbf
      )
        continue;
      framing = byte === 0x5b ? "array" : "lines";
    }
  }
  async function* replay(): AsyncGenerator<Buffer> {
    yield* seen;
    yield* { [Symbol.asyncIterator]: () => iterator };
  }
  yield* framing === "array" ? splitJsonArrays(replay(), options) : splitLines(replay(), options);
}
