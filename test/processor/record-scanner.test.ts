import { applyAgeRule, ageWindow } from "../../processor/cloudwatch/age-rule";
import { putLogEventsBody } from "../../processor/cloudwatch/fast-serializer";
import { SlicedLogEvent } from "../../processor/cloudwatch/sliced-event";
import type { LogEvent } from "../../processor/cloudwatch/types";
import { splitLines } from "../../processor/reading/line-splitter";
import { emptyReadCounters, type ReadCounters } from "../../processor/records/counters";
import { objectEvents } from "../../processor/records/object-events";
import { emptyScannedRecord, scanRecord, wordsOf } from "../../processor/records/record-scanner";
import { chunksOf, collect } from "./factories";

const FALLBACK_MS = Date.UTC(2026, 10, 24, 12);

function scan(line: string): { handled: boolean; message?: string; bytes?: number; timestamp?: string } {
  const bytes = Buffer.from(line, "utf8");
  const out = emptyScannedRecord();
  if (scanRecord(bytes, wordsOf(bytes), 0, bytes.length, out) !== bytes.length) return { handled: false };
  return {
    handled: true,
    message: bytes.toString("utf8", out.messageStart, out.messageEnd),
    bytes: out.messageBytes,
    ...(out.timestampStart !== -1 ? { timestamp: bytes.toString("utf8", out.timestampStart, out.timestampEnd) } : {}),
  };
}

describe("scanRecord", () => {
  it("finds message and timestamp in any member order, next to nested values of every JSON type", () => {
    const line =
      '{"file":"/var/log/x.log","kubernetes":{"labels":{"a":"b"},"ids":[1,-2.5e3,0.25,true,false,null,[],{}]},' +
      '"message":"GET / 200","source_type":"kubernetes_logs","stream":"stdout","timestamp":"2026-11-24T10:00:00.5Z"}';

    expect(scan(line)).toStrictEqual({
      handled: true,
      message: "GET / 200",
      bytes: 9,
      timestamp: "2026-11-24T10:00:00.5Z",
    });
  });

  it("counts the decoded UTF-8 size of canonical escapes and multi-byte characters exactly", () => {
    const message = 'tab\there "quoted" back\\slash nl\n esc\u001b nul\u0000 é € 😀 漢字';
    const line = JSON.stringify({ message, timestamp: "2026-11-24T10:00:00Z" });

    const result = scan(line);

    expect(result.handled).toBe(true);
    expect(result.bytes).toBe(Buffer.byteLength(message, "utf8"));
    expect(`"${result.message}"`).toBe(JSON.stringify(message));
  });

  it.each([
    ["no message", '{"timestamp":"2026-11-24T10:00:00Z"}'],
    ["a number message", '{"message":5}'],
    ["an object message", '{"message":{"a":1}}'],
    ["a null message", '{"message":null}'],
    ["a repeated message", '{"message":"a","message":"b"}'],
    ["a repeated timestamp", '{"message":"a","timestamp":"x","timestamp":"y"}'],
    ["another timestamp field", '{"message":"a","@timestamp":"2026-11-24T10:00:00Z"}'],
    ["a time field", '{"time":1,"message":"a"}'],
    ["a ts field", '{"message":"a","ts":1}'],
    ["a numeric timestamp", '{"message":"a","timestamp":1764000000}'],
    ["an escaped timestamp", '{"message":"a","timestamp":"2026\\u002d11"}'],
    ["an escaped key", '{"mess\\u0061ge":"a"}'],
    ["an escaped slash (JSON.stringify would not write it)", '{"message":"a\\/b"}'],
    ["a \\u escape of a printable character", '{"message":"\\u0041"}'],
    ["an uppercase \\u escape", '{"message":"\\u001B"}'],
    ["a \\u escape that has a short form", '{"message":"\\u000a"}'],
    ["an escaped surrogate pair", '{"message":"\\ud83d\\ude00"}'],
    ["a lone escaped surrogate", '{"message":"\\ud800"}'],
    ["a raw tab in the message", '{"message":"a\tb"}'],
    ["a raw control character in a nested string", '{"message":"a","x":"\u0001"}'],
    ["a leading space", ' {"message":"a"}'],
    ["trailing garbage", '{"message":"a"}x'],
    ["a trailing comma", '{"message":"a",}'],
    ["a missing closing brace", '{"message":"a"'],
    ["an unterminated string", '{"message":"a}'],
    ["a leading zero", '{"message":"a","n":01}'],
    ["a bare decimal point", '{"message":"a","n":1.}'],
    ["a lone minus", '{"message":"a","n":-}'],
    ["a truncated literal", '{"message":"a","b":tru}'],
    ["an invalid escape in another string", '{"message":"a","b":"\\x"}'],
    ["nesting deeper than the scanner goes", `{"message":"a","d":${"[".repeat(40)}${"]".repeat(40)}}`],
    ["an array", '[{"message":"a"}]'],
  ])("leaves %s to the full path", (_label, line) => {
    expect(scan(line).handled).toBe(false);
  });

  it("accepts JSON whitespace between tokens and a trailing CR", () => {
    expect(scan('{ "message" :\t"a" , "timestamp" : "t" }\r')).toStrictEqual({
      handled: true,
      message: "a",
      bytes: 1,
      timestamp: "t",
    });
  });
});

/** Deterministic pseudo-random numbers (xorshift). */
function randomSource(seed: number): (n: number) => number {
  let state = seed;
  return (n) => {
    state ^= state << 13;
    state ^= state >>> 17;
    state ^= state << 5;
    return (state >>> 0) % n;
  };
}

const PIECES = [
  "plain words",
  'a "quote"',
  "back\\slash",
  "line\nbreak",
  "tab\t",
  "\u001b[31mred\u001b[0m",
  "\u0000nul",
  "é",
  "€",
  "😀",
  "漢字",
  "\ud800",
  "/slash/",
  "",
  "{}",
  "  spaces  ",
];

function randomValue(random: (n: number) => number, depth: number): unknown {
  switch (random(depth > 2 ? 5 : 7)) {
    case 0:
      return PIECES[random(PIECES.length)];
    case 1:
      return random(2) === 0 ? random(100_000) : -random(1000) / 8;
    case 2:
      return [true, false, null][random(3)];
    case 3:
      return random(10) === 0 ? 1.5e300 : random(1_000_000_000_000);
    case 4:
      return `${PIECES[random(PIECES.length)]}${PIECES[random(PIECES.length)]}`;
    case 5:
      return Array.from({ length: random(4) }, () => randomValue(random, depth + 1));
    default: {
      const object: Record<string, unknown> = {};
      for (let i = random(4); i > 0; i--) object[`k${random(5)}`] = randomValue(random, depth + 1);
      return object;
    }
  }
}

const TIMESTAMPS = [
  "2026-11-24T10:00:00Z",
  "2026-11-24T10:00:00.123456Z",
  "2026-11-24T11:00:00+01:00",
  "2026-11-24T10:00:00.1Z",
  "2026-11-24T10:00:00.12Z",
  "2026-11-24T10:00:01.999Z",
  "2026-11-24T10:00:00.Z",
  "2026-11-24T10:00:00.1x2Z",
  "2026-13-24T10:00:00Z",
  "2026-11-24t10:00:00Z",
  "2026-11-24 10:00:00Z",
  "2026-11-24T10:00:00.123é",
  "２026-11-24T10:00:00Z",
  "1764000000",
  "not a time",
  "",
];

/** A record as an agent might write it, then sometimes re-spaced, escaped differently or broken. */
function randomLine(random: (n: number) => number): string {
  const record: Record<string, unknown> = {};
  const keys = ["file", "kubernetes", "message", "source_type", "stream", "timestamp", "extra"];
  for (const key of keys) {
    if (random(6) === 0) continue;
    if (key === "message") record.message = random(8) === 0 ? randomValue(random, 0) : randomValue(random, 3);
    else if (key === "timestamp")
      record[random(10) === 0 ? ["@timestamp", "time", "ts"][random(3)]! : "timestamp"] =
        random(8) === 0 ? random(2_000_000_000) : TIMESTAMPS[random(TIMESTAMPS.length)];
    else record[key] = randomValue(random, 1);
  }
  let line = JSON.stringify(record);
  switch (random(12)) {
    case 0:
      return line.replace(/:/g, " : ").replace(/,/g, " ,\t");
    case 1:
      return line.replace(/é/g, "\\u00e9").replace(/\//g, "\\/");
    case 2: {
      // One byte removed, duplicated or replaced: mostly malformed lines.
      const at = random(line.length);
      return line.slice(0, at) + ["", line[at], "x", "\t", '"', "}"][random(6)] + line.slice(at + 1);
    }
    case 3:
      return `${line}\r`;
    case 4:
      return `[${line},${line}]`;
    case 5:
      return random(2) === 0 ? "" : "   ";
    case 6:
      line = line.replace(/"message":"/, '"message":"\\u0001');
      return line;
    default:
      return line;
  }
}

async function eventsOf(
  text: Buffer,
  cuts: number[],
  regions: boolean,
): Promise<{ events: LogEvent[]; counters: ReadCounters }> {
  const parts: Buffer[] = [];
  let last = 0;
  for (const cut of cuts) {
    parts.push(text.subarray(last, cut));
    last = cut;
  }
  parts.push(text.subarray(last));
  const counters = emptyReadCounters();
  const lines = splitLines(chunksOf(...parts), { maxLineBytes: 600, oversizedHeadBytes: 200, regions });
  const events = await collect(objectEvents(lines, { fallbackTimestampMs: FALLBACK_MS, eventCapBytes: 300 }, counters));
  return { events, counters };
}

describe("the byte fast path", () => {
  it("yields the same events, counters and request bodies as the JSON.parse path over varied lines", async () => {
    const random = randomSource(0x5eed);
    const lines = Array.from({ length: 4000 }, () => randomLine(random));
    // Over the event cap (300) and over the line limit (600): split and truncated.
    lines.push(JSON.stringify({ message: "m".repeat(450), timestamp: TIMESTAMPS[0] }));
    lines.push(JSON.stringify({ message: "€".repeat(400) }));
    const text = Buffer.from(lines.join("\n") + "\n", "utf8");
    const cuts = Array.from({ length: 60 }, () => random(text.length)).sort((a, b) => a - b);

    const fast = await eventsOf(text, cuts, true);
    const full = await eventsOf(text, cuts, false);

    expect(fast.counters).toStrictEqual(full.counters);
    expect(fast.events.map(({ timestamp, message, bytes }) => ({ timestamp, message, bytes }))).toStrictEqual(
      full.events.map(({ timestamp, message, bytes }) => ({ timestamp, message, bytes })),
    );
    for (let i = 0; i < fast.events.length; i += 50) {
      const input = { logGroupName: "/g", logStreamName: "s", logEvents: fast.events.slice(i, i + 50) };
      const reference = { ...input, logEvents: full.events.slice(i, i + 50) };
      expect(putLogEventsBody(input).equals(putLogEventsBody(reference))).toBe(true);
    }
    // Both kinds of line occurred: the comparison covers the fast path and the fallback.
    const sliced = fast.events.filter((event) => event instanceof SlicedLogEvent);
    expect(sliced.length).toBeGreaterThan(500);
    // Messages with characters JSON escapes: copied as their escaped bytes.
    expect(sliced.filter((event) => JSON.stringify(event.message) !== `"${event.message}"`).length).toBeGreaterThan(
      100,
    );
    expect(fast.counters.malformedLines).toBeGreaterThan(100);
    expect(fast.counters.splitMessages).toBeGreaterThan(0);
    expect(fast.counters.truncatedLines).toBeGreaterThan(0);
  });

  it.each([
    ["the byte fast path", true],
    ["the JSON.parse path", false],
  ])("counts and leaves out empty messages (PutLogEvents refuses the whole request) on %s", async (_name, regions) => {
    // Prepare: a blank line printed by a container, in the common form and in one the fast path leaves alone.
    const text = Buffer.from(
      [
        JSON.stringify({ message: "before", timestamp: TIMESTAMPS[0] }),
        JSON.stringify({ message: "", timestamp: TIMESTAMPS[0] }),
        ' {"message":"","stream":"stdout"}',
        JSON.stringify({ message: "after", timestamp: TIMESTAMPS[0] }),
      ].join("\n") + "\n",
      "utf8",
    );
    // Act
    const { events, counters } = await eventsOf(text, [], regions);
    // Assess
    expect(events.map((event) => event.message)).toStrictEqual(["before", "after"]);
    expect(counters.emptyMessages).toBe(2);
    expect(counters.records).toBe(4);
  });

  it("writes a retimed event's prefixed message from its string", () => {
    const line = Buffer.from('{"message":"tab\\there","timestamp":"2020-01-01T00:00:00Z"}');
    const out = emptyScannedRecord();
    expect(scanRecord(line, wordsOf(line), 0, line.length, out)).toBe(line.length);
    const event = new SlicedLogEvent(Date.UTC(2020, 0, 1), line, out.messageStart, out.messageEnd, out.messageBytes);

    expect(applyAgeRule(event, ageWindow(FALLBACK_MS, undefined))).toBe(true);

    const expected = "[loghop: original timestamp 2020-01-01T00:00:00.000Z] tab\there";
    expect(event.message).toBe(expected);
    expect(event.bytes).toBe(Buffer.byteLength(expected));
    const body = putLogEventsBody({ logGroupName: "/g", logStreamName: "s", logEvents: [event] });
    expect(JSON.parse(body.toString("utf8")).logEvents).toStrictEqual([{ timestamp: FALLBACK_MS, message: expected }]);
  });
});
