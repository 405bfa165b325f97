import { BatchBuilder, sortByTimestamp } from "../../processor/cloudwatch/batch-builder";
import { ageWindow, applyAgeRule } from "../../processor/cloudwatch/age-rule";
import {
  EVENT_OVERHEAD_BYTES,
  MAX_BATCH_BYTES,
  MAX_BATCH_EVENTS,
  MAX_BATCH_SPAN_MS,
} from "../../processor/cloudwatch/limits";
import { logGroupName, logStreamName } from "../../processor/cloudwatch/names";
import type { LogBatch, LogEvent } from "../../processor/cloudwatch/types";
import { cloudWatchItem } from "./factories";

function event(bytes: number, timestamp = 0, tag = ""): LogEvent {
  const message = tag + "x".repeat(bytes - tag.length);
  return { timestamp, message, bytes };
}

function run(events: LogEvent[]): LogBatch[] {
  const builder = new BatchBuilder();
  const batches: LogBatch[] = [];
  for (const e of events) {
    const closed = builder.add(e);
    if (closed) batches.push(closed);
  }
  const last = builder.flush();
  if (last) batches.push(last);
  return batches;
}

describe("BatchBuilder (PutLogEvents limits)", () => {
  it("fills a request to exactly 1,048,576 bytes counting 26 bytes per event", () => {
    // 4 events whose messages + 4 × 26 is exactly the limit, then one more byte-sized event.
    const size = (MAX_BATCH_BYTES - 4 * EVENT_OVERHEAD_BYTES) / 4;
    const batches = run([event(size), event(size), event(size), event(size), event(1)]);
    expect(batches.map((b) => [b.events.length, b.payloadBytes])).toStrictEqual([
      [4, MAX_BATCH_BYTES],
      [1, 1 + EVENT_OVERHEAD_BYTES],
    ]);
  });

  it("closes one byte early when the 26-byte overhead would overflow", () => {
    const size = (MAX_BATCH_BYTES - 4 * EVENT_OVERHEAD_BYTES) / 4;
    const batches = run([event(size), event(size), event(size), event(size + 1)]);
    expect(batches.map((b) => b.events.length)).toStrictEqual([3, 1]);
  });

  it("puts at most 10,000 events in a request", () => {
    const batches = run(Array.from({ length: MAX_BATCH_EVENTS * 2 + 1 }, () => event(1)));
    expect(batches.map((b) => b.events.length)).toStrictEqual([10_000, 10_000, 1]);
  });

  it("never lets a request span 24 h", () => {
    const batches = run([
      event(1, 0),
      event(1, MAX_BATCH_SPAN_MS - 1),
      event(1, MAX_BATCH_SPAN_MS),
      event(1, 1),
      event(1, 0),
    ]);
    expect(batches.map((b) => b.events.map((e) => e.timestamp))).toStrictEqual([
      [0, MAX_BATCH_SPAN_MS - 1],
      [1, MAX_BATCH_SPAN_MS],
      [0],
    ]);
  });

  it("sorts a request by timestamp, stably", () => {
    const batches = run([event(1, 3, "a"), event(1, 1, "b"), event(1, 3, "c"), event(1, 1, "d"), event(1, 2, "e")]);
    expect(batches[0]!.events.map((e) => e.message)).toStrictEqual(["b", "d", "e", "a", "c"]);
  });

  it("leaves an already ordered request as it is", () => {
    const events = [event(1, 1), event(1, 1), event(1, 2)];
    expect(sortByTimestamp(events)).toBe(events);
  });

  it("refuses an event that could never fit", () => {
    expect(() => new BatchBuilder().add(event(MAX_BATCH_BYTES))).toThrow(/cap events before batching/);
  });
});

describe("age rule", () => {
  const now = Date.UTC(2026, 10, 24, 12);
  const day = 24 * 3600_000;

  it("keeps an event inside the window untouched", () => {
    const e = event(3, now - day, "abc");
    expect(applyAgeRule(e, ageWindow(now, 30))).toBe(false);
    expect(e).toStrictEqual({ timestamp: now - day, message: "abc", bytes: 3 });
  });

  it("retimes an event older than 14 days to now, with its original timestamp in a marker", () => {
    const e = event(2, now - 15 * day, "hi");
    expect(applyAgeRule(e, ageWindow(now, 30))).toBe(true);
    expect(e.timestamp).toBe(now);
    expect(e.message).toBe("[loghop: original timestamp 2026-11-09T12:00:00.000Z] hi");
    expect(e.bytes).toBe(Buffer.byteLength(e.message));
  });

  it("uses the group's retention when shorter than 14 days", () => {
    expect(applyAgeRule(event(1, now - 4 * day), ageWindow(now, 3))).toBe(true);
    expect(applyAgeRule(event(1, now - 4 * day), ageWindow(now, 7))).toBe(false);
  });

  it("retimes an event more than 2 h ahead (with a 10 min safety margin)", () => {
    expect(applyAgeRule(event(1, now + 2 * 3600_000), ageWindow(now, undefined))).toBe(true);
    expect(applyAgeRule(event(1, now + 3600_000), ageWindow(now, undefined))).toBe(false);
  });
});

describe("names", () => {
  const key = { cluster: "prod-eks", tenant: "globex", application: "web", pod: "web-1", file: "f.gz" };

  it("names the stream <cluster>/<application>/<pod>, replacing : and *", () => {
    expect(logStreamName(key)).toBe("prod-eks/web/web-1");
    expect(logStreamName({ ...key, pod: "a:b*c" })).toBe("prod-eks/web/a_b_c");
  });

  it("keeps a long stream name unique within 512 characters", () => {
    const long = logStreamName({ ...key, pod: "p".repeat(600) });
    const other = logStreamName({ ...key, pod: "p".repeat(601) });
    expect(long).toHaveLength(512);
    expect(long).not.toBe(other);
    expect(long).toMatch(/-[0-9a-f]{8}$/);
  });

  it("uses the fixed group, or <prefix>/<application> in prefix mode", () => {
    expect(logGroupName(cloudWatchItem(), key)).toBe("/loghop/globex");
    expect(
      logGroupName(cloudWatchItem({ logGroupName: undefined, logGroupPrefix: "/initech/" }), {
        ...key,
        application: "web api",
      }),
    ).toBe("/initech/web_api");
  });
});
