import { extractRecord, objectEvents, parseLine, parseTimestamp, emptyReadCounters } from "../../processor/records";
import { splitMessage, truncatedEvent } from "../../processor/records/event-cap";
import { chunksOf, collect, vectorRecord } from "./factories";
import { splitLines } from "../../processor/reading";

describe("parseTimestamp", () => {
  it.each([
    ["2026-11-24T10:00:00Z", Date.UTC(2026, 10, 24, 10)],
    ["2026-11-24T10:00:00.123456789Z", Date.UTC(2026, 10, 24, 10, 0, 0, 123)],
    ["2026-11-24T10:00:00.5Z", Date.UTC(2026, 10, 24, 10, 0, 0, 500)],
    ["2026-11-24T12:00:00+02:00", Date.UTC(2026, 10, 24, 10)],
    ["2026-11-24 10:00:00.25-01:30", Date.UTC(2026, 10, 24, 11, 30, 0, 250)],
    [1_795_000_000, 1_795_000_000_000],
    [1_795_000_000.5, 1_795_000_000_500],
    [1_795_000_000_123, 1_795_000_000_123],
    [1_795_000_000_123_456, 1_795_000_000_123],
    [1_795_000_000_123_456_000, 1_795_000_000_123],
    ["1795000000", 1_795_000_000_000],
  ])("reads %j as %d ms", (input, expected) => {
    expect(parseTimestamp(input)).toBe(expected);
  });

  it.each([["yesterday"], ["2026-13-01T00:00:00Z"], ["2026-11-24T10:00:00"], [""], [null], [true], [{}]])(
    "rejects %j",
    (input) => {
      expect(parseTimestamp(input)).toBeUndefined();
    },
  );
});

describe("extractRecord", () => {
  it("takes a string message as is", () => {
    expect(extractRecord({ message: "hello", timestamp: "2026-11-24T10:00:00Z" })).toStrictEqual({
      message: "hello",
      timestampMs: Date.UTC(2026, 10, 24, 10),
      plainText: true,
    });
  });

  it("re-encodes an object message as JSON", () => {
    expect(extractRecord({ message: { level: "info", n: 1 } }).message).toBe('{"level":"info","n":1}');
  });

  it("without message, delivers the record minus the agent's metadata", () => {
    const record = JSON.parse(vectorRecord(undefined, "2026-11-24T10:00:00Z", { level: "warn", msg: "x" }));
    expect(extractRecord(record)).toStrictEqual({
      message: '{"level":"warn","msg":"x"}',
      timestampMs: Date.UTC(2026, 10, 24, 10),
      plainText: false,
    });
  });

  it("falls through timestamp fields in order and reports none when none parse", () => {
    expect(extractRecord({ message: "m", timestamp: "bad", "@timestamp": 1_795_000_000 }).timestampMs).toBe(
      1_795_000_000_000,
    );
    expect(extractRecord({ message: "m", timestamp: "bad" }).timestampMs).toBeUndefined();
  });
});

describe("parseLine", () => {
  it("accepts one object or an array of objects, and nothing else", () => {
    expect(parseLine('{"message":"a"}')).toStrictEqual({
      ok: true,
      records: [{ message: "a", timestampMs: undefined, plainText: true }],
    });
    expect(parseLine('[{"message":"a"},{"message":"b"}]')).toMatchObject({
      ok: true,
      records: [{ message: "a" }, { message: "b" }],
    });
    expect(parseLine("plain text")).toStrictEqual({ ok: false, reason: "not-json" });
    expect(parseLine("42")).toStrictEqual({ ok: false, reason: "not-an-object" });
    expect(parseLine('[{"message":"a"},3]')).toStrictEqual({ ok: false, reason: "not-an-object" });
  });
});

describe("event cap", () => {
  it("splits an over-cap message into marked parts that together hold every byte", () => {
    const message = "0123456789".repeat(30);
    const parts = splitMessage(message, 300, 7, 164);
    expect(parts.map((p) => p.message)).toStrictEqual([
      `${message.slice(0, 100)} [loghop: part 1/3]`,
      `${message.slice(100, 200)} [loghop: part 2/3]`,
      `${message.slice(200)} [loghop: part 3/3]`,
    ]);
    expect(parts.every((p) => p.timestamp === 7 && p.bytes === Buffer.byteLength(p.message))).toBe(true);
  });

  it("never splits a multi-byte character", () => {
    const parts = splitMessage("€".repeat(100), 300, 0, 64 + 10);
    expect(parts[0]!.message).toBe(`${"€".repeat(3)} [loghop: part 1/34]`);
    expect(parts.map((p) => p.message.replace(/ \[loghop: part \d+\/\d+\]$/, "")).join("")).toBe("€".repeat(100));
  });

  it("marks a cut line with its full size", () => {
    expect(truncatedEvent("abcdef", 2_147_483_648, 5, 64 + 3)).toStrictEqual({
      timestamp: 5,
      message: "abc [loghop: truncated, 2147483648 bytes in total]",
      bytes: 50,
    });
  });
});

describe("objectEvents", () => {
  it("yields events in file order, counting malformed, invalid, cut and fallback lines", async () => {
    const counters = emptyReadCounters();
    const text = [
      vectorRecord("first", "2026-11-24T10:00:02Z"),
      "not json",
      vectorRecord("no time", undefined),
      "y".repeat(100),
      `[${vectorRecord("a1", 1_795_000_000)},${vectorRecord("a2", 1_795_000_001)}]`,
    ].join("\n");
    const lines = splitLines(chunksOf(text, Buffer.from([0x0a, 0xc3, 0x28, 0x0a])), {
      maxLineBytes: 400,
      oversizedHeadBytes: 90,
    });
    const events = await collect(objectEvents(lines, { fallbackTimestampMs: 42, eventCapBytes: 90 }, counters));
    expect(events.map((e) => [e.timestamp, e.message.slice(0, 12)])).toStrictEqual([
      [Date.UTC(2026, 10, 24, 10, 0, 2), "first"],
      [42, "no time"],
      [1_795_000_000_000, "a1"],
      [1_795_000_001_000, "a2"],
    ]);
    expect(counters).toStrictEqual({
      lines: 6,
      records: 4,
      malformedLines: 2,
      invalidUtf8Lines: 1,
      truncatedLines: 0,
      splitMessages: 0,
      emptyMessages: 0,
      fallbackTimestamps: 1,
      bytesRead: 0,
    });
  });
});
