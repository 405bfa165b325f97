import { gzipSync } from "node:zlib";
import { maybeGunzip, objectLines, splitLines, type Line } from "../../processor/reading";
import { gunzipChunkBytes } from "../../processor/reading/decompress";
import { chunksOf, collect } from "./factories";

const options = { maxLineBytes: 64, oversizedHeadBytes: 16 };

describe("gzip detection", () => {
  it("decompresses by magic bytes whatever the name, and passes plain bytes through", async () => {
    const gz = gzipSync("a\nb\n");
    const out = await collect(
      (async function* () {
        for await (const c of maybeGunzip(chunksOf(gz))) yield [c.toString()];
      })(),
    );
    expect(out.join("")).toBe("a\nb\n");
    const plain = await collect(
      (async function* () {
        for await (const c of maybeGunzip(chunksOf("x\n"))) yield [c.toString()];
      })(),
    );
    expect(plain.join("")).toBe("x\n");
  });

  it("decodes every member of a multi-member gzip file", async () => {
    const body = Buffer.concat([gzipSync("first\n"), gzipSync("second\n"), gzipSync("third\n")]);
    const lines = await collect(splitLines(maybeGunzip(chunksOf(body.subarray(0, 1), body.subarray(1))), options));
    expect(lines).toStrictEqual(["first", "second", "third"]);
  });
});

describe("gunzip output chunks", () => {
  it("are 1 MiB for large or unknown bodies and 256 KiB for bodies under 128 KiB", () => {
    expect(gunzipChunkBytes(undefined)).toBe(1024 * 1024);
    expect(gunzipChunkBytes(7_000_000)).toBe(1024 * 1024);
    expect(gunzipChunkBytes(131_072)).toBe(1024 * 1024);
    expect(gunzipChunkBytes(131_071)).toBe(256 * 1024);
    expect(gunzipChunkBytes(1_000)).toBe(256 * 1024);
  });

  it("decode a body larger than its hint whole (the hint only sizes buffers)", async () => {
    const text = "x".repeat(3 * 1024 * 1024);
    let out = 0;
    for await (const chunk of maybeGunzip(chunksOf(gzipSync(text)), 100)) out += chunk.length;
    expect(out).toBe(text.length);
  });
});

describe("splitLines", () => {
  it("strips CR and a BOM, skips empty lines, and keeps a character split across chunks", async () => {
    const euro = Buffer.from("€", "utf8");
    const lines = await collect(
      splitLines(
        chunksOf(
          "\uFEFFalpha\r\n\nbe",
          Buffer.concat([Buffer.from("ta "), euro.subarray(0, 1)]),
          euro.subarray(1),
          "\nlast",
        ),
        options,
      ),
    );
    expect(lines).toStrictEqual(["alpha", "beta €", "last"]);
  });

  it("counts invalid UTF-8 lines without losing their neighbours", async () => {
    const lines = await collect(
      splitLines(chunksOf(Buffer.from([0x6f, 0x6b, 0x0a, 0xff, 0xfe, 0x0a, 0x6f, 0x6b, 0x32, 0x0a])), options),
    );
    expect(lines).toStrictEqual(["ok", { kind: "invalid-utf8", bytes: 2 }, "ok2"]);
  });

  it("has no fixed line limit below maxLineBytes: a line built from many chunks comes out whole", async () => {
    const pieces = Array.from({ length: 30 }, () => "ab");
    const lines = await collect(splitLines(chunksOf(...pieces, "\n"), options));
    expect(lines).toStrictEqual(["ab".repeat(30)]);
  });

  it("cuts a line over maxLineBytes at the head limit and reports its full size", async () => {
    const lines = await collect(splitLines(chunksOf("x".repeat(50), "y".repeat(50), "\nnext\n"), options));
    expect(lines).toStrictEqual([{ kind: "oversized", head: "x".repeat(16), totalBytes: 100 }, "next"]);
  });

  it("never cuts inside a UTF-8 character", async () => {
    const lines = await collect(splitLines(chunksOf("é".repeat(40) + "\n"), options));
    expect(lines).toStrictEqual([{ kind: "oversized", head: "é".repeat(8), totalBytes: 80 }]);
  });

  it("streams a 2 GiB line without a newline in bounded memory", async () => {
    const chunk = Buffer.alloc(4 * 1024 * 1024, 0x61);
    const total = 2 * 1024 * 1024 * 1024;
    async function* huge(): AsyncGenerator<Buffer> {
      for (let sent = 0; sent < total; sent += chunk.length) yield chunk;
      yield Buffer.from("\nafter\n");
    }
    const before = process.memoryUsage().rss;
    let peak = before;
    const lines: Line[] = [];
    for await (const batch of splitLines(huge(), { maxLineBytes: 4 * 1024 * 1024, oversizedHeadBytes: 1024 * 1024 })) {
      lines.push(...batch);
      peak = Math.max(peak, process.memoryUsage().rss);
    }
    expect(lines).toHaveLength(2);
    expect(lines[0]).toMatchObject({ kind: "oversized", totalBytes: total });
    expect((lines[0] as { head: string }).head).toHaveLength(1024 * 1024);
    expect(lines[1]).toBe("after");
    expect(peak - before).toBeLessThan(128 * 1024 * 1024);
  });
});

describe("objectLines (framing by first byte)", () => {
  it("reads Vector's single-line JSON array form element by element", async () => {
    const array = JSON.stringify([{ message: "a [x] {y}" }, { message: 'quote " and \\ ]' }, { message: "c" }]);
    const lines = await collect(objectLines(chunksOf(array.slice(0, 10), array.slice(10), "\n"), options));
    expect(lines.map((l) => JSON.parse(l as string))).toStrictEqual([
      { message: "a [x] {y}" },
      { message: 'quote " and \\ ]' },
      { message: "c" },
    ]);
  });

  it("reports an array element over the limit as oversized instead of buffering the array", async () => {
    const big = JSON.stringify({ message: "z".repeat(200) });
    const lines = await collect(objectLines(chunksOf(`[${big},{"message":"ok"}]`), options));
    expect(lines).toStrictEqual([
      { kind: "oversized", head: big.slice(0, 16), totalBytes: big.length },
      '{"message":"ok"}',
    ]);
  });

  it("reads NDJSON when the first byte is not [", async () => {
    const lines = await collect(objectLines(chunksOf("  \n", '{"message":"a"}\n{"message":"b"}'), options));
    expect(lines).toStrictEqual(['{"message":"a"}', '{"message":"b"}']);
  });
});
